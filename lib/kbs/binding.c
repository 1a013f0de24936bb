/* SPDX-License-Identifier: Apache-2.0 */
/* REPORT_DATA = H(JCS(runtime data)) || zeros (trustee kbs/src/attestation/backend.rs). */
#include "kbs/binding.h"

#include <stdlib.h>
#include <string.h>

#include <sevkit/error.h>

#include "crypto/hash.h"
#include "kbs/jcs.h"
#include "util/log.h"

static const struct {
	const char *name;
	enum sk_hash_alg alg;
} hashes[] = {
	[SK_KBS_SHA384] = { "sha384", SK_SHA384 },
	[SK_KBS_SHA256] = { "sha256", SK_SHA256 },
	[SK_KBS_SHA512] = { "sha512", SK_SHA512 },
};

#define NHASHES (sizeof(hashes) / sizeof(hashes[0]))

int sk_kbs_hash_parse(const char *name, enum sk_kbs_hash *h)
{
	for (size_t i = 0; name && i < NHASHES; i++) {
		if (strcmp(name, hashes[i].name) == 0) {
			*h = (enum sk_kbs_hash)i;
			return 0;
		}
	}
	return sk_fail(SEV_E_INVALID, "hash algorithm %s%s%s is not supported (sha384, sha256, "
		       "sha512)", name ? "\"" : "", name ? name : "(none)", name ? "\"" : "");
}

const char *sk_kbs_hash_name(enum sk_kbs_hash h)
{
	return (unsigned)h < NHASHES ? hashes[h].name : NULL;
}

int sk_kbs_report_data(enum sk_kbs_hash h, const char *nonce, const json_t *tee_pubkey,
		       const char *additional_evidence, uint8_t out[64])
{
	json_t *rd;
	char *text;
	size_t len;
	int rc;

	if ((unsigned)h >= NHASHES || !nonce || !json_is_object(tee_pubkey) ||
	    !additional_evidence)
		return sk_fail(SEV_E_INVALID, "runtime data: a nonce, a tee-pubkey object and the "
			       "additional evidence are needed");
	/* json_string() refuses invalid UTF-8: it returns NULL, as for no memory */
	rd = json_pack("{s:s,s:s,s:O}", "additional-evidence", additional_evidence,
		       "nonce", nonce, "tee-pubkey", tee_pubkey);
	if (!rd)
		return sk_fail(SEV_E_FORMAT, "runtime data: the nonce or the additional evidence "
			       "is not valid UTF-8");
	rc = sk_jcs_dump(rd, &text, &len);
	json_decref(rd);
	if (rc)
		return rc;
	memset(out, 0, 64);
	rc = sk_hash(hashes[h].alg, text, len, out);
	free(text);
	return rc;
}
