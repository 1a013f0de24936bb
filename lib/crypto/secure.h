/* SPDX-License-Identifier: Apache-2.0 */
/* Secret hygiene: constant-time comparison, wiping, random bytes, memory for secrets. */
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

/*
 * Memory for secrets (TEK, TIK, private keys, launch secrets): n zeroed bytes
 * on pages of their own, locked in RAM (mlock: never swapped out) and left out
 * of core dumps (MADV_DONTDUMP). When RLIMIT_MEMLOCK is too small to lock
 * them, a warning is logged once and the pages stay out of dumps. NULL when
 * out of memory. sk_secret_free() wipes the pages, then unlocks and unmaps
 * them; NULL is fine.
 */
void *sk_secret_alloc(size_t n);
void sk_secret_free(void *p);

/*
 * OpenSSL's secure heap, for the private keys it holds (EC private scalars):
 * locked and out of core dumps too. Idempotent; the key functions call it.
 */
void sk_secure_heap_init(void);

#endif
