/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Additional evidence as trustee's guests send it: the JSON text {"nvidia": {
 * "device_evidence_list": [...]}}, which the SNP report's REPORT_DATA binds. Every device must
 * be a Hopper GPU whose report answers the device nonce of this session's nonce and tee-pubkey
 * (binding.h) and verifies (sevkit/gpu.h) with the chain it carries; anything else in the
 * additional evidence is refused, never ignored.
 */
#ifndef SK_KBS_EVIDENCE_GPU_H
#define SK_KBS_EVIDENCE_GPU_H

#include <jansson.h>

#include "kbs/protocol.h"

#define SK_KBS_GPU_MAX 16

/*
 * Verify it; *claims is a new array with one object per GPU (arch, uuid, driver_version,
 * vbios_version, fwid, rims_matched), empty for "". SEV_E_VERIFY or SEV_E_FORMAT with the
 * reason logged.
 */
int sk_kbs_gpu_evidence_verify(const struct sk_kbs_ctx *c, const char *additional,
			       const char *nonce, const json_t *tee_pubkey, int64_t now,
			       json_t **claims);

/* The configured GPU root and RIMs are usable (checked once, at start). */
int sk_kbs_gpu_config_check(const struct sk_kbs_ctx *c);

/* What a policy asks of the GPUs: its "gpu" member. */
struct sk_kbs_gpu_policy {
	bool given;
	unsigned min_count;             /* at least this many verified GPUs */
	bool rims_matched;              /* every GPU's measurements matched the broker's RIMs */
	const char *driver[8], *vbios[8]; /* one of these versions, when any is given */
	size_t n_driver, n_vbios;
	json_t *doc;                    /* holds the strings */
};

/*
 * Take the "gpu" member out of a policy document (min_count, rims_matched, driver_versions,
 * vbios_versions; "required": true is min_count 1). SEV_E_FORMAT naming the key.
 */
int sk_kbs_gpu_policy_take(json_t *policy, struct sk_kbs_gpu_policy *p);
void sk_kbs_gpu_policy_free(struct sk_kbs_gpu_policy *p);
/* 0 when the GPUs of a token (claims as above) satisfy p; else SEV_E_VERIFY, reason logged. */
int sk_kbs_gpu_policy_check(const struct sk_kbs_gpu_policy *p, const json_t *gpus);

#endif
