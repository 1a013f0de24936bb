/* SPDX-License-Identifier: Apache-2.0 */
#include "util/number.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "util/log.h"

int sk_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;
	int base = 10;

	if (!s || !*s || !isdigit((unsigned char)s[0]))
		return sk_fail(SEV_E_INVALID, "'%s' is not a number", s ? s : "");
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!isxdigit((unsigned char)s[0]))
			return sk_fail(SEV_E_INVALID, "'0x%s' is not a hexadecimal number", s);
	}
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end)
		return sk_fail(SEV_E_INVALID, "'%s' is not a number", s);
	if (errno == ERANGE || v > max)
		return sk_fail(SEV_E_INVALID, "%s is out of range (at most %llu)", s,
			       (unsigned long long)max);
	*out = v;
	return 0;
}

int sk_parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;
	int rc = sk_parse_uint(s, UINT32_MAX, &v);

	if (!rc)
		*out = (uint32_t)v;
	return rc;
}

int sk_parse_u8(const char *s, uint8_t *out)
{
	uint64_t v;
	int rc = sk_parse_uint(s, UINT8_MAX, &v);

	if (!rc)
		*out = (uint8_t)v;
	return rc;
}
