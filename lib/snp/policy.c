/* SPDX-License-Identifier: Apache-2.0 */
/* SEV-SNP guest policy (64-bit, SNP_LAUNCH_START) and PLATFORM_INFO bits. */
#include <sevkit/snp.h>

#include <string.h>

#include "util/bytes.h"
#include "util/log.h"

static const struct sev_snp_bit policy_bits[] = {
	{ 16, "smt", "SMT is allowed", "SMT must be disabled on the host" },
	{ 17, "reserved_one", "reserved, set as required", "reserved bit 17 is clear (must be 1)" },
	{ 18, "migrate_ma", "a migration agent may be associated with the guest",
	  "no migration agent is allowed" },
	{ 19, "debug", "debugging is allowed (the host can decrypt guest memory)",
	  "debugging is disallowed" },
	{ 20, "single_socket", "the guest may run on one socket only",
	  "the guest may run on several sockets" },
	{ 21, "cxl_allow", "CXL memory may be populated with guest pages",
	  "CXL memory must not hold guest pages" },
	{ 22, "mem_aes_256_xts", "AES-256-XTS memory encryption is required",
	  "AES-128-XEX or AES-256-XTS memory encryption" },
	{ 23, "rapl_dis", "Running Average Power Limit must be disabled", "RAPL may be enabled" },
	{ 24, "ciphertext_hiding", "ciphertext hiding must be enabled",
	  "ciphertext hiding may be disabled" },
	{ 25, "page_swap_disable", "guest pages must not be swapped by the host",
	  "the host may swap guest pages (SNP_PAGE_MOVE)" },
};

static const struct sev_snp_bit platform_bits[] = {
	{ 0, "smt_en", "SMT is enabled on the host", "SMT is disabled" },
	{ 1, "tsme_en", "transparent SME is enabled", "TSME is disabled" },
	{ 2, "ecc_en", "the platform uses error-correcting memory", "no ECC memory" },
	{ 3, "rapl_dis", "RAPL is disabled", "RAPL is enabled" },
	{ 4, "ciphertext_hiding_en", "ciphertext hiding is enabled",
	  "ciphertext hiding is disabled" },
	{ 5, "alias_check_complete", "the memory alias check (BadRAM) is complete",
	  "no memory alias check was done" },
	{ 7, "tio_en", "SEV-TIO is enabled", "SEV-TIO is disabled" },
};

const struct sev_snp_bit *sev_snp_policy_bits(size_t *n)
{
	*n = SK_ARRAY_SIZE(policy_bits);
	return policy_bits;
}

const struct sev_snp_bit *sev_snp_platform_bits(size_t *n)
{
	*n = SK_ARRAY_SIZE(platform_bits);
	return platform_bits;
}

int sev_snp_policy_validate(uint64_t policy)
{
	if (!(policy & SEV_SNP_POLICY_RESERVED1))
		return sk_fail(SEV_E_FORMAT, "guest policy 0x%llx: bit 17 is reserved and must "
			       "be 1", (unsigned long long)policy);
	if (policy & SEV_SNP_POLICY_MBZ)
		return sk_fail(SEV_E_FORMAT, "guest policy 0x%llx: bits 63:26 must be zero "
			       "(0x%llx set)", (unsigned long long)policy,
			       (unsigned long long)(policy & SEV_SNP_POLICY_MBZ));
	return 0;
}

static int by_name(const struct sev_snp_bit *bits, size_t n, const char *name, uint64_t *mask)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(bits[i].name, name) == 0) {
			*mask = 1ull << bits[i].bit;
			return 0;
		}
	}
	return SEV_E_INVALID;
}

int sev_snp_policy_bit_by_name(const char *name, uint64_t *mask)
{
	return by_name(policy_bits, SK_ARRAY_SIZE(policy_bits), name, mask);
}

int sev_snp_platform_bit_by_name(const char *name, uint64_t *mask)
{
	return by_name(platform_bits, SK_ARRAY_SIZE(platform_bits), name, mask);
}
