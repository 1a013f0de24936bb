/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SHA-256 of two messages of the same shape at once, on the CPU's SHA extensions: prefix || a
 * || suffix and prefix || b || suffix, the form of two dm-verity blocks with their salt. One
 * message's rounds wait on the previous round's result; two independent messages fill those
 * waits, which is where the speed-up comes from (Linux's dm-verity does the same since 6.11).
 * OpenSSL hashes one message at a time, so this one loop is written here.
 */
#ifndef SK_SHA256_X2_H
#define SK_SHA256_X2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Whether this CPU has the SHA extensions (and SSSE3/SSE4.1) the x2 function needs, and the
 * environment does not turn it off (SEVKIT_SHA256_X2=0).
 */
bool sk_sha256_x2_available(void);

struct sk_sha256_x2_shape {
	const uint8_t *prefix;
	size_t prefix_len;
	const uint8_t *suffix;
	size_t suffix_len;
	size_t len; /* of a and of b */
};

/* Only where sk_sha256_x2_available(). */
void sk_sha256_x2(const struct sk_sha256_x2_shape *s, const uint8_t *a, const uint8_t *b,
		  uint8_t out_a[32], uint8_t out_b[32]);

#endif
