/* SPDX-License-Identifier: Apache-2.0 */
/* The progress line of long work (progress.h). */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define FIRST_AFTER 1.0 /* seconds: short work draws nothing */
#define EVERY 0.1       /* seconds between redraws */
#define BAR 30

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

bool progress_begin(const struct cli *cli, struct progress *pr)
{
	memset(pr, 0, sizeof(*pr));
	if (cli->quiet || !isatty(STDERR_FILENO))
		return false;
	clock_gettime(CLOCK_MONOTONIC, &pr->start);
	return true;
}

void progress_show(uint64_t done, uint64_t total, void *ctx)
{
	struct progress *pr = ctx;
	struct timespec now;
	char bar[BAR + 1];
	double frac = total ? (double)done / (double)total : 1.0, t, rate, eta;

	if (frac > 1.0)
		frac = 1.0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = seconds(&pr->start, &now);
	if (t < FIRST_AFTER || (seconds(&pr->last, &now) < EVERY && done < total))
		return;
	pr->last = now;
	for (int i = 0; i < BAR; i++)
		bar[i] = i < (int)(frac * BAR) ? '#' : '.';
	bar[BAR] = '\0';
	rate = (double)done / t;
	eta = rate > 0 && done < total ? (double)(total - done) / rate : 0.0;
	fprintf(stderr, "\r[%s] %3d%%  %.0f MB/s  ETA %d:%02d:%02d", bar, (int)(frac * 100),
		rate / 1e6, (int)(eta / 3600), (int)(eta / 60) % 60, (int)eta % 60);
	fflush(stderr);
	pr->shown = true;
}

void progress_end(const struct progress *pr)
{
	if (pr->shown)
		fprintf(stderr, "\r\033[K");
}
