/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary copy of the interface in the shared design; replaced by the real header on merge. */
#ifndef SK_KBS_TOKEN_H
#define SK_KBS_TOKEN_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
int sk_kbs_ear_claims(const uint8_t *report, size_t len, const json_t *tee_pubkey, int64_t now,
		      int64_t ttl, json_t **claims);
int sk_kbs_ear_extract(const json_t *claims, uint8_t report[1184], json_t **tee_pubkey);
int sk_kbs_token_sign(const json_t *signing_jwk, const json_t *claims, char **jwt);
int sk_kbs_token_verify(const json_t *public_jwk, const char *jwt, int64_t now, json_t **claims);
#endif
