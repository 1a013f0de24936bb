/* SPDX-License-Identifier: Apache-2.0 */
/* Hexadecimal text <-> bytes. */
#ifndef SK_HEX_H
#define SK_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Write 2*n lower-case digits and a NUL to out (size 2*n+1). */
void sk_hex_encode(char *out, const uint8_t *in, size_t n);
/* Same, upper-case (the form sevctl prints identifiers in). */
void sk_hex_encode_upper(char *out, const uint8_t *in, size_t n);
/* Allocate and return the lower-case hex of in, or NULL when out of memory. */
char *sk_hex_dup(const uint8_t *in, size_t n);
/*
 * Decode exactly 2*n hex digits (either case, optional "0x" prefix) into
 * out[n]. Returns SEV_E_INVALID on a wrong length or a non-hex digit.
 */
int sk_hex_decode(uint8_t *out, size_t n, const char *hex);
/* Decode any even number of digits into a new buffer. */
int sk_hex_decode_alloc(const char *hex, uint8_t **out, size_t *n);

#endif
