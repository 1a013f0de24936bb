/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV (pre-SNP) ATTESTATION report of a running guest (SEV API #55766,
 * 6.8): MNONCE[16], LAUNCH_DIGEST[32], POLICY, SIG_USAGE, SIG_ALGO, reserved,
 * then an ECDSA P-384 signature {r[72], s[72]} (little-endian, zero-padded)
 * by the PEK over the first 0x34 bytes.
 */
#include <sevkit/launch.h>

#include <string.h>

#include "crypto/pkey.h"
#include "sev/cert-internal.h"
#include "util/log.h"
#include "util/reader.h"

int sev_legacy_report_parse(const uint8_t *buf, size_t len, struct sev_legacy_report *rep)
{
	struct sk_reader r;
	uint32_t reserved;
	int rc;

	memset(rep, 0, sizeof(*rep));
	sk_reader_init(&r, buf, len, "SEV attestation report");
	if (len != SEV_LEGACY_REPORT_LEN)
		return sk_reader_reject(&r, 0, "size", "%zu bytes, the report has %d", len,
					SEV_LEGACY_REPORT_LEN);
	if ((rc = sk_read_bytes(&r, rep->mnonce, sizeof(rep->mnonce), "mnonce")) ||
	    (rc = sk_read_bytes(&r, rep->launch_digest, 32, "launch_digest")) ||
	    (rc = sk_read_u32(&r, &rep->policy, "policy")) ||
	    (rc = sk_read_u32(&r, &rep->sig_usage, "sig_usage")) ||
	    (rc = sk_read_u32(&r, &rep->sig_algo, "sig_algo")) ||
	    (rc = sk_read_u32(&r, &reserved, "reserved")))
		return rc;
	if (rep->sig_usage != SEV_USAGE_PEK)
		return sk_reader_reject(&r, 0x34, "sig_usage", "0x%x, the PEK (0x%x) signs reports",
					rep->sig_usage, SEV_USAGE_PEK);
	if (rep->sig_algo != SEV_ALGO_ECDSA_SHA256 && rep->sig_algo != SEV_ALGO_ECDSA_SHA384)
		return sk_reader_reject(&r, 0x38, "sig_algo", "0x%x is not an ECDSA algorithm",
					rep->sig_algo);
	if (reserved != 0)
		return sk_reader_reject(&r, 0x3c, "reserved", "0x%x, must be zero", reserved);
	if ((rc = sk_read_p384_sig_le(&r, rep->r, rep->s, "signature r", "signature s")))
		return rc;
	memcpy(rep->raw, buf, SEV_LEGACY_REPORT_LEN);
	return 0;
}

int sev_legacy_report_verify(const struct sev_legacy_report *rep, const struct sev_cert *pek)
{
	struct sk_key *key = NULL;
	int rc;

	if (pek->usage != SEV_USAGE_PEK)
		return sk_fail(SEV_E_INVALID, "the report is signed by the PEK, not by the %s "
			       "certificate given", sev_usage_name(pek->usage));
	if (pek->curve != SEV_CURVE_P384)
		return sk_fail(SEV_E_UNSUPPORTED, "PEK key is not ECDSA P-384");
	/* The hash is the PEK's own, not whatever the report claims. */
	if (rep->sig_algo != pek->algo)
		return sk_fail(SEV_E_VERIFY, "the report says %s, the PEK signs with %s",
			       sev_algo_name(rep->sig_algo), sev_algo_name(pek->algo));
	if ((rc = sk_sev_cert_pubkey(pek, &key)))
		return rc;
	rc = sk_ecdsa_verify(key, sk_sev_algo_hash(rep->sig_algo), rep->raw,
			     SEV_LEGACY_REPORT_SIGNED, rep->r, rep->s);
	sk_key_free(key);
	return rc;
}
