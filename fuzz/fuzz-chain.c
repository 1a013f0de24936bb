/* SPDX-License-Identifier: Apache-2.0 */
/* Chain files: parse, then verify against the builtin roots and against the chain's own. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <sevkit/cert.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_chain *c = malloc(sizeof(*c));
	struct sev_chain_result *res = malloc(sizeof(*res));

	if (res)
		*res = SEV_INIT(struct sev_chain_result);
	if (c && res && sev_chain_parse(data, size, c) == 0) {
		/* offsets and sizes must describe the input */
		for (int r = 0; r < SEV_CHAIN_ROLES; r++)
			if (sev_chain_has(c, (enum sev_chain_role)r) &&
			    (c->offset[r] > size || c->size[r] > size - c->offset[r]))
				__builtin_trap();
		sev_chain_verify(c, NULL, res);
		sev_chain_verify(c, c, res);
	}
	free(c);
	free(res);
	return 0;
}
