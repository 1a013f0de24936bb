/* SPDX-License-Identifier: Apache-2.0 */
/* What the host platform commands share: --device, opening the platform, their reports. */
#ifndef SK_TOOLS_HOST_COMMON_H
#define SK_TOOLS_HOST_COMMON_H

#include <sevkit/platform.h>

#include "cli.h"

enum { OPT_HOST_DEVICE = 0x2ff };

#define HOST_DEVICE_OPTION                                                                    \
	{ "device", 0, OPT_HOST_DEVICE, "PATH",                                                    \
	  "SEV device node (default /dev/sev); fake:DIR replays the platform in "            \
	  "DIR/platform.json" }

/* Open the device, or say in one line why not; an exit code. */
int host_open_platform(struct cli *cli, const char *device, struct sev_platform **p);
/*
 * Options of the commands that take only --device (and --force when their one
 * operand is the file they write), and the operand count: -1 to go on, else
 * an exit code.
 */
int host_platform_args(struct cli *cli, int argc, char **argv, int operands,
		       const char **device);
/* What a command that changes the platform reports: --json {"command": VERB, "ok": true}. */
void host_report_done(struct cli *cli, const char *verb, const char *done);

#endif
