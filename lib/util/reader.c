/* SPDX-License-Identifier: Apache-2.0 */
#include "util/reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/bytes.h"
#include "util/log.h"

void sk_reader_init(struct sk_reader *r, const void *buf, size_t len, const char *what)
{
	r->buf = buf;
	r->len = len;
	r->off = 0;
	r->what = what;
}

size_t sk_reader_left(const struct sk_reader *r)
{
	return r->len - r->off;
}

int sk_reader_reject(const struct sk_reader *r, size_t off, const char *field,
		     const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return sk_fail(SEV_E_FORMAT, "%s: %s at offset 0x%zx: %s", r->what, field, off, reason);
}

static int need(const struct sk_reader *r, size_t n, const char *field)
{
	if (n > sk_reader_left(r))
		return sk_reader_reject(r, r->off, field,
					"truncated (need %zu bytes, %zu left)", n,
					sk_reader_left(r));
	return 0;
}

int sk_read_ref(struct sk_reader *r, const uint8_t **p, size_t n, const char *field)
{
	int rc = need(r, n, field);

	if (rc)
		return rc;
	*p = r->buf + r->off;
	r->off += n;
	return 0;
}

int sk_read_bytes(struct sk_reader *r, void *out, size_t n, const char *field)
{
	const uint8_t *p;
	int rc = sk_read_ref(r, &p, n, field);

	if (rc)
		return rc;
	memcpy(out, p, n);
	return 0;
}

int sk_read_u8(struct sk_reader *r, uint8_t *v, const char *field)
{
	return sk_read_bytes(r, v, 1, field);
}

int sk_read_u16(struct sk_reader *r, uint16_t *v, const char *field)
{
	const uint8_t *p;
	int rc = sk_read_ref(r, &p, 2, field);

	if (!rc)
		*v = sk_get_le16(p);
	return rc;
}

int sk_read_u32(struct sk_reader *r, uint32_t *v, const char *field)
{
	const uint8_t *p;
	int rc = sk_read_ref(r, &p, 4, field);

	if (!rc)
		*v = sk_get_le32(p);
	return rc;
}

int sk_read_u64(struct sk_reader *r, uint64_t *v, const char *field)
{
	const uint8_t *p;
	int rc = sk_read_ref(r, &p, 8, field);

	if (!rc)
		*v = sk_get_le64(p);
	return rc;
}

int sk_read_skip(struct sk_reader *r, size_t n, const char *field)
{
	const uint8_t *p;

	return sk_read_ref(r, &p, n, field);
}

int sk_read_zero(struct sk_reader *r, size_t n, const char *field)
{
	size_t start = r->off;
	const uint8_t *p;
	int rc = sk_read_ref(r, &p, n, field);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return sk_reader_reject(r, start + i, field,
						"reserved byte is 0x%02x, must be zero", p[i]);
	return 0;
}

int sk_read_seek(struct sk_reader *r, size_t off, const char *field)
{
	if (off > r->len)
		return sk_reader_reject(r, off, field, "beyond the end (%zu bytes)", r->len);
	r->off = off;
	return 0;
}
