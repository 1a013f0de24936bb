/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The set of things to look for: literals (secrets, in their ASCII/UTF-8 and
 * UTF-16LE forms) and expressions (user patterns and detectors). compile.c
 * turns them into Hyperscan databases.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hs/hs.h>

#include "crypto/secure.h"
#include "memscan/memscan-internal.h"
#include "util/log.h"

int sev_memscan_patterns_new(struct sev_memscan_patterns **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void sev_memscan_patterns_free(struct sev_memscan_patterns *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		if (p->pat[i].kind == SEV_MEMSCAN_SECRET)
			sk_wipe_free(p->pat[i].bytes, p->pat[i].len);
		else
			free(p->pat[i].bytes);
	}
	free(p->pat);
	hs_free_database(p->lit_db);
	hs_free_database(p->re_db);
	free(p);
}

size_t sev_memscan_patterns_count(const struct sev_memscan_patterns *p)
{
	return p->n;
}

static int add(struct sev_memscan_patterns *p, const struct ms_pattern *pat)
{
	if (p->compiled)
		return sk_fail(SEV_E_INVALID, "memscan: patterns are already compiled");
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 32;
		struct ms_pattern *n = realloc(p->pat, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		p->pat = n;
		p->cap = cap;
	}
	p->pat[p->n++] = *pat;
	return 0;
}

static uint8_t *dup_bytes(const void *s, size_t n)
{
	uint8_t *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

/* UTF-8 to UTF-16LE; SEV_E_INVALID when s is not valid UTF-8. */
static int utf16le(const uint8_t *s, size_t n, uint8_t **out, size_t *len)
{
	uint8_t *d = malloc(4 * n + 1);
	size_t o = 0;

	if (!d)
		return -ENOMEM;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = s[i] < 0x80 ? 1 : (s[i] >> 5) == 6 ? 2 : (s[i] >> 4) == 14 ? 3
				: (s[i] >> 3) == 30 ? 4 : 0;

		if (k == 0 || i + k > n)
			goto bad;
		cp = k == 1 ? s[i] : (uint32_t)(s[i] & (0x7f >> k));
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				goto bad;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		i += k;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			d[o++] = (uint8_t)(0xd800 + (cp >> 10));
			d[o++] = (uint8_t)((0xd800 + (cp >> 10)) >> 8);
			cp = 0xdc00 + (cp & 0x3ff);
		}
		d[o++] = (uint8_t)cp;
		d[o++] = (uint8_t)(cp >> 8);
	}
	*out = d;
	*len = o;
	return 0;
bad:
	sk_wipe_free(d, 4 * n + 1);
	return SEV_E_INVALID;
}

int sev_memscan_add_secret(struct sev_memscan_patterns *p, const uint8_t *s, size_t len,
			   bool utf16)
{
	struct ms_pattern pat = { .kind = SEV_MEMSCAN_SECRET, .index = p->n_secrets,
				  .name = "secret", .literal = true, .len = len };
	int rc;

	if (len == 0)
		return sk_fail(SEV_E_INVALID, "memscan: a secret must not be empty");
	if (!(pat.bytes = dup_bytes(s, len)))
		return -ENOMEM;
	if ((rc = add(p, &pat))) {
		sk_wipe_free(pat.bytes, len);
		return rc;
	}
	if (utf16) {
		pat.utf16 = true;
		rc = utf16le(s, len, &pat.bytes, &pat.len);
		if (rc == SEV_E_INVALID)
			sk_info("secret %u is not UTF-8 text: searched as given only", p->n_secrets + 1);
		else if (rc)
			return rc;
		else if ((rc = add(p, &pat))) {
			sk_wipe_free(pat.bytes, pat.len);
			return rc;
		}
	}
	p->n_secrets++;
	return 0;
}

static int add_expr(struct sev_memscan_patterns *p, enum sev_memscan_kind kind, unsigned index,
		    const char *name, const char *re, bool utf16, size_t zero_run)
{
	struct ms_pattern pat = { .kind = kind, .index = index, .name = name, .utf16 = utf16,
				  .flags = HS_FLAG_SOM_LEFTMOST, .zero_run = zero_run };
	int rc;

	if (!(pat.bytes = dup_bytes(re, strlen(re))))
		return -ENOMEM;
	pat.len = strlen(re);
	if ((rc = add(p, &pat)))
		free(pat.bytes);
	return rc;
}

int sev_memscan_add_regex(struct sev_memscan_patterns *p, const char *regex, bool utf16)
{
	char *wide = NULL;
	int rc;

	if (!regex[0])
		return sk_fail(SEV_E_INVALID, "memscan: a pattern must not be empty");
	rc = add_expr(p, SEV_MEMSCAN_REGEX, p->n_regex, "pattern", regex, false, SIZE_MAX);
	if (!rc && utf16) {
		rc = sk_ms_regex_utf16(regex, &wide);
		if (rc == SEV_E_UNSUPPORTED) {
			sk_warn("pattern %u: no UTF-16LE form (the expression uses a construct that "
				"cannot be widened): searched as UTF-8/ASCII only",
				p->n_regex + 1);
			rc = 0;
		} else if (!rc) {
			rc = add_expr(p, SEV_MEMSCAN_REGEX, p->n_regex, "pattern", wide, true,
				      SIZE_MAX);
		}
		free(wide);
	}
	if (!rc)
		p->n_regex++;
	return rc;
}

int sev_memscan_add_detectors(struct sev_memscan_patterns *p, const char *names)
{
	size_t n;
	const struct ms_detector *t = sk_ms_detector_table(&n);
	const char *s = names;
	int rc;

	if (!names) {
		for (size_t i = 0; i < n; i++)
			if ((rc = add_expr(p, SEV_MEMSCAN_DETECTOR, p->n_detectors++, t[i].name,
					   t[i].regex, false, t[i].zero_run)))
				return rc;
		return 0;
	}
	while (*s) {
		size_t len = strcspn(s, ","), i;

		for (i = 0; i < n; i++)
			if (strlen(t[i].name) == len && !strncmp(t[i].name, s, len))
				break;
		if (i == n)
			return sk_fail(SEV_E_INVALID, "memscan: unknown detector '%.*s'", (int)len, s);
		if ((rc = add_expr(p, SEV_MEMSCAN_DETECTOR, p->n_detectors++, t[i].name, t[i].regex,
				   false, t[i].zero_run)))
			return rc;
		s += len + (s[len] == ',');
	}
	return 0;
}
