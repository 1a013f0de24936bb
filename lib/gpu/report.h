/* SPDX-License-Identifier: Apache-2.0 */
/* A parsed GPU report as the public API hands it out: its own copy of the bytes and the parse. */
#ifndef SK_GPU_REPORT_H
#define SK_GPU_REPORT_H

#include <sevkit/gpu.h>

#include "gpu/spdm.h"

struct sev_gpu_report {
	uint8_t *buf;
	size_t len;
	struct sk_spdm_report spdm; /* points into buf */
	char driver[64];            /* "" when absent */
	char vbios[15];             /* "" when absent */
};

#endif
