/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exit status of every sevkit command (docs/sevkit.1, EXIT STATUS): the
 * tool's policy, not the library's. The library returns SEV_E_* codes; this
 * maps them.
 */
#ifndef SEVKIT_EXIT_CODE_H
#define SEVKIT_EXIT_CODE_H

enum sev_exit {
	SEV_EXIT_OK = 0,
	SEV_EXIT_FAIL = 1,     /* verification failed, mismatch, secrets found */
	SEV_EXIT_USAGE = 2,    /* usage error */
	SEV_EXIT_INPUT = 3,    /* bad input: malformed file */
	SEV_EXIT_ENV = 4,      /* environment: missing device, permission */
	SEV_EXIT_INTERNAL = 5, /* internal error */
};

/* The exit status for a library return code (0 or SEV_E_* / -errno). */
int cli_exit_code(int err);

#endif
