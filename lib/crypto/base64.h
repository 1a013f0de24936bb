/* SPDX-License-Identifier: Apache-2.0 */
/* Base64 (standard alphabet, padded), through OpenSSL's encoder. */
#ifndef SK_BASE64_H
#define SK_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* Allocate the base64 text of in, on one line without a newline. */
char *sk_base64_encode(const uint8_t *in, size_t n);
/*
 * Decode base64 text; surrounding white space and line breaks are ignored,
 * anything else that is not base64 is refused with SEV_E_FORMAT.
 */
int sk_base64_decode(const char *text, size_t text_len, uint8_t **out, size_t *n);
/*
 * The same, silent: for input that may be base64 or something else, where
 * "not base64" is an answer, not an error.
 */
int sk_base64_try_decode(const char *text, size_t text_len, uint8_t **out, size_t *n);

#endif
