/* SPDX-License-Identifier: Apache-2.0 */
/* Small checks shared by the parsers of JSON documents (jansson). */
#ifndef SK_JSON_H
#define SK_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* The first key of object obj that is not one of keys[n], or NULL. */
const char *sk_json_unknown_key(const json_t *obj, const char *const *keys, size_t n);

/*
 * A number given as a JSON integer or as a decimal or 0x-hex string, at most
 * max: 0, or SEV_E_FORMAT (not logged: the caller names the field).
 */
int sk_json_uint(const json_t *v, uint64_t max, uint64_t *out);

/* A JSON string of the lower-case hex of n bytes; NULL when out of memory. */
json_t *sk_json_hex(const uint8_t *p, size_t n);

#endif
