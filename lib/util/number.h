/* SPDX-License-Identifier: Apache-2.0 */
/* Numbers given on the command line or in files: decimal, or hex with 0x. */
#ifndef SK_NUMBER_H
#define SK_NUMBER_H

#include <stdint.h>

/* Parse a whole string as an unsigned integer <= max; SEV_E_INVALID otherwise. */
int sk_parse_uint(const char *s, uint64_t max, uint64_t *out);
int sk_parse_u32(const char *s, uint32_t *out);
int sk_parse_u8(const char *s, uint8_t *out);

#endif
