/* SPDX-License-Identifier: Apache-2.0 */
/* Text helpers that programs built on libsevkit share with it: hex and numbers (lib/util). */
#ifndef SEVKIT_UTIL_H
#define SEVKIT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Lower-case (or upper-case) hex of in[n] into out, which holds 2n + 1 bytes. */
SEV_API void sev_hex_encode(char *out, const uint8_t *in, size_t n);
SEV_API void sev_hex_encode_upper(char *out, const uint8_t *in, size_t n);
/* The same into a new string (free()), or NULL when out of memory. */
SEV_API char *sev_hex_dup(const uint8_t *in, size_t n);
/*
 * Exactly 2n hex digits (either case, an optional "0x") into out[n]; any even
 * number into a new buffer (free()). 0, or SEV_E_INVALID, logged.
 */
SEV_API int sev_hex_decode(uint8_t *out, size_t n, const char *hex);
SEV_API int sev_hex_decode_alloc(const char *hex, uint8_t **out, size_t *n);

/* A whole decimal or 0x-hex number of at most max: 0, or SEV_E_INVALID, logged. */
SEV_API int sev_parse_uint(const char *s, uint64_t max, uint64_t *out);
SEV_API int sev_parse_u32(const char *s, uint32_t *out);

#ifdef __cplusplus
}
#endif

#endif
