/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The secret envelope, round trip for every key kind, then every way the guest
 * must refuse one: another key, a changed tag, ciphertext, IV, wrapped key or
 * header, another algorithm, extra members. (python3-jwcrypto checks the
 * format itself: jwcrypto-peer.py.)
 */
#include "kbs-test.h"

#include "crypto/secure.h"
#include "kbs/jwe.h"
#include "kbs/jwk.h"

static const uint8_t secret[] = "a resource value \x00\x01\xff with binary bytes";

struct pair {
	json_t *priv, *pub;
};

static struct pair keypair(const char *kind)
{
	struct pair p;

	assert_int_equal(sk_kbs_jwk_generate(kind, &p.priv), 0);
	p.pub = sk_kbs_jwk_public(p.priv);
	return p;
}

static void pair_free(struct pair *p)
{
	json_decref(p->priv);
	json_decref(p->pub);
}

static json_t *encrypt_json(const json_t *pub, const uint8_t *b, size_t n)
{
	char *text;
	json_t *o;

	assert_int_equal(sk_kbs_jwe_encrypt(pub, b, n, &text), 0);
	o = json_loads(text, 0, NULL);
	free(text);
	assert_non_null(o);
	return o;
}

static int decrypt_json(const json_t *priv, const json_t *jwe)
{
	char *text = json_dumps(jwe, JSON_COMPACT);
	uint8_t *out = NULL;
	size_t n = 0;
	int rc = sk_kbs_jwe_decrypt(priv, text, strlen(text), &out, &n);

	if (rc == 0) {
		assert_int_equal(n, sizeof(secret));
		assert_memory_equal(out, secret, n);
	}
	sk_secret_free(out);
	free(text);
	return rc;
}

static void round_trip(void **state)
{
	static const char *const kinds[] = { "P-256", "P-384", "P-521", "RSA" };

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct pair p = keypair(kinds[i]);
		json_t *jwe = encrypt_json(p.pub, secret, sizeof(secret));
		char *text;
		uint8_t *out;
		size_t n;

		assert_int_equal(decrypt_json(p.priv, jwe), 0);
		json_decref(jwe);
		/* an empty secret too */
		assert_int_equal(sk_kbs_jwe_encrypt(p.pub, secret, 0, &text), 0);
		assert_int_equal(sk_kbs_jwe_decrypt(p.priv, text, strlen(text), &out, &n), 0);
		assert_int_equal(n, 0);
		sk_secret_free(out);
		free(text);
		pair_free(&p);
	}
}

static void wrong_key(void **state)
{
	struct pair a = keypair("P-256"), b = keypair("P-256"), r = keypair("RSA"),
		    s = keypair("RSA");
	json_t *jwe;

	(void)state;
	jwe = encrypt_json(a.pub, secret, sizeof(secret));
	assert_refused(decrypt_json(b.priv, jwe), SEV_E_VERIFY, "does not unwrap");
	/* the EC envelope offered to an RSA key: the algorithm does not fit */
	assert_refused(decrypt_json(r.priv, jwe), SEV_E_UNSUPPORTED, "ECDH-ES+A256KW refused");
	/* the public key cannot decrypt */
	assert_refused(decrypt_json(a.pub, jwe), SEV_E_INVALID, "not a private JWK");
	json_decref(jwe);
	jwe = encrypt_json(r.pub, secret, sizeof(secret));
	assert_refused(decrypt_json(s.priv, jwe), SEV_E_VERIFY, "does not decrypt");
	json_decref(jwe);
	pair_free(&a);
	pair_free(&b);
	pair_free(&r);
	pair_free(&s);
}

static void tampered(void **state)
{
	static const char *const kinds[] = { "P-384", "RSA" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct pair p = keypair(kinds[i]);
		json_t *jwe = encrypt_json(p.pub, secret, sizeof(secret)), *t;

		t = json_deep_copy(jwe);
		kbs_flip_b64u(t, "tag", 15);
		assert_refused(decrypt_json(p.priv, t), SEV_E_VERIFY, "tag does not match");
		json_decref(t);
		t = json_deep_copy(jwe);
		kbs_flip_b64u(t, "ciphertext", 3);
		assert_refused(decrypt_json(p.priv, t), SEV_E_VERIFY, "tag does not match");
		json_decref(t);
		t = json_deep_copy(jwe);
		kbs_flip_b64u(t, "iv", 0);
		assert_refused(decrypt_json(p.priv, t), SEV_E_VERIFY, "tag does not match");
		json_decref(t);
		t = json_deep_copy(jwe);
		kbs_flip_b64u(t, "encrypted_key", 20);
		assert_int_equal(decrypt_json(p.priv, t), SEV_E_VERIFY);
		json_decref(t);
		/* the protected header, same meaning, other bytes: it is the AAD */
		t = json_deep_copy(jwe);
		{
			json_t *hdr = jose_b64_dec_load(json_object_get(t, "protected"));
			char *txt = json_dumps(hdr, JSON_INDENT(1));

			json_object_set_new(t, "protected", jose_b64_enc(txt, strlen(txt)));
			free(txt);
			json_decref(hdr);
		}
		assert_refused(decrypt_json(p.priv, t), SEV_E_VERIFY, "tag does not match");
		json_decref(t);
		json_decref(jwe);
		pair_free(&p);
	}
}

/* Set header member name of a JWE (NULL value: delete it). */
static json_t *with_header(const json_t *jwe, const char *name, json_t *value)
{
	json_t *t = json_deep_copy(jwe);
	json_t *hdr = jose_b64_dec_load(json_object_get(t, "protected"));

	if (value)
		json_object_set_new(hdr, name, value);
	else
		json_object_del(hdr, name);
	json_object_set_new(t, "protected", jose_b64_enc_dump(hdr));
	json_decref(hdr);
	return t;
}

static void header_refusals(void **state)
{
	struct pair p = keypair("P-256"), q = keypair("P-384"), r = keypair("RSA");
	json_t *jwe = encrypt_json(p.pub, secret, sizeof(secret));
	json_t *rjwe = encrypt_json(r.pub, secret, sizeof(secret)), *t;

	(void)state;
	t = with_header(rjwe, "alg", json_string("RSA1_5"));
	assert_refused(decrypt_json(r.priv, t), SEV_E_UNSUPPORTED, "alg RSA1_5 refused");
	json_decref(t);
	t = with_header(rjwe, "alg", json_string("RSA-OAEP"));
	assert_refused(decrypt_json(r.priv, t), SEV_E_UNSUPPORTED, "alg RSA-OAEP refused");
	json_decref(t);
	t = with_header(jwe, "alg", json_string("ECDH-ES"));
	assert_refused(decrypt_json(p.priv, t), SEV_E_UNSUPPORTED, "alg ECDH-ES refused");
	json_decref(t);
	t = with_header(jwe, "alg", json_string("dir"));
	assert_refused(decrypt_json(p.priv, t), SEV_E_UNSUPPORTED, "alg dir refused");
	json_decref(t);
	t = with_header(jwe, "enc", json_string("A128GCM"));
	assert_refused(decrypt_json(p.priv, t), SEV_E_UNSUPPORTED, "enc A128GCM refused");
	json_decref(t);
	t = with_header(jwe, "zip", json_string("DEF"));
	assert_refused(decrypt_json(p.priv, t), SEV_E_UNSUPPORTED, "\"zip\"");
	json_decref(t);
	t = with_header(rjwe, "epk", json_deep_copy(p.pub));
	assert_refused(decrypt_json(r.priv, t), SEV_E_UNSUPPORTED, "\"epk\"");
	json_decref(t);
	t = with_header(jwe, "epk", NULL);
	assert_refused(decrypt_json(p.priv, t), SEV_E_FORMAT, "no epk");
	json_decref(t);
	/* epk on another curve, and off the curve */
	t = with_header(jwe, "epk", json_deep_copy(q.pub));
	assert_refused(decrypt_json(p.priv, t), SEV_E_FORMAT, "not an EC key on P-256");
	json_decref(t);
	{
		json_t *hdr = jose_b64_dec_load(json_object_get(jwe, "protected"));
		json_t *epk = json_deep_copy(json_object_get(hdr, "epk"));

		json_decref(hdr);

		kbs_flip_b64u(epk, "x", 5);
		t = with_header(jwe, "epk", epk);
	}
	assert_refused(decrypt_json(p.priv, t), SEV_E_FORMAT, "not on P-256");
	json_decref(t);
	json_decref(jwe);
	json_decref(rjwe);
	pair_free(&p);
	pair_free(&q);
	pair_free(&r);
}

static void shape_refusals(void **state)
{
	struct pair p = keypair("P-256");
	json_t *jwe = encrypt_json(p.pub, secret, sizeof(secret)), *t;
	uint8_t *out;
	size_t n;

	(void)state;
	t = json_deep_copy(jwe);
	json_object_set_new(t, "aad", json_string("AAAA"));
	assert_refused(decrypt_json(p.priv, t), SEV_E_FORMAT, "not a flattened JSON JWE");
	json_decref(t);
	t = json_deep_copy(jwe);
	json_object_del(t, "tag");
	json_object_set_new(t, "header", json_object());
	assert_refused(decrypt_json(p.priv, t), SEV_E_FORMAT, "tag is missing");
	json_decref(t);
	t = json_deep_copy(jwe);
	json_object_set_new(t, "iv", json_string("AAAAAAAAAAAAAAAA")); /* 12 bytes: ok length */
	assert_int_equal(decrypt_json(p.priv, t), SEV_E_VERIFY);
	json_object_set_new(t, "iv", json_string("AAAAAAAA"));
	assert_refused(decrypt_json(p.priv, t), SEV_E_FORMAT, "iv is not 12");
	json_decref(t);
	t = json_deep_copy(jwe);
	json_object_set_new(t, "protected", json_string("e30=")); /* padded "{}" */
	assert_refused(decrypt_json(p.priv, t), SEV_E_FORMAT, "protected is not base64url");
	json_decref(t);
	assert_refused(sk_kbs_jwe_decrypt(p.priv, "{\"protected\":1", 14, &out, &n), SEV_E_FORMAT,
		       "not JSON");
	assert_null(out);
	json_decref(jwe);
	pair_free(&p);
}

static void encrypt_refuses_bad_keys(void **state)
{
	struct pair p = keypair("P-256");
	char *text = NULL;

	(void)state;
	assert_refused(sk_kbs_jwe_encrypt(p.priv, secret, 4, &text), SEV_E_FORMAT, "private");
	json_object_set_new(p.pub, "crv", json_string("P-384"));
	assert_int_equal(sk_kbs_jwe_encrypt(p.pub, secret, 4, &text), SEV_E_FORMAT);
	assert_null(text);
	pair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(wrong_key),
		cmocka_unit_test(tampered),
		cmocka_unit_test(header_refusals),
		cmocka_unit_test(shape_refusals),
		cmocka_unit_test(encrypt_refuses_bad_keys),
	};

	sev_set_log(kbs_keep_msg, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
