/* SPDX-License-Identifier: Apache-2.0 */
/* REPORT_DATA = H(JCS(runtime data)) || zeros (trustee kbs/src/attestation/backend.rs). */
#include "kbs/binding.h"

#include <stdlib.h>
#include <string.h>

#include <sevkit/error.h>
#include <sevkit/kbs.h>

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

/* H(JCS(rd)) into out, which the caller zeroed up to its size. */
static int hash_jcs(enum sk_hash_alg alg, json_t *rd, uint8_t *out)
{
	char *text;
	size_t len;
	int rc = sk_jcs_dump(rd, &text, &len);

	json_decref(rd);
	if (rc)
		return rc;
	rc = sk_hash(alg, text, len, out);
	free(text);
	return rc;
}

int sk_kbs_report_data(enum sk_kbs_hash h, const char *nonce, const json_t *tee_pubkey,
		       const char *additional_evidence, uint8_t out[64])
{
	json_t *rd;

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
	memset(out, 0, 64);
	return hash_jcs(hashes[h].alg, rd, out);
}

int sk_kbs_device_nonce(const char *nonce, const json_t *tee_pubkey, uint8_t out[32])
{
	uint8_t digest[SK_SHA384_LEN];
	json_t *rd;
	int rc;

	if (!nonce || !json_is_object(tee_pubkey))
		return sk_fail(SEV_E_INVALID, "device runtime data: a nonce and a tee-pubkey object "
			       "are needed");
	rd = json_pack("{s:s,s:O}", "nonce", nonce, "tee-pubkey", tee_pubkey);
	if (!rd)
		return sk_fail(SEV_E_FORMAT, "device runtime data: the nonce is not valid UTF-8");
	rc = hash_jcs(SK_SHA384, rd, digest);
	memcpy(out, digest, 32);
	return rc;
}

/* The public forms: the key as JSON text. */
static json_t *key_of(const char *tee_pubkey)
{
	json_t *k = tee_pubkey ? json_loads(tee_pubkey, JSON_REJECT_DUPLICATES, NULL) : NULL;

	if (!json_is_object(k)) {
		json_decref(k);
		sk_fail(SEV_E_FORMAT, "tee-pubkey is not a JSON object (a JWK)");
		return NULL;
	}
	return k;
}

SEV_API int sev_kbs_report_data(const char *hash, const char *nonce, const char *tee_pubkey,
				const char *additional, uint8_t out[64])
{
	enum sk_kbs_hash h;
	json_t *k;
	int rc = sk_kbs_hash_parse(hash, &h);

	if (rc || !(k = key_of(tee_pubkey)))
		return rc ? rc : SEV_E_FORMAT;
	rc = sk_kbs_report_data(h, nonce, k, additional, out);
	json_decref(k);
	return rc;
}

SEV_API int sev_kbs_device_nonce(const char *nonce, const char *tee_pubkey, uint8_t out[32])
{
	json_t *k = key_of(tee_pubkey);
	int rc;

	if (!k)
		return SEV_E_FORMAT;
	rc = sk_kbs_device_nonce(nonce, k, out);
	json_decref(k);
	return rc;
}
