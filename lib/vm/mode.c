/* SPDX-License-Identifier: Apache-2.0 */
/* The three confidential launch modes: names, default policies, policy checks. */
#include <sevkit/mode.h>

#include <sevkit/domain.h>
#include <sevkit/policy.h>

#include "util/log.h"

const char *sev_mode_name(enum sev_mode mode)
{
	switch (mode) {
	case SEV_MODE_SEV: return "sev";
	case SEV_MODE_SEV_ES: return "sev-es";
	case SEV_MODE_SEV_SNP: return "sev-snp";
	}
	return "unknown";
}

uint64_t sev_mode_default_policy(enum sev_mode mode)
{
	switch (mode) {
	case SEV_MODE_SEV: return SEV_DEFAULT_POLICY_SEV;
	case SEV_MODE_SEV_ES: return SEV_DEFAULT_POLICY_SEV_ES;
	case SEV_MODE_SEV_SNP: return SEV_DEFAULT_POLICY_SNP;
	}
	return 0;
}

const char *sev_default_firmware(enum sev_mode mode)
{
	return mode == SEV_MODE_SEV_SNP ? "/usr/share/ovmf/OVMF.fd" : "/usr/share/OVMF/OVMF_CODE.fd";
}

static int check_snp(uint64_t policy)
{
	if (policy & SEV_SNP_POLICY_MBZ)
		return sk_fail(SEV_E_INVALID, "SEV-SNP policy 0x%llx: bits 63:26 must be zero",
			       (unsigned long long)policy);
	if (!(policy & SEV_SNP_POLICY_RESERVED1))
		return sk_fail(SEV_E_INVALID, "SEV-SNP policy 0x%llx: bit 17 must be set",
			       (unsigned long long)policy);
	return 0;
}

int sev_mode_check_policy(enum sev_mode mode, uint64_t policy)
{
	if (mode == SEV_MODE_SEV_SNP)
		return check_snp(policy);
	if (policy > UINT32_MAX)
		return sk_fail(SEV_E_INVALID, "SEV policy 0x%llx: wider than 32 bits",
			       (unsigned long long)policy);
	if (policy & SEV_POLICY_RESERVED)
		return sk_fail(SEV_E_INVALID, "SEV policy 0x%llx: reserved bits 6-15 are set",
			       (unsigned long long)policy);
	if (mode == SEV_MODE_SEV_ES && !(policy & SEV_POLICY_ES))
		return sk_fail(SEV_E_INVALID, "SEV-ES policy 0x%llx: the ES bit (0x4) is clear",
			       (unsigned long long)policy);
	if (mode == SEV_MODE_SEV && (policy & SEV_POLICY_ES))
		return sk_fail(SEV_E_INVALID,
			       "SEV policy 0x%llx has the ES bit (0x4): that is an SEV-ES guest",
			       (unsigned long long)policy);
	return 0;
}
