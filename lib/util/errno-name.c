/* SPDX-License-Identifier: Apache-2.0 */
#include "util/errno-name.h"
#include <errno.h>
#include <string.h>

#include <sevkit/error.h>

#include "util/bytes.h"

static const struct {
	int err;
	const char *name;
} names[] = {
	{ EPERM, "EPERM" },   { ENOENT, "ENOENT" }, { EIO, "EIO" },     { ENXIO, "ENXIO" },
	{ EBADF, "EBADF" },   { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
	{ EBUSY, "EBUSY" },   { ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
	{ EINVAL, "EINVAL" }, { ENOTTY, "ENOTTY" }, { EROFS, "EROFS" }, { ENOSYS, "ENOSYS" },
	{ EOPNOTSUPP, "EOPNOTSUPP" },
};

const char *sk_errno_name(int err)
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(names); i++)
		if (names[i].err == err)
			return names[i].name;
	return "EIO";
}

int sk_errno_parse(const char *name, int *err)
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(names); i++)
		if (strcmp(names[i].name, name) == 0) {
			*err = names[i].err;
			return 0;
		}
	return SEV_E_FORMAT;
}
