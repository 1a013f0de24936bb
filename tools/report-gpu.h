/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report verify --gpu-evidence: the GPUs of an SNP guest, checked with its report. The
 * report's REPORT_DATA must bind the GPU evidence as trustee's guests bind it (the additional
 * evidence, with the broker's nonce and the guest's key), and every GPU must answer the nonce
 * derived from that nonce and key and verify as 'sevkit gpu verify' checks it.
 */
#ifndef SEVKIT_REPORT_GPU_H
#define SEVKIT_REPORT_GPU_H

#include <sevkit/snp.h>

#include "gpu-common.h"

struct report_gpu_args {
	const char *evidence;   /* the additional evidence, {"nvidia": ...}, as the guest sent it */
	const char *nonce;      /* the broker's nonce */
	const char *tee_pubkey; /* a file with the guest's JWK */
	const char *hash;       /* of REPORT_DATA; NULL: sha384 */
	struct gpu_verify_args v;
};

/* Check the binding and every GPU; *doc is their JSON, *ok the verdict. An exit code. */
int report_gpu_check(struct cli *cli, const struct report_gpu_args *g,
		     const struct sev_snp_report *r, time_t at, json_t **doc, bool *ok);

#endif
