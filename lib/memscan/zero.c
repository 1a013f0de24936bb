/* SPDX-License-Identifier: Apache-2.0 */
/* Pages of zeros, recognised at memory speed: the scan skips them, the entropy map marks them. */
#include <string.h>

#include "memscan/memscan-internal.h"

bool sk_ms_zero(const uint8_t *p, size_t n)
{
	uint64_t acc = 0;
	size_t i = 0;

	/* 32 bytes a step, stopping at the first step with a byte that is not zero */
	for (; i + 32 <= n; i += 32) {
		uint64_t w[4];

		memcpy(w, p + i, 32);
		acc |= w[0] | w[1] | w[2] | w[3];
		if (acc)
			return false;
	}
	for (; i < n; i++)
		acc |= p[i];
	return acc == 0;
}
