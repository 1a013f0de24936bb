/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's tee-pubkey as a JSON Web Key (RFC 7517/7518): the strict check
 * the broker makes before it binds or encrypts to a key, key generation for
 * the guest side, and the small base64url and key helpers jwe.c and token.c
 * share.
 */
#ifndef SK_KBS_JWK_H
#define SK_KBS_JWK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/*
 * 0 when jwk is a public key the broker encrypts to: kty "EC" with crv P-256,
 * P-384 or P-521, x and y of the curve's length and on the curve; or kty
 * "RSA" with a modulus of 2048 to 8192 bits and an odd exponent 3 <= e < 2^32.
 * Private members are refused, as are members other than kty, crv, x, y, n,
 * e, alg, use and kid; alg, when given, must be the one sevkit uses for that
 * kty ("ECDH-ES+A256KW" or "RSA-OAEP-256"), use must be "enc". SEV_E_FORMAT
 * or SEV_E_UNSUPPORTED, with the reason logged.
 */
int sk_kbs_jwk_check_public(const json_t *jwk);

/*
 * A new private key: kind "P-256" (the guest's default), "P-384", "P-521"
 * or "RSA" (3072 bits). Its alg member names the JWE algorithm to use.
 */
int sk_kbs_jwk_generate(const char *kind, json_t **private_jwk);

/* The public members only (kty, crv, x, y or kty, n, e; alg); NULL when not a key. */
json_t *sk_kbs_jwk_public(const json_t *private_jwk);

/* Internal to lib/kbs. */

/*
 * Decode the base64url (no padding) string member name of obj into out
 * (at most max bytes). SEV_E_FORMAT when absent, not base64url or too long;
 * not logged: the caller names what it was decoding.
 */
int sk_kbs_b64u_member(const json_t *obj, const char *name, uint8_t *out, size_t max,
		       size_t *len);
/* The same for a string of text_len bytes; *out is malloc'd (1 byte at least). */
int sk_kbs_b64u_decode(const char *text, size_t text_len, uint8_t **out, size_t *len);

/* Coordinate bytes of a supported curve ("P-256", ...), or 0. */
size_t sk_kbs_curve_len(const char *crv);

/*
 * The José configuration for lib/kbs: José's error messages go to the log at
 * debug level instead of standard error (the library never prints).
 */
struct jose_cfg;
struct jose_cfg *sk_kbs_jose_cfg(void);

/* The OpenSSL key of a JWK (public or private); NULL with the reason logged. */
struct evp_pkey_st;
struct evp_pkey_st *sk_kbs_jwk_pkey(const json_t *jwk);

#endif
