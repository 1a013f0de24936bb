/* SPDX-License-Identifier: Apache-2.0 */
#include "exit-code.h"

#include <errno.h>

#include <sevkit/error.h>

int cli_exit_code(int err)
{
	switch (err) {
	case SEV_OK: return SEV_EXIT_OK;
	case SEV_E_VERIFY: return SEV_EXIT_FAIL;
	case SEV_E_INVALID: return SEV_EXIT_USAGE;
	case SEV_E_FORMAT:
	case SEV_E_TOOBIG:
	case SEV_E_UNSUPPORTED: return SEV_EXIT_INPUT;
	case SEV_E_DEVICE: return SEV_EXIT_ENV;
	case -ENOMEM: return SEV_EXIT_INTERNAL;
	default: break;
	}
	/* any other errno: the system refused (permission, I/O, a device) */
	if (err < 0 && err > SEV_E_BASE)
		return SEV_EXIT_ENV;
	return SEV_EXIT_INTERNAL;
}
