/* SPDX-License-Identifier: Apache-2.0 */
#include <sevkit/version.h>

/* made by Meson from project(version : ...), so there is one place to change it */
#include "util/version-config.h"

const char *sev_version(void)
{
	return SEVKIT_PROJECT_VERSION;
}
