/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The interleaved SHA-256 against OpenSSL's on any shape: byte 0 is the prefix length, byte 1
 * the suffix length, then the prefix, the suffix, and two messages of equal length.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/sha256-x2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(const struct sk_sha256_x2_shape *s, const uint8_t *m, uint8_t out[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(c, s->prefix, s->prefix_len) != 1 ||
	    EVP_DigestUpdate(c, m, s->len) != 1 ||
	    EVP_DigestUpdate(c, s->suffix, s->suffix_len) != 1 ||
	    EVP_DigestFinal_ex(c, out, NULL) != 1)
		abort();
	EVP_MD_CTX_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_sha256_x2_shape s = { 0 };
	uint8_t got[2][32], want[2][32];

	if (size < 2 || !sk_sha256_x2_available())
		return 0;
	s.prefix_len = data[0];
	s.suffix_len = data[1];
	if (size - 2 < s.prefix_len + s.suffix_len)
		return 0;
	s.prefix = data + 2;
	s.suffix = s.prefix + s.prefix_len;
	s.len = (size - 2 - s.prefix_len - s.suffix_len) / 2;
	sk_sha256_x2(&s, s.suffix + s.suffix_len, s.suffix + s.suffix_len + s.len, got[0], got[1]);
	one(&s, s.suffix + s.suffix_len, want[0]);
	one(&s, s.suffix + s.suffix_len + s.len, want[1]);
	if (memcmp(got, want, sizeof(got)))
		abort();
	return 0;
}
