/* SPDX-License-Identifier: Apache-2.0 */
/* Report input as raw bytes, hex or base64 text. */
#include <sevkit/snp.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base64.h"
#include "util/hex.h"
#include "util/log.h"

int sev_snp_input_format_parse(const char *name, enum sev_snp_input_format *f)
{
	static const char *const names[] = { "auto", "bin", "hex", "base64" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) == 0) {
			*f = (enum sev_snp_input_format)i;
			return 0;
		}
	}
	if (strcmp(name, "raw") == 0) {
		*f = SEV_SNP_INPUT_RAW;
		return 0;
	}
	return SEV_E_INVALID;
}

static bool is_text(const uint8_t *in, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isprint(in[i]) && !isspace(in[i]))
			return false;
	return true;
}

/* Copy the text without white space, NUL-terminated. */
static char *compact(const uint8_t *in, size_t len)
{
	char *s = malloc(len + 1);
	size_t n = 0;

	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (!isspace(in[i]))
			s[n++] = (char)in[i];
	s[n] = 0;
	return s;
}

static bool all_hex(const uint8_t *in, size_t len)
{
	size_t digits = 0;

	for (size_t i = 0; i < len; i++) {
		if (isspace(in[i]))
			continue;
		if (!isxdigit(in[i]))
			return false;
		digits++;
	}
	return digits > 0 && digits % 2 == 0;
}

static int decode_hex(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
	char *s = compact(in, len);
	int rc;

	if (!s)
		return -ENOMEM;
	rc = sk_hex_decode_alloc(s, out, out_len);
	free(s);
	return rc ? SEV_E_FORMAT : 0;
}

static int copy_raw(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
	*out = malloc(len ? len : 1);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, in, len);
	*out_len = len;
	return 0;
}

int sev_snp_input_decode(const uint8_t *in, size_t len, enum sev_snp_input_format f,
			 uint8_t **out, size_t *out_len)
{
	int rc;

	switch (f) {
	case SEV_SNP_INPUT_RAW:
		return copy_raw(in, len, out, out_len);
	case SEV_SNP_INPUT_HEX:
		rc = decode_hex(in, len, out, out_len);
		return rc ? sk_fail(rc, "report: not hexadecimal text") : 0;
	case SEV_SNP_INPUT_BASE64:
		rc = sk_base64_decode((const char *)in, len, out, out_len);
		return rc ? sk_fail(rc, "report: not base64 text") : 0;
	case SEV_SNP_INPUT_AUTO:
		break;
	}
	/* A binary report is never all printable: VERSION alone has three zero bytes. */
	if (len >= SEV_SNP_REPORT_SIZE && !is_text(in, len))
		return copy_raw(in, len, out, out_len);
	if (!is_text(in, len))
		return sk_fail(SEV_E_FORMAT, "report: %zu bytes of binary data; a binary report "
			       "has %u", len, SEV_SNP_REPORT_SIZE);
	/* Hex is tried first: a hex text is also valid base64, but not the other way. */
	if (all_hex(in, len))
		return decode_hex(in, len, out, out_len);
	rc = sk_base64_decode((const char *)in, len, out, out_len);
	return rc ? sk_fail(rc, "report: text is neither hex nor base64") : 0;
}
