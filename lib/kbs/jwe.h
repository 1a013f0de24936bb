/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary copy of the interface in the shared design; replaced by the real header on merge. */
#ifndef SK_KBS_JWE_H
#define SK_KBS_JWE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
int sk_kbs_jwe_encrypt(const json_t *public_jwk, const uint8_t *secret, size_t len, char **jwe);
int sk_kbs_jwe_decrypt(const json_t *private_jwk, const char *jwe, size_t jwe_len,
		       uint8_t **secret, size_t *len);
#endif
