/* SPDX-License-Identifier: Apache-2.0 */
/* The version of the library a program runs with. */
#ifndef SEVKIT_VERSION_H
#define SEVKIT_VERSION_H

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The version of the libsevkit that is loaded ("0.1.0"): the project version
 * it was built from, which may be newer than the headers a program was built
 * with. The string is static.
 */
SEV_API const char *sev_version(void);

#ifdef __cplusplus
}
#endif
#endif
