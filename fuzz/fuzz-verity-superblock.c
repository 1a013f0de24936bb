/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The dm-verity superblock parser. A superblock it accepts must build back to
 * the same 512 bytes and give a tree geometry without overflow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/verity.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_verity_params p;
	struct sev_verity_geometry g;
	uint8_t out[SEV_VERITY_SB_SIZE];

	if (sev_verity_sb_parse(data, size, &p) != 0)
		return 0;
	if (size < SEV_VERITY_SB_SIZE || sev_verity_sb_build(&p, out) != 0 ||
	    memcmp(out, data, SEV_VERITY_SB_SIZE) != 0)
		abort();
	if (sev_verity_geometry(&p, &g) == 0 && g.levels && g.level_blocks[g.levels - 1] != 1)
		abort(); /* the top level is one block */
	return 0;
}
