/* SPDX-License-Identifier: Apache-2.0 */
/* Explicit little-endian loads and stores, and small byte-array helpers. */
#ifndef SK_BYTES_H
#define SK_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline uint16_t sk_get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t sk_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t sk_get_le64(const uint8_t *p)
{
	return (uint64_t)sk_get_le32(p) | (uint64_t)sk_get_le32(p + 4) << 32;
}

static inline void sk_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void sk_put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void sk_put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Copy src to dst in reverse byte order (little-endian <-> big-endian). */
void sk_reverse_copy(uint8_t *dst, const uint8_t *src, size_t n);

bool sk_all_zero(const uint8_t *p, size_t n);

#endif
