/* SPDX-License-Identifier: Apache-2.0 */
/* AES-128-CTR, the cipher of SEV key wrapping and LAUNCH_SECRET. */
#ifndef SK_AES_H
#define SK_AES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Encrypt or decrypt (the same operation) len bytes with a 16-byte key; iv is
 * the initial 128-bit big-endian counter block.
 */
int sk_aes128_ctr(const uint8_t key[16], const uint8_t iv[16], const uint8_t *in, size_t len,
		  uint8_t *out);

#endif
