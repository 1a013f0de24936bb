/* SPDX-License-Identifier: Apache-2.0 */
/* Build chain files for the tests by concatenating real certificate files. */
#ifndef SEVKIT_TEST_CHAIN_FILES_H
#define SEVKIT_TEST_CHAIN_FILES_H

#include "../test.h"

/* Concatenate the named vectors (NULL-terminated list) into a new buffer. */
static inline uint8_t *concat_vectors(size_t *len, const char *const *names)
{
	uint8_t *out = NULL;

	*len = 0;
	for (; *names; names++) {
		size_t n;
		uint8_t *part = test_vector(*names, &n);

		out = realloc(out, *len + n);
		assert_non_null(out);
		memcpy(out + *len, part, n);
		*len += n;
		free(part);
	}
	return out;
}

#define CONCAT(len, ...) concat_vectors((len), (const char *const[]){ __VA_ARGS__, NULL })

#endif
