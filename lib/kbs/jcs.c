/* SPDX-License-Identifier: Apache-2.0 */
/* RFC 8785 canonical JSON: section 3.2 (serialization) and 3.2.3 (sorting). */
#include "kbs/jcs.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/error.h>

#include "util/log.h"

#define JCS_MAX_DEPTH 512

struct out {
	char *p;
	size_t len, cap;
};

static int put(struct out *o, const char *s, size_t n)
{
	if (o->cap - o->len <= n) {
		size_t cap = o->cap ? o->cap : 256;
		char *p;

		while (cap - o->len <= n)
			cap *= 2;
		if (!(p = realloc(o->p, cap)))
			return -ENOMEM;
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
	return 0;
}

static int puts_(struct out *o, const char *s)
{
	return put(o, s, strlen(s));
}

/* ---- UTF-8 ------------------------------------------------------------- */

/* Decode one code point at s[*i]; false for anything RFC 3629 forbids. */
static bool utf8_next(const unsigned char *s, size_t n, size_t *i, uint32_t *cp)
{
	unsigned char c = s[*i];
	size_t k;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		(*i)++;
		return true;
	}
	if (c >= 0xc2 && c <= 0xdf)
		k = 1, v = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		k = 2, v = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 3, v = c & 0x07, min = 0x10000;
	else
		return false;
	if (n - *i <= k)
		return false;
	for (size_t j = 1; j <= k; j++) {
		if ((s[*i + j] & 0xc0) != 0x80)
			return false;
		v = (v << 6) | (s[*i + j] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return false;
	*cp = v;
	*i += k + 1;
	return true;
}

static bool utf8_valid(const char *s, size_t n)
{
	uint32_t cp;

	for (size_t i = 0; i < n;)
		if (!utf8_next((const unsigned char *)s, n, &i, &cp))
			return false;
	return true;
}

/*
 * A code point's place in UTF-16 code-unit order: below U+D800 as is, then
 * the supplementary planes (their surrogates D800-DBFF lead), then
 * U+E000-U+FFFF. Comparing these weights one code point at a time orders
 * strings exactly as comparing their UTF-16 code units does.
 */
static uint32_t utf16_weight(uint32_t cp)
{
	if (cp < 0xd800)
		return cp;
	if (cp >= 0x10000)
		return 0xd800 + (cp - 0x10000);
	return cp + 0x100000;
}

struct member {
	const char *key;
	size_t len;
	json_t *value;
};

static int member_cmp(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;
	const unsigned char *x = (const unsigned char *)a->key, *y = (const unsigned char *)b->key;
	size_t i = 0, j = 0;

	while (i < a->len && j < b->len) {
		uint32_t u = 0, v = 0;

		/* both names were validated before sorting */
		(void)utf8_next(x, a->len, &i, &u);
		(void)utf8_next(y, b->len, &j, &v);
		if (u != v)
			return utf16_weight(u) < utf16_weight(v) ? -1 : 1;
	}
	return (i < a->len) - (j < b->len);
}

/* ---- strings ----------------------------------------------------------- */

static int put_string(struct out *o, const char *s, size_t n)
{
	size_t run = 0;
	int rc;

	if (!utf8_valid(s, n))
		return sk_fail(SEV_E_FORMAT, "canonical JSON: a string is not valid UTF-8");
	if ((rc = put(o, "\"", 1)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if ((rc = put(o, s + run, i - run)))
			return rc;
		run = i + 1;
		switch (c) {
		case '"': strcpy(esc, "\\\""); break;
		case '\\': strcpy(esc, "\\\\"); break;
		case '\b': strcpy(esc, "\\b"); break;
		case '\t': strcpy(esc, "\\t"); break;
		case '\n': strcpy(esc, "\\n"); break;
		case '\f': strcpy(esc, "\\f"); break;
		case '\r': strcpy(esc, "\\r"); break;
		default: snprintf(esc, sizeof(esc), "\\u%04x", c); break;
		}
		if ((rc = puts_(o, esc)))
			return rc;
	}
	if ((rc = put(o, s + run, n - run)))
		return rc;
	return put(o, "\"", 1);
}

/* ---- numbers ----------------------------------------------------------- */

/* d as M * 10^q with the fewest digits in M that still read back as d (d > 0, finite). */
static void shortest(double d, uint64_t *m, int *q)
{
	char buf[40];

	for (int p = 1; p <= 17; p++) {
		uint64_t base;
		int e;

		snprintf(buf, sizeof(buf), "%.*e", p - 1, d);
		/* "d.ddde+XX": the p digits as an integer and the exponent of the last one */
		base = 0;
		for (const char *c = buf; *c != 'e'; c++)
			if (*c != '.')
				base = base * 10 + (uint64_t)(*c - '0');
		e = atoi(strchr(buf, 'e') + 1) - (p - 1);
		/*
		 * The correctly rounded p digits are the nearest candidate; at a power
		 * of two the interval that reads back as d is wider above d than below,
		 * so the next candidate up may read back where the nearest does not.
		 */
		for (int delta = 0; delta <= 1; delta++) {
			snprintf(buf, sizeof(buf), "%" PRIu64 "e%d", base + (uint64_t)delta, e);
			if (strtod(buf, NULL) == d) {
				*m = base + (uint64_t)delta;
				*q = e;
				while (*m % 10 == 0) {
					*m /= 10;
					(*q)++;
				}
				return;
			}
		}
	}
	/* unreachable: 17 significant digits always read back */
	*m = 0;
	*q = 0;
}

int sk_jcs_number(double d, char buf[32])
{
	char digits[24], text[96];
	uint64_t m;
	int q, k, n;

	if (!isfinite(d))
		return sk_fail(SEV_E_FORMAT,
			       "canonical JSON: NaN and Infinity are not JSON numbers");
	if (d == 0) {
		strcpy(buf, "0");
		return 0;
	}
	shortest(fabs(d), &m, &q);
	k = snprintf(digits, sizeof(digits), "%" PRIu64, m);
	n = k + q; /* |d| = 0.digits * 10^n */
	if (k <= n && n <= 21)
		snprintf(text, sizeof(text), "%s%.*s", digits, n - k, "000000000000000000000");
	else if (0 < n && n <= 21)
		snprintf(text, sizeof(text), "%.*s.%s", n, digits, digits + n);
	else if (-6 < n && n <= 0)
		snprintf(text, sizeof(text), "0.%.*s%s", -n, "000000", digits);
	else
		snprintf(text, sizeof(text), "%c%s%se%c%d", digits[0], k > 1 ? "." : "",
			 digits + 1, n - 1 < 0 ? '-' : '+', abs(n - 1));
	/* at most 17 digits, 21 places, "0.00000" or "d.e+308": always fits 32 bytes */
	snprintf(buf, 32, "%s%.30s", d < 0 ? "-" : "", text);
	return 0;
}

static int put_number(struct out *o, const json_t *v)
{
	char buf[32];
	int rc;

	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return puts_(o, buf);
	}
	if ((rc = sk_jcs_number(json_real_value(v), buf)))
		return rc;
	return puts_(o, buf);
}

/* ---- values ------------------------------------------------------------ */

static int put_value(struct out *o, const json_t *v, int depth);

static int put_object(struct out *o, const json_t *v, int depth)
{
	size_t n = json_object_size(v), i = 0;
	struct member *mem = calloc(n ? n : 1, sizeof(*mem));
	void *it;
	int rc = 0;

	if (!mem)
		return -ENOMEM;
	for (it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
		mem[i].key = json_object_iter_key(it);
		mem[i].len = json_object_iter_key_len(it);
		mem[i].value = json_object_iter_value(it);
		if (!utf8_valid(mem[i].key, mem[i].len)) {
			free(mem);
			return sk_fail(SEV_E_FORMAT,
				       "canonical JSON: a member name is not valid UTF-8");
		}
		i++;
	}
	qsort(mem, n, sizeof(*mem), member_cmp);
	rc = put(o, "{", 1);
	for (i = 0; i < n && !rc; i++) {
		if ((i && (rc = put(o, ",", 1))) || (rc = put_string(o, mem[i].key, mem[i].len)) ||
		    (rc = put(o, ":", 1)))
			break;
		rc = put_value(o, mem[i].value, depth + 1);
	}
	free(mem);
	return rc ? rc : put(o, "}", 1);
}

static int put_array(struct out *o, const json_t *v, int depth)
{
	int rc = put(o, "[", 1);

	for (size_t i = 0; i < json_array_size(v) && !rc; i++) {
		if (i && (rc = put(o, ",", 1)))
			break;
		rc = put_value(o, json_array_get(v, i), depth + 1);
	}
	return rc ? rc : put(o, "]", 1);
}

static int put_value(struct out *o, const json_t *v, int depth)
{
	if (depth > JCS_MAX_DEPTH)
		return sk_fail(SEV_E_TOOBIG, "canonical JSON: nested deeper than %d",
			       JCS_MAX_DEPTH);
	switch (json_typeof(v)) {
	case JSON_OBJECT: return put_object(o, v, depth);
	case JSON_ARRAY: return put_array(o, v, depth);
	case JSON_STRING: return put_string(o, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
	case JSON_REAL: return put_number(o, v);
	case JSON_TRUE: return puts_(o, "true");
	case JSON_FALSE: return puts_(o, "false");
	case JSON_NULL: return puts_(o, "null");
	}
	return sk_fail(SEV_E_INTERNAL, "canonical JSON: unknown value type");
}

int sk_jcs_dump(const json_t *v, char **out, size_t *len)
{
	struct out o = { 0 };
	int rc;

	*out = NULL;
	*len = 0;
	if (!v)
		return sk_fail(SEV_E_INVALID, "canonical JSON: no value");
	if ((rc = put_value(&o, v, 0)) || (rc = put(&o, "", 0))) {
		free(o.p);
		return rc;
	}
	*out = o.p;
	*len = o.len;
	return 0;
}
