/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/pkey.h"

#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "crypto/secure.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"

struct sk_key {
	EVP_PKEY *pkey;
};

struct sk_key *sk_key_wrap(EVP_PKEY *pkey)
{
	struct sk_key *k = calloc(1, sizeof(*k));

	if (k)
		k->pkey = pkey;
	else
		EVP_PKEY_free(pkey);
	return k;
}

EVP_PKEY *sk_key_pkey(const struct sk_key *key)
{
	return key->pkey;
}

void sk_key_free(struct sk_key *key)
{
	if (!key)
		return;
	EVP_PKEY_free(key->pkey);
	free(key);
}

static const char *curve_name(enum sk_curve curve)
{
	return curve == SK_P256 ? "P-256" : "P-384";
}

size_t sk_curve_len(enum sk_curve curve)
{
	return curve == SK_P256 ? 32 : 48;
}

static int from_params(const char *type, OSSL_PARAM_BLD *bld, int selection, struct sk_key **key)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *pkey = NULL;
	int ok = params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
		 EVP_PKEY_fromdata(ctx, &pkey, selection, params) == 1;

	OSSL_PARAM_free(params);
	EVP_PKEY_CTX_free(ctx);
	if (!ok) {
		EVP_PKEY_free(pkey);
		return SEV_E_FORMAT;
	}
	*key = sk_key_wrap(pkey);
	return *key ? 0 : -ENOMEM;
}

int sk_ec_from_xy(enum sk_curve curve, const uint8_t *x, const uint8_t *y, struct sk_key **key)
{
	size_t n = sk_curve_len(curve);
	uint8_t point[1 + 2 * SK_EC_MAX];
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *check = NULL;
	int rc = SEV_E_FORMAT;

	point[0] = 0x04; /* uncompressed */
	memcpy(point + 1, x, n);
	memcpy(point + 1 + n, y, n);
	if (bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
						   curve_name(curve), 0) == 1 &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, 1 + 2 * n) == 1)
		rc = from_params("EC", bld, EVP_PKEY_PUBLIC_KEY, key);
	OSSL_PARAM_BLD_free(bld);
	if (rc)
		return sk_fail(rc, "EC public key is not a valid %s point", curve_name(curve));
	check = EVP_PKEY_CTX_new_from_pkey(NULL, (*key)->pkey, NULL);
	if (!check || EVP_PKEY_public_check(check) != 1) {
		sk_key_free(*key);
		*key = NULL;
		rc = sk_fail(SEV_E_FORMAT, "EC public key is not on curve %s", curve_name(curve));
	}
	EVP_PKEY_CTX_free(check);
	return rc;
}

int sk_ec_generate(enum sk_curve curve, struct sk_key **key)
{
	EVP_PKEY *pkey;

	sk_secure_heap_init(); /* the private scalar goes to locked memory */
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve_name(curve));

	if (!pkey)
		return sk_fail(SEV_E_CRYPTO, "%s key generation failed", curve_name(curve));
	*key = sk_key_wrap(pkey);
	return *key ? 0 : -ENOMEM;
}

int sk_key_is_ec(const struct sk_key *key, enum sk_curve curve)
{
	char group[32];

	if (EVP_PKEY_get_base_id(key->pkey) != EVP_PKEY_EC)
		return 0;
	if (EVP_PKEY_get_utf8_string_param(key->pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
					   sizeof(group), NULL) != 1)
		return 0;
	return strcmp(group, curve == SK_P256 ? "prime256v1" : "secp384r1") == 0 ||
	       strcmp(group, curve_name(curve)) == 0;
}

int sk_ec_get_xy(const struct sk_key *key, enum sk_curve curve, uint8_t *x, uint8_t *y)
{
	BIGNUM *bx = NULL, *by = NULL;
	int n = (int)sk_curve_len(curve), ok;

	ok = sk_key_is_ec(key, curve) &&
	     EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_EC_PUB_X, &bx) == 1 &&
	     EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &by) == 1 &&
	     BN_bn2binpad(bx, x, n) == n && BN_bn2binpad(by, y, n) == n;
	BN_free(bx);
	BN_free(by);
	return ok ? 0 : sk_fail(SEV_E_INVALID, "not a %s key", curve_name(curve));
}

int sk_ecdh(const struct sk_key *priv, const struct sk_key *peer, uint8_t *secret)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, priv->pkey, NULL);
	size_t len = SK_EC_MAX;
	int ok = ctx && EVP_PKEY_derive_init(ctx) == 1 &&
		 EVP_PKEY_derive_set_peer(ctx, peer->pkey) == 1 &&
		 EVP_PKEY_derive(ctx, secret, &len) == 1;

	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : sk_fail(SEV_E_CRYPTO, "ECDH key agreement failed");
}

static int ecdsa_sig_der(const uint8_t *r, const uint8_t *s, size_t n, uint8_t **der, int *len)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *br = BN_bin2bn(r, (int)n, NULL), *bs = BN_bin2bn(s, (int)n, NULL);

	*der = NULL;
	if (!sig || !br || !bs || ECDSA_SIG_set0(sig, br, bs) != 1) {
		BN_free(br);
		BN_free(bs);
		ECDSA_SIG_free(sig);
		return SEV_E_CRYPTO;
	}
	*len = i2d_ECDSA_SIG(sig, der);
	ECDSA_SIG_free(sig);
	return *len > 0 ? 0 : SEV_E_CRYPTO;
}

static int curve_of(const struct sk_key *key, enum sk_curve *curve)
{
	if (sk_key_is_ec(key, SK_P384))
		*curve = SK_P384;
	else if (sk_key_is_ec(key, SK_P256))
		*curve = SK_P256;
	else
		return sk_fail(SEV_E_INVALID, "not an EC P-256/P-384 key");
	return 0;
}

int sk_ecdsa_verify_der(const struct sk_key *pub, enum sk_hash_alg alg, const void *msg,
			size_t len, const uint8_t *sig, size_t sig_len)
{
	EVP_MD_CTX *md;
	enum sk_curve curve;
	int rc = curve_of(pub, &curve), v;

	if (rc)
		return rc;
	md = EVP_MD_CTX_new();
	if (!md || EVP_DigestVerifyInit_ex(md, NULL, EVP_MD_get0_name(sk_hash_md(alg)), NULL, NULL,
					   pub->pkey, NULL) != 1) {
		EVP_MD_CTX_free(md);
		return sk_fail(SEV_E_CRYPTO, "ECDSA verify init failed");
	}
	v = EVP_DigestVerify(md, sig, sig_len, msg, len);
	EVP_MD_CTX_free(md);
	return v == 1 ? 0 : SEV_E_VERIFY;
}

int sk_ecdsa_verify(const struct sk_key *pub, enum sk_hash_alg alg, const void *msg,
		    size_t len, const uint8_t *r, const uint8_t *s)
{
	enum sk_curve curve;
	uint8_t *der = NULL;
	int der_len = 0, rc;

	rc = curve_of(pub, &curve);
	if (rc)
		return rc;
	rc = ecdsa_sig_der(r, s, sk_curve_len(curve), &der, &der_len);
	if (rc)
		return sk_fail(rc, "cannot encode ECDSA signature");
	rc = sk_ecdsa_verify_der(pub, alg, msg, len, der, (size_t)der_len);
	OPENSSL_free(der);
	return rc;
}

struct sk_ecdsa_verifier {
	EVP_PKEY_CTX *ctx;
	enum sk_hash_alg alg;
	size_t n; /* coordinate size */
};

int sk_ecdsa_verifier_new(const struct sk_key *pub, enum sk_hash_alg alg,
			  struct sk_ecdsa_verifier **v)
{
	enum sk_curve curve = SK_P384;
	int rc = curve_of(pub, &curve);

	if (rc)
		return rc;
	*v = calloc(1, sizeof(**v));
	if (!*v)
		return -ENOMEM;
	(*v)->alg = alg;
	(*v)->n = sk_curve_len(curve);
	(*v)->ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pub->pkey, NULL);
	if (!(*v)->ctx || EVP_PKEY_verify_init((*v)->ctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md((*v)->ctx, sk_hash_md(alg)) != 1) {
		sk_ecdsa_verifier_free(*v);
		*v = NULL;
		return sk_fail(SEV_E_CRYPTO, "ECDSA verify init failed");
	}
	return 0;
}

int sk_ecdsa_verifier_check(struct sk_ecdsa_verifier *v, const void *msg, size_t len,
			    const uint8_t *r, const uint8_t *s)
{
	uint8_t digest[SK_HASH_MAX], *der = NULL;
	int der_len = 0, rc = sk_hash(v->alg, msg, len, digest);

	if (rc)
		return rc;
	if ((rc = ecdsa_sig_der(r, s, v->n, &der, &der_len)))
		return sk_fail(rc, "cannot encode ECDSA signature");
	rc = EVP_PKEY_verify(v->ctx, der, (size_t)der_len, digest, sk_hash_len(v->alg)) == 1 ?
		     0 : SEV_E_VERIFY;
	OPENSSL_free(der);
	return rc;
}

void sk_ecdsa_verifier_free(struct sk_ecdsa_verifier *v)
{
	if (!v)
		return;
	EVP_PKEY_CTX_free(v->ctx);
	free(v);
}

int sk_ecdsa_sign(const struct sk_key *priv, enum sk_hash_alg alg, const void *msg,
		  size_t len, uint8_t *r, uint8_t *s)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t der[256];
	const uint8_t *p = der;
	size_t der_len = sizeof(der);
	ECDSA_SIG *sig = NULL;
	enum sk_curve curve;
	int n, ok, rc = curve_of(priv, &curve);

	if (rc) {
		EVP_MD_CTX_free(md);
		return rc;
	}
	n = (int)sk_curve_len(curve);
	ok = md && EVP_DigestSignInit_ex(md, NULL, EVP_MD_get0_name(sk_hash_md(alg)), NULL, NULL,
					 priv->pkey, NULL) == 1 &&
	     EVP_DigestSign(md, der, &der_len, msg, len) == 1 &&
	     (sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len)) != NULL &&
	     BN_bn2binpad(ECDSA_SIG_get0_r(sig), r, n) == n &&
	     BN_bn2binpad(ECDSA_SIG_get0_s(sig), s, n) == n;
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(md);
	return ok ? 0 : sk_fail(SEV_E_CRYPTO, "ECDSA signing failed");
}

int sk_read_p384_le(struct sk_reader *rd, uint8_t be[SK_P384_LEN], const char *field)
{
	const uint8_t *p;
	size_t at = rd->off;
	int rc = sk_read_ref(rd, &p, SK_P384_SLOT, field);

	if (rc)
		return rc;
	if (!sk_all_zero(p + SK_P384_LEN, SK_P384_SLOT - SK_P384_LEN))
		return sk_reader_reject(rd, at + SK_P384_LEN, field,
					"bytes 48-71 must be zero for a P-384 number");
	sk_reverse_copy(be, p, SK_P384_LEN);
	return 0;
}

int sk_read_p384_sig_le(struct sk_reader *rd, uint8_t r[SK_P384_LEN], uint8_t s[SK_P384_LEN],
			const char *r_field, const char *s_field)
{
	int rc = sk_read_p384_le(rd, r, r_field);

	return rc ? rc : sk_read_p384_le(rd, s, s_field);
}

int sk_rsa_from_ne(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len,
		   struct sk_key **key)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn = BN_bin2bn(n, (int)n_len, NULL), *be = BN_bin2bn(e, (int)e_len, NULL);
	int rc = SEV_E_FORMAT;

	if (bld && bn && be && !BN_is_zero(be) && BN_is_odd(bn) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) == 1 &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) == 1)
		rc = from_params("RSA", bld, EVP_PKEY_PUBLIC_KEY, key);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn);
	BN_free(be);
	return rc ? sk_fail(rc, "invalid RSA public key") : 0;
}

int sk_rsa_pss_verify(const struct sk_key *pub, enum sk_hash_alg alg, const void *msg,
		      size_t len, const uint8_t *sig, size_t sig_len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int rc, v;

	if (EVP_PKEY_get_base_id(pub->pkey) != EVP_PKEY_RSA) {
		EVP_MD_CTX_free(md);
		return sk_fail(SEV_E_INVALID, "not an RSA key");
	}
	if (!md || EVP_DigestVerifyInit_ex(md, &pctx, EVP_MD_get0_name(sk_hash_md(alg)), NULL, NULL,
					   pub->pkey, NULL) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, sk_hash_md(alg)) != 1) {
		EVP_MD_CTX_free(md);
		return sk_fail(SEV_E_CRYPTO, "RSA-PSS verify init failed");
	}
	v = EVP_DigestVerify(md, sig, sig_len, msg, len);
	rc = v == 1 ? 0 : SEV_E_VERIFY;
	EVP_MD_CTX_free(md);
	return rc;
}

int sk_key_bits(const struct sk_key *key)
{
	return EVP_PKEY_get_bits(key->pkey);
}

const char *sk_key_type_name(const struct sk_key *key)
{
	const char *name;

	switch (EVP_PKEY_get_base_id(key->pkey)) {
	case EVP_PKEY_RSA: return "RSA";
	case EVP_PKEY_RSA_PSS: return "RSA-PSS";
	case EVP_PKEY_EC: return "EC";
	default: break;
	}
	name = EVP_PKEY_get0_type_name(key->pkey);
	return name ? name : "unknown";
}

int sk_key_from_pem(const uint8_t *pem, size_t len, struct sk_key **key)
{
	BIO *bio = len <= INT_MAX ? BIO_new_mem_buf(pem, (int)len) : NULL;
	EVP_PKEY *pkey;

	sk_secure_heap_init();
	pkey = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;

	BIO_free(bio);
	if (!pkey)
		return sk_fail(SEV_E_FORMAT, "not a PEM private key");
	*key = sk_key_wrap(pkey);
	return *key ? 0 : -ENOMEM;
}

/* A passphrase callback that has none: encrypted keys fail instead of prompting. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* A damaged key file can hold a private scalar that does not give its public point. */
static bool key_pair_ok(EVP_PKEY *pkey)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	bool ok = ctx && EVP_PKEY_pairwise_check(ctx) == 1;

	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/* An EC private key of the curve, whole: wrapped into *key, or refused and freed. */
static int take_ec_key(EVP_PKEY *pkey, enum sk_curve curve, struct sk_key **key)
{
	*key = sk_key_wrap(pkey);
	if (!*key)
		return -ENOMEM;
	if (!sk_key_is_ec(*key, curve)) {
		sk_key_free(*key);
		*key = NULL;
		return sk_fail(SEV_E_UNSUPPORTED, "not an EC %s private key", curve_name(curve));
	}
	if (!key_pair_ok(pkey)) {
		sk_key_free(*key);
		*key = NULL;
		return sk_fail(SEV_E_FORMAT, "the private key does not match its public key");
	}
	return 0;
}

int sk_ec_key_from_pem(const uint8_t *pem, size_t len, enum sk_curve curve, struct sk_key **key)
{
	BIO *bio = len <= INT_MAX ? BIO_new_mem_buf(pem, (int)len) : NULL;
	EVP_PKEY *pkey;

	sk_secure_heap_init();
	pkey = bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL) : NULL;

	BIO_free(bio);
	ERR_clear_error();
	*key = NULL;
	if (!pkey)
		return sk_fail(SEV_E_FORMAT, "not an unencrypted PEM private key");
	return take_ec_key(pkey, curve, key);
}

int sk_ec_key_load(const uint8_t *buf, size_t len, enum sk_curve curve, struct sk_key **key)
{
	const unsigned char *p = buf;
	EVP_PKEY *pkey;

	if (memmem(buf, len, "-----BEGIN ", 11))
		return sk_ec_key_from_pem(buf, len, curve, key);
	*key = NULL;
	sk_secure_heap_init();
	pkey = len <= LONG_MAX ? d2i_AutoPrivateKey(NULL, &p, (long)len) : NULL;
	ERR_clear_error();
	if (pkey && p != buf + len) {
		EVP_PKEY_free(pkey);
		return sk_fail(SEV_E_FORMAT, "%zu bytes after the DER private key",
			       len - (size_t)(p - buf));
	}
	if (!pkey)
		return sk_fail(SEV_E_FORMAT, "not a private key in PEM or DER");
	return take_ec_key(pkey, curve, key);
}

/* The PEM text of a private key, into memory for secrets. */
static int bio_take(BIO *bio, char **out, size_t *len)
{
	char *p;
	long n = BIO_get_mem_data(bio, &p);

	if (n <= 0)
		return SEV_E_CRYPTO;
	*out = sk_secret_alloc((size_t)n + 1);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, p, (size_t)n);
	(*out)[n] = 0;
	*len = (size_t)n;
	return 0;
}

int sk_key_to_pem(const struct sk_key *key, char **pem, size_t *len)
{
	BIO *bio;
	int rc = SEV_E_CRYPTO;

	sk_secure_heap_init();
	bio = BIO_new(BIO_s_secmem());

	if (bio && PEM_write_bio_PrivateKey(bio, key->pkey, NULL, NULL, 0, NULL, NULL) == 1)
		rc = bio_take(bio, pem, len);
	BIO_free(bio);
	return rc ? sk_fail(rc, "cannot encode private key") : 0;
}

int sk_key_public_der(const struct sk_key *key, uint8_t **der, size_t *len)
{
	unsigned char *p = NULL;
	int n = i2d_PUBKEY(key->pkey, &p);

	if (n <= 0)
		return sk_fail(SEV_E_CRYPTO, "cannot encode public key");
	*der = malloc((size_t)n);
	if (*der)
		memcpy(*der, p, (size_t)n);
	OPENSSL_free(p);
	if (!*der)
		return -ENOMEM;
	*len = (size_t)n;
	return 0;
}
