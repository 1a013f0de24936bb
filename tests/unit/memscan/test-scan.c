/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scan over a raw image built here: secrets planted at chosen places (job
 * boundaries every 8 MiB, page boundaries), so the expected addresses are the
 * planting offsets.
 */
#include "ms-test.h"

#define SIZE (20u << 20)
#define JOB (8u << 20)

static uint8_t *image(void)
{
	uint8_t *b = calloc(1, SIZE);

	assert_non_null(b);
	return b;
}

static void plant(uint8_t *b, size_t off, const char *s)
{
	memcpy(b + off, s, strlen(s));
}

static void across_job_boundary_once(void **state)
{
	static const char *const s[] = { "JOB-BOUNDARY-SECRET-0123" };
	uint8_t *b = image();
	struct sev_memscan *m;
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan_result *r;

	(void)state;
	plant(b, JOB - 10, s[0]);        /* crosses the first job boundary */
	plant(b, 2 * JOB - 24, s[0]);    /* ends exactly at the second */
	plant(b, 4096 * 3 - 1, s[0]);    /* crosses a page boundary */
	plant(b, SIZE - 24, s[0]);       /* ends at the end */
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	for (unsigned threads = 1; threads <= 2; threads++) {
		struct sev_memscan_options o = { .threads = threads, .context = 4 };

		assert_int_equal(sev_memscan_run(m, p, &o, &r), 0);
		assert_int_equal(r->n_hits, 4);
		assert_int_equal(r->total_hits, 4);
		assert_int_equal(r->hits[0].addr, 4096 * 3 - 1);
		assert_int_equal(r->hits[1].addr, JOB - 10);
		assert_int_equal(r->hits[2].addr, 2 * JOB - 24);
		assert_int_equal(r->hits[3].addr, SIZE - 24);
		assert_int_equal(r->hits[3].file_offset, SIZE - 24);
		assert_int_equal(r->hits[1].page, (JOB - 10) / 4096);
		/* context: 4 bytes either side, cut at the end of memory */
		assert_int_equal(r->hits[1].context_len, 4 + 24 + 4);
		assert_int_equal(r->hits[1].match_offset, 4);
		assert_memory_equal(r->hits[1].context + 4, s[0], 24);
		assert_int_equal(r->hits[3].context_len, 4 + 24);
		sev_memscan_result_free(r);
	}
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(b);
}

/* A variable-length expression: one hit, the longest, even across a boundary. */
static void regex_hits_merged(void **state)
{
	struct sev_memscan_patterns *p;
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	uint8_t *b = image();

	(void)state;
	plant(b, 1000, "tok_aaaaaaaaaaaaaaaaaaaaaaaa!");
	plant(b, JOB - 8, "tok_bbbbbbbbbbbbbbbbbbbb!");
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_regex(p, "tok_[a-z]{4,}", false), 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	assert_int_equal(r->n_hits, 2);
	assert_int_equal(r->hits[0].addr, 1000);
	assert_int_equal(r->hits[0].len, 28);
	assert_int_equal(r->hits[0].kind, SEV_MEMSCAN_REGEX);
	assert_int_equal(r->hits[1].addr, JOB - 8);
	assert_int_equal(r->hits[1].len, 24);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(b);
}

static void max_hits_counts_all(void **state)
{
	static const char *const s[] = { "MANY" };
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan_options o = { .max_hits = 10 };
	struct sev_memscan_result *r;
	struct sev_memscan *m;
	uint8_t *b = image();

	(void)state;
	for (size_t i = 0; i < 100; i++)
		plant(b, i * 4096 + 7, "MANY");
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	assert_int_equal(sev_memscan_run(m, p, &o, &r), 0);
	assert_int_equal(r->n_hits, 10);
	assert_int_equal(r->total_hits, 100); /* ASCII only: the UTF-16 form is not there */
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(b);
}

static void entropy_counts(void **state)
{
	static const char *const s[] = { "nothing-here" };
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	uint8_t *b = image();

	(void)state;
	/* page 1: every byte value 16 times (8 bits/byte); page 2: text-like */
	for (size_t i = 0; i < 4096; i++) {
		b[4096 + i] = (uint8_t)i;
		b[8192 + i] = (uint8_t)('a' + i % 4);
	}
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, true);
	assert_int_equal(r->pages, SIZE / 4096);
	assert_int_equal(r->zero_pages, SIZE / 4096 - 2);
	assert_int_equal(r->encrypted_pages, 1);
	assert_true(sev_memscan_encrypted_fraction(r) == 0.5);
	assert_int_equal(r->page_entropy[0], SEV_MEMSCAN_ZERO);
	assert_int_equal(r->page_entropy[1], 240);
	assert_int_equal(r->page_entropy[2], 60);
	assert_true(r->mean_entropy > 4.99 && r->mean_entropy < 5.01);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(b);
}

static void uncompiled_patterns_rejected(void **state)
{
	struct sev_memscan_patterns *p;
	struct sev_memscan_options o = { 0 };
	struct sev_memscan_result *r;
	struct sev_memscan *m;
	uint8_t b[16] = { 0 };

	(void)state;
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_secret(p, (const uint8_t *)"x", 1, false), 0);
	assert_int_equal(sev_memscan_open_mem(b, sizeof(b), SEV_MEMSCAN_RAW, &m), 0);
	assert_int_equal(sev_memscan_run(m, p, &o, &r), SEV_E_INVALID);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(across_job_boundary_once),
		cmocka_unit_test(regex_hits_merged),
		cmocka_unit_test(max_hits_counts_all),
		cmocka_unit_test(entropy_counts),
		cmocka_unit_test(uncompiled_patterns_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
