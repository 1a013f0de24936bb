/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks from several sources (policy file, reference values, options) put
 * together, row by row of the check table. A value two sources pin
 * differently is refused rather than letting one of them win silently: the
 * relying party meant one of them. Checks that add up (PLATFORM_INFO bits,
 * deny entries) take every source's values.
 */
#include <sevkit/snp.h>

#include <string.h>

#include "snp/check-table.h"
#include "util/log.h"
#include "util/struct.h"

struct merge {
	struct sev_snp_checks *d;
	const struct sev_snp_checks *s;
	const char **field;
	int rc;
};

static void conflict(struct merge *m, const struct sk_snp_check *k)
{
	*m->field = k->info.key;
	m->rc = SEV_E_INVALID;
}

/* A pinned value: taken when dst has none, the same one is fine, another one is refused. */
static void pin(struct merge *m, const struct sk_snp_check *k, size_t n)
{
	bool *dst_has = sk_check_at(m->d, k->has);
	void *dst = sk_check_at(m->d, k->value);
	const void *src = sk_check_cat(m->s, k->value);

	if (!*(const bool *)sk_check_cat(m->s, k->has))
		return;
	if (*dst_has && memcmp(dst, src, n) != 0)
		return conflict(m, k);
	memcpy(dst, src, n);
	*dst_has = true;
}

/* A flag counts as given when it was set explicitly, or is true. */
static void flag(struct merge *m, const struct sk_snp_check *k)
{
	bool *dst_has = sk_check_at(m->d, k->has), *dst = sk_check_at(m->d, k->value);
	const bool *src = sk_check_cat(m->s, k->value);
	bool has = *dst_has || *dst;

	if (*(const bool *)sk_check_cat(m->s, k->has) || *src) {
		if (has && *dst != *src)
			return conflict(m, k);
		*dst = *src;
		has = true;
	}
	*dst_has = has;
}

/* Two TCB minimums are the same when given the same way with the same values. */
static void tcb(struct merge *m, const struct sk_snp_check *k)
{
	struct sev_snp_tcb_spec *dst = sk_check_at(m->d, k->value);
	const struct sev_snp_tcb_spec *src = sk_check_cat(m->s, k->value);
	const struct sev_snp_tcb *a = &dst->spl, *b = &src->spl;
	bool same;

	if (!src->set)
		return;
	if (!dst->set) {
		*dst = *src;
		return;
	}
	same = dst->is_raw == src->is_raw &&
	       (dst->is_raw ? dst->raw == src->raw :
			      a->fmc == b->fmc && a->bootloader == b->bootloader &&
				      a->tee == b->tee && a->snp == b->snp &&
				      a->microcode == b->microcode);
	if (!same)
		conflict(m, k);
}

static void product(struct merge *m, const struct sk_snp_check *k)
{
	struct sev_snp_checks *d = m->d;
	const struct sev_snp_checks *s = m->s;

	if (!s->product)
		return;
	if (d->product && (d->product != s->product || strcmp(d->stepping, s->stepping)))
		return conflict(m, k);
	d->product = s->product;
	memcpy(d->stepping, s->stepping, sizeof(d->stepping));
}

/* Every deny entry is enforced. */
static void deny(struct merge *m)
{
	struct sev_snp_checks *d = m->d;
	const struct sev_snp_checks *s = m->s;

	if (s->n_deny > SEV_SNP_DENY_MAX - d->n_deny) {
		*m->field = "deny";
		m->rc = sk_fail(SEV_E_TOOBIG, "more than %d deny entries", SEV_SNP_DENY_MAX);
		return;
	}
	memcpy(&d->deny[d->n_deny], s->deny, s->n_deny * sizeof(s->deny[0]));
	d->n_deny += s->n_deny;
}

static void merge_row(struct merge *m, const struct sk_snp_check *k)
{
	switch (k->kind) {
	case SK_CHECK_HEX:
	case SK_CHECK_EXACT:
	case SK_CHECK_MIN:
	case SK_CHECK_MIN_PAIR: return pin(m, k, k->size);
	case SK_CHECK_MIN_TCB: return tcb(m, k);
	case SK_CHECK_ALLOW:
	case SK_CHECK_FORBID:
	case SK_CHECK_REQUIRE: return flag(m, k);
	case SK_CHECK_BITS_SET:
	case SK_CHECK_BITS_CLEAR:
		*(uint64_t *)sk_check_at(m->d, k->value) |=
			*(const uint64_t *)sk_check_cat(m->s, k->value);
		return;
	case SK_CHECK_PRODUCT: return product(m, k);
	case SK_CHECK_DENY_PRODUCT:
	case SK_CHECK_DENY_TCB: return deny(m);
	}
}

static int do_snp_checks_merge(struct sev_snp_checks *dst, const struct sev_snp_checks *src,
			       const char **field)
{
	struct sev_snp_checks d = *dst;
	const char *unused;
	struct merge m = { &d, src, field ? field : &unused, 0 };
	const struct sk_snp_check *rows;
	size_t n;

	rows = sk_snp_check_rows(&n);
	for (size_t i = 0; i < n && !m.rc; i++)
		if (sk_snp_check_first_of_storage(&rows[i]))
			merge_row(&m, &rows[i]);
	if (!m.rc)
		*dst = d;
	return m.rc;
}

int sev_snp_checks_merge(struct sev_snp_checks *dst, const struct sev_snp_checks *src,
			 const char **field)
{
	struct sev_snp_checks dst_mine;
	struct sev_snp_checks src_mine;
	int rc;

	if ((rc = sk_struct_in(&dst_mine, sizeof(dst_mine), dst, "sev_snp_checks")) ||
	    (rc = sk_struct_in(&src_mine, sizeof(src_mine), src, "sev_snp_checks")))
		return rc;
	rc = do_snp_checks_merge(&dst_mine, &src_mine, field);
	sk_struct_out(dst, &dst_mine, sizeof(dst_mine));
	return rc;
}
