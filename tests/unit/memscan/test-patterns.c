/* SPDX-License-Identifier: Apache-2.0 */
/* Building and compiling the pattern set, and its errors. */
#include "ms-test.h"

static void rejects_bad_regex(void **state)
{
	struct sev_memscan_patterns *p;

	(void)state;
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_regex(p, "ok[0-9]", false), 0);
	assert_int_equal(sev_memscan_add_regex(p, "bad(", false), 0);
	ms_capture_logs();
	assert_int_equal(sev_memscan_patterns_compile(p), SEV_E_INVALID);
	/* Hyperscan names the expression: the message quotes it */
	assert_non_null(strstr(ms_last_log, "pattern 2 (bad()"));
	sev_memscan_patterns_free(p);
}

static void rejects_empty(void **state)
{
	struct sev_memscan_patterns *p;

	(void)state;
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_secret(p, (const uint8_t *)"", 0, true), SEV_E_INVALID);
	assert_int_equal(sev_memscan_add_regex(p, "", false), SEV_E_INVALID);
	ms_capture_logs();
	assert_int_equal(sev_memscan_patterns_compile(p), SEV_E_INVALID);
	assert_non_null(strstr(ms_last_log, "nothing to look for"));
	sev_memscan_patterns_free(p);
}

static void no_additions_after_compile(void **state)
{
	struct sev_memscan_patterns *p;

	(void)state;
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_secret(p, (const uint8_t *)"abc", 3, true), 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	assert_int_equal(sev_memscan_patterns_count(p), 2); /* ASCII and UTF-16LE */
	assert_int_equal(sev_memscan_add_secret(p, (const uint8_t *)"def", 3, true), SEV_E_INVALID);
	sev_memscan_patterns_free(p);
}

/* Binary secrets (NUL bytes, not UTF-8) are searched as given. */
static void binary_secret(void **state)
{
	static const uint8_t sec[] = { 0xff, 0x00, 0xfe, 0x01 };
	struct sev_memscan_patterns *p;
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	uint8_t buf[32] = { 0 };

	(void)state;
	memcpy(buf + 9, sec, sizeof(sec));
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_secret(p, sec, sizeof(sec), true), 0);
	assert_int_equal(sev_memscan_patterns_count(p), 1);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	assert_int_equal(sev_memscan_open_mem(buf, sizeof(buf), SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	assert_int_equal(r->n_hits, 1);
	assert_int_equal(r->hits[0].addr, 9);
	assert_int_equal(r->hits[0].kind, SEV_MEMSCAN_SECRET);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
}

/* A non-ASCII secret: its UTF-16LE form has the code units of each character. */
static void utf16_of_utf8(void **state)
{
	static const uint8_t wide[] = { 'p', 0, 0xe9, 0, 0x3d, 0xd8, 0x00, 0xde };
	struct sev_memscan_patterns *p;
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	uint8_t buf[32] = { 0 };

	(void)state;
	memcpy(buf + 3, wide, sizeof(wide));
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	/* "p", e-acute, U+1F600 */
	assert_int_equal(sev_memscan_add_secret(p, (const uint8_t *)"p\xc3\xa9\xf0\x9f\x98\x80", 7,
						true),
			 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	assert_int_equal(sev_memscan_open_mem(buf, sizeof(buf), SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	assert_int_equal(r->n_hits, 1);
	assert_true(r->hits[0].utf16);
	assert_int_equal(r->hits[0].len, 8);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rejects_bad_regex),
		cmocka_unit_test(rejects_empty),
		cmocka_unit_test(no_additions_after_compile),
		cmocka_unit_test(binary_secret),
		cmocka_unit_test(utf16_of_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
