/* SPDX-License-Identifier: Apache-2.0 */
/* Verification against trees written by veritysetup 2.6.1, intact and with one byte changed. */
#include "verity-test.h"

#include "crypto/digest.h"
#include "util/hex.h"

static const char blk129_root[] =
	"7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a";

static void root_bytes(const char *hex, uint8_t *out, size_t *len)
{
	*len = strlen(hex) / 2;
	assert_int_equal(sk_hex_decode(out, *len, hex), 0);
}

static int verify(const char *data, const char *hash, const char *root_hex,
		  struct sev_verity_failure *f)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t len;

	root_bytes(root_hex, root, &len);
	assert_int_equal(sev_verity_read_superblock(hash, 0, &p), 0);
	return sev_verity_verify(data, hash, &p, root, len, NULL, f);
}

static void flip(const char *path, uint64_t off)
{
	int fd = open(path, O_RDWR);
	uint8_t b;

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &b, 1, (off_t)off), 1);
	b ^= 0x01;
	assert_int_equal(pwrite(fd, &b, 1, (off_t)off), 1);
	close(fd);
}

static void accepts_veritysetup_tree(void **state)
{
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);

	(void)state;
	assert_int_equal(verify(vector_path("blk129.img"), vector_path("hash/blk129.seed.hash"),
				blk129_root, &f), 0);
	assert_int_equal(f.area, SEV_VERITY_OK);
	assert_int_equal(verify(vector_path("blk1.img"), vector_path("hash/blk1.seed.hash"),
				"e7a22aee5ef9522f3c9baa5e5fb6d77014d51722956c676a3fe8d70a58fa7abf",
				&f), 0);
	assert_int_equal(verify(vector_path("zero-1M.img"), vector_path("hash/zero-1M.b512.hash"),
				"9583b7be1986949e083e1adbbdbb2152ec530ebff9fdf2fae59a2e9bc0a62d37",
				&f), 0);
	assert_int_equal(verify(vector_path("blk129.img"),
				vector_path("hash/blk129.fmt0-sha224.hash"),
				"f03f76ad9e8f67c87be973f2cd7a10a7782655214857ddf6f16ec01f", &f), 0);
}

static void accepts_tree_without_superblock(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t len;

	(void)state;
	seed_params(&p);
	p.superblock = false;
	root_bytes(blk129_root, root, &len);
	assert_int_equal(sev_verity_verify(vector_path("blk129.img"),
					   vector_path("hash/blk129.seed-nosb.hash"), &p, root, len,
					   NULL, &f), 0);
}

static void wrong_root_is_a_root_failure(void **state)
{
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);

	(void)state;
	assert_int_equal(verify(vector_path("blk129.img"), vector_path("hash/blk129.seed.hash"),
				"8ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a",
				&f), SEV_E_VERIFY);
	assert_int_equal(f.area, SEV_VERITY_ROOT);
	assert_int_equal(f.offset, 4096);
	/* zero levels: the root is the digest of the only data block */
	assert_int_equal(verify(vector_path("blk1.img"), vector_path("hash/blk1.seed.hash"),
				blk129_root, &f), SEV_E_VERIFY);
	assert_int_equal(f.area, SEV_VERITY_ROOT);
	assert_int_equal(f.offset, 0);
}

static void names_corrupted_data_block(void **state)
{
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	const char *data = scratch_copy("verity/blk129.img", "d.img");

	(void)state;
	flip(data, 5 * 4096 + 7);
	flip(data, 77 * 4096);
	assert_int_equal(verify(data, vector_path("hash/blk129.seed.hash"), blk129_root, &f),
			 SEV_E_VERIFY);
	assert_int_equal(f.area, SEV_VERITY_DATA);
	assert_int_equal(f.block, 5);
	assert_int_equal(f.offset, 5 * 4096);
	unlink(data);
}

static void names_corrupted_hash_block(void **state)
{
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	const char *hash = scratch_copy("verity/hash/blk129.seed.hash", "h.hash");

	(void)state;
	flip(hash, 3 * 4096 + 1); /* level 0, second block: the digest of data block 128 */
	assert_int_equal(verify(vector_path("blk129.img"), hash, blk129_root, &f), SEV_E_VERIFY);
	assert_int_equal(f.area, SEV_VERITY_HASH);
	assert_int_equal(f.level, 0);
	assert_int_equal(f.block, 3);
	assert_int_equal(f.offset, 3 * 4096);
	flip(hash, 3 * 4096 + 1);
	flip(hash, 4096 + 100); /* the top block: does not give the root any more */
	assert_int_equal(verify(vector_path("blk129.img"), hash, blk129_root, &f), SEV_E_VERIFY);
	assert_int_equal(f.area, SEV_VERITY_ROOT);
	unlink(hash);
}

/* Bytes 512..4095 of the superblock block are not part of anything: not checked. */
static void ignores_rest_of_superblock_block(void **state)
{
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	const char *hash = scratch_copy("verity/hash/blk129.seed.hash", "sb.hash");

	(void)state;
	flip(hash, 1000);
	assert_int_equal(verify(vector_path("blk129.img"), hash, blk129_root, &f), 0);
	unlink(hash);
}

/* A consistent tree whose level-0 slot padding is not zero (sha1: 12 spare bytes a slot). */
static void names_nonzero_padding(void **state)
{
	const char *hash = scratch_copy("verity/hash/blk129.sha1.hash", "pad.hash");
	uint8_t salt[32] = { 0 }, block[4096], digest[SK_DIGEST_MAX], root[20];
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	struct sk_digest *dg;
	char root_hex[41];
	int fd = open(hash, O_RDWR);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(sk_digest_new(&dg, "sha1"), 0);
	/* level 0 block 2: spoil the padding of slot 0, then re-hash the levels above */
	assert_int_equal(pread(fd, block, 4096, 2 * 4096), 4096);
	block[25] = 0x55;
	assert_int_equal(pwrite(fd, block, 4096, 2 * 4096), 4096);
	assert_int_equal(sk_digest2(dg, salt, 32, block, 4096, digest), 0);
	assert_int_equal(pread(fd, block, 4096, 4096), 4096);
	memcpy(block, digest, 20);
	assert_int_equal(pwrite(fd, block, 4096, 4096), 4096);
	assert_int_equal(sk_digest2(dg, salt, 32, block, 4096, root), 0);
	close(fd);
	sk_digest_free(dg);
	sk_hex_encode(root_hex, root, 20);
	assert_int_equal(verify(vector_path("blk129.img"), hash, root_hex, &f), SEV_E_VERIFY);
	assert_int_equal(f.area, SEV_VERITY_PADDING);
	assert_int_equal(f.level, 0);
	assert_int_equal(f.block, 2);
	assert_int_equal(f.offset, 2 * 4096 + 25);
	unlink(hash);
}

static void rejects_short_hash_file(void **state)
{
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	const char *hash = scratch_copy("verity/hash/blk129.seed.hash", "short.hash");

	(void)state;
	assert_int_equal(truncate(hash, 3 * 4096), 0);
	assert_int_equal(verify(vector_path("blk129.img"), hash, blk129_root, &f), SEV_E_FORMAT);
	unlink(hash);
}

static void rejects_short_data_and_bad_root_length(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t len;

	(void)state;
	root_bytes(blk129_root, root, &len);
	assert_int_equal(sev_verity_read_superblock(vector_path("hash/blk129.seed.hash"), 0, &p),
			 0);
	assert_int_equal(sev_verity_verify(vector_path("blk128.img"),
					   vector_path("hash/blk129.seed.hash"), &p, root, len,
					   NULL, &f), SEV_E_FORMAT);
	assert_int_equal(sev_verity_verify(vector_path("blk129.img"),
					   vector_path("hash/blk129.seed.hash"), &p, root, 20, NULL,
					   &f), SEV_E_INVALID);
}

/* With many chunks on many threads, the lowest corrupted block is the one named. */
static void lowest_failure_wins_across_threads(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	struct sev_verity_run run = { .size = sizeof(run), .threads = 4 };
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t len;
	const char *data = scratch_copy("verity/ext4-64M.img", "ext4.img");

	(void)state;
	seed_params(&p);
	assert_int_equal(sev_verity_format(data, tmp_path("ext4.hash"), &p, &run, root, &len), 0);
	assert_hex_equal(root, len,
			 "532c737eafcc3091f20c78ae3af402b4796a7891e2caf3c6ea1bc5ea2faf755f");
	flip(data, 15000ull * 4096 + 9);
	flip(data, 3001ull * 4096 + 4095);
	flip(data, 9000ull * 4096);
	assert_int_equal(sev_verity_verify(data, tmp_path("ext4.hash"), &p, root, len, &run, &f),
			 SEV_E_VERIFY);
	assert_int_equal(f.area, SEV_VERITY_DATA);
	assert_int_equal(f.block, 3001);
	unlink(data);
	unlink(tmp_path("ext4.hash"));
}

/*
 * veritysetup's tree over the first 100 of 128 blocks (veritysetup verify
 * accepts it): exactly those 100 blocks are verified, as dm-verity exposes
 * them; the 28 blocks after them are not read, changed or not.
 */
static void verifies_exactly_the_covered_blocks(void **state)
{
	const char *root_hex = "c38efc6cfc402a06879e5ca89fac9a55bb10d0893c0e7ed9b0be3164c273e0bd";
	const char *hash = vector_path("hash/blk128.datablocks100.hash");
	const char *data = scratch_copy("verity/blk128.img", "blk128.img");
	struct sev_verity_coverage c = SEV_INIT(struct sev_verity_coverage);
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);

	(void)state;
	assert_int_equal(verify(data, hash, root_hex, &f), 0);
	assert_int_equal(f.area, SEV_VERITY_OK);
	assert_int_equal(sev_verity_read_superblock(hash, 0, &p), 0);
	assert_int_equal(sev_verity_coverage(data, hash, &p, &c), 0);
	assert_int_equal(c.covered, 100 * 4096);
	assert_int_equal(c.end, 128 * 4096);
	flip(data, 100 * 4096);
	flip(data, 128 * 4096 - 1);
	assert_int_equal(verify(data, hash, root_hex, &f), 0);
	flip(data, 100 * 4096 - 1);
	assert_int_equal(verify(data, hash, root_hex, &f), SEV_E_VERIFY);
	assert_int_equal(f.area, SEV_VERITY_DATA);
	assert_int_equal(f.block, 99);
	unlink(data);
}

/*
 * The root hash does not bind the number of data blocks: a superblock that says
 * 2 over data that are the real level-0 hash blocks of blk129.img (2 levels)
 * gives a one-level tree whose top block is the real top block, so the real
 * root. What a forger gets past verify is what dm-verity would expose: the real
 * tree's own blocks, no data of the forger's choosing.
 */
static void data_blocks_are_not_bound_by_the_root(void **state)
{
	const char *real = vector_path("hash/blk129.seed.hash");
	const char *data = tmp_path("level0.img"), *hash = tmp_path("forged.hash");
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	size_t len;
	uint8_t *tree = read_path(real, &len);

	(void)state;
	assert_int_equal(len, 4 * 4096); /* superblock, top block, 2 level-0 blocks */
	write_file(data, tree + 2 * 4096, 2 * 4096);
	tree[72] = 2;
	write_file(hash, tree, len);
	assert_int_equal(sev_verity_read_superblock(hash, 0, &p), 0);
	assert_int_equal(p.data_blocks, 2);
	assert_int_equal(verify(data, hash, blk129_root, &f), 0);
	free(tree);
	unlink(data);
	unlink(hash);
}

/* The coverage verify reports comes with its result, the same on success and on a failure. */
static void verify_reports_coverage(void **state)
{
	const char *root_hex = "c38efc6cfc402a06879e5ca89fac9a55bb10d0893c0e7ed9b0be3164c273e0bd";
	const char *hash = vector_path("hash/blk128.datablocks100.hash");
	const char *data = scratch_copy("verity/blk128.img", "blk128-cov.img");
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	struct sev_verity_coverage c = SEV_INIT(struct sev_verity_coverage);
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	size_t len;

	(void)state;
	root_bytes(root_hex, root, &len);
	assert_int_equal(sev_verity_read_superblock(hash, 0, &p), 0);
	for (int i = 0; i < 2; i++) {
		memset(&c, 0xff, sizeof(c));
		c.size = sizeof(c);
		assert_int_equal(sev_verity_verify_coverage(data, hash, &p, root, len, NULL, &f,
							    &c), i ? SEV_E_VERIFY : 0);
		assert_int_equal(c.data_blocks, 100);
		assert_int_equal(c.covered, 100 * 4096);
		assert_int_equal(c.end, 128 * 4096);
		assert_false(c.shared);
		flip(data, 0);
	}
	assert_int_equal(f.area, SEV_VERITY_DATA);
	assert_int_equal(f.block, 0);
	unlink(data);
}

static void area_names(void **state)
{
	(void)state;
	assert_string_equal(sev_verity_area_name(SEV_VERITY_DATA), "data");
	assert_string_equal(sev_verity_area_name(SEV_VERITY_HASH), "hash");
	assert_string_equal(sev_verity_area_name(SEV_VERITY_ROOT), "root");
	assert_string_equal(sev_verity_area_name(SEV_VERITY_PADDING), "padding");
	assert_string_equal(sev_verity_area_name(SEV_VERITY_OK), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_veritysetup_tree),
		cmocka_unit_test(verifies_exactly_the_covered_blocks),
		cmocka_unit_test(data_blocks_are_not_bound_by_the_root),
		cmocka_unit_test(accepts_tree_without_superblock),
		cmocka_unit_test(wrong_root_is_a_root_failure),
		cmocka_unit_test(names_corrupted_data_block),
		cmocka_unit_test(names_corrupted_hash_block),
		cmocka_unit_test(ignores_rest_of_superblock_block),
		cmocka_unit_test(names_nonzero_padding),
		cmocka_unit_test(rejects_short_hash_file),
		cmocka_unit_test(rejects_short_data_and_bad_root_length),
		cmocka_unit_test(lowest_failure_wins_across_threads),
		cmocka_unit_test(verify_reports_coverage),
		cmocka_unit_test(area_names),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
