/* SPDX-License-Identifier: Apache-2.0 */
/* The tree does not depend on how many threads hash it or how the levels are cut into chunks. */
#include "verity-test.h"

#include "crypto/hash.h"
#include "verity/verity-internal.h"

static void file_sha256(const char *path, char hex[65])
{
	size_t n;
	uint8_t *buf = read_path(path, &n), d[32];

	assert_int_equal(sk_sha256(buf, n, d), 0);
	sk_hex_encode(hex, d, 32);
	free(buf);
}

/* verity/MANIFEST.md: ext4-64M.seed, root hash and the sha256 of the whole hash file. */
static void any_thread_count_gives_veritysetups_file(void **state)
{
	static const unsigned threads[] = { 1, 2, 3, 8, 2 };

	(void)state;
	for (size_t i = 0; i < sizeof(threads) / sizeof(threads[0]); i++) {
		struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
		/* the last run copies with pread instead of mapping */
		struct sev_verity_run run = { .size = sizeof(run),
					      .threads = threads[i], .pread_only = i == 4 };
		uint8_t root[SEV_VERITY_DIGEST_MAX];
		size_t len;
		char hex[65];

		seed_params(&p);
		assert_int_equal(sev_verity_format(vector_path("ext4-64M.img"), tmp_path("t.hash"),
						   &p, &run, root, &len), 0);
		assert_hex_equal(root, len, "532c737eafcc3091f20c78ae3af402b4"
					    "796a7891e2caf3c6ea1bc5ea2faf755f");
		file_sha256(tmp_path("t.hash"), hex);
		assert_string_equal(hex, "5ba8b3a2fa0546a6e255bbcbd847700d"
					 "1bf17d7393a89e4bd22f4824b6c34a34");
		unlink(tmp_path("t.hash"));
	}
}

/*
 * 512 KiB hash blocks hold 16384 digests: one hash block covers 64 MiB of data,
 * so its slots are filled by several chunks on several threads.
 */
static void chunks_inside_one_hash_block(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_run one = { .size = sizeof(one), .threads = 1, .pread_only = true };
	struct sev_verity_run many = { .size = sizeof(many), .threads = 5 };
	struct sev_verity_failure f = SEV_INIT(struct sev_verity_failure);
	uint8_t r1[SEV_VERITY_DIGEST_MAX], r2[SEV_VERITY_DIGEST_MAX];
	size_t l1, l2;

	(void)state;
	seed_params(&p);
	p.hash_block_size = 512 * 1024;
	p.hash_type = 0;
	assert_int_equal(sev_verity_format(vector_path("ext4-64M.img"), tmp_path("a.hash"), &p,
					   &one, r1, &l1), 0);
	seed_params(&p);
	p.hash_block_size = 512 * 1024;
	p.hash_type = 0;
	assert_int_equal(sev_verity_format(vector_path("ext4-64M.img"), tmp_path("b.hash"), &p,
					   &many, r2, &l2), 0);
	assert_memory_equal(r1, r2, 32);
	assert_same_file(tmp_path("a.hash"), tmp_path("b.hash"));
	assert_int_equal(sev_verity_verify(vector_path("ext4-64M.img"), tmp_path("b.hash"), &p, r2,
					   l2, &many, &f), 0);
	unlink(tmp_path("a.hash"));
	unlink(tmp_path("b.hash"));
}

struct seen {
	uint64_t last, total, calls;
};

static void count_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct seen *s = ctx;

	assert_true(done >= s->last);
	s->last = done;
	s->total = total;
	s->calls++;
}

static void progress_reaches_the_total(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct seen s = { 0 };
	struct sev_verity_run run = { .size = sizeof(run), .threads = 3, .progress = count_progress,
				      .progress_ctx = &s };
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t len;

	(void)state;
	seed_params(&p);
	assert_int_equal(sev_verity_format(vector_path("ext4-64M.img"), tmp_path("p.hash"), &p,
					   &run, root, &len), 0);
	assert_int_equal(s.total, 64u << 20);
	assert_int_equal(s.last, 64u << 20);
	assert_true(s.calls >= 4); /* once per chunk of 16 MiB */
	unlink(tmp_path("p.hash"));
}

static void thread_count(void **state)
{
	struct sev_verity_run run = { .size = sizeof(run), .threads = 3 };

	(void)state;
	assert_int_equal(vt_threads(&run), 3);
	run.threads = 100000;
	assert_int_equal(vt_threads(&run), 256);
	run.threads = 0;
	assert_true(vt_threads(&run) >= 1);
	assert_true(vt_threads(NULL) >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(any_thread_count_gives_veritysetups_file),
		cmocka_unit_test(chunks_inside_one_hash_block),
		cmocka_unit_test(progress_reaches_the_total),
		cmocka_unit_test(thread_count),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
