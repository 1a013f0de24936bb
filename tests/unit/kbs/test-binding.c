/* SPDX-License-Identifier: Apache-2.0 */
/*
 * REPORT_DATA binding, checked against an independent computation: Python's
 * json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False),
 * which is RFC 8785 for names below U+10000 and numbers without
 * fractions, and hashlib. Beyond that (supplementary-plane names, reals),
 * Python is given the RFC's own canonical text of the value to hash.
 */
#include "../test.h"

#include <unistd.h>

#include <sevkit/error.h>

#include "kbs/binding.h"

static const char *const p256_jwk =
	"{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ECDH-ES+A256KW\","
	"\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\","
	"\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}";

/*
 * Python's REPORT_DATA, in hex: the runtime data object is read from a file;
 * when canon is given, it is hashed as the "tee-pubkey" member's text instead
 * of Python's own serialisation of that member.
 */
static void python_report_data(const char *alg, const json_t *rd, const char *canon,
			       char hex[129])
{
	char path[] = "/tmp/sevkit-binding-XXXXXX", cmd[2048], line[256];
	int fd = mkstemp(path);
	FILE *p;

	assert_true(fd >= 0);
	assert_int_equal(json_dumpfd(rd, fd, 0), 0);
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import sys, json, hashlib\n"
		 "d = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
		 "c = sys.argv[3] if len(sys.argv) > 3 else None\n"
		 "if c is not None: d[\"tee-pubkey\"] = \"@@\"\n"
		 "t = json.dumps(d, sort_keys=True, separators=(\",\", \":\"), ensure_ascii=False)\n"
		 "if c is not None: t = t.replace(\"\\\"@@\\\"\", c)\n"
		 "h = hashlib.new(sys.argv[2], t.encode(\"utf-8\")).digest()\n"
		 "print((h + bytes(64 - len(h))).hex())' %s %s%s%s%s",
		 path, alg, canon ? " '" : "", canon ? canon : "", canon ? "'" : "");
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	assert_int_equal(pclose(p), 0);
	unlink(path);
	line[strcspn(line, "\n")] = '\0';
	assert_int_equal(strlen(line), 128);
	memcpy(hex, line, 129);
}

static void check(enum sk_kbs_hash h, const char *nonce, const char *jwk_text,
		  const char *ae, const char *canon)
{
	json_t *jwk = json_loads(jwk_text, 0, NULL), *rd;
	uint8_t out[64];
	char want[129];

	assert_non_null(jwk);
	rd = json_pack("{s:s,s:s,s:O}", "additional-evidence", ae, "nonce", nonce,
		       "tee-pubkey", jwk);
	python_report_data(sk_kbs_hash_name(h), rd, canon, want);
	assert_int_equal(sk_kbs_report_data(h, nonce, jwk, ae, out), 0);
	assert_hex_equal(out, 64, want);
	json_decref(rd);
	json_decref(jwk);
}

/* A guest's P-256 key, a standard-base64 nonce, no additional evidence; all three hashes. */
static void plain_ascii_matches_python(void **state)
{
	const char *nonce = "q1+/Zx9fOa2Qwb8UyE1oXk3Wn0r4bT1sH6cV7dJp2A0=";
	uint8_t out[64];

	(void)state;
	check(SK_KBS_SHA384, nonce, p256_jwk, "", NULL);
	check(SK_KBS_SHA256, nonce, p256_jwk, "", NULL);
	check(SK_KBS_SHA512, nonce, p256_jwk, "", NULL);
	/* the zero padding: 16 bytes after SHA-384, 32 after SHA-256 */
	json_t *jwk = json_loads(p256_jwk, 0, NULL);

	assert_int_equal(sk_kbs_report_data(SK_KBS_SHA384, nonce, jwk, "", out), 0);
	for (int i = 48; i < 64; i++)
		assert_int_equal(out[i], 0);
	assert_int_equal(sk_kbs_report_data(SK_KBS_SHA256, nonce, jwk, "", out), 0);
	for (int i = 32; i < 64; i++)
		assert_int_equal(out[i], 0);
	json_decref(jwk);
}

/* Additional evidence is a JSON text in a string: quotes, backslashes, controls, non-ASCII. */
static void escaped_and_unicode_values_match_python(void **state)
{
	(void)state;
	check(SK_KBS_SHA384, "bm9uY2U=", p256_jwk,
	      "{\"nvidia\":\"a\\\\b\",\"t\":\"\t\x01\x7f\",\"u\":\"\xe2\x82\xac \xf0\x9f\x98\x80\"}",
	      NULL);
	check(SK_KBS_SHA384, "bm9uY2U=", "{\"kty\":\"RSA\",\"n\":\"0vx7\",\"e\":\"AQAB\","
	      "\"\xc3\xb6\":\"\xe2\x82\xac\"}", "x", NULL);
}

/*
 * Names in the supplementary planes and reals, where Python's serialisation
 * is not RFC 8785: the key is the RFC 3.2.3 / 3.2.2 example and the expected
 * text is the RFC's canonical form of it.
 */
static void rfc_edge_cases(void **state)
{
	(void)state;
	check(SK_KBS_SHA384, "n", "{\"\\ufb33\":\"Dalet\",\"\\ud83d\\ude00\":\"Emoji\"}", "",
	      "{\"\xf0\x9f\x98\x80\":\"Emoji\",\"\xef\xac\xb3\":\"Dalet\"}");
	check(SK_KBS_SHA512, "n", "{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,"
	      "0.000000000000000000000000001]}", "",
	      "{\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27]}");
}

/*
 * The GPU's nonce: the first 32 bytes of SHA-384 over {"nonce","tee-pubkey"}, as Python
 * computes it, with and without a session hash other than SHA-384 (it does not matter).
 */
static void device_nonce_matches_python(void **state)
{
	const char *nonce = "q1+/Zx9fOa2Qwb8UyE1oXk3Wn0r4bT1sH6cV7dJp2A0=";
	json_t *jwk = json_loads(p256_jwk, 0, NULL);
	char cmd[1024], line[128];
	uint8_t out[32];
	FILE *p;

	(void)state;
	snprintf(cmd, sizeof(cmd), "python3 -c 'import sys, json, hashlib\n"
		 "d = {\"nonce\": sys.argv[1], \"tee-pubkey\": json.loads(sys.argv[2])}\n"
		 "t = json.dumps(d, sort_keys=True, separators=(\",\", \":\"))\n"
		 "print(hashlib.sha384(t.encode()).digest()[:32].hex())' '%s' '%s'", nonce,
		 p256_jwk);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	assert_int_equal(pclose(p), 0);
	line[strcspn(line, "\n")] = '\0';
	assert_int_equal(sk_kbs_device_nonce(nonce, jwk, out), 0);
	assert_hex_equal(out, 32, line);
	assert_int_equal(sk_kbs_device_nonce(NULL, jwk, out), SEV_E_INVALID);
	assert_int_equal(sk_kbs_device_nonce("\xff", jwk, out), SEV_E_FORMAT);
	json_decref(jwk);
}

static void hash_names(void **state)
{
	enum sk_kbs_hash h;

	(void)state;
	assert_int_equal(sk_kbs_hash_parse("sha384", &h), 0);
	assert_int_equal(h, SK_KBS_SHA384);
	assert_int_equal(sk_kbs_hash_parse("sha256", &h), 0);
	assert_int_equal(h, SK_KBS_SHA256);
	assert_int_equal(sk_kbs_hash_parse("sha512", &h), 0);
	assert_int_equal(h, SK_KBS_SHA512);
	assert_int_equal(sk_kbs_hash_parse("SHA384", &h), SEV_E_INVALID);
	assert_int_equal(sk_kbs_hash_parse("sha1", &h), SEV_E_INVALID);
	assert_int_equal(sk_kbs_hash_parse(NULL, &h), SEV_E_INVALID);
	assert_string_equal(sk_kbs_hash_name(SK_KBS_SHA512), "sha512");
	assert_null(sk_kbs_hash_name((enum sk_kbs_hash)3));
}

static void bad_arguments(void **state)
{
	json_t *jwk = json_loads(p256_jwk, 0, NULL), *str = json_string("k");
	uint8_t out[64];

	(void)state;
	assert_int_equal(sk_kbs_report_data(SK_KBS_SHA384, NULL, jwk, "", out), SEV_E_INVALID);
	assert_int_equal(sk_kbs_report_data(SK_KBS_SHA384, "n", str, "", out), SEV_E_INVALID);
	assert_int_equal(sk_kbs_report_data(SK_KBS_SHA384, "n", jwk, NULL, out), SEV_E_INVALID);
	assert_int_equal(sk_kbs_report_data(SK_KBS_SHA384, "\xff", jwk, "", out), SEV_E_FORMAT);
	json_decref(jwk);
	json_decref(str);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_ascii_matches_python),
		cmocka_unit_test(escaped_and_unicode_values_match_python),
		cmocka_unit_test(rfc_edge_cases),
		cmocka_unit_test(device_nonce_matches_python),
		cmocka_unit_test(hash_names),
		cmocka_unit_test(bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
