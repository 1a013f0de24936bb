/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The set of things to look for, compiled into Hyperscan databases: literals
 * (secrets, in their ASCII/UTF-8 and UTF-16LE forms; a match starts len bytes
 * before its end) and expressions (user patterns and detectors, compiled with
 * leftmost start of match). When there are both, one database holds them all
 * (the literals as escaped expressions), so memory is read once; should that
 * fail, they are compiled apart.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <hs/hs.h>

#include "crypto/secure.h"
#include "memscan/memscan-internal.h"
#include "util/log.h"

#define EXT_MAX (64u << 10) /* longest match seen across a boundary */

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
		    const char *name, const char *re, bool utf16)
{
	struct ms_pattern pat = { .kind = kind, .index = index, .name = name, .utf16 = utf16,
				  .flags = HS_FLAG_SOM_LEFTMOST };
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
	rc = add_expr(p, SEV_MEMSCAN_REGEX, p->n_regex, "pattern", regex, false);
	if (!rc && utf16) {
		rc = sk_ms_regex_utf16(regex, &wide);
		if (rc == SEV_E_UNSUPPORTED) {
			sk_warn("pattern %u: no UTF-16LE form (the expression uses a construct that "
				"cannot be widened): searched as UTF-8/ASCII only",
				p->n_regex + 1);
			rc = 0;
		} else if (!rc) {
			rc = add_expr(p, SEV_MEMSCAN_REGEX, p->n_regex, "pattern", wide, true);
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
					   t[i].regex, false)))
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
				   false)))
			return rc;
		s += len + (s[len] == ',');
	}
	return 0;
}

static int hs_error(hs_compile_error_t *err, const struct ms_pattern *pat)
{
	int rc;

	if (pat && pat->kind == SEV_MEMSCAN_SECRET)
		rc = sk_fail(SEV_E_INVALID, "memscan: secret %u: %s", pat->index + 1, err->message);
	else if (pat)
		rc = sk_fail(SEV_E_INVALID, "memscan: %s %u (%s): %s", pat->name, pat->index + 1,
			     (const char *)pat->bytes, err->message);
	else
		rc = sk_fail(SEV_E_INVALID, "memscan: %s", err->message);
	hs_free_compile_error(err);
	return rc;
}

/* Longest match of an expression, for the boundary extension. */
static int max_width(const struct ms_pattern *pat, size_t *w)
{
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *err = NULL;

	if (hs_expression_info((const char *)pat->bytes, pat->flags, &info, &err) != HS_SUCCESS)
		return hs_error(err, pat);
	*w = info->max_width == UINT_MAX ? SIZE_MAX : info->max_width;
	free(info);
	return 0;
}

/* The bytes loaded past a job: the longest match, less one, capped. */
static int measure_ext(struct sev_memscan_patterns *p)
{
	for (size_t i = 0; i < p->n; i++) {
		size_t w = p->pat[i].len;
		int rc;

		if (!p->pat[i].literal) {
			if ((rc = max_width(&p->pat[i], &w)))
				return rc;
			if (w == SIZE_MAX || w > EXT_MAX) {
				sk_info("%s %u: matches may be longer than %u bytes; those crossing a "
					"page or segment boundary are found up to that length",
					p->pat[i].name, p->pat[i].index + 1, EXT_MAX);
				w = EXT_MAX;
			}
		}
		if (w > 0 && w - 1 > p->ext)
			p->ext = w - 1;
	}
	return 0;
}

/* What one database is built from: Hyperscan's parallel arrays. */
struct hs_input {
	const char **expr;
	size_t *lens;
	unsigned *flags, *ids;
	char **owned; /* expressions made here, freed with the input */
	unsigned n;
};

static int input_alloc(struct hs_input *in, size_t n)
{
	memset(in, 0, sizeof(*in));
	in->expr = calloc(n, sizeof(*in->expr));
	in->lens = calloc(n, sizeof(*in->lens));
	in->flags = calloc(n, sizeof(*in->flags));
	in->ids = calloc(n, sizeof(*in->ids));
	in->owned = calloc(n, sizeof(*in->owned));
	return in->expr && in->lens && in->flags && in->ids && in->owned ? 0 : -ENOMEM;
}

static void input_free(struct hs_input *in)
{
	for (unsigned i = 0; in->owned && i < in->n; i++)
		if (in->owned[i])
			sk_wipe_free(in->owned[i], strlen(in->owned[i]));
	free(in->expr);
	free(in->lens);
	free(in->flags);
	free(in->ids);
	free(in->owned);
}

/* A literal written as an expression: every byte escaped, so each stands for itself. */
static char *literal_expr(const struct ms_pattern *pat)
{
	static const char hex[] = "0123456789abcdef";
	char *e, *o;

	if (pat->len > (SIZE_MAX - 1) / 4)
		return NULL;
	e = o = malloc(4 * pat->len + 1);
	if (!e)
		return NULL;
	for (size_t i = 0; i < pat->len; i++) {
		*o++ = '\\';
		*o++ = 'x';
		*o++ = hex[pat->bytes[i] >> 4];
		*o++ = hex[pat->bytes[i] & 15];
	}
	*o = 0;
	return e;
}

static int compile_literals(struct sev_memscan_patterns *p, size_t n)
{
	struct hs_input in;
	hs_compile_error_t *err = NULL;
	hs_database_t *db = NULL;
	int rc = input_alloc(&in, n);

	for (size_t i = 0; i < p->n && !rc; i++) {
		if (!p->pat[i].literal)
			continue;
		in.expr[in.n] = (const char *)p->pat[i].bytes;
		in.lens[in.n] = p->pat[i].len;
		in.ids[in.n++] = (unsigned)i;
	}
	if (!rc && hs_compile_lit_multi(in.expr, in.flags, in.ids, in.lens, in.n, HS_MODE_BLOCK,
					NULL, &db, &err) != HS_SUCCESS)
		rc = hs_error(err, NULL);
	p->lit_db = db;
	input_free(&in);
	return rc;
}

/*
 * The expressions, and with merge the literals too (escaped): one database
 * means one pass over memory, which costs a fifth less than a literal pass
 * and an expression pass. quiet: on failure, say nothing (the caller
 * compiles apart, which names the culprit).
 */
static int compile_exprs(struct sev_memscan_patterns *p, size_t n, bool merge, bool quiet)
{
	struct hs_input in;
	hs_compile_error_t *err = NULL;
	hs_database_t *db = NULL;
	int rc = input_alloc(&in, n);

	for (size_t i = 0; i < p->n && !rc; i++) {
		if (p->pat[i].literal && !merge)
			continue;
		if (p->pat[i].literal) {
			if (!(in.owned[in.n] = literal_expr(&p->pat[i]))) {
				rc = -ENOMEM;
				break;
			}
			in.expr[in.n] = in.owned[in.n];
		} else {
			in.expr[in.n] = (const char *)p->pat[i].bytes;
			in.flags[in.n] = p->pat[i].flags;
		}
		in.ids[in.n++] = (unsigned)i;
	}
	if (!rc && hs_compile_multi(in.expr, in.flags, in.ids, in.n, HS_MODE_BLOCK, NULL, &db,
				    &err) != HS_SUCCESS) {
		if (quiet) {
			hs_free_compile_error(err);
			rc = SEV_E_INVALID;
		} else {
			/* Hyperscan names the failing expression by its position */
			rc = hs_error(err, err->expression >= 0 ? &p->pat[in.ids[err->expression]]
								: NULL);
		}
	}
	p->re_db = db;
	input_free(&in);
	return rc;
}

int sev_memscan_patterns_compile(struct sev_memscan_patterns *p)
{
	size_t lits = 0;
	int rc;

	if (p->compiled)
		return 0;
	if (p->n == 0)
		return sk_fail(SEV_E_INVALID, "memscan: nothing to look for");
	if ((rc = measure_ext(p)))
		return rc;
	for (size_t i = 0; i < p->n; i++)
		lits += p->pat[i].literal;
	if (lits && lits < p->n) {
		rc = compile_exprs(p, p->n, true, true);
		if (rc == -ENOMEM)
			return rc;
		if (!rc) {
			p->compiled = true;
			return 0;
		}
		sk_debug("memscan: literals and expressions do not compile together; apart then");
	}
	if (lits && (rc = compile_literals(p, lits)))
		return rc;
	if (lits < p->n && (rc = compile_exprs(p, p->n - lits, false, false)))
		return rc;
	p->compiled = true;
	return 0;
}
