/* SPDX-License-Identifier: Apache-2.0 */
/*
 * José (latchset) has no RSA-OAEP-256 and keeps the CEK and plaintext in
 * ordinary heap memory, so the envelope is built here with OpenSSL; José
 * brings base64url and the JWK-to-key conversion.
 */
#include "kbs/jwe.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jose/jose.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "crypto/secure.h"
#include "kbs/jwk.h"
#include "util/log.h"

#define CEK_LEN 32  /* A256GCM */
#define KW_LEN 40   /* AES key wrap of the CEK */
#define IV_LEN 12
#define TAG_LEN 16
#define EK_MAX 1024 /* RSA-8192 */
#define EC_MAX 66   /* P-521 coordinate */

static const char ALG_EC[] = "ECDH-ES+A256KW";
static const char ALG_RSA[] = "RSA-OAEP-256";

/* Concat KDF (RFC 7518 4.6.2): SHA-256 gives the 256-bit KEK in one round. */
static int concat_kdf(const uint8_t *z, size_t zlen, uint8_t kek[32])
{
	static const uint8_t counter[4] = { 0, 0, 0, 1 };
	static const uint8_t alg_len[4] = { 0, 0, 0, sizeof(ALG_EC) - 1 };
	static const uint8_t empty_apu_apv[8] = { 0 };
	static const uint8_t keydatalen[4] = { 0, 0, 1, 0 }; /* 256 bits */
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
		 EVP_DigestUpdate(md, counter, 4) == 1 && EVP_DigestUpdate(md, z, zlen) == 1 &&
		 EVP_DigestUpdate(md, alg_len, 4) == 1 &&
		 EVP_DigestUpdate(md, ALG_EC, sizeof(ALG_EC) - 1) == 1 &&
		 EVP_DigestUpdate(md, empty_apu_apv, 8) == 1 &&
		 EVP_DigestUpdate(md, keydatalen, 4) == 1 &&
		 EVP_DigestFinal_ex(md, kek, NULL) == 1;

	EVP_MD_CTX_free(md);
	return ok ? 0 : sk_fail(SEV_E_CRYPTO, "JWE: Concat KDF failed");
}

static int ecdh(EVP_PKEY *priv, EVP_PKEY *peer, uint8_t *z, size_t *zlen)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, priv, NULL);
	int ok;

	*zlen = EC_MAX;
	ok = ctx && EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, peer) == 1 &&
	     EVP_PKEY_derive(ctx, z, zlen) == 1;
	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : sk_fail(SEV_E_CRYPTO, "JWE: ECDH key agreement failed");
}

/* The KEK from our key and the peer's: ECDH, then the Concat KDF. */
static int ec_kek(EVP_PKEY *priv, EVP_PKEY *peer, uint8_t kek[32])
{
	uint8_t *z = sk_secret_alloc(EC_MAX);
	size_t zlen;
	int rc;

	if (!z)
		return -ENOMEM;
	rc = ecdh(priv, peer, z, &zlen);
	if (rc == 0)
		rc = concat_kdf(z, zlen, kek);
	sk_secret_free(z);
	return rc;
}

/* AES-256 key wrap (RFC 3394); an unwrap whose integrity check fails is SEV_E_VERIFY. */
static int aes_kw(bool wrap, const uint8_t kek[32], const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0, fin = 0, ok;

	if (!c)
		return -ENOMEM;
	EVP_CIPHER_CTX_set_flags(c, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	ok = EVP_CipherInit_ex(c, EVP_aes_256_wrap(), NULL, kek, NULL, wrap) == 1 &&
	     EVP_CipherUpdate(c, out, &n, in, (int)len) == 1 &&
	     EVP_CipherFinal_ex(c, out + n, &fin) == 1 &&
	     (size_t)(n + fin) == (wrap ? len + 8 : len - 8);
	EVP_CIPHER_CTX_free(c);
	if (ok)
		return 0;
	return wrap ? sk_fail(SEV_E_CRYPTO, "JWE: AES key wrap failed")
		    : sk_fail(SEV_E_VERIFY, "JWE: the content key does not unwrap");
}

static EVP_PKEY_CTX *oaep_ctx(EVP_PKEY *key, bool enc)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);

	if (ctx && (enc ? EVP_PKEY_encrypt_init(ctx) : EVP_PKEY_decrypt_init(ctx)) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
	    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) == 1 &&
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1)
		return ctx;
	EVP_PKEY_CTX_free(ctx);
	return NULL;
}

/* AES-256-GCM; the AAD is the protected header's base64url text (RFC 7516 5.1). */
static int gcm(bool enc, const uint8_t *cek, const uint8_t *iv, const char *aad, size_t aad_len,
	       const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0, fin = 0, ok;

	if (!c)
		return -ENOMEM;
	ok = EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL, enc) == 1 &&
	     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, IV_LEN, NULL) == 1 &&
	     EVP_CipherInit_ex(c, NULL, NULL, cek, iv, enc) == 1 &&
	     EVP_CipherUpdate(c, NULL, &n, (const uint8_t *)aad, (int)aad_len) == 1 &&
	     (len == 0 || EVP_CipherUpdate(c, out, &n, in, (int)len) == 1) &&
	     (enc || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG_LEN, tag) == 1);
	if (ok)
		ok = EVP_CipherFinal_ex(c, out + (len ? n : 0), &fin) == 1 ? 1 : -1;
	if (ok == 1 && enc)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG_LEN, tag) == 1;
	EVP_CIPHER_CTX_free(c);
	if (ok == 1)
		return 0;
	if (ok == -1 && !enc)
		return sk_fail(SEV_E_VERIFY, "JWE: the authentication tag does not match");
	return sk_fail(SEV_E_CRYPTO, "JWE: AES-256-GCM failed");
}

/* ---- encryption (the broker) ---- */

static json_t *epk_json(EVP_PKEY *eph, const char *crv)
{
	size_t clen = sk_kbs_curve_len(crv);
	uint8_t x[EC_MAX], y[EC_MAX];
	BIGNUM *bx = NULL, *by = NULL;
	json_t *epk = NULL;

	if (EVP_PKEY_get_bn_param(eph, OSSL_PKEY_PARAM_EC_PUB_X, &bx) == 1 &&
	    EVP_PKEY_get_bn_param(eph, OSSL_PKEY_PARAM_EC_PUB_Y, &by) == 1 &&
	    BN_bn2binpad(bx, x, (int)clen) == (int)clen &&
	    BN_bn2binpad(by, y, (int)clen) == (int)clen)
		epk = json_pack("{s:s,s:s,s:o,s:o}", "crv", crv, "kty", "EC",
				"x", jose_b64_enc(x, clen), "y", jose_b64_enc(y, clen));
	BN_free(bx);
	BN_free(by);
	return epk;
}

/* A fresh ephemeral key on the recipient's curve wraps the CEK; its public half goes in epk. */
static int wrap_ec(const json_t *pub, const uint8_t *cek, json_t *hdr, uint8_t *ek, size_t *eklen)
{
	const char *crv = json_string_value(json_object_get(pub, "crv"));
	EVP_PKEY *peer = sk_kbs_jwk_pkey(pub);
	EVP_PKEY *eph = peer ? EVP_PKEY_Q_keygen(NULL, NULL, "EC", crv) : NULL;
	uint8_t *kek = sk_secret_alloc(32);
	json_t *epk = NULL;
	int rc = SEV_E_CRYPTO;

	if (!kek)
		rc = -ENOMEM;
	else if (peer && eph && (rc = ec_kek(eph, peer, kek)) == 0 &&
		 (rc = aes_kw(true, kek, cek, CEK_LEN, ek)) == 0) {
		epk = epk_json(eph, crv);
		rc = epk && json_object_set_new(hdr, "alg", json_string(ALG_EC)) == 0 &&
		     json_object_set_new(hdr, "epk", epk) == 0 ? 0 : SEV_E_CRYPTO;
		*eklen = KW_LEN;
	}
	sk_secret_free(kek);
	EVP_PKEY_free(eph);
	EVP_PKEY_free(peer);
	return rc;
}

static int wrap_rsa(const json_t *pub, const uint8_t *cek, json_t *hdr, uint8_t *ek, size_t *eklen)
{
	EVP_PKEY *key = sk_kbs_jwk_pkey(pub);
	EVP_PKEY_CTX *ctx = key ? oaep_ctx(key, true) : NULL;
	int ok;

	*eklen = EK_MAX;
	ok = ctx && EVP_PKEY_encrypt(ctx, ek, eklen, cek, CEK_LEN) == 1 &&
	     json_object_set_new(hdr, "alg", json_string(ALG_RSA)) == 0;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(key);
	return ok ? 0 : sk_fail(SEV_E_CRYPTO, "JWE: RSA-OAEP-256 encryption failed");
}

/* The flattened JSON serialisation, every member base64url. */
static int assemble(const char *prot, const uint8_t *ek, size_t eklen, const uint8_t *iv,
		    const uint8_t *ct, size_t ctlen, const uint8_t *tag, char **jwe)
{
	json_t *o = json_pack("{s:s,s:o,s:o,s:o,s:o}", "protected", prot,
			      "encrypted_key", jose_b64_enc(ek, eklen),
			      "iv", jose_b64_enc(iv, IV_LEN),
			      "ciphertext", jose_b64_enc(ct, ctlen),
			      "tag", jose_b64_enc(tag, TAG_LEN));

	*jwe = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return *jwe ? 0 : -ENOMEM;
}

static int seal(const json_t *hdr, const uint8_t *cek, const uint8_t *ek, size_t eklen,
		const uint8_t *secret, size_t len, char **jwe)
{
	char *hdr_text = json_dumps(hdr, JSON_COMPACT | JSON_SORT_KEYS);
	json_t *prot = hdr_text ? jose_b64_enc(hdr_text, strlen(hdr_text)) : NULL;
	uint8_t iv[IV_LEN], tag[TAG_LEN];
	uint8_t *ct = malloc(len ? len : 1);
	int rc = -ENOMEM;

	if (prot && ct && (rc = sk_random(iv, IV_LEN)) == 0 &&
	    (rc = gcm(true, cek, iv, json_string_value(prot), json_string_length(prot), secret, len,
		      ct, tag)) == 0)
		rc = assemble(json_string_value(prot), ek, eklen, iv, ct, len, tag, jwe);
	free(ct);
	json_decref(prot);
	free(hdr_text);
	return rc;
}

int sk_kbs_jwe_encrypt(const json_t *public_jwk, const uint8_t *secret, size_t len, char **jwe)
{
	uint8_t ek[EK_MAX];
	size_t eklen = 0;
	uint8_t *cek;
	json_t *hdr;
	int rc;

	*jwe = NULL;
	rc = sk_kbs_jwk_check_public(public_jwk);
	if (rc)
		return rc;
	if (len > SK_KBS_JWE_MAX / 2)
		return sk_fail(SEV_E_TOOBIG, "JWE: a secret of %zu bytes is too large", len);
	cek = sk_secret_alloc(CEK_LEN);
	hdr = json_pack("{s:s}", "enc", "A256GCM");
	if (!cek || !hdr)
		rc = -ENOMEM;
	else if ((rc = sk_random(cek, CEK_LEN)) == 0) {
		bool ec = strcmp(json_string_value(json_object_get(public_jwk, "kty")), "EC") == 0;

		rc = ec ? wrap_ec(public_jwk, cek, hdr, ek, &eklen)
			: wrap_rsa(public_jwk, cek, hdr, ek, &eklen);
		if (rc == 0)
			rc = seal(hdr, cek, ek, eklen, secret, len, jwe);
	}
	json_decref(hdr);
	sk_secret_free(cek);
	return rc;
}

/* ---- decryption (the guest) ---- */

static int check_epk(const json_t *epk, const char *crv)
{
	const char *kty = json_string_value(json_object_get(epk, "kty"));
	const char *ecrv = json_string_value(json_object_get(epk, "crv"));

	if (!json_is_object(epk))
		return sk_fail(SEV_E_FORMAT, "JWE: the header has no epk object");
	if (!kty || strcmp(kty, "EC") != 0 || !ecrv || strcmp(ecrv, crv) != 0)
		return sk_fail(SEV_E_FORMAT, "JWE: epk is not an EC key on %s", crv);
	return sk_kbs_jwk_check_public(epk);
}

/* Exactly {alg, enc[, epk]} with the algorithm that fits the key kind. */
static int check_header(const json_t *hdr, const json_t *key)
{
	const char *kty = json_string_value(json_object_get(key, "kty"));
	bool ec = kty && strcmp(kty, "EC") == 0;
	const char *alg = json_string_value(json_object_get(hdr, "alg"));
	const char *enc = json_string_value(json_object_get(hdr, "enc"));
	const char *member;
	void *it;

	if (!json_is_object(hdr))
		return sk_fail(SEV_E_FORMAT, "JWE: the protected header is not a JSON object");
	if (!alg || !enc)
		return sk_fail(SEV_E_FORMAT, "JWE: the header lacks alg or enc");
	if (strcmp(alg, ec ? ALG_EC : ALG_RSA) != 0)
		return sk_fail(SEV_E_UNSUPPORTED, "JWE: alg %.32s refused for a%s key (only %s)",
			       alg, ec ? "n EC" : " RSA", ec ? ALG_EC : ALG_RSA);
	if (strcmp(enc, "A256GCM") != 0)
		return sk_fail(SEV_E_UNSUPPORTED, "JWE: enc %.32s refused (only A256GCM)", enc);
	json_object_foreach((json_t *)hdr, member, it) {
		(void)it;
		if (strcmp(member, "alg") != 0 && strcmp(member, "enc") != 0 &&
		    (!ec || strcmp(member, "epk") != 0))
			return sk_fail(SEV_E_UNSUPPORTED, "JWE: header member \"%.32s\" is not "
				       "accepted", member);
	}
	return ec ? check_epk(json_object_get(hdr, "epk"),
			      json_string_value(json_object_get(key, "crv")))
		  : 0;
}

static int unwrap_ec(const json_t *key, const json_t *hdr, const uint8_t *ek, size_t eklen,
		     uint8_t *cek)
{
	EVP_PKEY *priv, *peer;
	uint8_t *kek;
	int rc;

	if (eklen != KW_LEN)
		return sk_fail(SEV_E_FORMAT, "JWE: encrypted_key is %zu bytes, not %d", eklen,
			       KW_LEN);
	priv = sk_kbs_jwk_pkey(key);
	peer = priv ? sk_kbs_jwk_pkey(json_object_get(hdr, "epk")) : NULL;
	kek = sk_secret_alloc(32);
	rc = !kek ? -ENOMEM : !peer ? SEV_E_FORMAT : ec_kek(priv, peer, kek);
	if (rc == 0)
		rc = aes_kw(false, kek, ek, eklen, cek);
	sk_secret_free(kek);
	EVP_PKEY_free(peer);
	EVP_PKEY_free(priv);
	return rc;
}

static int unwrap_rsa(const json_t *key, const uint8_t *ek, size_t eklen, uint8_t *cek)
{
	EVP_PKEY *priv = sk_kbs_jwk_pkey(key);
	EVP_PKEY_CTX *ctx = priv ? oaep_ctx(priv, false) : NULL;
	size_t max = priv ? (size_t)EVP_PKEY_get_size(priv) : 0, n = max;
	uint8_t *out = max ? sk_secret_alloc(max) : NULL;
	int rc = SEV_E_FORMAT;

	if (ctx && out) {
		rc = eklen == max && EVP_PKEY_decrypt(ctx, out, &n, ek, eklen) == 1 && n == CEK_LEN
			     ? 0 : sk_fail(SEV_E_VERIFY, "JWE: the content key does not decrypt");
		if (rc == 0)
			memcpy(cek, out, CEK_LEN);
	}
	sk_secret_free(out);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(priv);
	return rc;
}

/* The members of the flattened serialisation, decoded and checked. */
struct parts {
	const char *prot;
	size_t prot_len;
	json_t *hdr;
	uint8_t ek[EK_MAX], iv[IV_LEN], tag[TAG_LEN];
	size_t eklen;
	uint8_t *ct;
	size_t ctlen;
};

static int parse(const json_t *root, struct parts *p)
{
	static const char *const members[] = { "protected", "encrypted_key", "iv", "ciphertext",
					       "tag" };
	const json_t *prot = json_object_get(root, "protected");
	const json_t *ct = json_object_get(root, "ciphertext");
	uint8_t *hdr_text;
	size_t n;

	if (!json_is_object(root) || json_object_size(root) != 5)
		return sk_fail(SEV_E_FORMAT, "JWE: not a flattened JSON JWE of exactly %s",
			       "protected, encrypted_key, iv, ciphertext, tag");
	for (size_t i = 0; i < 5; i++)
		if (!json_is_string(json_object_get(root, members[i])))
			return sk_fail(SEV_E_FORMAT, "JWE: %s is missing or not a string",
				       members[i]);
	p->prot = json_string_value(prot);
	p->prot_len = json_string_length(prot);
	if (sk_kbs_b64u_decode(p->prot, p->prot_len, &hdr_text, &n) != 0)
		return sk_fail(SEV_E_FORMAT, "JWE: protected is not base64url");
	p->hdr = json_loadb((const char *)hdr_text, n, JSON_REJECT_DUPLICATES, NULL);
	free(hdr_text);
	if (!p->hdr)
		return sk_fail(SEV_E_FORMAT, "JWE: the protected header is not JSON");
	if (sk_kbs_b64u_member(root, "iv", p->iv, IV_LEN, &n) != 0 || n != IV_LEN)
		return sk_fail(SEV_E_FORMAT, "JWE: iv is not %d base64url bytes", IV_LEN);
	if (sk_kbs_b64u_member(root, "tag", p->tag, TAG_LEN, &n) != 0 || n != TAG_LEN)
		return sk_fail(SEV_E_FORMAT, "JWE: tag is not %d base64url bytes", TAG_LEN);
	if (sk_kbs_b64u_member(root, "encrypted_key", p->ek, EK_MAX, &p->eklen) != 0)
		return sk_fail(SEV_E_FORMAT,
			       "JWE: encrypted_key is not base64url (at most %d bytes)", EK_MAX);
	if (sk_kbs_b64u_decode(json_string_value(ct), json_string_length(ct), &p->ct, &p->ctlen))
		return sk_fail(SEV_E_FORMAT, "JWE: ciphertext is not base64url");
	return 0;
}

static int check_private(const json_t *key)
{
	const char *kty = json_string_value(json_object_get(key, "kty"));

	if (!json_is_string(json_object_get(key, "d")))
		return sk_fail(SEV_E_INVALID, "JWE: the decryption key is not a private JWK");
	if (kty && strcmp(kty, "RSA") == 0)
		return 0;
	if (kty && strcmp(kty, "EC") == 0 &&
	    sk_kbs_curve_len(json_string_value(json_object_get(key, "crv"))))
		return 0;
	return sk_fail(SEV_E_UNSUPPORTED, "JWE: the decryption key is not EC (P-256/384/521) "
		       "or RSA");
}

static int open_parts(const json_t *key, struct parts *p, uint8_t **secret, size_t *len)
{
	bool ec = strcmp(json_string_value(json_object_get(key, "kty")), "EC") == 0;
	uint8_t *cek = sk_secret_alloc(CEK_LEN);
	uint8_t *pt = sk_secret_alloc(p->ctlen ? p->ctlen : 1);
	int rc = -ENOMEM;

	if (cek && pt) {
		rc = ec ? unwrap_ec(key, p->hdr, p->ek, p->eklen, cek)
			: unwrap_rsa(key, p->ek, p->eklen, cek);
		if (rc == 0)
			rc = gcm(false, cek, p->iv, p->prot, p->prot_len, p->ct, p->ctlen, pt,
				 p->tag);
	}
	sk_secret_free(cek);
	if (rc == 0) {
		*secret = pt;
		*len = p->ctlen;
	} else {
		sk_secret_free(pt);
	}
	return rc;
}

int sk_kbs_jwe_decrypt(const json_t *private_jwk, const char *jwe, size_t jwe_len,
		       uint8_t **secret, size_t *len)
{
	struct parts p = { 0 };
	json_t *root;
	int rc;

	*secret = NULL;
	*len = 0;
	rc = check_private(private_jwk);
	if (rc)
		return rc;
	if (jwe_len > SK_KBS_JWE_MAX)
		return sk_fail(SEV_E_TOOBIG, "JWE: %zu bytes (at most %u)", jwe_len,
			       SK_KBS_JWE_MAX);
	root = json_loadb(jwe, jwe_len, JSON_REJECT_DUPLICATES, NULL);
	if (!root)
		return sk_fail(SEV_E_FORMAT, "JWE: not JSON");
	rc = parse(root, &p);
	if (rc == 0)
		rc = check_header(p.hdr, private_jwk);
	if (rc == 0)
		rc = open_parts(private_jwk, &p, secret, len);
	free(p.ct);
	json_decref(p.hdr);
	json_decref(root);
	return rc;
}
