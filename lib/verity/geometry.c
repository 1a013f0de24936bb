/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shape of the hash tree. A hash block holds hash_per_block digests (a power of
 * two); level k has ceil(data_blocks / hash_per_block^(k+1)) blocks, and the
 * levels are stored top first, right after the superblock.
 */
#include <string.h>

#include <sevkit/verity.h>

#include "crypto/digest.h"
#include "util/log.h"
#include "util/struct.h"

static uint32_t floor_log2(uint64_t v)
{
	uint32_t bits = 0;

	while (v >> (bits + 1))
		bits++;
	return bits;
}

static uint32_t next_pow2(uint32_t v)
{
	uint32_t p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

static int place_levels(const struct sev_verity_params *p, struct sev_verity_geometry *g)
{
	uint64_t pos = g->hash_start_block, blocks = p->data_blocks;

	/* level sizes bottom up, then positions top down */
	for (uint32_t k = 0; k < g->levels; k++) {
		blocks = blocks / g->hash_per_block + (blocks % g->hash_per_block != 0);
		g->level_blocks[k] = blocks;
	}
	for (uint32_t k = g->levels; k-- > 0;) {
		g->level_start[k] = pos;
		if (g->level_blocks[k] > UINT64_MAX - pos)
			return sk_fail(SEV_E_TOOBIG, "hash area overflow");
		pos += g->level_blocks[k];
		g->hash_blocks += g->level_blocks[k];
	}
	if (pos > (uint64_t)INT64_MAX / p->hash_block_size)
		return sk_fail(SEV_E_TOOBIG, "hash area overflow");
	g->hash_end = pos * p->hash_block_size;
	g->hash_device_size = g->hash_end > p->hash_offset ? g->hash_end - p->hash_offset : 0;
	return 0;
}

static int do_verity_geometry(const struct sev_verity_params *p, struct sev_verity_geometry *g)
{
	int rc = sev_verity_params_check(p), size;
	uint32_t bits;

	if (rc)
		return rc;
	if (p->data_blocks == 0)
		return sk_fail(SEV_E_INVALID, "a hash tree needs at least one data block");
	size = sk_digest_size(p->hash_name);
	if (size < 0)
		return size;
	memset(g, 0, sizeof(*g));
	g->digest_size = (uint32_t)size;
	/* format 1 gives each digest a power-of-two slot; format 0 packs them */
	g->digest_slot = p->hash_type ? next_pow2(g->digest_size) : g->digest_size;
	bits = floor_log2(p->hash_block_size / g->digest_size);
	g->hash_per_block = 1u << bits;
	while (g->levels * bits < 64 && (p->data_blocks - 1) >> (g->levels * bits))
		g->levels++;
	if (g->levels > SEV_VERITY_LEVELS_MAX)
		return sk_fail(SEV_E_TOOBIG, "the tree would need %u levels (at most %d)",
			       g->levels, SEV_VERITY_LEVELS_MAX);
	/* The superblock takes the start of the hash area, rounded up to a hash block. */
	if (p->superblock)
		g->hash_start_block = (p->hash_offset + SEV_VERITY_SB_SIZE +
				       p->hash_block_size - 1) / p->hash_block_size;
	else
		g->hash_start_block = p->hash_offset / p->hash_block_size;
	return place_levels(p, g);
}

int sev_verity_geometry(const struct sev_verity_params *p, struct sev_verity_geometry *g)
{
	struct sev_verity_params p_mine;
	int rc;

	if ((rc = sk_struct_in(&p_mine, sizeof(p_mine), p, "sev_verity_params")))
		return rc;
	return do_verity_geometry(&p_mine, g);
}
