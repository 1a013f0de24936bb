/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whole reads and writes on a descriptor: read(2) and write(2) may move fewer
 * bytes than asked and fail with EINTR when a signal arrives; these loop until
 * the count is reached, the file ends, or a real error.
 */
#ifndef SK_FDIO_H
#define SK_FDIO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read n bytes. *got is what was read, also on error. 0 when the count was
 * reached or the file ended first (*got < n); the negated errno of a failed
 * read otherwise.
 */
int sk_read_full(int fd, void *buf, size_t n, size_t *got);
/* The same at offset off (pread(2)); the file position is left alone. */
int sk_pread_full(int fd, void *buf, size_t n, uint64_t off, size_t *got);

/*
 * Write n bytes. *put, unless NULL, is what was written, also on error. 0, or
 * the negated errno of a failed write (-EIO when a write moves nothing).
 */
int sk_write_full(int fd, const void *buf, size_t n, size_t *put);
/* The same at offset off (pwrite(2)). */
int sk_pwrite_full(int fd, const void *buf, size_t n, uint64_t off, size_t *put);

#endif
