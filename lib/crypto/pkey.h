/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Public-key operations: EC keys (P-256, P-384) for ECDSA and ECDH, RSA keys
 * for RSASSA-PSS. Big-endian integers throughout; callers convert the SEV
 * formats' little-endian fields with sk_reverse_copy().
 */
#ifndef SK_PKEY_H
#define SK_PKEY_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

enum sk_curve {
	SK_P256,
	SK_P384,
};

#define SK_EC_MAX 66

struct sk_key;

size_t sk_curve_len(enum sk_curve curve); /* coordinate size in bytes */

int sk_ec_from_xy(enum sk_curve curve, const uint8_t *x, const uint8_t *y, struct sk_key **key);
int sk_ec_generate(enum sk_curve curve, struct sk_key **key);
int sk_ec_get_xy(const struct sk_key *key, enum sk_curve curve, uint8_t *x, uint8_t *y);
/* ECDH shared secret: the x coordinate, big-endian, sk_curve_len() bytes. */
int sk_ecdh(const struct sk_key *priv, const struct sk_key *peer, uint8_t *secret);
/* 0 when (r, s) is a valid signature of msg, SEV_E_VERIFY when not. */
int sk_ecdsa_verify(const struct sk_key *pub, enum sk_hash_alg alg, const void *msg,
		    size_t len, const uint8_t *r, const uint8_t *s);
/* The same with the signature DER-encoded (ECDSA-Sig-Value), as X.509 carries it. */
int sk_ecdsa_verify_der(const struct sk_key *pub, enum sk_hash_alg alg, const void *msg,
			size_t len, const uint8_t *sig, size_t sig_len);
/*
 * The same check for many messages with one key: the key's verify context is
 * set up once (as `openssl speed` does), so each message costs one hash and
 * one ECDSA verification.
 */
struct sk_ecdsa_verifier;
int sk_ecdsa_verifier_new(const struct sk_key *pub, enum sk_hash_alg alg,
			  struct sk_ecdsa_verifier **v);
int sk_ecdsa_verifier_check(struct sk_ecdsa_verifier *v, const void *msg, size_t len,
			    const uint8_t *r, const uint8_t *s);
void sk_ecdsa_verifier_free(struct sk_ecdsa_verifier *v);
int sk_ecdsa_sign(const struct sk_key *priv, enum sk_hash_alg alg, const void *msg,
		  size_t len, uint8_t *r, uint8_t *s);

/*
 * The SEV formats keep each P-384 number (signature r and s, key coordinates)
 * in a 72-byte little-endian slot. Reads one slot as SK_P384_LEN big-endian
 * bytes; bytes 48-71 must be zero, else the field is refused at their offset.
 */
#define SK_P384_LEN 48
#define SK_P384_SLOT 72
struct sk_reader;
int sk_read_p384_le(struct sk_reader *rd, uint8_t be[SK_P384_LEN], const char *field);
/* An ECDSA P-384 signature: the r slot, then the s slot. */
int sk_read_p384_sig_le(struct sk_reader *rd, uint8_t r[SK_P384_LEN], uint8_t s[SK_P384_LEN],
			const char *r_field, const char *s_field);

int sk_rsa_from_ne(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len,
		   struct sk_key **key);
/* RSASSA-PSS, MGF1 with the same hash, salt length = digest length. */
int sk_rsa_pss_verify(const struct sk_key *pub, enum sk_hash_alg alg, const void *msg,
		      size_t len, const uint8_t *sig, size_t sig_len);

int sk_key_bits(const struct sk_key *key);
/* "RSA", "RSA-PSS", "EC", or OpenSSL's name of another key type. */
const char *sk_key_type_name(const struct sk_key *key);
int sk_key_is_ec(const struct sk_key *key, enum sk_curve curve);

/* Private keys in PEM (PKCS#8 on output). */
int sk_key_from_pem(const uint8_t *pem, size_t len, struct sk_key **key);
/* The PEM text is in memory for secrets: free it with sk_secret_free(). */
int sk_key_to_pem(const struct sk_key *key, char **pem, size_t *len);
/*
 * An EC private key of the given curve in PEM (PKCS#8 or SEC1). Encrypted
 * keys are refused rather than prompting for a passphrase.
 */
int sk_ec_key_from_pem(const uint8_t *pem, size_t len, enum sk_curve curve, struct sk_key **key);
/* The same from PEM or DER (PKCS#8 or SEC1, as `sevctl generate` writes keys). */
int sk_ec_key_load(const uint8_t *buf, size_t len, enum sk_curve curve, struct sk_key **key);
/* Public key in DER SubjectPublicKeyInfo. */
int sk_key_public_der(const struct sk_key *key, uint8_t **der, size_t *len);

void sk_key_free(struct sk_key *key);

/* Internal to lib/crypto: wrap an OpenSSL key. */
struct evp_pkey_st;
struct sk_key *sk_key_wrap(struct evp_pkey_st *pkey);
struct evp_pkey_st *sk_key_pkey(const struct sk_key *key);

#endif
