/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the unit tests: cmocka, vector files, hex comparison. */
#ifndef SEVKIT_TEST_H
#define SEVKIT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/file.h"
#include "util/hex.h"

/* Read tests/vectors/<rel> whole; the test fails when it is missing. */
static inline uint8_t *test_vector(const char *rel, size_t *len)
{
	char path[1024];
	uint8_t *buf = NULL;

	snprintf(path, sizeof(path), "%s/%s", VECTORS, rel);
	if (sk_file_read(path, 1u << 30, &buf, len) != 0)
		fail_msg("cannot read vector %s", path);
	return buf;
}

/* Assert that n bytes equal the given hex string. */
#define assert_hex_equal(bytes, n, hex)                                  \
	do {                                                             \
		char *got_ = sk_hex_dup((bytes), (n));                   \
		assert_non_null(got_);                                   \
		assert_string_equal(got_, (hex));                        \
		free(got_);                                              \
	} while (0)

#endif
