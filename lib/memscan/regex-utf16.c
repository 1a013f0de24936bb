/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The UTF-16LE form of a regular expression: every atom that matches one
 * character (a literal, an escape such as \d, a class, '.') becomes
 * (?:ATOM\x00), so "ab[0-9]{3}" matches "a\0b\0" and three digits each
 * followed by a NUL. Groups, alternation, anchors and quantifiers are kept.
 * Only ASCII characters widen this way; a literal non-ASCII character is
 * written as its UTF-16LE code units.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memscan/memscan-internal.h"

struct out {
	char *s;
	size_t n;
};

static void put(struct out *o, const char *s, size_t n)
{
	memcpy(o->s + o->n, s, n);
	o->n += n;
}

static void atom(struct out *o, const char *s, size_t n)
{
	put(o, "(?:", 3);
	put(o, s, n);
	put(o, "\\x00)", 5);
}

/* Length of a class starting at '[', or 0 if unterminated. */
static size_t class_len(const char *s)
{
	size_t i = 1;

	if (s[i] == '^')
		i++;
	if (s[i] == ']')
		i++;
	for (; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1])
			i++;
		else if (s[i] == '[' && s[i + 1] == ':') {
			const char *end = strstr(s + i + 2, ":]");

			if (!end)
				return 0;
			i = (size_t)(end - s) + 1;
		} else if (s[i] == ']')
			return i + 1;
	}
	return 0;
}

/* Length of an escape starting at '\'; 0 if unsupported; *width 0 for assertions. */
static size_t escape_len(const char *s, int *width)
{
	char c = s[1];

	*width = 1;
	if (!c || c == 'Q' || c == 'E' || c == 'K' || c == 'g' || c == 'k' || (c >= '1' && c <= '9'))
		return 0;
	if (strchr("bBAzZG", c)) {
		*width = 0;
		return 2;
	}
	if (c == 'x' || c == 'o' || c == 'p' || c == 'P' || c == 'N') {
		if (s[2] == '{') {
			const char *end = strchr(s + 3, '}');

			return end ? (size_t)(end - s) + 1 : 0;
		}
		if (c == 'x') {
			size_t n = 2;

			while (n < 4 && isxdigit((unsigned char)s[n]))
				n++;
			return n;
		}
		return (c == 'p' || c == 'P') && s[2] ? 3 : 0;
	}
	if (c == 'c')
		return s[2] ? 3 : 0;
	if (c == '0') {
		size_t n = 2;

		while (n < 4 && s[n] >= '0' && s[n] <= '7')
			n++;
		return n;
	}
	return 2;
}

/* Length of a quantifier "{m}", "{m,}", "{m,n}" at s, or 0 if '{' is a literal. */
static size_t brace_len(const char *s)
{
	size_t i = 1;

	if (!isdigit((unsigned char)s[i]))
		return 0;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (s[i] == ',')
		for (i++; isdigit((unsigned char)s[i]); i++)
			;
	return s[i] == '}' ? i + 1 : 0;
}

/* Length of a group opening "(", "(?:", "(?i)", "(?=", "(?<=", "(?<name>" ... */
static size_t group_len(const char *s, int *setter)
{
	size_t i = 2;

	*setter = 0;
	if (s[1] != '?')
		return 1;
	if (s[2] == ':' || s[2] == '=' || s[2] == '!')
		return 3;
	if (s[2] == '<' && (s[3] == '=' || s[3] == '!'))
		return 4;
	if (s[2] == '<' || (s[2] == 'P' && s[3] == '<')) {
		const char *end = strchr(s, '>');

		return end ? (size_t)(end - s) + 1 : 0;
	}
	while (isalpha((unsigned char)s[i]) || s[i] == '-')
		i++;
	if (i == 2)
		return 0;
	if (s[i] == ')')
		*setter = 1;
	return (s[i] == ')' || s[i] == ':') ? i + 1 : 0;
}

/* A literal non-ASCII UTF-8 character, as escaped UTF-16LE code units. */
static size_t wide_char(const char *s, struct out *o)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = (u[0] >> 5) == 6 ? 2 : (u[0] >> 4) == 14 ? 3 : (u[0] >> 3) == 30 ? 4 : 0;
	uint32_t cp;
	char buf[40];
	int n;

	if (k == 0)
		return 0;
	cp = u[0] & (0x7f >> k);
	for (size_t j = 1; j < k; j++) {
		if ((u[j] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (u[j] & 0x3f);
	}
	if (cp >= 0x10000) {
		uint32_t hi = 0xd800 + ((cp - 0x10000) >> 10), lo = 0xdc00 + (cp & 0x3ff);

		n = snprintf(buf, sizeof(buf), "(?:\\x%02x\\x%02x\\x%02x\\x%02x)", hi & 0xff,
			     hi >> 8, lo & 0xff, lo >> 8);
	} else {
		n = snprintf(buf, sizeof(buf), "(?:\\x%02x\\x%02x)", cp & 0xff, cp >> 8);
	}
	put(o, buf, (size_t)n);
	return k;
}

int sk_ms_regex_utf16(const char *re, char **res)
{
	size_t len = strlen(re), n;
	struct out o = { malloc(12 * len + 16), 0 };
	int w;

	if (!o.s)
		return -ENOMEM;
	for (size_t i = 0; i < len; i += n) {
		const char *s = re + i;

		n = 1;
		if (*s == '\\') {
			if (!(n = escape_len(s, &w)))
				goto unsupported;
			if (w)
				atom(&o, s, n);
			else
				put(&o, s, n);
		} else if (*s == '[') {
			if (!(n = class_len(s)))
				goto unsupported;
			atom(&o, s, n);
		} else if (*s == '(') {
			if (!(n = group_len(s, &w)))
				goto unsupported;
			put(&o, s, n);
		} else if (*s == '{' && (n = brace_len(s))) {
			put(&o, s, n);
		} else if (strchr(")|^$*+?", *s)) {
			n = 1;
			put(&o, s, 1);
		} else if ((unsigned char)*s >= 0x80) {
			if (!(n = wide_char(s, &o)))
				goto unsupported;
		} else {
			n = 1;
			atom(&o, s, 1);
		}
	}
	o.s[o.n] = 0;
	*res = o.s;
	return 0;
unsupported:
	free(o.s);
	return SEV_E_UNSUPPORTED;
}
