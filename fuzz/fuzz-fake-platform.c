/* SPDX-License-Identifier: Apache-2.0 */
/* The platform.json of a replayed SEV platform (--device fake:DIR). */
#include <stdint.h>
#include <stdlib.h>

#include "sev/platform-dev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_fake_sev *f;

	/* certificate files named in the input resolve to nothing */
	if (!sk_fake_parse(data, size, "/nonexistent", &f))
		free(f);
	return 0;
}
