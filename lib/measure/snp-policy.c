/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV-SNP guest policy (SNP ABI #56860, GUEST_POLICY): ABI minor and
 * major in bits 0-15, flags in 16-25, bit 17 reserved as 1, the rest must
 * be zero. The firmware refuses SNP_LAUNCH_START with anything else.
 */
#include <sevkit/policy.h>

#include <inttypes.h>

#include "util/bytes.h"
#include "util/log.h"

static const struct sev_snp_policy_bit bits[] = {
	{ SEV_SNP_POLICY_SMT, 16, "smt", "SMT is allowed on the host",
	  "the host must have SMT disabled" },
	{ SEV_SNP_POLICY_MIGRATE_MA, 18, "migrate_ma", "a migration agent may be associated",
	  "no migration agent" },
	{ SEV_SNP_POLICY_DEBUG, 19, "debug",
	  "debugging is allowed (the host can read and write guest memory)",
	  "debugging is disallowed" },
	{ SEV_SNP_POLICY_SINGLE_SOCKET, 20, "single_socket",
	  "the guest may only run on one socket", "the guest may run on several sockets" },
	{ SEV_SNP_POLICY_CXL_ALLOW, 21, "cxl_allow", "CXL memory may be used for the guest",
	  "CXL memory is not allowed" },
	{ SEV_SNP_POLICY_MEM_AES_256_XTS, 22, "mem_aes_256_xts",
	  "memory encryption must use AES-256-XTS", "AES-128 memory encryption is allowed" },
	{ SEV_SNP_POLICY_RAPL_DIS, 23, "rapl_dis",
	  "the host must have RAPL (power reporting) disabled", "RAPL may be enabled" },
	{ SEV_SNP_POLICY_CIPHERTEXT_HIDING, 24, "ciphertext_hiding",
	  "ciphertext hiding must be enabled", "ciphertext hiding is not required" },
	{ SEV_SNP_POLICY_PAGE_SWAP_DISABLE, 25, "page_swap_disable",
	  "guest pages may not be swapped (SNP_PAGE_MOVE/SWAP disabled)",
	  "guest pages may be swapped by the host" },
};

const struct sev_snp_policy_bit *sev_snp_policy_bits(size_t *n)
{
	*n = SK_ARRAY_SIZE(bits);
	return bits;
}

int sev_snp_policy_check(uint64_t policy)
{
	if (!(policy & SEV_SNP_POLICY_RESERVED1))
		return sk_fail(SEV_E_INVALID, "SNP policy 0x%" PRIx64 ": reserved bit 17 must be "
			       "set", policy);
	if (policy & SEV_SNP_POLICY_MBZ)
		return sk_fail(SEV_E_INVALID, "SNP policy 0x%" PRIx64 ": bits 26-63 must be zero "
			       "(0x%" PRIx64 " is set)", policy,
			       (uint64_t)(policy & SEV_SNP_POLICY_MBZ));
	return 0;
}
