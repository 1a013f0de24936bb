/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Bearer token as a resource request brings it: verified with a fixed
 * test-only P-256 key made for these targets, then the EAR claims read.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kbs/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *key;
	json_t *claims = NULL, *tee = NULL;
	uint8_t report[1184];
	char *jwt = malloc(size + 1);

	if (!key)
		key = json_pack("{s:s,s:s,s:s,s:s}", "kty", "EC", "crv", "P-256",
				"x", "KhrpLuorp2E1g282E7WCRLTog1Lyixbd5YIGHMkckOY",
				"y", "uCmehujnMV3ARnPhPceqXatt_VrdEggxZJSTdeKwKTo");
	if (!jwt)
		return 0;
	memcpy(jwt, data, size);
	jwt[size] = 0;
	if (sk_kbs_token_verify(key, jwt, 1300819000, &claims) == 0 &&
	    sk_kbs_ear_extract(claims, report, &tee) == 0)
		json_decref(tee);
	json_decref(claims);
	free(jwt);
	return 0;
}
