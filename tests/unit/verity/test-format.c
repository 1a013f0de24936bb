/* SPDX-License-Identifier: Apache-2.0 */
/* Hash files and root hashes written by veritysetup 2.6.1 (verity/variants.psv), byte for byte. */
#include "verity-test.h"

#include "util/hex.h"

struct variant {
	const char *name;
	const char *image;
	const char *hash;
	uint32_t type, dbs, hbs;
	uint64_t data_blocks;
	int salt;            /* 0: 32 zero bytes, 1: none, 2: deadbeef */
	bool nosb;
	const char *root;
};

static const struct variant variants[] = {
	{ "blk1.seed", "blk1.img", "sha256", 1, 4096, 4096, 0, 0, false,
	  "e7a22aee5ef9522f3c9baa5e5fb6d77014d51722956c676a3fe8d70a58fa7abf" },
	{ "blk1.seed-nosb", "blk1.img", "sha256", 1, 4096, 4096, 0, 0, true,
	  "e7a22aee5ef9522f3c9baa5e5fb6d77014d51722956c676a3fe8d70a58fa7abf" },
	{ "blk1.b512", "blk1.img", "sha256", 1, 512, 512, 0, 0, false,
	  "10d906084bcbae0266aea54fa7e348a711de2564f76ecc034ef82e394805d5ff" },
	{ "blk1.nosalt", "blk1.img", "sha256", 1, 4096, 4096, 0, 1, false,
	  "ae053acb3bc5ca3bb7741a5e42e188aa8a39eb572e34447910e745c8294444c2" },
	{ "blk128.seed", "blk128.img", "sha256", 1, 4096, 4096, 0, 0, false,
	  "03dab2d0aa728f7b30b189e2b5ea6106acf42a1233942b1b212ac27bbe1b4e2c" },
	{ "blk128.datablocks100", "blk128.img", "sha256", 1, 4096, 4096, 100, 0, false,
	  "c38efc6cfc402a06879e5ca89fac9a55bb10d0893c0e7ed9b0be3164c273e0bd" },
	{ "blk129.seed", "blk129.img", "sha256", 1, 4096, 4096, 0, 0, false,
	  "7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a" },
	{ "blk129.seed-nosb", "blk129.img", "sha256", 1, 4096, 4096, 0, 0, true,
	  "7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a" },
	{ "blk129.sha1", "blk129.img", "sha1", 1, 4096, 4096, 0, 0, false,
	  "8e4e0f98dc4e299e9d9d855c743634912b8b9ad2" },
	{ "blk129.fmt0", "blk129.img", "sha256", 0, 4096, 4096, 0, 0, false,
	  "2ea210fb63ddd6521aca54683e6f60ee2b2f3c802757cc6ee53daaad94e27f1c" },
	{ "blk129.fmt0-sha224", "blk129.img", "sha224", 0, 4096, 4096, 0, 0, false,
	  "f03f76ad9e8f67c87be973f2cd7a10a7782655214857ddf6f16ec01f" },
	{ "blk129.sha224", "blk129.img", "sha224", 1, 4096, 4096, 0, 0, false,
	  "19fea30c9c451a21088f29a9a96c10a65a75e58108bfe6b0e1bac1f1" },
	{ "blk129.sha512", "blk129.img", "sha512", 1, 4096, 4096, 0, 0, false,
	  "604aec77a3a9fa48c1864da27bb1e9fa269cd4a1c7a23dec29a1a4d5214f4c16"
	  "a74b6795a84ab55205eab093cc3d39d75838800c4f37a8563b2eab74ffb4e36b" },
	{ "blk129.ripemd160", "blk129.img", "ripemd160", 1, 4096, 4096, 0, 0, false,
	  "4b0ff65463e6dab58a40433069362f3574e02494" },
	{ "blk129.sha3-256", "blk129.img", "sha3-256", 1, 4096, 4096, 0, 0, false,
	  "06288e46dc260a51c9c100b795f77308f577f6a64ce0f5edd7d58f4515b53464" },
	{ "blk129.blake2b-512", "blk129.img", "blake2b-512", 1, 4096, 4096, 0, 0, false,
	  "92aedf8257f5df693db507c9204747b51d184e5df669f74e6970b421873dee02"
	  "5709b399733bf160cda4f08834a1b8296c92bb9970287de7b5d539c3238c0012" },
	{ "blk129.sm3", "blk129.img", "sm3", 1, 4096, 4096, 0, 0, false,
	  "d577c28afef7ae28a3b5b21ccc87132c0cc46e2febb7317bbeab49a0e76d5964" },
	{ "blk129.salt-deadbeef", "blk129.img", "sha256", 1, 4096, 4096, 0, 2, false,
	  "f1d42ff7adafb97253373106f58f60e3c31b3c93f010c277006ac1b4e67443be" },
	{ "blk129.d4096-h512", "blk129.img", "sha256", 1, 4096, 512, 0, 0, false,
	  "7da8e48e5f910d909aaba86846e44cf640244de928cdb1a5352c66eca76ee651" },
	{ "blk129.d1024-h4096", "blk129.img", "sha256", 1, 1024, 4096, 0, 0, false,
	  "80ad578c0678d5098c8263eef72596aabe0816b0268145fd2b1f042852495f11" },
	{ "odd-1000000.seed", "odd-1000000.img", "sha256", 1, 4096, 4096, 244, 0, false,
	  "700b12d38f467e293d038c2d0fecad15a5c26cdf02e7aca768a2f2bfc7a2a19c" },
	{ "odd-1000000.b512", "odd-1000000.img", "sha256", 1, 512, 512, 1953, 0, false,
	  "49b19c4a3251dec5a1bbfb552c1bd318bf5039ec8a604c38beb6ef1cd15c3182" },
	{ "zero-1M.fmt0-sha1", "zero-1M.img", "sha1", 0, 4096, 4096, 0, 0, false,
	  "3be4c34d147eec28be2ffda2142b6146c569ac14" },
};

static void variant_params(const struct variant *v, struct sev_verity_params *p)
{
	seed_params(p);
	p->hash_type = v->type;
	strcpy(p->hash_name, v->hash);
	p->data_block_size = v->dbs;
	p->hash_block_size = v->hbs;
	p->data_blocks = v->data_blocks;
	p->superblock = !v->nosb;
	if (v->salt == 1)
		p->salt_size = 0;
	if (v->salt == 2) {
		p->salt_size = 4;
		memcpy(p->salt, "\xde\xad\xbe\xef", 4);
	}
}

static void reproduces_veritysetup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		const struct variant *v = &variants[i];
		struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
		uint8_t root[SEV_VERITY_DIGEST_MAX];
		size_t root_len;
		char rel[128], out[64];

		variant_params(v, &p);
		snprintf(out, sizeof(out), "%s.hash", v->name);
		snprintf(rel, sizeof(rel), "hash/%s.hash", v->name);
		assert_int_equal(sev_verity_format(vector_path(v->image), tmp_path(out), &p, NULL,
						   root, &root_len), 0);
		assert_hex_equal(root, root_len, v->root);
		assert_same_file(tmp_path(out), vector_path(rel));
		unlink(tmp_path(out));
	}
}

/* Leave to write into existing files, as --force gives. */
static const struct sev_verity_run overwrite = { .size = sizeof(overwrite), .overwrite = true };

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static void writes_root_hash_file(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_run run = { .size = sizeof(run),
				      .root_hash_file = tmp_path("root.txt"), .threads = 2 };
	uint8_t root[SEV_VERITY_DIGEST_MAX], *text;
	size_t root_len, n;

	(void)state;
	seed_params(&p);
	assert_int_equal(sev_verity_format(vector_path("blk129.img"), tmp_path("r.hash"), &p, &run,
					   root, &root_len), 0);
	text = read_path(tmp_path("root.txt"), &n);
	assert_int_equal(n, 64);
	assert_memory_equal(text,
			    "7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a", 64);
	free(text);
	/* a second run replaces neither file unless allowed */
	assert_int_equal(sev_verity_format(vector_path("blk129.img"), tmp_path("r2.hash"), &p,
					   &run, root, &root_len), SEV_E_INVALID);
	assert_false(exists(tmp_path("r2.hash")));
	unlink(tmp_path("root.txt"));
	unlink(tmp_path("r.hash"));
}

/* The root hash text never replaces the data or the hash file, even when allowed. */
static void root_hash_file_is_not_an_input(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_run run = { .size = sizeof(run), .overwrite = true };
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len;
	const char *data = scratch_copy("verity/blk129.img", "d.img");

	(void)state;
	seed_params(&p);
	run.root_hash_file = data;
	assert_int_equal(sev_verity_format(data, tmp_path("h.hash"), &p, &run, root, &root_len),
			 SEV_E_INVALID);
	run.root_hash_file = tmp_path("h.hash");
	assert_int_equal(sev_verity_format(data, tmp_path("h.hash"), &p, &run, root, &root_len),
			 SEV_E_INVALID);
	assert_same_file(data, vector_path("blk129.img"));
	assert_false(exists(tmp_path("h.hash")));
	unlink(data);
}

/* When the root hash file cannot be written, the new hash file does not appear either. */
static void root_hash_file_failure_leaves_nothing(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_run run = { .size = sizeof(run),
				      .root_hash_file = "/nonexistent-dir/root.txt" };
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len;

	(void)state;
	seed_params(&p);
	assert_true(sev_verity_format(vector_path("blk129.img"), tmp_path("n.hash"), &p, &run,
				      root, &root_len) < 0);
	assert_false(exists(tmp_path("n.hash")));
}

static size_t scratch_entries(void)
{
	char cmd[256];
	FILE *f;
	size_t n = 0;
	int c;

	snprintf(cmd, sizeof(cmd), "ls -A '%s'", scratch);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	pclose(f);
	return n;
}

static void refuses_partial_last_block(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len, before = scratch_entries();

	(void)state;
	seed_params(&p);
	assert_int_equal(sev_verity_format(vector_path("odd-1000000.img"), tmp_path("o.hash"), &p,
					   NULL, root, &root_len), SEV_E_FORMAT);
	assert_int_equal(p.data_blocks, 0);
	assert_int_equal(scratch_entries(), before);
}

static void refuses_more_blocks_than_data(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len, before = scratch_entries();

	(void)state;
	seed_params(&p);
	p.data_blocks = 130;
	assert_int_equal(sev_verity_format(vector_path("blk129.img"), tmp_path("o.hash"), &p, NULL,
					   root, &root_len), SEV_E_FORMAT);
	assert_int_equal(scratch_entries(), before);
}

static void refuses_empty_data(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len;

	(void)state;
	seed_params(&p);
	write_file(tmp_path("empty.img"), "", 0);
	assert_int_equal(sev_verity_format(tmp_path("empty.img"), tmp_path("o.hash"), &p, NULL,
					   root, &root_len), SEV_E_FORMAT);
	assert_false(exists(tmp_path("o.hash")));
	unlink(tmp_path("empty.img"));
}

static void refuses_bad_params_before_writing(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len, before = scratch_entries();

	(void)state;
	seed_params(&p);
	strcpy(p.hash_name, "crc32");
	assert_int_equal(sev_verity_format(vector_path("blk129.img"), tmp_path("o.hash"), &p, NULL,
					   root, &root_len), SEV_E_UNSUPPORTED);
	seed_params(&p);
	p.hash_offset = 1000;
	assert_int_equal(sev_verity_format(vector_path("blk129.img"), tmp_path("o.hash"), &p, NULL,
					   root, &root_len), SEV_E_INVALID);
	assert_true(sev_verity_format("/nonexistent.img", tmp_path("o.hash"), &p, NULL, root,
				      &root_len) < 0);
	seed_params(&p);
	assert_true(sev_verity_format(vector_path("blk129.img"), "/nonexistent-dir/o.hash", &p,
				      NULL, root, &root_len) < 0);
	assert_int_equal(scratch_entries(), before);
}

/* An existing larger file keeps its length and every byte format does not write. */
static void existing_file_is_not_truncated(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t root[SEV_VERITY_DIGEST_MAX], junk[65536], *got, *want;
	size_t root_len, n, wn;

	(void)state;
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 7 + 3);
	write_file(tmp_path("big.hash"), junk, sizeof(junk));
	seed_params(&p);
	assert_int_equal(sev_verity_format(vector_path("blk129.img"), tmp_path("big.hash"), &p,
					   &overwrite, root, &root_len), 0);
	got = read_path(tmp_path("big.hash"), &n);
	want = test_vector("verity/hash/blk129.seed.hash", &wn);
	assert_int_equal(n, sizeof(junk));
	assert_memory_equal(got, want, 512);                       /* superblock */
	assert_memory_equal(got + 512, junk + 512, 4096 - 512);    /* never written */
	assert_memory_equal(got + 4096, want + 4096, wn - 4096);   /* the tree */
	assert_memory_equal(got + wn, junk + wn, sizeof(junk) - wn);
	free(got);
	free(want);
	unlink(tmp_path("big.hash"));
}

static void existing_small_file_grows(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len;

	(void)state;
	write_file(tmp_path("small.hash"), "x", 1);
	seed_params(&p);
	/* an existing file is written only when the caller allows it */
	assert_int_equal(sev_verity_format(vector_path("blk1.img"), tmp_path("small.hash"), &p,
					   NULL, root, &root_len), SEV_E_INVALID);
	assert_int_equal(file_size(tmp_path("small.hash")), 1);
	assert_int_equal(sev_verity_format(vector_path("blk1.img"), tmp_path("small.hash"), &p,
					   &overwrite, root, &root_len), 0);
	assert_same_file(tmp_path("small.hash"), vector_path("hash/blk1.seed.hash"));
	unlink(tmp_path("small.hash"));
}

/* Data and hash in one file: data 0-1 MiB, superblock at 1 MiB (verity/combined-1M.img). */
static void same_file_layout(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t root[SEV_VERITY_DIGEST_MAX], *img;
	size_t root_len, n;
	const char *path = tmp_path("combined.img");

	(void)state;
	img = test_vector("verity/combined-1M.img", &n);
	memset(img + 1048576, 0, n - 1048576);
	write_file(path, img, n);
	free(img);
	seed_params(&p);
	p.data_blocks = 256;
	p.hash_offset = 1048576;
	assert_int_equal(sev_verity_format(path, path, &p, &overwrite, root, &root_len), 0);
	assert_hex_equal(root, root_len,
			 "7493d82c6f07a56823a3e51937fb625780e3089dabc0d8beb571f24664e73668");
	assert_same_file(path, vector_path("combined-1M.img"));
	unlink(path);
}

static void same_file_overlap_is_refused_untouched(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len;
	const char *path = scratch_copy("verity/blk129.img", "overlap.img");

	(void)state;
	seed_params(&p);
	p.data_blocks = 100;
	p.hash_offset = 99 * 4096; /* the data runs to 100 blocks */
	assert_int_equal(sev_verity_format(path, path, &p, &overwrite, root, &root_len),
			 SEV_E_INVALID);
	/* without --data-blocks the whole file is data: any offset inside overlaps */
	p.data_blocks = 0;
	p.hash_offset = 4096;
	assert_int_equal(sev_verity_format(path, path, &p, &overwrite, root, &root_len),
			 SEV_E_INVALID);
	assert_same_file(path, vector_path("blk129.img"));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reproduces_veritysetup),
		cmocka_unit_test(writes_root_hash_file),
		cmocka_unit_test(root_hash_file_is_not_an_input),
		cmocka_unit_test(root_hash_file_failure_leaves_nothing),
		cmocka_unit_test(refuses_partial_last_block),
		cmocka_unit_test(refuses_more_blocks_than_data),
		cmocka_unit_test(refuses_empty_data),
		cmocka_unit_test(refuses_bad_params_before_writing),
		cmocka_unit_test(existing_file_is_not_truncated),
		cmocka_unit_test(existing_small_file_grows),
		cmocka_unit_test(same_file_layout),
		cmocka_unit_test(same_file_overlap_is_refused_untouched),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
