/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Canonical JSON of arbitrary JSON. Invariant: canonicalizing the parse of
 * the output gives the same bytes (with every number a double, as RFC 8785
 * reads them; with jansson's integers too, when the output reads back).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kbs/jcs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_after_reparse(const char *out, size_t len, size_t flags)
{
	json_t *again = json_loadb(out, len, flags, NULL);
	char *out2;
	size_t len2;

	if (!again) {
		/* a real written as a long integer may not fit jansson's integers */
		if (flags & JSON_DECODE_INT_AS_REAL)
			abort();
		return;
	}
	if (sk_jcs_dump(again, &out2, &len2) != 0 || len2 != len || memcmp(out, out2, len))
		abort();
	free(out2);
	json_decref(again);
}

static void check(const uint8_t *data, size_t size, size_t flags)
{
	json_t *v = json_loadb((const char *)data, size, flags, NULL);
	char *out;
	size_t len;

	if (!v)
		return;
	if (sk_jcs_dump(v, &out, &len) == 0) {
		/* NUL is written as \u0000: the output is one C string */
		if (strlen(out) != len)
			abort();
		same_after_reparse(out, len, flags);
		free(out);
	}
	json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t base = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL;

	check(data, size, base | JSON_DECODE_INT_AS_REAL);
	check(data, size, base);
	return 0;
}
