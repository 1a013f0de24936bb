/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scan over a raw image built here: secrets planted at chosen places (job
 * boundaries every 8 MiB, page boundaries), so the expected addresses are the
 * planting offsets.
 */
#include "ms-test.h"

#include <sys/mman.h>
#include <unistd.h>

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
		struct sev_memscan_options o = { .size = sizeof(o),
						 .threads = threads, .context = 4 };

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

static void plant_utf16(uint8_t *b, size_t off, const char *s)
{
	for (size_t i = 0; s[i]; i++)
		b[off + 2 * i] = (uint8_t)s[i];
}

/*
 * Pages of zeros are not scanned, yet every match that holds another byte is found once,
 * wherever the zeros begin or end around it: a UTF-16LE form whose last byte (a zero) is the
 * first byte of a zero page, at a page and at a job boundary; a secret that starts the first
 * page after zeros; one that ends the last page before zeros.
 */
static void zero_pages_skipped_secrets_kept(void **state)
{
	static const char *const s[] = { "ZERO-EDGE-SECRET" }; /* UTF-16LE: 32 bytes */
	uint8_t *b = image();
	struct sev_memscan *m;
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan_result *r;
	const size_t at[] = { 5 * 4096 - 31, 9 * 4096, 13 * 4096 - 16, JOB - 31 };

	(void)state;
	plant_utf16(b, at[0], s[0]);
	plant(b, at[1], s[0]);
	plant(b, at[2], s[0]);
	plant_utf16(b, at[3], s[0]);
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	for (unsigned threads = 1; threads <= 2; threads++) {
		struct sev_memscan_options o = { .size = sizeof(o), .threads = threads };

		assert_int_equal(sev_memscan_run(m, p, &o, &r), 0);
		assert_int_equal(r->total_hits, 4);
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(r->hits[i].addr, at[i]);
		assert_true(r->hits[0].utf16 && !r->hits[1].utf16 && !r->hits[2].utf16 &&
			    r->hits[3].utf16);
		assert_int_equal(r->hits[3].len, 32);
		/* four pages hold the secrets' other bytes; every other page is left out */
		assert_int_equal(r->skipped_zero_pages, SIZE / 4096 - 4);
		sev_memscan_result_free(r);
	}
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(b);
}

/* The detectors hold no zero byte (luks-header one): with them, every zero page is left out. */
static void detectors_skip_zero_pages(void **state)
{
	static const char key[] = "AKIAIOSFODNN7EXAMPLE"; /* AWS's documentation example */
	uint8_t *b = image();
	struct sev_memscan *m;
	struct sev_memscan_patterns *p;
	struct sev_memscan_result *r;

	(void)state;
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_detectors(p, NULL), 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	plant(b, 5 * 4096, key);                      /* the first bytes of a page after zeros */
	plant(b, 9 * 4096 - (sizeof(key) - 1), key); /* the last bytes of a page before zeros */
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	assert_int_equal(r->total_hits, 2);
	assert_string_equal(r->hits[0].name, "aws-access-key-id");
	assert_int_equal(r->hits[0].addr, 5 * 4096);
	assert_int_equal(r->hits[1].addr, 9 * 4096 - (sizeof(key) - 1));
	assert_int_equal(r->skipped_zero_pages, SIZE / 4096 - 2);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(b);
}

/*
 * A run of zero pages is left out only when it is longer than twice the longest match: an
 * expression that may match 64 KiB leaves the 120 KiB between two secrets scanned.
 */
static void short_zero_runs_kept_for_long_matches(void **state)
{
	static const char *const s[] = { "RUN-SECRET-4242" };
	uint8_t *b = image();
	struct sev_memscan *m;
	struct sev_memscan_patterns *p;
	struct sev_memscan_result *r;

	(void)state;
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_secret(p, (const uint8_t *)s[0], strlen(s[0]), false), 0);
	assert_int_equal(sev_memscan_add_regex(p, "BEGIN[^!]*!", false), 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	plant(b, 4096, s[0]);
	plant(b, 31 * 4096, s[0]);
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	assert_int_equal(r->total_hits, 2);
	/* pages 0 and 2-30 are scanned; after page 31, runs of zeros up to the job's end */
	assert_int_equal(r->skipped_zero_pages, SIZE / 4096 - 32);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(b);
}

struct seen {
	uint64_t last, total, calls;
};

static void count_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct seen *s = ctx;

	assert_true(done > s->last && done <= total);
	s->last = done;
	s->total = total;
	s->calls++;
}

/* Progress comes once per 8 MiB piece, from both threads in turn, and reaches the total. */
static void progress_reaches_the_total(void **state)
{
	static const char *const s[] = { "PROGRESS-SECRET" };
	uint8_t *b = image();
	struct sev_memscan *m;
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan_result *r;
	struct seen seen = { 0 };
	struct sev_memscan_options o = { .size = sizeof(o), .threads = 2,
					 .progress = count_progress, .progress_ctx = &seen };

	(void)state;
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	assert_int_equal(sev_memscan_run(m, p, &o, &r), 0);
	assert_int_equal(seen.total, SIZE);
	assert_int_equal(seen.last, SIZE);
	assert_int_equal(seen.calls, 3);
	sev_memscan_result_free(r);
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
	struct sev_memscan_options o = { .size = sizeof(o), .max_hits = 10 };
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

/* Three hits of a result: pattern kind, address, length. */
static void assert_hit(const struct sev_memscan_result *r, size_t i, enum sev_memscan_kind kind,
		       uint64_t addr, uint64_t len)
{
	assert_true(i < r->n_hits);
	assert_int_equal(r->hits[i].kind, kind);
	assert_int_equal(r->hits[i].addr, addr);
	assert_int_equal(r->hits[i].len, len);
}

/*
 * Secrets and expressions together share one database, the secrets escaped:
 * bytes that mean something in an expression (and a NUL) are themselves, a
 * near miss is no hit, and a secret across a job boundary is still found once.
 */
static void secrets_and_expressions_together(void **state)
{
	static const uint8_t odd[] = "a.b*(c)\0[x]|$";
	struct sev_memscan_patterns *p;
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	uint8_t *b = image();

	(void)state;
	memcpy(b + 5000, odd, sizeof(odd) - 1);
	plant(b, 9000, "aXb*(c)");                 /* '.' is no wildcard */
	plant(b, JOB - 6, "BOUNDARY-SECRET-77");   /* crosses the first job boundary */
	plant(b, 3 * 4096 - 3, "tok_abcdefgh!");   /* the expression, across a page */
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_secret(p, odd, sizeof(odd) - 1, false), 0);
	assert_int_equal(sev_memscan_add_secret(p, (const uint8_t *)"aXb*(c)x", 8, true), 0);
	assert_int_equal(sev_memscan_add_secret(p, (const uint8_t *)"BOUNDARY-SECRET-77", 18,
						true), 0);
	assert_int_equal(sev_memscan_add_regex(p, "tok_[a-z]{4,}", false), 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	for (unsigned threads = 1; threads <= 2; threads++) {
		struct sev_memscan_options o = { .size = sizeof(o),
						 .threads = threads, .context = 4 };

		assert_int_equal(sev_memscan_run(m, p, &o, &r), 0);
		assert_int_equal(r->total_hits, 3);
		assert_hit(r, 0, SEV_MEMSCAN_SECRET, 5000, sizeof(odd) - 1);
		assert_hit(r, 1, SEV_MEMSCAN_REGEX, 3 * 4096 - 3, 12);
		assert_hit(r, 2, SEV_MEMSCAN_SECRET, JOB - 6, 18);
		assert_int_equal(r->hits[2].index, 2);
		assert_false(r->hits[2].utf16);
		sev_memscan_result_free(r);
	}
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(b);
}

/* A secret too long to be an expression is compiled apart from the expressions. */
static void long_secret_with_expressions(void **state)
{
	struct sev_memscan_patterns *p;
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	uint8_t *b = image(), *secret = malloc(8000);

	(void)state;
	assert_non_null(secret);
	for (size_t i = 0; i < 8000; i++)
		secret[i] = (uint8_t)('A' + i * 7 % 26);
	memcpy(b + JOB - 4000, secret, 8000);
	plant(b, 100, "tok_wxyz!");
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_secret(p, secret, 8000, false), 0);
	assert_int_equal(sev_memscan_add_regex(p, "tok_[a-z]{4,}", false), 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	assert_int_equal(sev_memscan_open_mem(b, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	assert_int_equal(r->total_hits, 2);
	assert_hit(r, 0, SEV_MEMSCAN_REGEX, 100, 8);
	assert_hit(r, 1, SEV_MEMSCAN_SECRET, JOB - 4000, 8000);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
	free(secret);
	free(b);
}

/*
 * A dump file gives up its pages job by job as the scan goes: a second scan
 * reads the same bytes again, and a caller's buffer is never given up.
 */
static void pages_given_up_only_from_files(void **state)
{
	static const char *const s[] = { "FILE-SECRET-0123456789" };
	char path[] = "/tmp/sevkit-memscan-XXXXXX";
	struct sev_memscan_patterns *p = ms_secrets(s, 1);
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	uint8_t *b = image(), *copy;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	plant(b, 4096 - 5, s[0]);
	plant(b, JOB - 11, s[0]);
	plant(b, 2 * JOB + 12345, s[0]);
	assert_int_equal(write(fd, b, SIZE), SIZE);
	close(fd);
	assert_int_equal(sev_memscan_open(path, SEV_MEMSCAN_AUTO, &m), 0);
	for (unsigned run = 0; run < 4; run++) {
		struct sev_memscan_options o = { .size = sizeof(o), .threads = 1 + run % 2 };

		assert_int_equal(sev_memscan_run(m, p, &o, &r), 0);
		assert_int_equal(r->total_hits, 3);
		assert_hit(r, 0, SEV_MEMSCAN_SECRET, 4096 - 5, 22);
		assert_hit(r, 1, SEV_MEMSCAN_SECRET, JOB - 11, 22);
		assert_hit(r, 2, SEV_MEMSCAN_SECRET, 2 * JOB + 12345, 22);
		sev_memscan_result_free(r);
	}
	sev_memscan_close(m);
	unlink(path);
	/* the same image in page-aligned private memory, which giving up would zero */
	copy = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(copy != MAP_FAILED);
	memcpy(copy, b, SIZE);
	assert_int_equal(sev_memscan_open_mem(copy, SIZE, SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	assert_int_equal(r->total_hits, 3);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	assert_memory_equal(copy, b, SIZE);
	munmap(copy, SIZE);
	sev_memscan_patterns_free(p);
	free(b);
}

static void uncompiled_patterns_rejected(void **state)
{
	struct sev_memscan_patterns *p;
	struct sev_memscan_options o = SEV_INIT(struct sev_memscan_options);
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
		cmocka_unit_test(secrets_and_expressions_together),
		cmocka_unit_test(long_secret_with_expressions),
		cmocka_unit_test(pages_given_up_only_from_files),
		cmocka_unit_test(zero_pages_skipped_secrets_kept),
		cmocka_unit_test(short_zero_runs_kept_for_long_matches),
		cmocka_unit_test(progress_reaches_the_total),
		cmocka_unit_test(detectors_skip_zero_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
