/* SPDX-License-Identifier: Apache-2.0 */
/* What the gpu verbs share: reading evidence (every form) and its reports. */
#ifndef SEVKIT_GPU_COMMON_H
#define SEVKIT_GPU_COMMON_H

#include <sevkit/gpu.h>

#include "cli.h"

#define GPU_FILE_MAX (16u << 20)

struct gpu_input {
	struct sev_gpu_evidence e;
	struct sev_gpu_report **report; /* one per device */
};

#define GPU_MAX_FILES 8

/* What every device is verified with, as options give it. */
struct gpu_verify_args {
	const char *chain, *nonce, *at, *root;
	const char *rim[GPU_MAX_FILES], *crl[GPU_MAX_FILES], *ocsp[GPU_MAX_FILES];
	size_t n_rim, n_crl, n_ocsp;
	bool require_fwid;
};

/* Read an evidence file and parse every device's report; an exit code (errors reported). */
int gpu_input_read(struct cli *cli, const char *path, struct gpu_input *in);
void gpu_input_free(struct gpu_input *in);
/*
 * Verify every device of in against nonce at time at (0: now), print each verdict (text) and
 * append its JSON to list. *all: every device verified. An exit code for what stopped the
 * checks (usage, input), else 0.
 */
int gpu_verify_all(struct cli *cli, const struct gpu_verify_args *a, const uint8_t *nonce,
		   time_t at, const struct gpu_input *in, json_t *list, bool *all);

#endif
