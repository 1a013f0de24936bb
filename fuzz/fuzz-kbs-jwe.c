/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's JWE parser: the input is the envelope, opened with a fixed
 * test-only P-256 key made for these targets, so a seed that matches the key reaches
 * the key agreement and the tag check.
 */
#include <jansson.h>

#include "crypto/secure.h"
#include "kbs/jwe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *key;
	uint8_t *secret = NULL;
	size_t len;

	if (!key)
		key = json_pack("{s:s,s:s,s:s,s:s,s:s}", "kty", "EC", "crv", "P-256",
				"x", "KhrpLuorp2E1g282E7WCRLTog1Lyixbd5YIGHMkckOY",
				"y", "uCmehujnMV3ARnPhPceqXatt_VrdEggxZJSTdeKwKTo",
				"d", "OA2DzIR-fKZiYOSP-lmiwY6oceg2Z_ycrtT_O09CfbE");
	if (sk_kbs_jwe_decrypt(key, (const char *)data, size, &secret, &len) == 0)
		sk_secret_free(secret);
	return 0;
}
