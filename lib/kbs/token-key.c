/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The broker's token-signing key: given, or the store's, made there on first start.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "kbs/jwk.h"
#include "kbs/protocol.h"
#include "util/log.h"

#define TOKEN_KEY_NAME "token-signing"

int sk_kbs_token_key_load(struct sk_kbs_store *s, const uint8_t *given, size_t len,
			  json_t **priv)
{
	char *text = NULL, *dump;
	json_t *k;
	int rc;

	if (given) {
		*priv = json_loadb((const char *)given, len, 0, NULL);
		if (!json_is_object(*priv) || !json_object_get(*priv, "d")) {
			json_decref(*priv);
			return sk_fail(SEV_E_FORMAT, "token key: not a private JWK");
		}
		return 0;
	}
	rc = sk_kbs_key_get(s, TOKEN_KEY_NAME, &text);
	if (rc == -ENOENT) {
		/* first start: generate one; of several replicas starting at once, one wins */
		if ((rc = sk_kbs_jwk_generate("P-256", &k)))
			return rc;
		dump = json_dumps(k, JSON_COMPACT);
		json_decref(k);
		if (!dump)
			return -ENOMEM;
		rc = sk_kbs_key_put_if_absent(s, TOKEN_KEY_NAME, dump);
		sk_wipe_free(dump, strlen(dump));
		if (rc && rc != -EEXIST)
			return rc;
		rc = sk_kbs_key_get(s, TOKEN_KEY_NAME, &text);
	}
	if (rc)
		return rc;
	*priv = json_loads(text, 0, NULL);
	sk_wipe(text, strlen(text));
	sk_secret_free(text);
	return *priv ? 0 : sk_fail(SEV_E_FORMAT, "token key in the store: not JSON");
}
