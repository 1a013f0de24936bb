/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dm-verity forward error correction, as the kernel's dm-verity-fec reads it:
 * Reed-Solomon RS(255, 255 - roots) over GF(2^8) (field polynomial 0x11d, first
 * root 0, primitive element 1). The covered stream is the data followed by the
 * hash device from the first hash block on; codeword (round n, byte b) takes
 * byte b of stream blocks n, n + rounds, n + 2 * rounds, ..., so one damaged
 * block costs each codeword at most one symbol. Parity is written round by
 * round, byte by byte, roots bytes each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "verity/verity-internal.h"

#define RS_N 255
#define LOG_ZERO 255 /* index_of[0]: log of zero, outside 0..254 */

struct rs_code {
	unsigned roots;
	uint8_t alpha_to[256];          /* alpha^i */
	uint8_t index_of[256];          /* log_alpha(x) */
	uint8_t mul[VT_FEC_ROOTS_MAX][256]; /* mul[j][x] = x * g_j, g the generator polynomial */
};

static unsigned mod255(unsigned x)
{
	while (x >= RS_N)
		x -= RS_N;
	return x;
}

static void rs_init(struct rs_code *rs, unsigned roots)
{
	uint8_t g[VT_FEC_ROOTS_MAX + 1] = { 1 };
	unsigned sr = 1;

	rs->roots = roots;
	for (unsigned i = 0; i < RS_N; i++) {
		rs->index_of[sr] = (uint8_t)i;
		rs->alpha_to[i] = (uint8_t)sr;
		sr <<= 1;
		if (sr & 0x100)
			sr ^= 0x11d;
	}
	rs->alpha_to[LOG_ZERO] = 0;
	rs->index_of[0] = LOG_ZERO;
	/* g(x) = (x - alpha^0)(x - alpha^1)...(x - alpha^(roots-1)) */
	for (unsigned i = 0; i < roots; i++) {
		g[i + 1] = 1;
		for (unsigned j = i; j > 0; j--)
			g[j] = g[j] ? (uint8_t)(g[j - 1] ^
						rs->alpha_to[mod255(rs->index_of[g[j]] + i)])
				    : g[j - 1];
		g[0] = rs->alpha_to[mod255(rs->index_of[g[0]] + i)];
	}
	for (unsigned j = 0; j < roots; j++)
		for (unsigned x = 0; x < 256; x++)
			rs->mul[j][x] = x && g[j] ? rs->alpha_to[mod255(rs->index_of[x] +
									 rs->index_of[g[j]])] : 0;
}

/*
 * Systematic encoding: parity = data(x) * x^roots mod g(x), for RS_N - roots data
 * bytes, with a shift register whose feedback multiplies g's coefficients.
 */
static void rs_encode(const struct rs_code *rs, const uint8_t *data, uint8_t *parity)
{
	unsigned roots = rs->roots;

	memset(parity, 0, roots);
	for (unsigned i = 0; i < RS_N - roots; i++) {
		uint8_t f = data[i] ^ parity[0];

		for (unsigned j = 1; j < roots; j++)
			parity[j - 1] = parity[j] ^ rs->mul[roots - j][f];
		parity[roots - 1] = rs->mul[0][f];
	}
}

int vt_fec_check(const struct sev_verity_params *p, const struct sev_verity_fec *fec)
{
	if (fec->roots < VT_FEC_ROOTS_MIN || fec->roots > VT_FEC_ROOTS_MAX)
		return sk_fail(SEV_E_INVALID, "invalid number of parity bytes %u (FEC roots: %d "
			       "to %d)", fec->roots, VT_FEC_ROOTS_MIN, VT_FEC_ROOTS_MAX);
	if (p->data_block_size != p->hash_block_size)
		return sk_fail(SEV_E_INVALID, "FEC needs the data and hash block sizes to match");
	if (fec->offset % 512)
		return sk_fail(SEV_E_INVALID, "FEC offset %llu is not a multiple of 512",
			       (unsigned long long)fec->offset);
	return 0;
}

/* Blocks in the covered stream: the data, then the hash device from its first hash block. */
static uint64_t stream_blocks(const struct sev_verity_params *p,
			      const struct sev_verity_geometry *g, uint64_t hash_size)
{
	uint64_t hash_blocks = hash_size / p->data_block_size;

	if (hash_blocks > g->hash_start_block)
		hash_blocks -= g->hash_start_block;
	else
		hash_blocks = 0;
	return p->data_blocks + hash_blocks;
}

uint64_t vt_fec_parity_blocks(const struct sev_verity_params *p,
			      const struct sev_verity_geometry *g, uint64_t hash_size,
			      unsigned roots)
{
	uint64_t blocks = stream_blocks(p, g, hash_size), rsn = RS_N - roots;

	return (blocks + rsn - 1) / rsn * roots;
}

/* Read stream block k (zeros past the end). */
static int read_stream(const struct vt_dev *data, const struct vt_dev *hash,
		       const struct sev_verity_params *p, const struct sev_verity_geometry *g,
		       uint64_t total, uint64_t k, uint8_t *buf)
{
	uint32_t bs = p->data_block_size;

	if (k >= total) {
		memset(buf, 0, bs);
		return 0;
	}
	if (k < p->data_blocks)
		return vt_pread(data, buf, bs, k * bs);
	return vt_pread(hash, buf, bs, (g->hash_start_block + k - p->data_blocks) * bs);
}

int vt_fec_encode(const struct vt_dev *data, const struct vt_dev *hash, const struct vt_dev *out,
		  const struct sev_verity_params *p, const struct sev_verity_geometry *g,
		  const struct sev_verity_fec *fec)
{
	uint32_t bs = p->data_block_size, roots = fec->roots, rsn = RS_N - roots;
	uint64_t total = stream_blocks(p, g, hash->size), rounds = (total + rsn - 1) / rsn;
	uint8_t *buf = malloc((size_t)rsn * bs), *parity = malloc((size_t)roots * bs);
	uint8_t column[RS_N];
	struct rs_code rs;
	int rc = buf && parity ? 0 : -ENOMEM;

	rs_init(&rs, roots);
	for (uint64_t n = 0; !rc && n < rounds; n++) {
		for (uint32_t i = 0; !rc && i < rsn; i++)
			rc = read_stream(data, hash, p, g, total, n + i * rounds,
					 buf + (size_t)i * bs);
		for (uint32_t b = 0; !rc && b < bs; b++) {
			for (uint32_t i = 0; i < rsn; i++)
				column[i] = buf[(size_t)i * bs + b];
			rs_encode(&rs, column, parity + (size_t)b * roots);
		}
		if (!rc)
			rc = vt_pwrite(out, parity, (size_t)roots * bs,
				       fec->offset + n * (uint64_t)roots * bs);
	}
	free(buf);
	free(parity);
	return rc;
}
