/* SPDX-License-Identifier: Apache-2.0 */
/* A file's digests, read once in pieces (kernels, initrds and firmware can be large). */
#ifndef SK_FILE_HASH_H
#define SK_FILE_HASH_H

#include <stdint.h>

#include "crypto/hash.h"

/* SHA-256 and SHA-384 of the file at path; either output may be NULL. Errors name the file. */
int sk_file_hash(const char *path, uint8_t sha256[SK_SHA256_LEN], uint8_t sha384[SK_SHA384_LEN]);

#endif
