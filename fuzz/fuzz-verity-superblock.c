/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The dm-verity superblock parser. A superblock it accepts must build back to
 * the same 512 bytes, but for reserved bytes (accepted with a warning, written
 * as zeros), build again to itself, and give a tree geometry without overflow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/verity.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_params q = SEV_INIT(struct sev_verity_params);
	struct sev_verity_geometry g;
	uint8_t out[SEV_VERITY_SB_SIZE], again[SEV_VERITY_SB_SIZE];

	if (sev_verity_sb_parse(data, size, &p) != 0)
		return 0;
	if (size < SEV_VERITY_SB_SIZE || sev_verity_sb_build(&p, out) != 0 ||
	    sev_verity_sb_parse(out, sizeof(out), &q) != 0 || sev_verity_sb_build(&q, again) != 0 ||
	    memcmp(out, again, sizeof(out)) != 0)
		abort();
	for (size_t i = 0; i < sizeof(out); i++)
		if (out[i] != data[i] && out[i] != 0)
			abort(); /* only ignored (reserved) bytes may come back as zeros */
	if (sev_verity_geometry(&p, &g) == 0 && g.levels && g.level_blocks[g.levels - 1] != 1)
		abort(); /* the top level is one block */
	return 0;
}
