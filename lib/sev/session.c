/* SPDX-License-Identifier: Apache-2.0 */
/* SEV launch session: GODH, key agreement, key wrapping and MACs (SEV API 55766). */
#include <string.h>

#include "crypto/aes.h"
#include "crypto/mac.h"
#include "crypto/secure.h"
#include "sev/cert-internal.h"
#include "sev/session-internal.h"
#include "util/bytes.h"
#include "util/log.h"

int sk_session_seal(const uint8_t *z, size_t z_len, const uint8_t nonce[16],
		    const uint8_t wrap_iv[16], const uint8_t tek[16], const uint8_t tik[16],
		    uint32_t policy, uint8_t blob[SEV_SESSION_BLOB_SIZE])
{
	uint8_t master[16], kek[16], kik[16], keys[32], policy_le[4];
	struct sk_buf wrapped = { blob + SEV_SESSION_OFF_WRAP_TK, 32 };
	struct sk_buf policy_part = { policy_le, 4 };
	int rc;

	memcpy(keys, tek, 16);
	memcpy(keys + 16, tik, 16);
	sk_put_le32(policy_le, policy);
	memcpy(blob + SEV_SESSION_OFF_NONCE, nonce, 16);
	memcpy(blob + SEV_SESSION_OFF_WRAP_IV, wrap_iv, 16);
	rc = sk_kdf_sev(z, z_len, "sev-master-secret", nonce, 16, master, 16);
	if (!rc)
		rc = sk_kdf_sev(master, 16, "sev-kek", NULL, 0, kek, 16);
	if (!rc)
		rc = sk_kdf_sev(master, 16, "sev-kik", NULL, 0, kik, 16);
	if (!rc)
		rc = sk_aes128_ctr(kek, wrap_iv, keys, 32, blob + SEV_SESSION_OFF_WRAP_TK);
	if (!rc)
		rc = sk_hmac_sha256(kik, 16, &wrapped, 1, blob + SEV_SESSION_OFF_WRAP_MAC);
	/* All 32 bits of the policy: it must equal what LAUNCH_START is given. */
	if (!rc)
		rc = sk_hmac_sha256(tik, 16, &policy_part, 1, blob + SEV_SESSION_OFF_POLICY_MAC);
	sk_wipe(master, sizeof(master));
	sk_wipe(kek, sizeof(kek));
	sk_wipe(kik, sizeof(kik));
	sk_wipe(keys, sizeof(keys));
	return rc;
}

static int agree(const struct sev_cert *pdh, struct sk_key *godh_key, uint8_t z[48])
{
	struct sk_key *pdh_key = NULL;
	int rc;

	if (pdh->usage != SEV_USAGE_PDH)
		return sk_fail(SEV_E_INVALID, "the certificate is a %s, not a PDH",
			       sev_usage_name(pdh->usage));
	if (pdh->curve != SEV_CURVE_P384)
		return sk_fail(SEV_E_UNSUPPORTED, "the PDH key is not on curve P-384");
	rc = sk_sev_cert_pubkey(pdh, &pdh_key);
	if (!rc)
		rc = sk_ecdh(godh_key, pdh_key, z);
	sk_key_free(pdh_key);
	return rc;
}

int sev_session_create(const struct sev_cert *pdh, uint32_t policy, struct sev_session *s)
{
	uint8_t z[48], nonce[16], iv[16];
	struct sk_key *godh_key = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = sk_ec_generate(SK_P384, &godh_key);
	if (!rc)
		rc = sk_sev_cert_build(&s->godh, SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256, 0, 0, godh_key);
	if (!rc)
		rc = agree(pdh, godh_key, z);
	if (!rc)
		rc = sk_random(s->tek, 16);
	if (!rc)
		rc = sk_random(s->tik, 16);
	if (!rc)
		rc = sk_random(nonce, 16);
	if (!rc)
		rc = sk_random(iv, 16);
	if (!rc)
		rc = sk_session_seal(z, sizeof(z), nonce, iv, s->tek, s->tik, policy, s->blob);
	sk_key_free(godh_key);
	sk_wipe(z, sizeof(z));
	if (rc)
		sev_session_wipe(s);
	return rc;
}

void sev_session_wipe(struct sev_session *s)
{
	sk_wipe(s, sizeof(*s));
}
