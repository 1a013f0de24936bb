/* SPDX-License-Identifier: Apache-2.0 */
/* ATTESTATION_REPORT parsing (SNP ABI spec 56860, table "ATTESTATION_REPORT"). */
#include <sevkit/snp.h>

#include <string.h>

#include "crypto/pkey.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"

static int read_header(struct sk_reader *rd, struct sev_snp_report *r)
{
	int rc;

	if ((rc = sk_read_u32(rd, &r->version, "VERSION")))
		return rc;
	if (r->version < 2 || r->version > 5)
		return sk_fail(SEV_E_UNSUPPORTED,
			       "attestation report: VERSION at offset 0x0: version %u is not "
			       "supported (known: 2, 3, 4, 5)", r->version);
	if ((rc = sk_read_u32(rd, &r->guest_svn, "GUEST_SVN")) ||
	    (rc = sk_read_u64(rd, &r->policy, "POLICY")))
		return rc;
	if (sev_snp_policy_validate(r->policy))
		return sk_reader_reject(rd, 0x08, "POLICY", "not a valid SNP guest policy");
	if ((rc = sk_read_bytes(rd, r->family_id, 16, "FAMILY_ID")) ||
	    (rc = sk_read_bytes(rd, r->image_id, 16, "IMAGE_ID")) ||
	    (rc = sk_read_u32(rd, &r->vmpl, "VMPL")))
		return rc;
	if (r->vmpl > 3)
		return sk_reader_reject(rd, 0x30, "VMPL", "%u is not a VMPL (0-3)", r->vmpl);
	if ((rc = sk_read_u32(rd, &r->signature_algo, "SIGNATURE_ALGO")))
		return rc;
	if (r->signature_algo != SEV_SNP_SIG_ALGO_ECDSA_P384_SHA384)
		return sk_reader_reject(rd, 0x34, "SIGNATURE_ALGO", "%u is not ECDSA P-384 "
					"with SHA-384 (1)", r->signature_algo);
	if ((rc = sk_read_u64(rd, &r->current_tcb, "CURRENT_TCB")) ||
	    (rc = sk_read_u64(rd, &r->platform_info, "PLATFORM_INFO")))
		return rc;
	return 0;
}

static int read_signer(struct sk_reader *rd, struct sev_snp_report *r)
{
	uint32_t key;
	int rc = sk_read_u32(rd, &r->signer_info, "SIGNER_INFO");

	if (rc)
		return rc;
	if (r->signer_info >> 5)
		return sk_reader_reject(rd, 0x48, "SIGNER_INFO", "bits 31:5 must be zero (0x%x)",
					r->signer_info);
	key = (r->signer_info >> 2) & 7;
	if (key != SEV_SNP_KEY_VCEK && key != SEV_SNP_KEY_VLEK && key != SEV_SNP_KEY_NONE)
		return sk_reader_reject(rd, 0x48, "SIGNER_INFO",
					"SIGNING_KEY %u is reserved (0 VCEK, 1 VLEK, 7 none)", key);
	r->author_key_en = r->signer_info & 1;
	r->mask_chip_key = (r->signer_info >> 1) & 1;
	r->signing_key = (enum sev_snp_signing_key)key;
	return sk_read_zero(rd, 4, "reserved (0x04c)");
}

static int read_body(struct sk_reader *rd, struct sev_snp_report *r)
{
	int rc;

	if ((rc = sk_read_bytes(rd, r->report_data, 64, "REPORT_DATA")) ||
	    (rc = sk_read_bytes(rd, r->measurement, 48, "MEASUREMENT")) ||
	    (rc = sk_read_bytes(rd, r->host_data, 32, "HOST_DATA")) ||
	    (rc = sk_read_bytes(rd, r->id_key_digest, 48, "ID_KEY_DIGEST")) ||
	    (rc = sk_read_bytes(rd, r->author_key_digest, 48, "AUTHOR_KEY_DIGEST")) ||
	    (rc = sk_read_bytes(rd, r->report_id, 32, "REPORT_ID")) ||
	    (rc = sk_read_bytes(rd, r->report_id_ma, 32, "REPORT_ID_MA")) ||
	    (rc = sk_read_u64(rd, &r->reported_tcb, "REPORTED_TCB")))
		return rc;
	r->has_cpuid = r->version >= 3;
	if (r->has_cpuid) {
		if ((rc = sk_read_u8(rd, &r->cpuid_fam_id, "CPUID_FAM_ID")) ||
		    (rc = sk_read_u8(rd, &r->cpuid_mod_id, "CPUID_MOD_ID")) ||
		    (rc = sk_read_u8(rd, &r->cpuid_step, "CPUID_STEP")) ||
		    (rc = sk_read_zero(rd, 21, "reserved (0x18b)")))
			return rc;
	} else if ((rc = sk_read_zero(rd, 24, "reserved (0x188)"))) {
		return rc;
	}
	return sk_read_bytes(rd, r->chip_id, 64, "CHIP_ID");
}

static int read_versions(struct sk_reader *rd, struct sev_snp_report *r)
{
	int rc;

	if ((rc = sk_read_u64(rd, &r->committed_tcb, "COMMITTED_TCB")) ||
	    (rc = sk_read_u8(rd, &r->current_build, "CURRENT_BUILD")) ||
	    (rc = sk_read_u8(rd, &r->current_minor, "CURRENT_MINOR")) ||
	    (rc = sk_read_u8(rd, &r->current_major, "CURRENT_MAJOR")) ||
	    (rc = sk_read_zero(rd, 1, "reserved (0x1eb)")) ||
	    (rc = sk_read_u8(rd, &r->committed_build, "COMMITTED_BUILD")) ||
	    (rc = sk_read_u8(rd, &r->committed_minor, "COMMITTED_MINOR")) ||
	    (rc = sk_read_u8(rd, &r->committed_major, "COMMITTED_MAJOR")) ||
	    (rc = sk_read_zero(rd, 1, "reserved (0x1ef)")) ||
	    (rc = sk_read_u64(rd, &r->launch_tcb, "LAUNCH_TCB")))
		return rc;
	r->has_mit_vectors = r->version >= 5;
	if (!r->has_mit_vectors)
		return sk_read_zero(rd, 0x2a0 - 0x1f8, "reserved (0x1f8)");
	if ((rc = sk_read_u64(rd, &r->launch_mit_vector, "LAUNCH_MIT_VECTOR")) ||
	    (rc = sk_read_u64(rd, &r->current_mit_vector, "CURRENT_MIT_VECTOR")))
		return rc;
	return sk_read_zero(rd, 0x2a0 - 0x208, "reserved (0x208)");
}

int sev_snp_report_parse(const uint8_t *buf, size_t len, struct sev_snp_report *r)
{
	struct sk_reader rd;
	int rc;

	memset(r, 0, sizeof(*r));
	if (len != SEV_SNP_REPORT_SIZE)
		return sk_fail(len < SEV_SNP_REPORT_SIZE ? SEV_E_FORMAT : SEV_E_TOOBIG,
			       "attestation report: %zu bytes, expected %u", len,
			       SEV_SNP_REPORT_SIZE);
	memcpy(r->raw, buf, len);
	sk_reader_init(&rd, r->raw, len, "attestation report");
	if ((rc = read_header(&rd, r)) || (rc = read_signer(&rd, r)) ||
	    (rc = read_body(&rd, r)) || (rc = read_versions(&rd, r)) ||
	    (rc = sk_read_p384_sig_le(&rd, r->sig_r, r->sig_s, "SIGNATURE.R", "SIGNATURE.S")) ||
	    (rc = sk_read_zero(&rd, 0x200 - 2 * SK_P384_SLOT, "SIGNATURE reserved")))
		return rc;
	return 0;
}

static bool turin_chip_id(const uint8_t chip_id[64])
{
	return !sk_all_zero(chip_id, 8) && sk_all_zero(chip_id + 8, 56);
}

enum sev_snp_product sev_snp_report_product(const struct sev_snp_report *r)
{
	if (r->has_cpuid)
		return sev_snp_product_from_cpuid(r->cpuid_fam_id, r->cpuid_mod_id);
	/* Version 2 carries no CPUID: Turin alone uses 8-byte chip IDs. */
	return turin_chip_id(r->chip_id) ? SEV_SNP_PRODUCT_TURIN : SEV_SNP_PRODUCT_UNKNOWN;
}
