/* SPDX-License-Identifier: Apache-2.0 */
/* errno <-> its symbolic name ("ENOENT"), for recordings (host checks, the fake SEV device). */
#ifndef SK_ERRNO_NAME_H
#define SK_ERRNO_NAME_H

/* The name of err; "EIO" for a value the table lacks. */
const char *sk_errno_name(int err);
/* The value of a name; SEV_E_FORMAT when the table lacks it. */
int sk_errno_parse(const char *name, int *err);

#endif
