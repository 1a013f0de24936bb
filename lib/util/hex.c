/* SPDX-License-Identifier: Apache-2.0 */
#include "util/hex.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

static void encode(char *out, const uint8_t *in, size_t n, const char *digits)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}

void sk_hex_encode(char *out, const uint8_t *in, size_t n)
{
	encode(out, in, n, "0123456789abcdef");
}

void sk_hex_encode_upper(char *out, const uint8_t *in, size_t n)
{
	encode(out, in, n, "0123456789ABCDEF");
}

char *sk_hex_dup(const uint8_t *in, size_t n)
{
	char *s = malloc(2 * n + 1);

	if (s)
		sk_hex_encode(s, in, n);
	return s;
}

static int digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const char *skip_prefix(const char *hex)
{
	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
		return hex + 2;
	return hex;
}

static int decode(uint8_t *out, const char *hex, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return sk_fail(SEV_E_INVALID, "not a hexadecimal string: '%.80s'", hex);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int sk_hex_decode(uint8_t *out, size_t n, const char *hex)
{
	hex = skip_prefix(hex);
	if (strlen(hex) != 2 * n)
		return sk_fail(SEV_E_INVALID, "expected %zu hexadecimal digits, got %zu",
			       2 * n, strlen(hex));
	return decode(out, hex, n);
}

int sk_hex_decode_alloc(const char *hex, uint8_t **out, size_t *n)
{
	size_t len;
	int rc;

	hex = skip_prefix(hex);
	len = strlen(hex);
	if (len % 2)
		return sk_fail(SEV_E_INVALID, "odd number of hexadecimal digits (%zu)", len);
	*out = malloc(len / 2 + 1);
	if (!*out)
		return -ENOMEM;
	rc = decode(*out, hex, len / 2);
	if (rc) {
		free(*out);
		*out = NULL;
		return rc;
	}
	*n = len / 2;
	return 0;
}
