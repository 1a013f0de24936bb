/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bounded little-endian reader for binary formats. Every read checks the
 * remaining length first; a failure logs "<what>: <field> at offset 0x..: ..."
 * and returns SEV_E_FORMAT, so parsers can simply propagate the code.
 */
#ifndef SK_READER_H
#define SK_READER_H

#include <stddef.h>
#include <stdint.h>

struct sk_reader {
	const uint8_t *buf;
	size_t len;
	size_t off;
	const char *what; /* name of the structure, for messages */
};

void sk_reader_init(struct sk_reader *r, const void *buf, size_t len, const char *what);
size_t sk_reader_left(const struct sk_reader *r);

int sk_read_bytes(struct sk_reader *r, void *out, size_t n, const char *field);
int sk_read_u8(struct sk_reader *r, uint8_t *v, const char *field);
int sk_read_u16(struct sk_reader *r, uint16_t *v, const char *field);
int sk_read_u32(struct sk_reader *r, uint32_t *v, const char *field);
int sk_read_u64(struct sk_reader *r, uint64_t *v, const char *field);
/* Borrow n bytes in place (no copy). */
int sk_read_ref(struct sk_reader *r, const uint8_t **p, size_t n, const char *field);
int sk_read_skip(struct sk_reader *r, size_t n, const char *field);
/* Consume n bytes that the specification says must be zero. */
int sk_read_zero(struct sk_reader *r, size_t n, const char *field);
/* Move to an absolute offset within the buffer. */
int sk_read_seek(struct sk_reader *r, size_t off, const char *field);

/* Log "<what>: <field> at offset 0x..: <reason>" and return SEV_E_FORMAT. */
int sk_reader_reject(const struct sk_reader *r, size_t off, const char *field,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
