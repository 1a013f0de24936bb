/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The secret envelope of the KBS protocol: a JWE (RFC 7516) in flattened JSON
 * serialisation {"protected","encrypted_key","iv","ciphertext","tag"}, enc
 * A256GCM, alg ECDH-ES+A256KW (epk in the protected header, Concat KDF with
 * SHA-256, empty apu/apv) for EC keys and RSA-OAEP-256 for RSA keys. Nothing
 * else is made or accepted: RSA1_5, "dir", compression and extra header
 * members are refused.
 */
#ifndef SK_KBS_JWE_H
#define SK_KBS_JWE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* The largest JWE text decrypt reads (secrets are small). */
#define SK_KBS_JWE_MAX (1u << 20)

/*
 * Encrypt len bytes to public_jwk (which must pass sk_kbs_jwk_check_public);
 * *jwe is the malloc'd, NUL-terminated JSON text.
 */
int sk_kbs_jwe_encrypt(const json_t *public_jwk, const uint8_t *secret, size_t len, char **jwe);

/*
 * Decrypt a JWE made for private_jwk (the guest's key). The header must say
 * exactly the algorithm that fits the key, enc A256GCM and (EC) an epk on the
 * key's curve. *secret is in sk_secret_alloc memory (sk_secret_free it).
 * SEV_E_FORMAT for malformed input, SEV_E_UNSUPPORTED for other algorithms,
 * SEV_E_VERIFY when the key does not unwrap or the tag does not match.
 */
int sk_kbs_jwe_decrypt(const json_t *private_jwk, const char *jwe, size_t jwe_len,
		       uint8_t **secret, size_t *len);

#endif
