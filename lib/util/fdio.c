/* SPDX-License-Identifier: Apache-2.0 */
#include "util/fdio.h"

#include <errno.h>
#include <stdbool.h>
#include <unistd.h>

/* One loop for the four: at < 0 means the file position, else pread/pwrite at at + done. */
static int full(int fd, bool reading, const void *buf, size_t n, int64_t at, size_t *done)
{
	uint8_t *rbuf = (uint8_t *)buf; /* written only when reading */
	const uint8_t *wbuf = buf;

	*done = 0;
	while (*done < n) {
		size_t left = n - *done;
		off_t off = (off_t)(at + (int64_t)*done);
		ssize_t k;

		if (reading)
			k = at < 0 ? read(fd, rbuf + *done, left) : pread(fd, rbuf + *done, left, off);
		else
			k = at < 0 ? write(fd, wbuf + *done, left) : pwrite(fd, wbuf + *done, left, off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		if (k == 0)
			return reading ? 0 : -EIO;
		*done += (size_t)k;
	}
	return 0;
}

int sk_read_full(int fd, void *buf, size_t n, size_t *got)
{
	return full(fd, true, buf, n, -1, got);
}

int sk_pread_full(int fd, void *buf, size_t n, uint64_t off, size_t *got)
{
	if (off > INT64_MAX) {
		*got = 0;
		return -EINVAL;
	}
	return full(fd, true, buf, n, (int64_t)off, got);
}

int sk_write_full(int fd, const void *buf, size_t n, size_t *put)
{
	size_t done;

	return full(fd, false, buf, n, -1, put ? put : &done);
}

int sk_pwrite_full(int fd, const void *buf, size_t n, uint64_t off, size_t *put)
{
	size_t done;

	if (off > INT64_MAX) {
		if (put)
			*put = 0;
		return -EINVAL;
	}
	return full(fd, false, buf, n, (int64_t)off, put ? put : &done);
}
