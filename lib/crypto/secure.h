/* SPDX-License-Identifier: Apache-2.0 */
/* Secret hygiene: constant-time comparison, wiping, and random bytes. */
#ifndef SK_SECURE_H
#define SK_SECURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Constant-time equality of two n-byte buffers (MACs, measurements, digests). */
bool sk_ct_equal(const void *a, const void *b, size_t n);
void sk_wipe(void *p, size_t n);
/* Wipe n bytes, then free. NULL is fine. */
void sk_wipe_free(void *p, size_t n);
/* Fill out with n bytes from the operating system's CSPRNG (via OpenSSL). */
int sk_random(void *out, size_t n);

#endif
