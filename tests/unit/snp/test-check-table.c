/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The table of report checks, walked row by row: every check is named, its
 * policy-file key and its option set the same thing, a bad value is refused
 * naming it, its failure carries its name, and two sources that pin different
 * values of it conflict. A new row of a known kind is covered without a new
 * test; a new kind needs its sample values below.
 */
#include "snp-test.h"

#include "snp/check-table.h"

/* Checks in policy files only: --product chooses the roots of the chain. */
static const char *const file_only[] = { "product" };

/* The reported TCB of the real report (MANIFEST 2a). */
#define REPORTED_TCB "bl=2,tee=0,snp=5,ucode=68"

enum which { A, B, FAILS };

static void repeat(char *out, size_t n, const char *s, size_t times)
{
	out[0] = 0;
	for (size_t i = 0; i < times && strlen(out) + strlen(s) < n; i++)
		strcat(out, s);
}

/*
 * Values a row takes, as its option gives them: A and B differ, A passes the
 * real report where its kind allows, and FAILS is refused by that report (with
 * the policy bit of an allow flag set).
 */
static void sample(const struct sk_snp_check *k, enum which w, char *out, size_t n)
{
	static const char *const bytes[] = { "11", "22", "ff" };
	static const char *const pairs[] = { "1.0", "1.1", "255.255" };
	static const char *const tcbs[] = { "bl=1", "bl=2", "bl=255" };

	switch (k->kind) {
	case SK_CHECK_HEX: repeat(out, n, bytes[w], k->size); return;
	case SK_CHECK_EXACT: snprintf(out, n, "%d", w == B ? 2 : 1); return;
	case SK_CHECK_MIN:
		snprintf(out, n, "%llu", w == FAILS ? (unsigned long long)k->max : w + 1ull);
		return;
	case SK_CHECK_MIN_PAIR: snprintf(out, n, "%s", pairs[w]); return;
	case SK_CHECK_MIN_TCB: snprintf(out, n, "%s", tcbs[w]); return;
	case SK_CHECK_ALLOW: snprintf(out, n, "%s", w == B ? "true" : "false"); return;
	case SK_CHECK_FORBID:
	case SK_CHECK_REQUIRE: snprintf(out, n, "%s", w == A ? "false" : "true"); return;
	case SK_CHECK_BITS_SET: snprintf(out, n, "%s", w == A ? "smt_en" : "tsme_en"); return;
	case SK_CHECK_BITS_CLEAR: snprintf(out, n, "%s", w == A ? "tsme_en" : "smt_en"); return;
	case SK_CHECK_PRODUCT: snprintf(out, n, "%s", w == A ? "Milan" : "Genoa"); return;
	case SK_CHECK_DENY_PRODUCT: snprintf(out, n, "%s", w == A ? "Genoa" : "Milan"); return;
	case SK_CHECK_DENY_TCB: snprintf(out, n, "%s", w == A ? "bl=1" : REPORTED_TCB); return;
	}
	fail_msg("%s: no sample values for its kind", k->info.key);
}

static bool is_flag(const struct sk_snp_check *k)
{
	return k->kind == SK_CHECK_ALLOW || k->kind == SK_CHECK_FORBID ||
	       k->kind == SK_CHECK_REQUIRE;
}

/* A policy file that gives the row this JSON value ("deny.tcb": a member of a deny entry). */
static void doc_of(const struct sk_snp_check *k, const char *json, char *out, size_t n)
{
	const char *key = k->info.key, *dot = strchr(key, '.');

	if (dot)
		snprintf(out, n, "{\"%.*s\": [{\"%s\": %s}]}", (int)(dot - key), key, dot + 1,
			 json);
	else
		snprintf(out, n, "{\"%s\": %s}", key, json);
}

/* The policy file of a row with a value as its option takes it. */
static void policy_file(const struct sk_snp_check *k, const char *text, char *out, size_t n)
{
	char json[256];

	if (is_flag(k))
		snprintf(json, sizeof(json), "%s", text);
	else if (k->kind == SK_CHECK_BITS_SET || k->kind == SK_CHECK_BITS_CLEAR)
		snprintf(json, sizeof(json), "[\"%s\"]", text);
	else
		snprintf(json, sizeof(json), "\"%s\"", text);
	doc_of(k, json, out, n);
}

static void from_file(const struct sk_snp_check *k, const char *text, struct sev_snp_checks *c)
{
	char doc[512];

	policy_file(k, text, doc, sizeof(doc));
	sev_snp_checks_init(c);
	if (sev_snp_checks_from_json(c, doc, strlen(doc)))
		fail_msg("the policy file %s is refused", doc);
}

/* As the option gives it, or by key for a check without option. */
static int from_option(const struct sk_snp_check *k, const char *text, struct sev_snp_checks *c)
{
	sev_snp_checks_init(c);
	return sev_snp_checks_set(c, k->info.option ? k->info.option : k->info.key, text);
}

static char last_error[1024];

static void keep_error(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)ctx;
	/* the outermost message comes last */
	if (level == SEV_LOG_ERROR)
		snprintf(last_error, sizeof(last_error), "%s", msg);
}

static int setup(void **state)
{
	(void)state;
	sev_set_log(keep_error, NULL);
	return 0;
}

static bool file_only_key(const char *key)
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(file_only); i++)
		if (!strcmp(key, file_only[i]))
			return true;
	return false;
}

static void every_check_named_once(void **state)
{
	const struct sev_snp_check_info *info;
	const struct sk_snp_check *rows;
	size_t n, i;

	(void)state;
	rows = sk_snp_check_rows(&n);
	for (i = 0; (info = sev_snp_check_info_at(i)); i++) {
		char option[64];

		assert_ptr_equal(info, &rows[i].info);
		assert_true(info->key[0] && info->help[0] && info->check[0]);
		assert_true(!info->arg == is_flag(&rows[i]));
		/* the option is the key with '-' for '_' and '.' */
		snprintf(option, sizeof(option), "%s", info->key);
		for (char *p = option; *p; p++)
			*p = *p == '_' || *p == '.' ? '-' : *p;
		if (info->option)
			assert_string_equal(info->option, option);
		else
			assert_true(file_only_key(info->key));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(rows[j].info.key, info->key);
	}
	assert_int_equal(i, n);
	assert_true(n >= 26);
}

/* The policy-file key, the option and the key given to sev_snp_checks_set agree. */
static void key_and_option_set_the_same(void **state)
{
	const struct sk_snp_check *rows;
	struct sev_snp_checks file = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_checks opt = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_checks key = SEV_INIT(struct sev_snp_checks);
	char text[160];
	size_t n;

	(void)state;
	rows = sk_snp_check_rows(&n);
	for (size_t i = 0; i < n; i++) {
		for (enum which w = A; w <= FAILS; w++) {
			sample(&rows[i], w, text, sizeof(text));
			from_file(&rows[i], text, &file);
			assert_int_equal(from_option(&rows[i], text, &opt), 0);
			sev_snp_checks_init(&key);
			assert_int_equal(sev_snp_checks_set(&key, rows[i].info.key, text), 0);
			if (memcmp(&file, &opt, sizeof(file)) || memcmp(&file, &key, sizeof(file)))
				fail_msg("%s: policy file and option differ for %s",
					 rows[i].info.key, text);
		}
	}
}

/* Every check refuses what it does not take, naming its option or its key. */
static void bad_values_named(void **state)
{
	const struct sk_snp_check *rows;
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);
	char doc[256], name[64];
	size_t n;

	(void)state;
	rows = sk_snp_check_rows(&n);
	for (size_t i = 0; i < n; i++) {
		const struct sev_snp_check_info *info = &rows[i].info;

		last_error[0] = 0;
		assert_int_equal(from_option(&rows[i], "x!", &c), SEV_E_INVALID);
		snprintf(name, sizeof(name), info->option ? "--%s" : "\"%s\"",
			 info->option ? info->option : info->key);
		if (!strstr(last_error, name))
			fail_msg("%s: the error '%s' does not name %s", info->key, last_error,
				 name);
		last_error[0] = 0;
		doc_of(&rows[i], "[[]]", doc, sizeof(doc));
		sev_snp_checks_init(&c);
		assert_int_equal(sev_snp_checks_from_json(&c, doc, strlen(doc)), SEV_E_FORMAT);
		snprintf(name, sizeof(name), "policy file: \"%s\"", info->key);
		if (!strstr(last_error, name))
			fail_msg("%s: the error '%s' does not name the key", info->key, last_error);
	}
	assert_int_equal(sev_snp_checks_set(&c, "measurment", "00"), SEV_E_INVALID);
	/* a key that names a member of a deny entry is no key of its own */
	snprintf(doc, sizeof(doc), "{\"deny.tcb\": \"bl=1\"}");
	assert_int_equal(sev_snp_checks_from_json(&c, doc, strlen(doc)), SEV_E_FORMAT);
}

static bool has_failure(const struct sev_snp_check_result *res, const char *check)
{
	for (size_t i = 0; i < res->n; i++)
		if (!strcmp(res->fail[i].check, check))
			return res->fail[i].expected[0] && res->fail[i].actual[0];
	return false;
}

/* A value the real report does not meet fails with the check's name, expected and actual. */
static void failures_carry_the_name(void **state)
{
	const struct sk_snp_check *rows;
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_report r;
	uint8_t *buf;
	char text[160];
	size_t n, len;

	(void)state;
	buf = test_vector(REPORT_VECTOR, &len);
	rows = sk_snp_check_rows(&n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(sev_snp_report_parse(buf, len, &r), 0);
		if (rows[i].kind == SK_CHECK_ALLOW)
			r.policy |= rows[i].bit;
		sample(&rows[i], FAILS, text, sizeof(text));
		assert_int_equal(from_option(&rows[i], text, &c), 0);
		assert_int_equal(sev_snp_check(&c, &r, SEV_SNP_PRODUCT_MILAN, "Milan-B0", &res),
				 SEV_E_VERIFY);
		if (!has_failure(&res, rows[i].info.check))
			fail_msg("%s %s: no failure named %s", rows[i].info.key, text,
				 rows[i].info.check);
		sev_snp_check_result_free(&res);
	}
	free(buf);
}

/*
 * A policy file and an option with different values of one check: refused,
 * naming the check, unless the check adds up; then both values are kept.
 */
static void two_sources_conflict(void **state)
{
	const struct sk_snp_check *rows;
	struct sev_snp_checks file = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_checks opt = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_checks merged = SEV_INIT(struct sev_snp_checks);
	const char *field;
	char a[160], b[160];
	size_t n;

	(void)state;
	rows = sk_snp_check_rows(&n);
	for (size_t i = 0; i < n; i++) {
		const struct sev_snp_check_info *info = &rows[i].info;

		sample(&rows[i], A, a, sizeof(a));
		sample(&rows[i], B, b, sizeof(b));
		from_file(&rows[i], a, &file);
		assert_int_equal(from_option(&rows[i], b, &opt), 0);
		merged = file;
		field = NULL;
		if (info->adds_up) {
			assert_int_equal(sev_snp_checks_merge(&merged, &opt, &field), 0);
			assert_true(memcmp(&merged, &file, sizeof(file)) &&
				    memcmp(&merged, &opt, sizeof(opt)));
			continue;
		}
		if (sev_snp_checks_merge(&merged, &opt, &field) != SEV_E_INVALID)
			fail_msg("%s: %s and %s do not conflict", info->key, a, b);
		assert_string_equal(field, info->key);
		assert_memory_equal(&merged, &file, sizeof(file));
		/* the same value twice is fine */
		assert_int_equal(from_option(&rows[i], a, &opt), 0);
		assert_int_equal(sev_snp_checks_merge(&merged, &opt, &field), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_check_named_once),
		cmocka_unit_test(key_and_option_set_the_same),
		cmocka_unit_test(bad_values_named),
		cmocka_unit_test(failures_carry_the_name),
		cmocka_unit_test(two_sources_conflict),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
