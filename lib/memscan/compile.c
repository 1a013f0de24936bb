/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Patterns into Hyperscan databases: literals (a match starts len bytes before
 * its end) and expressions (compiled with leftmost start of match). When there
 * are both, one database holds them all (the literals as escaped expressions),
 * so memory is read once; should that fail, they are compiled apart.
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

/* The longest run of zero bytes in n bytes. */
static size_t longest_zero_run(const uint8_t *b, size_t n)
{
	size_t best = 0, run = 0;

	for (size_t i = 0; i < n; i++) {
		run = b[i] ? 0 : run + 1;
		if (run > best)
			best = run;
	}
	return best;
}

/*
 * The bytes loaded past a job: the longest match, less one, capped. And the longest run of
 * zero bytes a match can hold (no longer than the match): the scan leaves out longer runs.
 */
static int measure_ext(struct sev_memscan_patterns *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct ms_pattern *pat = &p->pat[i];
		size_t w = pat->len, zeros;
		int rc;

		if (!pat->literal) {
			if ((rc = max_width(pat, &w)))
				return rc;
			if (w == SIZE_MAX || w > EXT_MAX) {
				sk_info("%s %u: matches may be longer than %u bytes; those crossing a "
					"page or segment boundary are found up to that length",
					pat->name, pat->index + 1, EXT_MAX);
				w = EXT_MAX;
			}
		}
		if (w > 0 && w - 1 > p->ext)
			p->ext = w - 1;
		zeros = pat->literal ? longest_zero_run(pat->bytes, pat->len) : pat->zero_run;
		if (zeros > w)
			zeros = w;
		if (zeros > p->zero_run)
			p->zero_run = zeros;
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
