/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks of a verified report against what the relying party expects: every
 * row of the check table runs, in its order, and each failure is listed with
 * its expected and actual value.
 */
#include <sevkit/snp.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto/secure.h"
#include "snp/check-table.h"
#include "util/hex.h"
#include "util/struct.h"

struct run {
	const struct sev_snp_checks *c;
	const struct sev_snp_report *r;
	enum sev_snp_product product;
	const char *product_name;
	struct sev_snp_check_result *res;
	int rc;
};

static void fail(struct run *x, const char *check, const char *expected, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail(struct run *x, const char *check, const char *expected, const char *fmt, ...)
{
	struct sev_snp_check_result *res = x->res;
	struct sev_snp_check_failure *f;
	va_list ap;

	f = realloc(res->fail, (res->n + 1) * sizeof(*f));
	if (!f) {
		x->rc = -ENOMEM;
		return;
	}
	res->fail = f;
	f = &res->fail[res->n++];
	snprintf(f->check, sizeof(f->check), "%s", check);
	snprintf(f->expected, sizeof(f->expected), "%s", expected);
	va_start(ap, fmt);
	vsnprintf(f->actual, sizeof(f->actual), fmt, ap);
	va_end(ap);
	if (!x->rc)
		x->rc = SEV_E_VERIFY;
}

/* Digests and measurements are compared in constant time. */
static void exact_bytes(struct run *x, const struct sk_snp_check *k)
{
	const uint8_t *want = sk_check_cat(x->c, k->value);
	const uint8_t *got = (const uint8_t *)x->r + k->field;
	char w[2 * 64 + 1], g[2 * 64 + 1];

	if (!*(const bool *)sk_check_cat(x->c, k->has) || k->size > 64 ||
	    sk_ct_equal(want, got, k->size))
		return;
	sk_hex_encode(w, want, k->size);
	sk_hex_encode(g, got, k->size);
	fail(x, k->info.check, w, "%s", g);
}

/* An exact number or a minimum; MAJOR.MINOR pairs compare as MAJOR * 256 + MINOR. */
static void number(struct run *x, const struct sk_snp_check *k)
{
	const uint8_t *v = sk_check_cat(x->c, k->value);
	uint64_t got = k->got(x->r), want;
	const char *name = k->info.check;
	char w[48];

	if (!*(const bool *)sk_check_cat(x->c, k->has))
		return;
	if (k->kind == SK_CHECK_MIN_PAIR) {
		want = (uint64_t)v[0] << 8 | v[1];
		snprintf(w, sizeof(w), ">= %u.%u", v[0], v[1]);
		if (got < want)
			fail(x, name, w, "%u.%u", (unsigned)(got >> 8), (unsigned)(got & 0xff));
		return;
	}
	want = sk_check_load(v, k->size);
	if (k->kind == SK_CHECK_MIN && got < want) {
		snprintf(w, sizeof(w), ">= %llu", (unsigned long long)want);
		fail(x, name, w, "%llu", (unsigned long long)got);
	} else if (k->kind == SK_CHECK_EXACT && got != want) {
		snprintf(w, sizeof(w), k->show_hex ? "0x%llx" : "%llu", (unsigned long long)want);
		fail(x, name, w, k->show_hex ? "0x%llx" : "%llu", (unsigned long long)got);
	}
}

/* A policy flag: when it applies, the bit must be clear (set for REQUIRE). */
static void policy_bit(struct run *x, const struct sk_snp_check *k)
{
	bool on = *(const bool *)sk_check_cat(x->c, k->value);
	bool want_set = k->kind == SK_CHECK_REQUIRE;
	bool set = (x->r->policy & k->bit) != 0;
	const char *name = k->info.check;
	char want[64];

	if (k->kind == SK_CHECK_ALLOW ? on : !on)
		return;
	if (set == want_set)
		return;
	snprintf(want, sizeof(want), "%s %s%s", name, want_set ? "set" : "clear",
		 k->kind == SK_CHECK_ALLOW ? " (not allowed)" : "");
	fail(x, name, want, "policy 0x%llx has %s %s", (unsigned long long)x->r->policy, name,
	     set ? "set" : "clear");
}

static void format_spl(const struct sev_snp_tcb *t, enum sev_snp_product p, char *buf, size_t n)
{
	if (sev_snp_tcb_has_fmc(p))
		snprintf(buf, n, "fmc=%u bl=%u tee=%u snp=%u ucode=%u", t->fmc, t->bootloader,
			 t->tee, t->snp, t->microcode);
	else
		snprintf(buf, n, "bl=%u tee=%u snp=%u ucode=%u", t->bootloader, t->tee, t->snp,
			 t->microcode);
}

static void min_tcb(struct run *x, const struct sk_snp_check *k)
{
	const struct sev_snp_tcb_spec *spec = sk_check_cat(x->c, k->value);
	struct sev_snp_tcb want, got;
	char w[80], g[64];

	if (!spec->set)
		return;
	sev_snp_tcb_spec_resolve(spec, x->product, &want);
	sev_snp_tcb_decode(k->got(x->r), x->product, &got);
	if (got.fmc >= want.fmc && got.bootloader >= want.bootloader && got.tee >= want.tee &&
	    got.snp >= want.snp && got.microcode >= want.microcode)
		return;
	memcpy(w, ">= ", 3);
	format_spl(&want, x->product, w + 3, sizeof(w) - 3);
	format_spl(&got, x->product, g, sizeof(g));
	fail(x, k->info.check, w, "%s", g);
}

/* PLATFORM_INFO bits that must be set, or clear. */
static void platform(struct run *x, const struct sk_snp_check *k)
{
	uint64_t bits = *(const uint64_t *)sk_check_cat(x->c, k->value), pi = k->got(x->r);
	bool set = k->kind == SK_CHECK_BITS_SET;
	char want[64];

	if (set ? (pi & bits) == bits : !(pi & bits))
		return;
	snprintf(want, sizeof(want), "bits 0x%llx %s", (unsigned long long)bits,
		 set ? "set" : "clear");
	fail(x, k->info.check, want, "platform_info 0x%llx", (unsigned long long)pi);
}

/* The stepping of the VCEK/VLEK productName ("B0" of "Milan-B0"), or NULL when it has none. */
static const char *vek_stepping(const struct run *x)
{
	const char *dash = x->product_name ? strchr(x->product_name, '-') : NULL;

	return dash && dash[1] ? dash + 1 : NULL;
}

/* An unknown stepping counts as this one: a check on a stepping fails closed. */
static bool stepping_is(const struct run *x, const char *stepping)
{
	const char *got = vek_stepping(x);

	return !got || strcasecmp(got, stepping) == 0;
}

static bool deny_matches(const struct run *x, const struct sev_snp_deny *d)
{
	struct sev_snp_tcb want, got;

	if (d->product && d->product != x->product)
		return false;
	if (d->stepping[0] && !stepping_is(x, d->stepping))
		return false;
	if (!d->tcb.set)
		return true;
	sev_snp_tcb_spec_resolve(&d->tcb, x->product, &want);
	sev_snp_tcb_decode(x->r->reported_tcb, x->product, &got);
	return want.fmc == got.fmc && want.bootloader == got.bootloader && want.tee == got.tee &&
	       want.snp == got.snp && want.microcode == got.microcode;
}

static void fail_stepping(struct run *x, const char *name)
{
	char want[48];

	snprintf(want, sizeof(want), "%s-%s", sev_snp_product_name(x->c->product),
		 x->c->stepping);
	fail(x, name, want, "%s (stepping %s)", sev_snp_product_name(x->product),
	     vek_stepping(x) ? vek_stepping(x) : "unknown");
}

static void product(struct run *x, const struct sk_snp_check *k)
{
	const struct sev_snp_checks *c = x->c;

	if (c->product && c->product != x->product)
		fail(x, k->info.check, sev_snp_product_name(c->product), "%s",
		     sev_snp_product_name(x->product));
	else if (c->product && c->stepping[0] &&
		 (!vek_stepping(x) || strcasecmp(vek_stepping(x), c->stepping)))
		fail_stepping(x, k->info.check);
}

/* Each entry of the deny list that matches is one failure. */
static void deny(struct run *x, const struct sk_snp_check *k)
{
	const struct sev_snp_checks *c = x->c;
	char got[64];

	for (size_t i = 0; i < c->n_deny; i++) {
		if (!deny_matches(x, &c->deny[i]))
			continue;
		sev_snp_tcb_format(k->got(x->r), x->product, got, sizeof(got));
		fail(x, k->info.check, "not on the deny list", "%s%s%s, reported TCB %s",
		     sev_snp_product_name(x->product), x->product_name ? " " : "",
		     x->product_name ? x->product_name : "", got);
	}
}

static void run_row(struct run *x, const struct sk_snp_check *k)
{
	switch (k->kind) {
	case SK_CHECK_HEX: return exact_bytes(x, k);
	case SK_CHECK_EXACT:
	case SK_CHECK_MIN:
	case SK_CHECK_MIN_PAIR: return number(x, k);
	case SK_CHECK_MIN_TCB: return min_tcb(x, k);
	case SK_CHECK_ALLOW:
	case SK_CHECK_FORBID:
	case SK_CHECK_REQUIRE: return policy_bit(x, k);
	case SK_CHECK_BITS_SET:
	case SK_CHECK_BITS_CLEAR: return platform(x, k);
	case SK_CHECK_PRODUCT: return product(x, k);
	case SK_CHECK_DENY_PRODUCT:
	case SK_CHECK_DENY_TCB: return deny(x, k);
	}
}

static int do_snp_check(const struct sev_snp_checks *c, const struct sev_snp_report *r,
			enum sev_snp_product p, const char *product_name,
			struct sev_snp_check_result *res)
{
	struct run x = { c, r, p, product_name, res, 0 };
	const struct sk_snp_check *rows;
	size_t n;

	res->n = 0;
	res->fail = NULL;
	rows = sk_snp_check_rows(&n);
	for (size_t i = 0; i < n; i++)
		if (sk_snp_check_first_of_storage(&rows[i]))
			run_row(&x, &rows[i]);
	return x.rc;
}

int sev_snp_check(const struct sev_snp_checks *c, const struct sev_snp_report *r,
		  enum sev_snp_product p, const char *product_name,
		  struct sev_snp_check_result *res)
{
	struct sev_snp_checks c_mine;
	struct sev_snp_check_result res_mine = SEV_INIT(struct sev_snp_check_result);
	int rc;

	if ((rc = sk_struct_in(&c_mine, sizeof(c_mine), c, "sev_snp_checks")) ||
	    (rc = sk_struct_check_out(res, sizeof(res_mine), "sev_snp_check_result")))
		return rc;
	rc = do_snp_check(&c_mine, r, p, product_name, &res_mine);
	sk_struct_out(res, &res_mine, sizeof(res_mine));
	return rc;
}

static void do_snp_check_result_free(struct sev_snp_check_result *res)
{
	free(res->fail);
	res->fail = NULL;
	res->n = 0;
}

void sev_snp_check_result_free(struct sev_snp_check_result *res)
{
	struct sev_snp_check_result res_mine;

	if (sk_struct_in(&res_mine, sizeof(res_mine), res, "sev_snp_check_result"))
		return;
	do_snp_check_result_free(&res_mine);
	sk_struct_out(res, &res_mine, sizeof(res_mine));
}
