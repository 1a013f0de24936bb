/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary copy of the interface in the shared design; replaced by the real header on merge. */
#ifndef SK_KBS_JWK_H
#define SK_KBS_JWK_H
#include <jansson.h>
int sk_kbs_jwk_check_public(const json_t *jwk);
int sk_kbs_jwk_generate(const char *kind, json_t **private_jwk);
json_t *sk_kbs_jwk_public(const json_t *private_jwk);
#endif
