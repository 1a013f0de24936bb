/* SPDX-License-Identifier: Apache-2.0 */
/* The UTF-16LE form of expressions: its text, and that it matches UTF-16LE data. */
#include "ms-test.h"

#include "memscan/memscan-internal.h"

static void widened(const char *re, const char *want)
{
	char *got = NULL;

	assert_int_equal(sk_ms_regex_utf16(re, &got), 0);
	assert_string_equal(got, want);
	free(got);
}

static void forms(void **state)
{
	(void)state;
	widened("ab", "(?:a\\x00)(?:b\\x00)");
	widened("[0-9]{3,}", "(?:[0-9]\\x00){3,}");
	widened("\\d+\\.x?", "(?:\\d\\x00)+(?:\\.\\x00)(?:x\\x00)?");
	widened("^(?:a|b)$", "^(?:(?:a\\x00)|(?:b\\x00))$");
	widened("\\bk", "\\b(?:k\\x00)");
	widened("[]a]", "(?:[]a]\\x00)");
	widened("\\x41{", "(?:\\x41\\x00)(?:{\\x00)");
	widened("(?i)k", "(?i)(?:k\\x00)");
	widened("\xc3\xa9", "(?:\\xe9\\x00)");
}

static void unsupported(void **state)
{
	char *got = NULL;

	(void)state;
	assert_int_equal(sk_ms_regex_utf16("(a)\\1", &got), SEV_E_UNSUPPORTED);
	assert_int_equal(sk_ms_regex_utf16("\\Qa\\E", &got), SEV_E_UNSUPPORTED);
	assert_int_equal(sk_ms_regex_utf16("[abc", &got), SEV_E_UNSUPPORTED);
	assert_int_equal(sk_ms_regex_utf16("\xff", &got), SEV_E_UNSUPPORTED);
	assert_null(got);
}

/* A pattern given with utf16 finds "Pass: 1234" written by a Windows-style program. */
static void matches_wide_text(void **state)
{
	static const char wide[] = "P\0a\0s\0s\0:\0 \0001\0002\0003\0004\0";
	struct sev_memscan_patterns *p;
	struct sev_memscan *m;
	struct sev_memscan_result *r;
	uint8_t buf[64] = { 0 };

	(void)state;
	memcpy(buf + 5, wide, sizeof(wide) - 1);
	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	assert_int_equal(sev_memscan_add_regex(p, "Pass: [0-9]{4}", true), 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	assert_int_equal(sev_memscan_open_mem(buf, sizeof(buf), SEV_MEMSCAN_RAW, &m), 0);
	r = ms_run(m, p, false);
	assert_int_equal(r->n_hits, 1);
	assert_true(r->hits[0].utf16);
	assert_int_equal(r->hits[0].addr, 5);
	assert_int_equal(r->hits[0].len, 20);
	sev_memscan_result_free(r);
	sev_memscan_close(m);
	sev_memscan_patterns_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forms),
		cmocka_unit_test(unsupported),
		cmocka_unit_test(matches_wide_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
