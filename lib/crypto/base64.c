/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/base64.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "crypto/secure.h"
#include "util/log.h"

char *sk_base64_encode(const uint8_t *in, size_t n)
{
	char *out;

	if (n > (size_t)INT_MAX / 4 * 3 - 3)
		return NULL;
	out = malloc(4 * ((n + 2) / 3) + 1);
	if (out)
		EVP_EncodeBlock((unsigned char *)out, in, (int)n);
	return out;
}

static int is_b64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/';
}

/* Log why text is not base64 unless quiet, and return SEV_E_FORMAT. */
static int not_base64(bool quiet, const char *fmt, size_t v)
{
	return quiet ? SEV_E_FORMAT : sk_fail(SEV_E_FORMAT, fmt, v);
}

static int decode(const char *text, size_t text_len, uint8_t **out, size_t *n, bool quiet)
{
	char *clean = malloc(text_len + 1);
	size_t len = 0, pad = 0;
	uint8_t *buf;
	int got;

	if (!clean)
		return -ENOMEM;
	for (size_t i = 0; i < text_len; i++) {
		char c = text[i];

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=' ? len % 4 < 2 : (!is_b64(c) || pad)) {
			sk_wipe_free(clean, text_len + 1);
			return not_base64(quiet, "not base64 (character %zu)", i + 1);
		}
		pad += c == '=';
		clean[len++] = c;
	}
	if (len % 4 || pad > 2 || len > INT_MAX) {
		sk_wipe_free(clean, text_len + 1);
		return not_base64(quiet, "not base64 (length %zu is not a multiple of 4)", len);
	}
	buf = malloc(len / 4 * 3 + 1);
	if (!buf) {
		sk_wipe_free(clean, text_len + 1);
		return -ENOMEM;
	}
	got = EVP_DecodeBlock(buf, (unsigned char *)clean, (int)len);
	sk_wipe_free(clean, text_len + 1);
	if (got < 0 || (size_t)got < pad) {
		sk_wipe_free(buf, len / 4 * 3 + 1);
		return not_base64(quiet, "not base64 (%zu characters)", len);
	}
	*out = buf;
	*n = (size_t)got - pad;
	return 0;
}

int sk_base64_decode(const char *text, size_t text_len, uint8_t **out, size_t *n)
{
	return decode(text, text_len, out, n, false);
}

int sk_base64_try_decode(const char *text, size_t text_len, uint8_t **out, size_t *n)
{
	return decode(text, text_len, out, n, true);
}
