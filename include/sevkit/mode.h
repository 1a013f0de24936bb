/* SPDX-License-Identifier: Apache-2.0 */
/* The three confidential launch modes: names, default policies, policy checks. */
#ifndef SEVKIT_MODE_H
#define SEVKIT_MODE_H

#include <stdint.h>

#include <sevkit/error.h>
#include <sevkit/policy.h>

#ifdef __cplusplus
extern "C" {
#endif

enum sev_mode {
	SEV_MODE_SEV = 0,
	SEV_MODE_SEV_ES = 1,
	SEV_MODE_SEV_SNP = 2,
};

/*
 * Default guest policies: SEV 0x0003 (no debugging, no key sharing: the policy
 * of libvirt's SEV guide, which requires <policy>; QEMU's own sev-guest default
 * 0x1 allows key sharing), SEV-ES 0x0007 (the same plus the ES bit), SEV-SNP
 * 0x30000 (QEMU's sev-snp-guest default and libvirt's example: SMT allowed,
 * reserved bit 17 set, no debugging).
 */
#define SEV_DEFAULT_POLICY_SEV 0x0003u
#define SEV_DEFAULT_POLICY_SEV_ES 0x0007u
#define SEV_DEFAULT_POLICY_SNP SEV_SNP_POLICY_DEFAULT

/* "sev", "sev-es" or "sev-snp", as in libvirt's launchSecurity types and CLI options. */
SEV_API const char *sev_mode_name(enum sev_mode mode);
SEV_API uint64_t sev_mode_default_policy(enum sev_mode mode);

/*
 * Check that a policy suits the mode: SEV must not have the ES bit, SEV-ES
 * must, neither may set reserved bits 6-15 or exceed 32 bits; SEV-SNP must
 * have bit 17 set and bits 63:26 clear. SEV_E_INVALID with a message otherwise.
 */
SEV_API int sev_mode_check_policy(enum sev_mode mode, uint64_t policy);

#ifdef __cplusplus
}
#endif
#endif
