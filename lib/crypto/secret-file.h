/* SPDX-License-Identifier: Apache-2.0 */
/* Whole files that hold secrets (keys, launch secrets), read into memory for secrets. */
#ifndef SK_SECRET_FILE_H
#define SK_SECRET_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Like sk_file_read (util/file.h), for files that hold secrets: the buffer is
 * in locked memory that core dumps leave out (sk_secret_alloc), and
 * sk_file_free_secret wipes and releases it.
 */
int sk_file_read_secret(const char *path, size_t max, uint8_t **buf, size_t *len);
void sk_file_free_secret(uint8_t *buf, size_t len);

#endif
