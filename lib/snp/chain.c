/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The certificate chain VCEK/VLEK <- ASK/ASVK <- ARK: names, RSA-PSS
 * signatures, validity at the chosen time, AMD's organisation, the CRL.
 */
#include <string.h>

#include "util/log.h"
#include "verifier.h"

static const char *const amd_name[][2] = {
	{ "O", "Advanced Micro Devices" },
	{ "OU", "Engineering" },
	{ "C", "US" },
	{ "L", "Santa Clara" },
	{ "ST", "CA" },
};

static int check_amd_subject(const struct sk_x509 *c, const char *what)
{
	for (size_t i = 0; i < sizeof(amd_name) / sizeof(amd_name[0]); i++) {
		char v[64];

		if (sk_x509_subject_attr(c, amd_name[i][0], v, sizeof(v)) ||
		    strcmp(v, amd_name[i][1]) != 0)
			return sk_fail(SEV_E_VERIFY, "%s: subject %s is not '%s'", what,
				       amd_name[i][0], amd_name[i][1]);
	}
	return 0;
}

static int check_time(const struct sk_x509 *c, const char *what, time_t at)
{
	time_t nb, na;
	char a[32], b[32];
	int rc = sk_x509_times(c, &nb, &na);

	if (rc)
		return rc;
	if (at >= nb && at <= na)
		return 0;
	sk_time_format(at < nb ? nb : na, a, sizeof(a));
	sk_time_format(at, b, sizeof(b));
	return sk_fail(SEV_E_VERIFY, "%s: %s %s (checked at %s)", what,
		       at < nb ? "not valid before" : "expired at", a, b);
}

static int check_signed(const struct sk_x509 *c, const struct sk_x509 *issuer, const char *what,
			const char *by)
{
	if (!sk_x509_named_by(c, issuer))
		return sk_fail(SEV_E_VERIFY, "%s: issuer name is not the subject of the %s", what,
			       by);
	if (sk_x509_verify_pss384(c, issuer))
		return sk_fail(SEV_E_VERIFY, "%s: signature by the %s does not verify", what, by);
	return 0;
}

/* Decide the product: asked for, else the VCEK's productName, else its issuer's CN. */
static int decide_product(struct sev_snp_verifier *v, const struct sev_snp_vek_info *info)
{
	enum sev_snp_product from_issuer = SEV_SNP_PRODUCT_UNKNOWN;
	const char *cn = info->issuer_cn;

	if (strncmp(cn, "SEV-VLEK-", 9) == 0)
		sev_snp_product_parse(cn + 9, &from_issuer);
	else if (strncmp(cn, "SEV-", 4) == 0)
		sev_snp_product_parse(cn + 4, &from_issuer);
	v->info.product = v->product ? v->product :
			  info->product ? info->product : from_issuer;
	if (!v->info.product)
		return sk_fail(SEV_E_UNSUPPORTED, "cannot tell the product of the %s (productName "
			       "'%s'); give --product", info->kind ? "VLEK" : "VCEK",
			       info->product_name);
	return 0;
}

static int load_roots(struct sev_snp_verifier *v, bool vlek, struct sk_x509 **ark,
		      struct sk_x509 **ask)
{
	struct sk_x509 *given_ask = vlek ? v->asvk : v->ask;

	if (!v->anchor_ark || !given_ask) {
		int rc = sk_snp_builtin_roots(v->info.product, vlek, &v->builtin_ark,
					      &v->builtin_ask);

		if (rc)
			return rc;
	}
	*ark = v->anchor_ark ? v->anchor_ark : v->builtin_ark;
	*ask = given_ask ? given_ask : v->builtin_ask;
	if (v->given_ark && !sk_x509_equal(v->given_ark, *ark))
		return sk_fail(SEV_E_VERIFY, "the ARK that came with the certificates is not the "
			       "trusted %s ARK", sev_snp_product_name(v->info.product));
	return 0;
}

static int check_role(const struct sk_x509 *c, enum sk_snp_role want, enum sev_snp_product p,
		      const char *what)
{
	enum sev_snp_product got;
	char cn[64] = "";

	sk_x509_subject_attr(c, "CN", cn, sizeof(cn));
	if (sk_snp_cert_role(c, &got) != want)
		return sk_fail(SEV_E_VERIFY, "%s: CN '%s' is not a %s", what, cn, what);
	if (got != p)
		return sk_fail(SEV_E_VERIFY, "%s: CN '%s' is not for %s", what, cn,
			       sev_snp_product_name(p));
	return 0;
}

/* One CRL: issued and signed by the ARK, in force at the time of the check. */
static int check_one_crl(struct sev_snp_verifier *v, size_t i, const struct sk_x509 *ark,
			 time_t at)
{
	struct sev_snp_crl_info *ci = &v->info.crl[i];
	const struct sk_x509_crl *crl = v->crl[i];
	int rc;

	if (!sk_x509_crl_named_by(crl, ark))
		return sk_fail(SEV_E_VERIFY, "CRL %zu of %zu: issuer is not the ARK", i + 1,
			       v->n_crl);
	if (sk_x509_crl_verify_pss384(crl, ark))
		return sk_fail(SEV_E_VERIFY, "CRL %zu of %zu: signature by the ARK does not verify",
			       i + 1, v->n_crl);
	if ((rc = sk_x509_crl_times(crl, &ci->this_update, &ci->next_update)))
		return rc;
	sk_x509_subject_attr(ark, "CN", ci->issuer, sizeof(ci->issuer));
	if (ci->this_update > at)
		return sk_fail(SEV_E_VERIFY, "CRL %zu of %zu: issued after the time of the check",
			       i + 1, v->n_crl);
	ci->current = !ci->next_update || ci->next_update >= at;
	if (!ci->current)
		sk_warn("CRL %zu of %zu: out of date (next update has passed); its revocations "
			"still apply", i + 1, v->n_crl);
	return 0;
}

static int report_revoked(const struct sev_snp_verifier *v, size_t i, const char *what,
			  const char *serial)
{
	char t[32];

	sk_time_format(v->info.crl[i].this_update, t, sizeof(t));
	return sk_fail(SEV_E_VERIFY, "CRL %zu of %zu (%s, issued %s): the %s (serial 0x%s) is "
		       "revoked", i + 1, v->n_crl, v->info.crl[i].issuer, t, what, serial);
}

/*
 * Every CRL given is applied, in any order: a certificate one of them lists
 * is revoked, whatever the others say (an older CRL does not undo a newer one).
 */
static int check_crls(struct sev_snp_verifier *v, const struct sk_x509 *ark,
		      const struct sk_x509 *ask, const char *ask_name, const char *vek_name,
		      time_t at)
{
	bool current = false;
	int rc;

	sk_x509_serial_hex(ask, v->info.ask_serial, sizeof(v->info.ask_serial));
	sk_x509_serial_hex(v->vek, v->info.vek_serial, sizeof(v->info.vek_serial));
	for (size_t i = 0; i < v->n_crl; i++) {
		struct sev_snp_crl_info *ci = &v->info.crl[i];

		if ((rc = check_one_crl(v, i, ark, at)))
			return rc;
		ci->ask_revoked = sk_x509_crl_revokes(v->crl[i], ask);
		ci->vek_revoked = sk_x509_crl_revokes(v->crl[i], v->vek);
		v->info.n_crl = i + 1;
		if (ci->ask_revoked)
			return report_revoked(v, i, ask_name, v->info.ask_serial);
		if (ci->vek_revoked)
			return report_revoked(v, i, vek_name, v->info.vek_serial);
		current |= ci->current;
	}
	if (v->require_crl && !v->n_crl)
		return sk_fail(SEV_E_VERIFY, "a CRL is required but none was given");
	if (v->require_crl && !current)
		return sk_fail(SEV_E_VERIFY, "a current CRL is required: every CRL given is out of "
			       "date (next update has passed)");
	v->info.crl_checked = v->n_crl > 0;
	return 0;
}

static int check_chain(struct sev_snp_verifier *v, const struct sev_snp_vek_info *info)
{
	bool vlek = info->kind == SEV_SNP_KEY_VLEK;
	const char *vek = vlek ? "VLEK" : "VCEK", *ask_name = vlek ? "ASVK" : "ASK";
	time_t at = v->has_time ? v->at : time(NULL);
	struct sk_x509 *ark, *ask;
	int rc;

	if ((rc = decide_product(v, info)))
		return rc;
	if (info->product != v->info.product)
		return sk_fail(SEV_E_VERIFY, "%s: productName '%s' is not a %s product", vek,
			       info->product_name, sev_snp_product_name(v->info.product));
	if ((rc = load_roots(v, vlek, &ark, &ask)) ||
	    (rc = check_role(ark, SK_SNP_ROLE_ARK, v->info.product, "ARK")) ||
	    (rc = check_role(ask, vlek ? SK_SNP_ROLE_ASVK : SK_SNP_ROLE_ASK, v->info.product,
			     ask_name)) ||
	    (rc = check_signed(ark, ark, "ARK", "ARK itself")) ||
	    (rc = check_signed(ask, ark, ask_name, "ARK")) ||
	    (rc = check_signed(v->vek, ask, vek, ask_name)) ||
	    (rc = check_amd_subject(ark, "ARK")) || (rc = check_amd_subject(ask, ask_name)) ||
	    (rc = check_amd_subject(v->vek, vek)) || (rc = check_time(ark, "ARK", at)) ||
	    (rc = check_time(ask, ask_name, at)) || (rc = check_time(v->vek, vek, at)) ||
	    (rc = check_crls(v, ark, ask, ask_name, vek, at)))
		return rc;
	return 0;
}

static int prepare(struct sev_snp_verifier *v)
{
	struct sev_snp_vek_info *info = &v->info.vek;
	int rc;

	memset(&v->info, 0, sizeof(v->info));
	if (!v->vek)
		return sk_fail(SEV_E_INVALID, "no VCEK or VLEK was given (--vcek, --vlek, --certs "
			       "or --cert-table)");
	if ((rc = sk_snp_vek_info(v->vek, info)))
		return rc;
	v->info.key = info->kind;
	if ((rc = check_chain(v, info)) || (rc = sk_x509_pubkey(v->vek, &v->vek_key)))
		return rc;
	if (!sk_key_is_ec(v->vek_key, SK_P384))
		return sk_fail(SEV_E_VERIFY, "%s: the key is not an EC P-384 key",
			       info->kind ? "VLEK" : "VCEK");
	return sk_ecdsa_verifier_new(v->vek_key, SK_SHA384, &v->report_check);
}

int sk_snp_chain_prepare(struct sev_snp_verifier *v)
{
	if (!v->prepared) {
		v->prepared_rc = prepare(v);
		v->prepared = true;
	}
	return v->prepared_rc;
}
