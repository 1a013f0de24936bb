/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks of a verified report against what the relying party expects. Every
 * check runs, and each failure is listed with its expected and actual value.
 */
#include <sevkit/snp.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto/secure.h"
#include "util/hex.h"

struct run {
	const struct sev_snp_checks *c;
	const struct sev_snp_report *r;
	enum sev_snp_product product;
	const char *product_name;
	struct sev_snp_check_result *res;
	int rc;
};

void sev_snp_checks_init(struct sev_snp_checks *c)
{
	memset(c, 0, sizeof(*c));
}

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
static void exact(struct run *x, bool on, const char *check, const uint8_t *want,
		  const uint8_t *got, size_t n)
{
	char w[2 * 64 + 1], g[2 * 64 + 1];

	if (!on || sk_ct_equal(want, got, n))
		return;
	sk_hex_encode(w, want, n);
	sk_hex_encode(g, got, n);
	fail(x, check, w, "%s", g);
}

static void exact_fields(struct run *x)
{
	const struct sev_snp_checks *c = x->c;
	const struct sev_snp_report *r = x->r;

	exact(x, c->has_measurement, "measurement", c->measurement, r->measurement, 48);
	exact(x, c->has_report_data, "report_data", c->report_data, r->report_data, 64);
	exact(x, c->has_host_data, "host_data", c->host_data, r->host_data, 32);
	exact(x, c->has_family_id, "family_id", c->family_id, r->family_id, 16);
	exact(x, c->has_image_id, "image_id", c->image_id, r->image_id, 16);
	exact(x, c->has_id_key_digest, "id_key_digest", c->id_key_digest, r->id_key_digest, 48);
	exact(x, c->has_author_key_digest, "author_key_digest", c->author_key_digest,
	      r->author_key_digest, 48);
}

static void policy_bit(struct run *x, uint64_t bit, bool want_set, const char *check,
		       const char *expected)
{
	bool set = (x->r->policy & bit) != 0;

	if (set != want_set)
		fail(x, check, expected, "policy 0x%llx has %s %s",
		     (unsigned long long)x->r->policy, check, set ? "set" : "clear");
}

static void guest_policy(struct run *x)
{
	const struct sev_snp_checks *c = x->c;
	uint64_t pol = x->r->policy;
	char want[32];

	if (c->has_policy && pol != c->policy) {
		snprintf(want, sizeof(want), "0x%llx", (unsigned long long)c->policy);
		fail(x, "policy", want, "0x%llx", (unsigned long long)pol);
	}
	if (!c->allow_debug)
		policy_bit(x, SEV_SNP_POLICY_DEBUG, false, "debug", "debug clear (not allowed)");
	if (!c->allow_migrate_ma)
		policy_bit(x, SEV_SNP_POLICY_MIGRATE_MA, false, "migrate_ma",
			   "migrate_ma clear (not allowed)");
	/* guest pages in CXL memory are outside what the platform attests */
	if (!c->allow_cxl)
		policy_bit(x, SEV_SNP_POLICY_CXL_ALLOW, false, "cxl_allow",
			   "cxl_allow clear (not allowed)");
	if (c->forbid_smt)
		policy_bit(x, SEV_SNP_POLICY_SMT, false, "smt", "smt clear");
	if (c->require_single_socket)
		policy_bit(x, SEV_SNP_POLICY_SINGLE_SOCKET, true, "single_socket",
			   "single_socket set");
	if (c->has_min_abi && (sev_snp_policy_abi_major(pol) < c->min_abi_major ||
			       (sev_snp_policy_abi_major(pol) == c->min_abi_major &&
				sev_snp_policy_abi_minor(pol) < c->min_abi_minor))) {
		snprintf(want, sizeof(want), ">= %u.%u", c->min_abi_major, c->min_abi_minor);
		fail(x, "min_abi", want, "%u.%u", sev_snp_policy_abi_major(pol),
		     sev_snp_policy_abi_minor(pol));
	}
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

static void min_tcb(struct run *x, const struct sev_snp_tcb_spec *spec, uint64_t raw,
		    const char *check)
{
	struct sev_snp_tcb want, got;
	char w[80], g[64];

	if (!spec->set)
		return;
	sev_snp_tcb_spec_resolve(spec, x->product, &want);
	sev_snp_tcb_decode(raw, x->product, &got);
	if (got.fmc >= want.fmc && got.bootloader >= want.bootloader && got.tee >= want.tee &&
	    got.snp >= want.snp && got.microcode >= want.microcode)
		return;
	memcpy(w, ">= ", 3);
	format_spl(&want, x->product, w + 3, sizeof(w) - 3);
	format_spl(&got, x->product, g, sizeof(g));
	fail(x, check, w, "%s", g);
}

static void versions(struct run *x)
{
	const struct sev_snp_checks *c = x->c;
	const struct sev_snp_report *r = x->r;
	char want[32];

	min_tcb(x, &c->min_reported_tcb, r->reported_tcb, "min_tcb");
	min_tcb(x, &c->min_committed_tcb, r->committed_tcb, "min_committed_tcb");
	min_tcb(x, &c->min_launch_tcb, r->launch_tcb, "min_launch_tcb");
	min_tcb(x, &c->min_current_tcb, r->current_tcb, "min_current_tcb");
	if (c->has_min_build && r->current_build < c->min_build) {
		snprintf(want, sizeof(want), ">= %u", c->min_build);
		fail(x, "min_build", want, "%u", r->current_build);
	}
	if (c->has_min_version &&
	    (r->current_major < c->min_version_major ||
	     (r->current_major == c->min_version_major &&
	      r->current_minor < c->min_version_minor))) {
		snprintf(want, sizeof(want), ">= %u.%u", c->min_version_major,
			 c->min_version_minor);
		fail(x, "min_version", want, "%u.%u", r->current_major, r->current_minor);
	}
	if (c->has_min_guest_svn && r->guest_svn < c->min_guest_svn) {
		snprintf(want, sizeof(want), ">= %u", c->min_guest_svn);
		fail(x, "min_guest_svn", want, "%u", r->guest_svn);
	}
}

static void platform(struct run *x)
{
	const struct sev_snp_checks *c = x->c;
	uint64_t pi = x->r->platform_info;
	char want[64];

	if (c->has_vmpl && x->r->vmpl != c->vmpl) {
		snprintf(want, sizeof(want), "%u", c->vmpl);
		fail(x, "vmpl", want, "%u", x->r->vmpl);
	}
	if ((pi & c->platform_require) != c->platform_require) {
		snprintf(want, sizeof(want), "bits 0x%llx set",
			 (unsigned long long)c->platform_require);
		fail(x, "platform_require", want, "platform_info 0x%llx", (unsigned long long)pi);
	}
	if (pi & c->platform_forbid) {
		snprintf(want, sizeof(want), "bits 0x%llx clear",
			 (unsigned long long)c->platform_forbid);
		fail(x, "platform_forbid", want, "platform_info 0x%llx", (unsigned long long)pi);
	}
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

static void fail_stepping(struct run *x)
{
	char want[48];

	snprintf(want, sizeof(want), "%s-%s", sev_snp_product_name(x->c->product),
		 x->c->stepping);
	fail(x, "product", want, "%s (stepping %s)", sev_snp_product_name(x->product),
	     vek_stepping(x) ? vek_stepping(x) : "unknown");
}

static void product(struct run *x)
{
	const struct sev_snp_checks *c = x->c;
	char got[64];

	if (c->product && c->product != x->product)
		fail(x, "product", sev_snp_product_name(c->product), "%s",
		     sev_snp_product_name(x->product));
	else if (c->product && c->stepping[0] &&
		 (!vek_stepping(x) || strcasecmp(vek_stepping(x), c->stepping)))
		fail_stepping(x);
	for (size_t i = 0; i < c->n_deny; i++) {
		if (!deny_matches(x, &c->deny[i]))
			continue;
		sev_snp_tcb_format(x->r->reported_tcb, x->product, got, sizeof(got));
		fail(x, "deny", "not on the deny list", "%s%s%s, reported TCB %s",
		     sev_snp_product_name(x->product), x->product_name ? " " : "",
		     x->product_name ? x->product_name : "", got);
	}
}

int sev_snp_check(const struct sev_snp_checks *c, const struct sev_snp_report *r,
		  enum sev_snp_product p, const char *product_name,
		  struct sev_snp_check_result *res)
{
	struct run x = { c, r, p, product_name, res, 0 };

	res->n = 0;
	res->fail = NULL;
	exact_fields(&x);
	guest_policy(&x);
	versions(&x);
	platform(&x);
	product(&x);
	return x.rc;
}

void sev_snp_check_result_free(struct sev_snp_check_result *res)
{
	free(res->fail);
	res->fail = NULL;
	res->n = 0;
}
