/* SPDX-License-Identifier: Apache-2.0 */
/* JSON field checks: unknown keys, numbers as integers or strings. */
#include "../test.h"

#include <sevkit/error.h>

#include "util/json.h"

static void unknown_key_is_found(void **state)
{
	static const char *const keys[] = { "a", "b" };
	json_t *ok = json_pack("{s:i,s:i}", "a", 1, "b", 2);
	json_t *bad = json_pack("{s:i,s:i}", "a", 1, "c", 2);

	(void)state;
	assert_null(sk_json_unknown_key(ok, keys, 2));
	assert_string_equal(sk_json_unknown_key(bad, keys, 2), "c");
	assert_string_equal(sk_json_unknown_key(ok, keys, 1), "b");
	json_decref(ok);
	json_decref(bad);
}

static void numbers_in_both_forms(void **state)
{
	static const struct {
		const char *json;
		uint64_t max;
		int rc;
		uint64_t v;
	} cases[] = {
		{ "12", 100, 0, 12 },
		{ "\"0x8000001f\"", UINT32_MAX, 0, 0x8000001F },
		{ "\"4096\"", UINT32_MAX, 0, 4096 },
		{ "\"0xffffffffffffffff\"", UINT64_MAX, 0, UINT64_MAX },
		{ "101", 100, SEV_E_FORMAT, 0 },
		{ "-1", 100, SEV_E_FORMAT, 0 },
		{ "\"0x100000000\"", UINT32_MAX, SEV_E_FORMAT, 0 },
		{ "\"12z\"", 100, SEV_E_FORMAT, 0 },
		{ "\"\"", 100, SEV_E_FORMAT, 0 },
		{ "1.5", 100, SEV_E_FORMAT, 0 },
		{ "true", 100, SEV_E_FORMAT, 0 },
		{ "null", 100, SEV_E_FORMAT, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *v = json_loads(cases[i].json, JSON_DECODE_ANY, NULL);
		uint64_t out = 0;

		assert_non_null(v);
		assert_int_equal(sk_json_uint(v, cases[i].max, &out), cases[i].rc);
		if (!cases[i].rc)
			assert_true(out == cases[i].v);
		json_decref(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_key_is_found),
		cmocka_unit_test(numbers_in_both_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
