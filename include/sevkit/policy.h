/* SPDX-License-Identifier: Apache-2.0 */
/* SEV and SEV-ES guest policy (the 32-bit LAUNCH_START policy). */
#ifndef SEVKIT_POLICY_H
#define SEVKIT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEV_POLICY_NODBG (1u << 0)  /* debugging of the guest is disallowed */
#define SEV_POLICY_NOKS (1u << 1)   /* sharing keys with other guests is disallowed */
#define SEV_POLICY_ES (1u << 2)     /* SEV-ES is required */
#define SEV_POLICY_NOSEND (1u << 3) /* sending the guest to another platform is disallowed */
#define SEV_POLICY_DOMAIN (1u << 4) /* the guest must not leave the domain */
#define SEV_POLICY_SEV (1u << 5)    /* the guest must not be sent to a non-SEV platform */
#define SEV_POLICY_RESERVED 0x0000ffc0u

struct sev_policy_bit {
	uint32_t mask;
	const char *name;    /* short, stable key: "nodbg", "noks", ... */
	const char *set;     /* meaning when the bit is set */
	const char *clear;   /* meaning when it is clear */
};

/* The six defined flag bits, in bit order. */
SEV_API const struct sev_policy_bit *sev_policy_bits(size_t *n);

/* Minimum firmware API version the policy requires (bits 16-23 and 24-31). */
static inline uint8_t sev_policy_api_major(uint32_t policy)
{
	return (uint8_t)(policy >> 16);
}

static inline uint8_t sev_policy_api_minor(uint32_t policy)
{
	return (uint8_t)(policy >> 24);
}

/*
 * ---- SEV-SNP guest policy (the 64-bit SNP_LAUNCH_START policy) ----------
 */

#define SEV_SNP_POLICY_SMT (1ull << 16)
#define SEV_SNP_POLICY_RESERVED1 (1ull << 17) /* reserved, must be 1 */
#define SEV_SNP_POLICY_MIGRATE_MA (1ull << 18)
#define SEV_SNP_POLICY_DEBUG (1ull << 19)
#define SEV_SNP_POLICY_SINGLE_SOCKET (1ull << 20)
#define SEV_SNP_POLICY_CXL_ALLOW (1ull << 21)
#define SEV_SNP_POLICY_MEM_AES_256_XTS (1ull << 22)
#define SEV_SNP_POLICY_RAPL_DIS (1ull << 23)
#define SEV_SNP_POLICY_CIPHERTEXT_HIDING (1ull << 24)
#define SEV_SNP_POLICY_PAGE_SWAP_DISABLE (1ull << 25)
#define SEV_SNP_POLICY_MBZ (~0ull << 26)
/* SMT allowed, reserved bit set, ABI 0.0: QEMU's and sev-snp-measure's default. */
#define SEV_SNP_POLICY_DEFAULT 0x30000ull

#ifdef __cplusplus
}
#endif
#endif
