/* SPDX-License-Identifier: Apache-2.0 */
/* HMAC-SHA256 and the SEV key derivation built on it. */
#ifndef SK_MAC_H
#define SK_MAC_H

#include <stddef.h>
#include <stdint.h>

#define SK_HMAC_LEN 32

/* HMAC-SHA256 over the concatenation of n (pointer, length) parts. */
struct sk_buf {
	const void *p;
	size_t len;
};
int sk_hmac_sha256(const uint8_t *key, size_t key_len, const struct sk_buf *parts, size_t n,
		   uint8_t out[SK_HMAC_LEN]);

/*
 * NIST SP 800-108 KDF in counter mode with HMAC-SHA256, as the SEV API
 * specifies it: K(i) = HMAC(key, u32le(i) || label || 0x00 || context ||
 * u32le(out_len * 8)). OpenSSL's KBKDF encodes i and L big-endian, so this
 * is written out here.
 */
int sk_kdf_sev(const uint8_t *key, size_t key_len, const char *label, const uint8_t *context,
	       size_t context_len, uint8_t *out, size_t out_len);

#endif
