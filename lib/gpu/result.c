/* SPDX-License-Identifier: Apache-2.0 */
/* The failures of a GPU verification, listed in its result. */
#include "gpu/result.h"

#include <stdarg.h>
#include <stdio.h>

void sk_gpu_fail(struct sev_gpu_result *res, const char *check, const char *fmt, ...)
{
	struct sev_gpu_failure *f;
	va_list ap;

	res->verified = false;
	if (res->n_fail >= SEV_GPU_FAILURE_MAX)
		return;
	f = &res->fail[res->n_fail++];
	snprintf(f->check, sizeof(f->check), "%s", check);
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}
