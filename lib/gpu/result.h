/* SPDX-License-Identifier: Apache-2.0 */
/* Recording the checks of a GPU verification into its public result. */
#ifndef SK_GPU_RESULT_H
#define SK_GPU_RESULT_H

#include <sevkit/gpu.h>

/* List one failed check (beyond SEV_GPU_FAILURE_MAX the list is cut, never the verdict). */
__attribute__((format(printf, 3, 4)))
void sk_gpu_fail(struct sev_gpu_result *res, const char *check, const char *fmt, ...);

#endif
