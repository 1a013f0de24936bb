/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary copy of the interface in the shared design; replaced by the real header on merge. */
#ifndef SK_KBS_JCS_H
#define SK_KBS_JCS_H
#include <jansson.h>
#include <stddef.h>
int sk_jcs_dump(const json_t *v, char **out, size_t *len);
#endif
