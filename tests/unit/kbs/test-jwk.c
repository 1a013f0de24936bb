/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The tee-pubkey check: trustee's real P-256 fixture key passes, generated
 * keys pass, and each way a key can be wrong is refused with its reason.
 */
#include "kbs-test.h"

#include <openssl/pem.h>

#include <jose/openssl.h>

#include "kbs/jwk.h"

/* trustee attestation-service/tests/fixtures/jwk/expected-jwks.json, key 0 without alg, x5c */
static json_t *fixture_key(void)
{
	json_t *set = kbs_json_vector("kbs/jose/as-expected-jwks.json");
	json_t *k = json_deep_copy(json_array_get(json_object_get(set, "keys"), 0));

	json_decref(set);
	json_object_del(k, "alg");
	json_object_del(k, "x5c");
	return k;
}

static void fixture_key_passes(void **state)
{
	json_t *k = fixture_key();

	(void)state;
	/* its x starts with a zero byte: the full 32 bytes must be kept */
	assert_int_equal(sk_kbs_jwk_check_public(k), 0);
	json_decref(k);
}

/* The PEM private key of the fixture converts to the JWK trustee expects (x, y). */
static void fixture_pem_matches_jwk(void **state)
{
	size_t len;
	uint8_t *pem = test_vector("kbs/jose/as-TESTONLY-signing-key.pem", &len);
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	json_t *jwk = jose_openssl_jwk_from_EVP_PKEY(NULL, pkey), *pub, *want = fixture_key();

	(void)state;
	assert_non_null(jwk);
	pub = sk_kbs_jwk_public(jwk);
	assert_true(json_equal(pub, want));
	assert_non_null(json_object_get(jwk, "d"));
	assert_null(json_object_get(pub, "d"));
	json_decref(pub);
	json_decref(want);
	json_decref(jwk);
	EVP_PKEY_free(pkey);
	BIO_free(bio);
	free(pem);
}

static void generated_keys_pass(void **state)
{
	static const char *const kinds[] = { "P-256", "P-384", "P-521", "RSA" };
	static const size_t coord[] = { 32, 48, 66, 0 };

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		json_t *priv, *pub;
		uint8_t buf[1024];
		size_t n;

		assert_int_equal(sk_kbs_jwk_generate(kinds[i], &priv), 0);
		pub = sk_kbs_jwk_public(priv);
		assert_int_equal(sk_kbs_jwk_check_public(pub), 0);
		assert_refused(sk_kbs_jwk_check_public(priv), SEV_E_FORMAT, "private member \"d\"");
		if (coord[i]) {
			assert_int_equal(sk_kbs_b64u_member(pub, "x", buf, sizeof(buf), &n), 0);
			assert_int_equal(n, coord[i]);
			assert_string_equal(json_string_value(json_object_get(pub, "alg")),
					    "ECDH-ES+A256KW");
		} else {
			assert_int_equal(sk_kbs_b64u_member(pub, "n", buf, sizeof(buf), &n), 0);
			assert_int_equal(n, 3072 / 8);
			assert_string_equal(json_string_value(json_object_get(pub, "e")), "AQAB");
		}
		json_decref(pub);
		json_decref(priv);
	}
	assert_int_equal(sk_kbs_jwk_generate("P-192", &(json_t *){ NULL }), SEV_E_INVALID);
}

static void ec_refusals(void **state)
{
	json_t *k = fixture_key(), *bad;
	uint8_t y[32];
	size_t n;

	(void)state;
	/* off the curve: one bit of y */
	bad = json_deep_copy(k);
	kbs_flip_b64u(bad, "y", 31);
	assert_refused(sk_kbs_jwk_check_public(bad), SEV_E_FORMAT, "not on P-256");
	json_decref(bad);
	/* a coordinate one byte short (the leading zero dropped) */
	bad = json_deep_copy(k);
	assert_int_equal(sk_kbs_b64u_member(k, "x", y, sizeof(y), &n), 0);
	json_object_set_new(bad, "x", jose_b64_enc(y + 1, 31));
	assert_refused(sk_kbs_jwk_check_public(bad), SEV_E_FORMAT, "x is not 32");
	json_decref(bad);
	/* padded base64url */
	bad = json_deep_copy(k);
	json_object_set_new(bad, "y", json_string("eba_t8dP5Et0TPv0jdtCWba8l78-lTtyJSwWq0q0IQA="));
	assert_refused(sk_kbs_jwk_check_public(bad), SEV_E_FORMAT, "y is not 32");
	json_decref(bad);
	/* the right length for another curve */
	bad = json_deep_copy(k);
	json_object_set_new(bad, "crv", json_string("P-384"));
	assert_refused(sk_kbs_jwk_check_public(bad), SEV_E_FORMAT, "x is not 48");
	json_object_set_new(bad, "crv", json_string("P-192"));
	assert_refused(sk_kbs_jwk_check_public(bad), SEV_E_UNSUPPORTED, "P-192");
	json_object_set_new(bad, "crv", json_string("secp256k1"));
	assert_refused(sk_kbs_jwk_check_public(bad), SEV_E_UNSUPPORTED, "secp256k1");
	json_decref(bad);
	/* alg other than the one sevkit encrypts with, use other than enc, unknown member */
	bad = json_deep_copy(k);
	json_object_set_new(bad, "alg", json_string("ECDH-ES"));
	assert_refused(sk_kbs_jwk_check_public(bad), SEV_E_UNSUPPORTED, "alg ECDH-ES");
	json_object_set_new(bad, "alg", json_string("ECDH-ES+A256KW"));
	assert_int_equal(sk_kbs_jwk_check_public(bad), 0);
	json_object_set_new(bad, "use", json_string("sig"));
	assert_refused(sk_kbs_jwk_check_public(bad), SEV_E_FORMAT, "use");
	json_object_del(bad, "use");
	json_object_set_new(bad, "x5u", json_string("https://example.com/"));
	assert_refused(sk_kbs_jwk_check_public(bad), SEV_E_FORMAT, "unknown member \"x5u\"");
	json_decref(bad);
	json_decref(k);
}

/* A modulus of the given bits (top bit set, odd) and exponent, base64url. */
static json_t *rsa_key(size_t bits, const uint8_t *e, size_t elen)
{
	uint8_t n[1025];
	size_t len = (bits + 7) / 8;

	memset(n, 0xa5, len);
	n[0] = (uint8_t)(1u << ((bits - 1) % 8));
	n[len - 1] |= 1;
	return json_pack("{s:s,s:o,s:o}", "kty", "RSA", "n", jose_b64_enc(n, len),
			 "e", jose_b64_enc(e, elen));
}

static void rsa_refusals(void **state)
{
	static const uint8_t f4[] = { 1, 0, 1 }, even[] = { 1, 0, 0 }, one[] = { 1 };
	static const uint8_t zero_led[] = { 0, 1, 0, 1 };
	json_t *k;
	uint8_t n[257];

	(void)state;
	k = rsa_key(2048, f4, 3);
	assert_int_equal(sk_kbs_jwk_check_public(k), 0);
	json_object_set_new(k, "alg", json_string("RSA1_5"));
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_UNSUPPORTED, "alg RSA1_5");
	json_object_set_new(k, "alg", json_string("RSA-OAEP-256"));
	assert_int_equal(sk_kbs_jwk_check_public(k), 0);
	json_object_set_new(k, "p", json_string("AQAB"));
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_FORMAT, "private member \"p\"");
	json_decref(k);

	k = rsa_key(2047, f4, 3);
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_UNSUPPORTED, "2047 bits");
	json_decref(k);
	k = rsa_key(8193, f4, 3);
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_FORMAT, "n is not");
	json_decref(k);
	k = rsa_key(2048, even, 3);
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_FORMAT, "65536");
	json_decref(k);
	k = rsa_key(2048, one, 1);
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_FORMAT, "exponent 1");
	json_decref(k);
	k = rsa_key(2048, zero_led, 4);
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_FORMAT, "e is not");
	json_decref(k);
	/* the modulus with a leading zero octet */
	k = rsa_key(2048, f4, 3);
	memset(n, 0, sizeof(n));
	assert_int_equal(jose_b64_dec(json_object_get(k, "n"), n + 1, 256), 256);
	json_object_set_new(k, "n", jose_b64_enc(n, 257));
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_FORMAT, "leading zero");
	json_decref(k);
}

static void other_types_refused(void **state)
{
	json_t *k;

	(void)state;
	k = json_pack("{s:s,s:s,s:s}", "kty", "OKP", "crv", "X25519", "x",
		      "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo");
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_UNSUPPORTED, "kty OKP");
	json_decref(k);
	k = json_pack("{s:s,s:s}", "kty", "oct", "k", "AAAA");
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_UNSUPPORTED, "kty oct");
	json_decref(k);
	k = json_pack("{s:i}", "kty", 2);
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_FORMAT, "no kty");
	json_decref(k);
	k = json_string("EC");
	assert_refused(sk_kbs_jwk_check_public(k), SEV_E_FORMAT, "not a JSON object");
	json_decref(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixture_key_passes),
		cmocka_unit_test(fixture_pem_matches_jwk),
		cmocka_unit_test(generated_keys_pass),
		cmocka_unit_test(ec_refusals),
		cmocka_unit_test(rsa_refusals),
		cmocka_unit_test(other_types_refused),
	};

	sev_set_log(kbs_keep_msg, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
