/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 8785 canonical JSON against the RFC's own examples (section 3.2.2
 * serialization, 3.2.3 sorting, appendix B numbers) and trustee's vector
 * (attestation-service test parse_runtimedata_json_binding).
 */
#include "../test.h"

#include <math.h>

#include <sevkit/error.h>

#include "crypto/hash.h"
#include "kbs/jcs.h"

static char *jcs_of_text(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
	char *out;
	size_t len;

	if (!v)
		fail_msg("test input does not parse: %s", err.text);
	assert_int_equal(sk_jcs_dump(v, &out, &len), 0);
	assert_int_equal(strlen(out), len);
	json_decref(v);
	return out;
}

static void expect(const char *in, const char *want)
{
	char *got = jcs_of_text(in);

	assert_string_equal(got, want);
	free(got);
}

/* trustee: JCS of {"b":1,"a":"test","c":{"d":"e"}} and its SHA-384 (vectors/kbs MANIFEST §6) */
static void trustee_vector(void **state)
{
	char *got = jcs_of_text("{\"b\": 1, \"a\": \"test\", \"c\": {\"d\": \"e\"}}");
	uint8_t h[48];

	(void)state;
	assert_string_equal(got, "{\"a\":\"test\",\"b\":1,\"c\":{\"d\":\"e\"}}");
	assert_int_equal(sk_sha384(got, strlen(got), h), 0);
	assert_hex_equal(h, 48, "e71ce8e70d814ba6639c3612ebee0ff1f76f650f8dbb5e47157e0f3f525cd22c"
			 "4597480a186427c813ca941da78870c3");
	free(got);
}

/* RFC 8785 section 3.2.2: the example's input and its canonical form. */
static void rfc_serialization_example(void **state)
{
	(void)state;
	expect("{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, "
	       "0.000000000000000000000000001],\n"
	       "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
	       "  \"literals\": [null, true, false]\n}",
	       "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,"
	       "1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

/*
 * RFC 8785 section 3.2.3: names sorted by UTF-16 code units. U+1F600 (UTF-16
 * D83D DE00) sorts before U+FB33 although its UTF-8 (F0 9F 98 80) is greater
 * than U+FB33's (EF AC B3): byte order would put them the other way round.
 */
static void rfc_sorting_example(void **state)
{
	(void)state;
	expect("{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", "
	       "\"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\", \"1\": \"One\", "
	       "\"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\", "
	       "\"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}",
	       "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
	       "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
	       "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
	       "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
	/* the same pair alone, and a name that is a prefix of another */
	expect("{\"\\ufb33\":1,\"\\ud83d\\ude00\":2}", "{\"\xf0\x9f\x98\x80\":2,\"\xef\xac\xb3\":1}");
	expect("{\"ab\":1,\"a\":2,\"\":3}", "{\"\":3,\"a\":2,\"ab\":1}");
}

static double from_bits(uint64_t bits)
{
	double d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

/* RFC 8785 appendix B: IEEE 754 bit patterns and their canonical text. */
static void rfc_appendix_b_numbers(void **state)
{
	static const struct {
		uint64_t bits;
		const char *want;
	} v[] = {
		{ 0x0000000000000000, "0" },
		{ 0x8000000000000000, "0" },
		{ 0x0000000000000001, "5e-324" },
		{ 0x8000000000000001, "-5e-324" },
		{ 0x7fefffffffffffff, "1.7976931348623157e+308" },
		{ 0xffefffffffffffff, "-1.7976931348623157e+308" },
		{ 0x4340000000000000, "9007199254740992" },
		{ 0xc340000000000000, "-9007199254740992" },
		{ 0x4430000000000000, "295147905179352830000" },
		{ 0x44b52d02c7e14af5, "9.999999999999997e+22" },
		{ 0x44b52d02c7e14af6, "1e+23" },
		{ 0x44b52d02c7e14af7, "1.0000000000000001e+23" },
		{ 0x444b1ae4d6e2ef4e, "999999999999999700000" },
		{ 0x444b1ae4d6e2ef4f, "999999999999999900000" },
		{ 0x444b1ae4d6e2ef50, "1e+21" },
		{ 0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7" },
		{ 0x3eb0c6f7a0b5ed8d, "0.000001" },
		{ 0x41b3de4355555553, "333333333.3333332" },
		{ 0x41b3de4355555554, "333333333.33333325" },
		{ 0x41b3de4355555555, "333333333.3333333" },
		{ 0x41b3de4355555556, "333333333.3333334" },
		{ 0x41b3de4355555557, "333333333.33333343" },
		{ 0xbecbf647612f3696, "-0.0000033333333333333333" },
		{ 0x43143ff3c1cb0959, "1424953923781206.2" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		json_t *r = json_real(from_bits(v[i].bits));
		char *out;
		size_t len;

		assert_int_equal(sk_jcs_number(from_bits(v[i].bits), buf), 0);
		if (strcmp(buf, v[i].want) != 0)
			fail_msg("%016llx: got %s, want %s", (unsigned long long)v[i].bits, buf,
				 v[i].want);
		/* the same through a jansson real */
		assert_int_equal(sk_jcs_dump(r, &out, &len), 0);
		assert_string_equal(out, v[i].want);
		free(out);
		json_decref(r);
	}
	/* appendix B's NaN and Infinity rows are errors */
	assert_int_equal(sk_jcs_number(from_bits(0x7fffffffffffffff), buf), SEV_E_FORMAT);
	assert_int_equal(sk_jcs_number(from_bits(0x7ff0000000000000), buf), SEV_E_FORMAT);
	assert_int_equal(sk_jcs_number(-INFINITY, buf), SEV_E_FORMAT);
}

/* Integers are written as jansson holds them; reals that are whole lose ".0". */
static void integers_and_whole_reals(void **state)
{
	(void)state;
	expect("[0,-0,1,-1,9223372036854775807,-9223372036854775808]",
	       "[0,0,1,-1,9223372036854775807,-9223372036854775808]");
	expect("[1.0,-0.0,1e2,100e-2,1e20,1e21,0.0000001,123456789012.5]",
	       "[1,0,100,1,100000000000000000000,1e+21,1e-7,123456789012.5]");
}

/* JSON.stringify escaping: only '"', '\\' and controls; \u00XX in lower case. */
static void string_escaping(void **state)
{
	json_t *s = json_stringn("a\0b", 3);
	char *out;
	size_t len;

	(void)state;
	expect("\"\\u0001\\u001F\\b\\t\\n\\f\\r\\u000b\\u007f\\u2028\\/\"",
	       "\"\\u0001\\u001f\\b\\t\\n\\f\\r\\u000b\x7f\xe2\x80\xa8/\"");
	assert_int_equal(sk_jcs_dump(s, &out, &len), 0);
	assert_string_equal(out, "\"a\\u0000b\"");
	free(out);
	json_decref(s);
}

/* Strings and names that are not UTF-8 are refused (jansson lets them in unchecked). */
static void invalid_utf8_refused(void **state)
{
	static const char *const bad[] = {
		"\xff", "\xc0\xaf" /* overlong '/' */, "\xed\xa0\x80" /* surrogate D800 */,
		"\xf4\x90\x80\x80" /* above U+10FFFF */, "\xe2\x82" /* truncated */, "a\x80",
	};
	char *out;
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *s = json_string_nocheck(bad[i]);
		json_t *o = json_object();

		assert_int_equal(json_object_set_new_nocheck(o, bad[i], json_true()), 0);
		assert_int_equal(sk_jcs_dump(s, &out, &len), SEV_E_FORMAT);
		assert_null(out);
		assert_int_equal(sk_jcs_dump(o, &out, &len), SEV_E_FORMAT);
		json_decref(s);
		json_decref(o);
	}
}

/* Nesting is bounded: the canonical form of untrusted data never runs the stack out. */
static void deep_nesting_refused(void **state)
{
	json_t *v = json_array();
	char *out;
	size_t len;

	(void)state;
	for (int i = 0; i < 600; i++) {
		json_t *a = json_array();

		json_array_append_new(a, v);
		v = a;
	}
	assert_int_equal(sk_jcs_dump(v, &out, &len), SEV_E_TOOBIG);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trustee_vector),
		cmocka_unit_test(rfc_serialization_example),
		cmocka_unit_test(rfc_sorting_example),
		cmocka_unit_test(rfc_appendix_b_numbers),
		cmocka_unit_test(integers_and_whole_reals),
		cmocka_unit_test(string_escaping),
		cmocka_unit_test(invalid_utf8_refused),
		cmocka_unit_test(deep_nesting_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
