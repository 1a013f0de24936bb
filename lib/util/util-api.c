/* SPDX-License-Identifier: Apache-2.0 */
/* The public names of util's helpers (include/sevkit/util.h, the log subject of error.h). */
#include <sevkit/error.h>
#include <sevkit/util.h>

#include "util/hex.h"
#include "util/log.h"
#include "util/number.h"

void sev_hex_encode(char *out, const uint8_t *in, size_t n)
{
	sk_hex_encode(out, in, n);
}

void sev_hex_encode_upper(char *out, const uint8_t *in, size_t n)
{
	sk_hex_encode_upper(out, in, n);
}

char *sev_hex_dup(const uint8_t *in, size_t n)
{
	return sk_hex_dup(in, n);
}

int sev_hex_decode(uint8_t *out, size_t n, const char *hex)
{
	return sk_hex_decode(out, n, hex);
}

int sev_hex_decode_alloc(const char *hex, uint8_t **out, size_t *n)
{
	return sk_hex_decode_alloc(hex, out, n);
}

int sev_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	return sk_parse_uint(s, max, out);
}

int sev_parse_u32(const char *s, uint32_t *out)
{
	return sk_parse_u32(s, out);
}

void sev_log_subject_push(const char *subject)
{
	sk_log_subject_push(subject);
}

void sev_log_subject_pop(void)
{
	sk_log_subject_pop();
}
