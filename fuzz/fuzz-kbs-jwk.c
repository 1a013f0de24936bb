/* SPDX-License-Identifier: Apache-2.0 */
/* A guest's tee-pubkey JWK: the strict check, then (when it passes) encryption to it. */
#include <stdlib.h>

#include <jansson.h>

#include "kbs/jwe.h"
#include "kbs/jwk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *jwk = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	char *jwe = NULL;

	if (jwk && sk_kbs_jwk_check_public(jwk) == 0 &&
	    sk_kbs_jwe_encrypt(jwk, data, size < 64 ? size : 64, &jwe) == 0)
		free(jwe);
	json_decref(jwk);
	return 0;
}
