/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shannon entropy of memory pages: H = log2(n) - (1/n) * sum(c * log2(c)) over
 * the byte counts c. c * log2(c) comes from a table (c <= 4096), so a page
 * costs one histogram pass. Zero pages are recognised first and cost a read.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "memscan/memscan-internal.h"
#include "util/bytes.h"

static float clogc[MS_PAGE + 1];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void make_table(void)
{
	clogc[0] = 0;
	for (unsigned c = 1; c <= MS_PAGE; c++)
		clogc[c] = (float)(c * log2((double)c));
}

/* Entropy in bits per byte of n <= 4096 bytes. */
static double page_bits(const uint8_t *p, size_t n)
{
	uint32_t h[4][256];
	double sum = 0;
	size_t i = 0;

	pthread_once(&table_once, make_table);
	memset(h, 0, sizeof(h));
	/* four histograms so consecutive equal bytes do not serialise on one counter */
	for (; i + 4 <= n; i += 4) {
		h[0][p[i]]++;
		h[1][p[i + 1]]++;
		h[2][p[i + 2]]++;
		h[3][p[i + 3]]++;
	}
	for (; i < n; i++)
		h[0][p[i]]++;
	for (int b = 0; b < 256; b++)
		sum += clogc[h[0][b] + h[1][b] + h[2][b] + h[3][b]];
	return log2((double)n) - sum / (double)n;
}

double sev_memscan_entropy(const uint8_t *p, size_t n)
{
	double sum = 0;
	size_t i = 0;
	uint64_t h[256] = { 0 };

	if (n == 0)
		return 0;
	if (n <= MS_PAGE)
		return page_bits(p, n);
	for (; i < n; i++)
		h[p[i]]++;
	for (int b = 0; b < 256; b++)
		if (h[b])
			sum += (double)h[b] * log2((double)h[b]);
	return log2((double)n) - sum / (double)n;
}

uint8_t sk_ms_page_entropy(const uint8_t *p, size_t n, double *bits)
{
	if (sk_ms_zero(p, n)) {
		*bits = -1;
		return SEV_MEMSCAN_ZERO;
	}
	*bits = page_bits(p, n);
	return (uint8_t)lrint(*bits * 30.0);
}
