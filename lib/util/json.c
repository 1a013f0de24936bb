/* SPDX-License-Identifier: Apache-2.0 */
#include "util/json.h"

#include <stdlib.h>
#include <string.h>

#include <sevkit/error.h>

#include "util/hex.h"
#include "util/number.h"

const char *sk_json_unknown_key(const json_t *obj, const char *const *keys, size_t n)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)obj, k, v) {
		size_t i = 0;

		while (i < n && strcmp(k, keys[i]) != 0)
			i++;
		if (i == n)
			return k;
	}
	return NULL;
}

int sk_json_uint(const json_t *v, uint64_t max, uint64_t *out)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i < 0 || (uint64_t)i > max)
			return SEV_E_FORMAT;
		*out = (uint64_t)i;
		return 0;
	}
	if (json_is_string(v) && sk_parse_uint(json_string_value(v), max, out) == 0)
		return 0;
	return SEV_E_FORMAT;
}

json_t *sk_json_hex(const uint8_t *p, size_t n)
{
	char *h = sk_hex_dup(p, n);
	json_t *j = h ? json_string(h) : NULL;

	free(h);
	return j;
}
