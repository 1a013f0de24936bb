/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attestation token: RFC 7515's own ES256 example verifies, a token signed
 * with trustee's fixture key verifies with trustee's published JWKS, the EAR
 * claims carry trustee's test report, and refused tokens are refused.
 */
#include "kbs-test.h"

#include <openssl/pem.h>

#include <jose/openssl.h>

#include "kbs/jwk.h"
#include "kbs/token.h"

/* RFC 7515 appendix A.3: the ES256 example JWS and the public key that verifies it. */
static const char rfc_jws[] =
	"eyJhbGciOiJFUzI1NiJ9"
	".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0"
	"cnVlfQ"
	".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
static const char rfc_x[] = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
static const char rfc_y[] = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

static void rfc7515_example(void **state)
{
	json_t *k = json_pack("{s:s,s:s,s:s,s:s}", "kty", "EC", "crv", "P-256", "x", rfc_x,
			      "y", rfc_y);
	json_t *claims = NULL;
	char bad[sizeof(rfc_jws)];

	(void)state;
	assert_int_equal(sk_kbs_token_verify(k, rfc_jws, 1300819000, &claims), 0);
	assert_string_equal(json_string_value(json_object_get(claims, "iss")), "joe");
	json_decref(claims);
	/* exp 1300819380 has passed */
	assert_refused(sk_kbs_token_verify(k, rfc_jws, 1300819380, &claims), SEV_E_VERIFY,
		       "expired");
	assert_null(claims);
	/* one signature bit */
	memcpy(bad, rfc_jws, sizeof(bad));
	bad[sizeof(bad) - 3] = bad[sizeof(bad) - 3] == 'A' ? 'B' : 'A';
	assert_refused(sk_kbs_token_verify(k, bad, 1300819000, &claims), SEV_E_VERIFY,
		       "does not verify");
	json_decref(k);
}

static json_t *fixture_private(void)
{
	size_t len;
	uint8_t *pem = test_vector("kbs/jose/as-TESTONLY-signing-key.pem", &len);
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	json_t *jwk = jose_openssl_jwk_from_EVP_PKEY(NULL, pkey);

	assert_non_null(jwk);
	EVP_PKEY_free(pkey);
	BIO_free(bio);
	free(pem);
	return jwk;
}

/* trustee's expected JWKS entry, as published (alg ES256, x5c) */
static json_t *fixture_public(void)
{
	json_t *set = kbs_json_vector("kbs/jose/as-expected-jwks.json");
	json_t *k = json_incref(json_array_get(json_object_get(set, "keys"), 0));

	json_decref(set);
	return k;
}

static json_t *tee_key(void)
{
	json_t *priv, *pub;

	assert_int_equal(sk_kbs_jwk_generate("P-256", &priv), 0);
	pub = sk_kbs_jwk_public(priv);
	json_decref(priv);
	return pub;
}

static json_t *ear(int64_t now, int64_t ttl, json_t *tee)
{
	size_t len;
	uint8_t *report = test_vector("kbs/jose/test-report.bin", &len);
	json_t *claims;

	assert_int_equal(sk_kbs_ear_claims(report, len, tee, NULL, now, ttl, &claims), 0);
	free(report);
	return claims;
}

static void ear_claims_of_trustee_report(void **state)
{
	json_t *tee = tee_key(), *claims = ear(1000, 300, tee), *got;
	const json_t *cpu0 = json_object_get(json_object_get(claims, "submods"), "cpu0");
	const json_t *snp = json_object_get(json_object_get(cpu0, "ear.veraison.annotated-evidence"),
					    "snp");
	uint8_t report[1184];
	size_t len;
	uint8_t *want = test_vector("kbs/jose/test-report.bin", &len);

	(void)state;
	assert_string_equal(json_string_value(json_object_get(claims, "eat_profile")),
			    SK_KBS_EAR_PROFILE);
	assert_int_equal(json_integer_value(json_object_get(claims, "exp")), 1300);
	assert_string_equal(json_string_value(json_object_get(cpu0, "ear.status")), "affirming");
	/* trustee's MANIFEST: policy 0x3001F, chip_id c38427a3...77524e, report_data ec6c52d7... */
	assert_string_equal(json_string_value(json_object_get(snp, "policy")), "000000000003001f");
	assert_int_equal(strncmp(json_string_value(json_object_get(snp, "chip_id")), "c38427a3", 8),
			 0);
	assert_non_null(strstr(json_string_value(json_object_get(snp, "chip_id")), "77524e"));
	assert_int_equal(strncmp(json_string_value(json_object_get(snp, "report_data")), "ec6c52d7",
				 8), 0);
	assert_int_equal(sk_kbs_ear_extract(claims, report, &got), 0);
	assert_memory_equal(report, want, sizeof(report));
	assert_true(json_equal(got, tee));
	json_decref(got);
	/* a verdict other than affirming releases nothing */
	json_object_set_new((json_t *)cpu0, "ear.status", json_string("contraindicated"));
	assert_refused(sk_kbs_ear_extract(claims, report, &got), SEV_E_VERIFY, "contraindicated");
	json_object_set_new((json_t *)cpu0, "ear.status", json_string("affirming"));
	json_object_set_new((json_t *)snp, "report", json_string("AAAA"));
	assert_refused(sk_kbs_ear_extract(claims, report, &got), SEV_E_FORMAT, "1184");
	/* a report of the wrong size and a bad key are refused when the claims are made */
	assert_int_equal(sk_kbs_ear_claims(want, 1000, tee, NULL, 0, 1, &got), SEV_E_FORMAT);
	json_object_set_new(tee, "d", json_string("AAAA"));
	assert_int_equal(sk_kbs_ear_claims(want, len, tee, NULL, 0, 1, &got), SEV_E_FORMAT);
	assert_int_equal(sk_kbs_ear_claims(want, len, tee, NULL, 0, 0, &got), SEV_E_INVALID);
	free(want);
	json_decref(claims);
	json_decref(tee);
}

static void fixture_key_signs(void **state)
{
	json_t *priv = fixture_private(), *pub = fixture_public(), *tee = tee_key();
	json_t *claims = ear(2000, 300, tee), *back = NULL, *other, *op;
	char *jwt;

	(void)state;
	assert_int_equal(sk_kbs_token_sign(priv, claims, &jwt), 0);
	assert_int_equal(sk_kbs_token_verify(pub, jwt, 2000, &back), 0);
	assert_true(json_equal(back, claims));
	json_decref(back);
	/* expiry at exactly exp, iat beyond the skew */
	assert_refused(sk_kbs_token_verify(pub, jwt, 2300, &back), SEV_E_VERIFY, "expired");
	assert_int_equal(sk_kbs_token_verify(pub, jwt, 2000 - SK_KBS_TOKEN_SKEW, &back), 0);
	json_decref(back);
	assert_refused(sk_kbs_token_verify(pub, jwt, 2000 - SK_KBS_TOKEN_SKEW - 1, &back),
		       SEV_E_VERIFY, "future");
	/* another broker's key */
	assert_int_equal(sk_kbs_jwk_generate("P-256", &other), 0);
	op = sk_kbs_jwk_public(other);
	assert_refused(sk_kbs_token_verify(op, jwt, 2000, &back), SEV_E_VERIFY, "does not verify");
	/* signing needs the private key; an RSA or P-384 broker key is refused */
	assert_refused(sk_kbs_token_sign(pub, claims, &(char *){ NULL }), SEV_E_INVALID,
		       "no private part");
	json_object_set_new(op, "crv", json_string("P-384"));
	assert_refused(sk_kbs_token_verify(op, jwt, 2000, &back), SEV_E_INVALID, "P-256");
	free(jwt);
	json_decref(op);
	json_decref(other);
	json_decref(claims);
	json_decref(tee);
	json_decref(pub);
	json_decref(priv);
}

static char *b64u(const char *s)
{
	json_t *j = jose_b64_enc(s, strlen(s));
	char *r = strdup(json_string_value(j));

	json_decref(j);
	return r;
}

/* header.payload.signature with the given header and payload texts and signature part */
static char *forge(const char *hdr, const char *payload, const char *sig)
{
	char *h = b64u(hdr), *p = b64u(payload), *t;

	assert_true(asprintf(&t, "%s.%s.%s", h, p, sig) > 0);
	free(h);
	free(p);
	return t;
}

static void refused_tokens(void **state)
{
	json_t *k = json_pack("{s:s,s:s,s:s,s:s}", "kty", "EC", "crv", "P-256", "x", rfc_x,
			      "y", rfc_y);
	json_t *c = NULL;
	const char *sig = strrchr(rfc_jws, '.') + 1;
	char *t;

	(void)state;
	t = forge("{\"alg\":\"none\"}", "{\"exp\":9999999999}", "");
	assert_refused(sk_kbs_token_verify(k, t, 0, &c), SEV_E_FORMAT, "three parts");
	free(t);
	t = forge("{\"alg\":\"none\"}", "{\"exp\":9999999999}", "AA");
	assert_refused(sk_kbs_token_verify(k, t, 0, &c), SEV_E_VERIFY, "alg none refused");
	free(t);
	t = forge("{\"alg\":\"HS256\"}", "{\"exp\":9999999999}", sig);
	assert_refused(sk_kbs_token_verify(k, t, 0, &c), SEV_E_VERIFY, "alg HS256 refused");
	free(t);
	t = forge("{\"alg\":\"ES384\"}", "{\"exp\":9999999999}", sig);
	assert_refused(sk_kbs_token_verify(k, t, 0, &c), SEV_E_VERIFY, "alg ES384 refused");
	free(t);
	t = forge("{\"alg\":\"ES256\",\"crit\":[\"x\"],\"x\":1}", "{}", sig);
	assert_refused(sk_kbs_token_verify(k, t, 0, &c), SEV_E_VERIFY, "\"crit\" refused");
	free(t);
	/* the RFC's payload with a later exp keeps the RFC's signature: refused */
	t = forge("{\"alg\":\"ES256\"}", "{\"iss\":\"joe\",\"exp\":9999999999}", sig);
	assert_refused(sk_kbs_token_verify(k, t, 0, &c), SEV_E_VERIFY, "does not verify");
	free(t);
	assert_refused(sk_kbs_token_verify(k, "a.b.c.d", 0, &c), SEV_E_FORMAT, "three parts");
	assert_refused(sk_kbs_token_verify(k, "a..c", 0, &c), SEV_E_FORMAT, "three parts");
	assert_null(c);
	json_decref(k);
}

/* nbf in the future, and a token without exp, signed with a key of our own */
static void time_claims(void **state)
{
	json_t *priv, *pub, *c = NULL, *claims;
	char *jwt;

	(void)state;
	assert_int_equal(sk_kbs_jwk_generate("P-256", &priv), 0);
	/* the alg that sk_kbs_jwk_generate names (ECDH-ES+A256KW) does not stop ES256 */
	pub = sk_kbs_jwk_public(priv);
	claims = json_pack("{s:i,s:i}", "exp", 5000, "nbf", 1100);
	assert_int_equal(sk_kbs_token_sign(priv, claims, &jwt), 0);
	assert_refused(sk_kbs_token_verify(pub, jwt, 1000, &c), SEV_E_VERIFY, "not valid before");
	assert_int_equal(sk_kbs_token_verify(pub, jwt, 1040, &c), 0);
	json_decref(c);
	free(jwt);
	json_object_del(claims, "exp");
	assert_int_equal(sk_kbs_token_sign(priv, claims, &jwt), 0);
	assert_refused(sk_kbs_token_verify(pub, jwt, 1200, &c), SEV_E_VERIFY, "no integer exp");
	free(jwt);
	json_decref(claims);
	json_decref(pub);
	json_decref(priv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc7515_example),
		cmocka_unit_test(ear_claims_of_trustee_report),
		cmocka_unit_test(fixture_key_signs),
		cmocka_unit_test(refused_tokens),
		cmocka_unit_test(time_claims),
	};

	sev_set_log(kbs_keep_msg, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
