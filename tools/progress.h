/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The progress line of long work (verity format and verify, seal, memscan scan and dump): on
 * stderr when it is a terminal and --quiet is not given, from the work's first second on, with
 * a bar, the rate and the time left. The library calls progress_show one thread at a time.
 */
#ifndef SEVKIT_PROGRESS_H
#define SEVKIT_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "cli.h"

struct progress {
	struct timespec start, last;
	bool shown;
};

/* Start the clock; false when no line is to be shown (then pass no callback). */
bool progress_begin(const struct cli *cli, struct progress *pr);
/* The callback: done of total bytes; ctx is the struct progress. */
void progress_show(uint64_t done, uint64_t total, void *ctx);
/* Clear the line if one was drawn. */
void progress_end(const struct progress *pr);

#endif
