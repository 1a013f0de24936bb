/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reference integrity manifests (RIMs): NVIDIA's signed SWID tags (ISO 19770-2 with the TCG RIM
 * attributes) that list, per measurement index, the SHA-384 values a driver or VBIOS may give.
 * RIM index i is the report's measurement block i + 1 (nvtrust's rule).
 */
#ifndef SK_GPU_RIM_H
#define SK_GPU_RIM_H

#include <stdbool.h>
#include <time.h>

#include "gpu/result.h"
#include "gpu/spdm.h"

#define SK_RIM_MAX_INDEX 255
#define SK_RIM_MAX_ALT 8

struct sk_gpu_golden {
	unsigned index; /* the RIM's, 0-based */
	unsigned n_alt;
	size_t size;
	char name[48];
	uint8_t hash[SK_RIM_MAX_ALT][48];
};

struct sk_gpu_rim {
	char label[64];
	char version[32];   /* colloquialVersion, lower-case */
	bool vbios;         /* a VBIOS RIM (dotted hex version), else a driver RIM */
	struct _xmlDoc *doc; /* kept for its signature, checked against the same tree */
	size_t n;           /* active entries */
	struct sk_gpu_golden *golden;
};

/* Parse a RIM (no DTD, no network) and its active golden values. SEV_E_FORMAT naming the file. */
int sk_gpu_rim_load(const char *label, const uint8_t *xml, size_t len, struct sk_gpu_rim *rim);
void sk_gpu_rim_free(struct sk_gpu_rim *rim);
/* Its XML signature to NVIDIA's RIM root at time at; a failure is listed in res. */
bool sk_gpu_rim_signature_holds(const struct sk_gpu_rim *rim, time_t at,
				struct sev_gpu_result *res);
/*
 * Compare the report with every RIM: each RIM's version with the report's driver or VBIOS
 * version, no index active in two RIMs, each active golden value with its measurement
 * (mismatches listed in res). True when everything matches.
 */
bool sk_gpu_rims_match(const struct sk_gpu_rim *rim, size_t n, const struct sk_spdm_report *r,
		       const char *driver, const char *vbios, struct sev_gpu_result *res);

#endif
