/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every check of a report once: its policy-file key, its option of `sevkit
 * report verify`, what it takes, where struct sev_snp_checks keeps it and the
 * name its failures carry. Policy files, reference values, options, merging
 * and the checks themselves all go by this table. Also here: a check set from
 * text, as its option gives it.
 */
#include "snp/check-table.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/bytes.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/number.h"
#include "util/struct.h"

#define AT(f) offsetof(struct sev_snp_checks, f)
#define SIZE(f) sizeof(((struct sev_snp_checks *)0)->f)

#define REPORT_VALUE(name, expr)                                                          \
	static uint64_t got_##name(const struct sev_snp_report *r)                        \
	{                                                                                 \
		return (expr);                                                            \
	}

REPORT_VALUE(policy, r->policy)
REPORT_VALUE(abi, r->policy & 0xffff) /* ABI_MAJOR in bits 15:8, ABI_MINOR in 7:0 */
REPORT_VALUE(version, (uint64_t)r->current_major << 8 | r->current_minor)
REPORT_VALUE(build, r->current_build)
REPORT_VALUE(guest_svn, r->guest_svn)
REPORT_VALUE(vmpl, r->vmpl)
REPORT_VALUE(reported_tcb, r->reported_tcb)
REPORT_VALUE(committed_tcb, r->committed_tcb)
REPORT_VALUE(launch_tcb, r->launch_tcb)
REPORT_VALUE(current_tcb, r->current_tcb)
REPORT_VALUE(platform_info, r->platform_info)

/* A field the report must hold exactly; key, option and failure are named after it. */
#define HEX(f, opt, help, ...)                                                            \
	{ { #f, opt, "HEX", help, #f, false }, SK_CHECK_HEX, AT(has_##f), AT(f), SIZE(f),  \
	  .field = offsetof(struct sev_snp_report, f), __VA_ARGS__ }
/* A number: exact or a minimum, up to max, of the report's value got. */
#define NUMBER(kind_, f, opt, arg, help, max_, got_, ...)                                 \
	{ { #f, opt, arg, help, #f, false }, kind_, AT(has_##f), AT(f), SIZE(f), max_,     \
	  .got = got_, __VA_ARGS__ }
/* MAJOR.MINOR, kept as f_major and f_minor next to each other. */
#define PAIR(f, opt, help, got_)                                                          \
	{ { #f, opt, "MAJ.MIN", help, #f, false }, SK_CHECK_MIN_PAIR, AT(has_##f),         \
	  AT(f##_major), 2, .got = got_ }
/* A policy flag; the failure is named after the policy bit. */
#define FLAG(kind_, f, opt, help, bit_name, bit_)                                         \
	{ { #f, opt, NULL, help, bit_name, false }, kind_, AT(has_##f), AT(f), .bit = bit_, \
	  .got = got_policy }
#define MIN_TCB(key, opt, f, help, got_)                                                  \
	{ { key, opt, "TCB", help, key, false }, SK_CHECK_MIN_TCB, .value = AT(f),          \
	  .got = got_ }
#define BITS(kind_, f, opt, help)                                                         \
	{ { #f, opt, "LIST", help, #f, true }, kind_, .value = AT(f), .got = got_platform_info }

static const struct sk_snp_check rows[] = {
	HEX(measurement, "measurement", "expected MEASUREMENT (48 bytes)", .reference = true),
	HEX(report_data, "report-data", "expected REPORT_DATA (64 bytes)"),
	HEX(host_data, "host-data", "expected HOST_DATA (32 bytes)"),
	HEX(family_id, "family-id", "expected FAMILY_ID (16 bytes)"),
	HEX(image_id, "image-id", "expected IMAGE_ID (16 bytes)"),
	HEX(id_key_digest, "id-key-digest", "expected ID_KEY_DIGEST (48 bytes)"),
	HEX(author_key_digest, "author-key-digest", "expected AUTHOR_KEY_DIGEST (48 bytes)"),
	NUMBER(SK_CHECK_EXACT, policy, "policy", "POLICY", "expected guest POLICY, exactly",
	       UINT64_MAX, got_policy, .show_hex = true, .reference = true),
	FLAG(SK_CHECK_ALLOW, allow_debug, "allow-debug", "accept a policy that allows debugging",
	     "debug", SEV_SNP_POLICY_DEBUG),
	FLAG(SK_CHECK_ALLOW, allow_migrate_ma, "allow-migrate-ma",
	     "accept a policy that allows a migration agent", "migrate_ma",
	     SEV_SNP_POLICY_MIGRATE_MA),
	/* guest pages in CXL memory are outside what the platform attests */
	FLAG(SK_CHECK_ALLOW, allow_cxl, "allow-cxl", "accept a policy that allows CXL memory for "
	     "guest pages (bit 21, cxl_allow)", "cxl_allow", SEV_SNP_POLICY_CXL_ALLOW),
	FLAG(SK_CHECK_FORBID, forbid_smt, "forbid-smt", "refuse a policy that allows SMT", "smt",
	     SEV_SNP_POLICY_SMT),
	FLAG(SK_CHECK_REQUIRE, require_single_socket, "require-single-socket",
	     "require the single-socket policy bit", "single_socket",
	     SEV_SNP_POLICY_SINGLE_SOCKET),
	PAIR(min_abi, "min-abi", "minimum ABI version in the guest policy", got_abi),
	MIN_TCB("min_tcb", "min-tcb", min_reported_tcb, "minimum REPORTED_TCB, SPL by SPL: a "
		"64-bit number or bl=N,tee=N,snp=N,ucode=N[,fmc=N]", got_reported_tcb),
	MIN_TCB("min_committed_tcb", "min-committed-tcb", min_committed_tcb,
		"minimum COMMITTED_TCB", got_committed_tcb),
	MIN_TCB("min_launch_tcb", "min-launch-tcb", min_launch_tcb, "minimum LAUNCH_TCB",
		got_launch_tcb),
	MIN_TCB("min_current_tcb", "min-current-tcb", min_current_tcb, "minimum CURRENT_TCB",
		got_current_tcb),
	NUMBER(SK_CHECK_MIN, min_build, "min-build", "N", "minimum firmware CURRENT_BUILD", 255,
	       got_build),
	PAIR(min_version, "min-version", "minimum firmware version", got_version),
	NUMBER(SK_CHECK_MIN, min_guest_svn, "min-guest-svn", "N", "minimum GUEST_SVN",
	       UINT32_MAX, got_guest_svn),
	NUMBER(SK_CHECK_EXACT, vmpl, "vmpl", "N", "expected VMPL", 3, got_vmpl),
	BITS(SK_CHECK_BITS_SET, platform_require, "platform-require", "PLATFORM_INFO bits that "
	     "must be set (smt_en,tsme_en,ecc_en,rapl_dis,ciphertext_hiding_en,"
	     "alias_check_complete,tio_en)"),
	BITS(SK_CHECK_BITS_CLEAR, platform_forbid, "platform-forbid",
	     "PLATFORM_INFO bits that must be clear"),
	/* --product chooses the roots of the chain, so this one is in policy files only */
	{ { "product", NULL, "NAME", "expected product line (Milan) or stepping (Milan-B0)",
	    "product", false }, SK_CHECK_PRODUCT, .value = AT(product) },
	{ { "deny.product", "deny-product", "NAME", "refuse a product line (Milan) or stepping "
	    "(Milan-B0), in any case; repeatable", "deny", true }, SK_CHECK_DENY_PRODUCT,
	  .value = AT(deny), .got = got_reported_tcb },
	{ { "deny.tcb", "deny-tcb", "TCB", "refuse this REPORTED_TCB; repeatable", "deny", true },
	  SK_CHECK_DENY_TCB, .value = AT(deny), .got = got_reported_tcb },
};

_Static_assert(AT(min_abi_minor) == AT(min_abi_major) + 1, "MAJOR.MINOR are two bytes");
_Static_assert(AT(min_version_minor) == AT(min_version_major) + 1, "MAJOR.MINOR are two bytes");

const struct sk_snp_check *sk_snp_check_rows(size_t *n)
{
	*n = SK_ARRAY_SIZE(rows);
	return rows;
}

const struct sev_snp_check_info *sev_snp_check_info_at(size_t i)
{
	return i < SK_ARRAY_SIZE(rows) ? &rows[i].info : NULL;
}

const struct sk_snp_check *sk_snp_check_find(const char *name, bool options)
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(rows); i++)
		if (!strcmp(rows[i].info.key, name) ||
		    (options && rows[i].info.option && !strcmp(rows[i].info.option, name)))
			return &rows[i];
	return NULL;
}

bool sk_snp_check_first_of_storage(const struct sk_snp_check *k)
{
	for (const struct sk_snp_check *p = rows; p < k; p++)
		if (p->value == k->value)
			return false;
	return true;
}

/* ---- what a check takes, and the message when it is not that ---------------------- */

const char *sk_snp_check_desc(const struct sk_snp_check *k, char *buf, size_t n)
{
	switch (k->kind) {
	case SK_CHECK_HEX: snprintf(buf, n, "%zu bytes of hex", k->size); return buf;
	case SK_CHECK_EXACT:
	case SK_CHECK_MIN:
		snprintf(buf, n, "a number up to %llu", (unsigned long long)k->max);
		return buf;
	case SK_CHECK_MIN_PAIR: return "MAJOR.MINOR";
	case SK_CHECK_MIN_TCB:
	case SK_CHECK_DENY_TCB:
		return "a TCB: a 64-bit number or bl=N,tee=N,snp=N,ucode=N[,fmc=N]";
	case SK_CHECK_ALLOW:
	case SK_CHECK_FORBID:
	case SK_CHECK_REQUIRE: return "true or false";
	case SK_CHECK_BITS_SET:
	case SK_CHECK_BITS_CLEAR: return "a list of PLATFORM_INFO bit names";
	case SK_CHECK_PRODUCT:
	case SK_CHECK_DENY_PRODUCT: break;
	}
	return "Milan, Genoa or Turin, or one with a stepping (Milan-B0)";
}

/* "--min-tcb" for an option, "policy file: \"min_tcb\"" in a document. */
static const char *subject(const struct sk_snp_check *k, const char *doc, char *buf, size_t n)
{
	if (!doc && k->info.option)
		snprintf(buf, n, "--%s", k->info.option);
	else
		snprintf(buf, n, "%s%s\"%s\"", doc ? doc : "", doc ? ": " : "", k->info.key);
	return buf;
}

int sk_snp_check_bad(const struct sk_snp_check *k, const char *doc, const char *desc)
{
	char who[64], what[64];

	if (!desc)
		desc = sk_snp_check_desc(k, what, sizeof(what));
	subject(k, doc, who, sizeof(who));
	return sk_fail(doc ? SEV_E_FORMAT : SEV_E_INVALID, "%s %s %s", who,
		       !doc && k->info.option ? "takes" : "must be", desc);
}

/* ---- a check from text --------------------------------------------------------------- */

static void given(const struct sk_snp_check *k, struct sev_snp_checks *c)
{
	*(bool *)sk_check_at(c, k->has) = true;
}

static int hex(const struct sk_snp_check *k, struct sev_snp_checks *c, const char *text,
	       const char *doc)
{
	uint8_t v[64];

	if (k->size > sizeof(v) || sk_hex_decode(v, k->size, text))
		return sk_snp_check_bad(k, doc, NULL);
	memcpy(sk_check_at(c, k->value), v, k->size);
	given(k, c);
	return 0;
}

static int number(const struct sk_snp_check *k, struct sev_snp_checks *c, const char *text,
		  const char *doc)
{
	uint64_t v;

	if (sk_parse_uint(text, k->max, &v))
		return sk_snp_check_bad(k, doc, NULL);
	sk_check_store(sk_check_at(c, k->value), k->size, v);
	given(k, c);
	return 0;
}

static int pair(const struct sk_snp_check *k, struct sev_snp_checks *c, const char *text,
		const char *doc)
{
	uint8_t *v = sk_check_at(c, k->value);
	unsigned a, b;
	int used = 0;

	if (sscanf(text, "%3u.%3u%n", &a, &b, &used) != 2 || text[used] || a > 255 || b > 255)
		return sk_snp_check_bad(k, doc, NULL);
	v[0] = (uint8_t)a;
	v[1] = (uint8_t)b;
	given(k, c);
	return 0;
}

static int flag(const struct sk_snp_check *k, struct sev_snp_checks *c, const char *text,
		const char *doc)
{
	if (text && strcmp(text, "true") && strcmp(text, "false"))
		return sk_snp_check_bad(k, doc, NULL);
	*(bool *)sk_check_at(c, k->value) = !text || !strcmp(text, "true");
	given(k, c);
	return 0;
}

/* One PLATFORM_INFO bit by name, added to mask. */
int sk_snp_check_bit(const struct sk_snp_check *k, const char *doc, const char *name,
		     uint64_t *mask)
{
	char who[64];
	uint64_t m;

	if (sev_snp_platform_bit_by_name(name, &m))
		return sk_fail(doc ? SEV_E_FORMAT : SEV_E_INVALID,
			       "%s: unknown PLATFORM_INFO bit '%s'",
			       subject(k, doc, who, sizeof(who)), name);
	*mask |= m;
	return 0;
}

/* Bits by name, separated by commas. */
static int bits(const struct sk_snp_check *k, struct sev_snp_checks *c, const char *text,
		const char *doc)
{
	char *copy = strdup(text), *save = NULL;
	uint64_t mask = 0;
	int rc = copy ? 0 : -ENOMEM;

	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && !rc;
	     t = strtok_r(NULL, ",", &save))
		rc = sk_snp_check_bit(k, doc, t, &mask);
	free(copy);
	if (!rc)
		*(uint64_t *)sk_check_at(c, k->value) |= mask;
	return rc;
}

int sk_snp_check_product(const struct sk_snp_check *k, const char *text, const char *doc,
			 enum sev_snp_product *p, char stepping[8])
{
	enum sev_snp_product q;
	char s[8] = { 0 };

	if (sev_snp_product_spec_parse(text, &q, s))
		return sk_snp_check_bad(k, doc, NULL);
	*p = q;
	memcpy(stepping, s, sizeof(s));
	return 0;
}

int sk_snp_check_tcb(const struct sk_snp_check *k, const char *text, const char *doc,
		     struct sev_snp_tcb_spec *s)
{
	struct sev_snp_tcb_spec t;

	if (sev_snp_tcb_spec_parse(text, &t))
		return sk_snp_check_bad(k, doc, NULL);
	*s = t;
	return 0;
}

/* One more entry of the deny list, from a product or a TCB. */
static int deny(const struct sk_snp_check *k, struct sev_snp_checks *c, const char *text,
		const char *doc)
{
	struct sev_snp_deny d;
	int rc;

	memset(&d, 0, sizeof(d));
	if (c->n_deny == SEV_SNP_DENY_MAX)
		return sk_fail(SEV_E_TOOBIG, "more than %d deny entries", SEV_SNP_DENY_MAX);
	if (k->kind == SK_CHECK_DENY_PRODUCT)
		rc = sk_snp_check_product(k, text, doc, &d.product, d.stepping);
	else
		rc = sk_snp_check_tcb(k, text, doc, &d.tcb);
	if (!rc)
		c->deny[c->n_deny++] = d;
	return rc;
}

int sk_snp_check_parse(const struct sk_snp_check *k, struct sev_snp_checks *c, const char *text,
		       const char *doc)
{
	switch (k->kind) {
	case SK_CHECK_ALLOW:
	case SK_CHECK_FORBID:
	case SK_CHECK_REQUIRE: return flag(k, c, text, doc);
	default: break;
	}
	if (!text)
		return sk_snp_check_bad(k, doc, NULL);
	switch (k->kind) {
	case SK_CHECK_HEX: return hex(k, c, text, doc);
	case SK_CHECK_EXACT:
	case SK_CHECK_MIN: return number(k, c, text, doc);
	case SK_CHECK_MIN_PAIR: return pair(k, c, text, doc);
	case SK_CHECK_MIN_TCB:
		return sk_snp_check_tcb(k, text, doc, sk_check_at(c, k->value));
	case SK_CHECK_BITS_SET:
	case SK_CHECK_BITS_CLEAR: return bits(k, c, text, doc);
	case SK_CHECK_PRODUCT: return sk_snp_check_product(k, text, doc, &c->product, c->stepping);
	default: return deny(k, c, text, doc);
	}
}

static int do_snp_checks_set(struct sev_snp_checks *c, const char *name, const char *value)
{
	const struct sk_snp_check *k = sk_snp_check_find(name, true);

	if (!k)
		return sk_fail(SEV_E_INVALID, "unknown check \"%s\"", name);
	return sk_snp_check_parse(k, c, value, NULL);
}

int sev_snp_checks_set(struct sev_snp_checks *c, const char *name, const char *value)
{
	struct sev_snp_checks c_mine;
	int rc;

	if ((rc = sk_struct_in(&c_mine, sizeof(c_mine), c, "sev_snp_checks")))
		return rc;
	rc = do_snp_checks_set(&c_mine, name, value);
	sk_struct_out(c, &c_mine, sizeof(c_mine));
	return rc;
}
