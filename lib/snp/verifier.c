/* SPDX-License-Identifier: Apache-2.0 */
/* The verifier's inputs: roots, intermediates, VCEK/VLEK, CRL, time. */
#include <errno.h>
#include <stdlib.h>

#include "util/log.h"
#include "verifier.h"

int sev_snp_verifier_new(struct sev_snp_verifier **v)
{
	*v = calloc(1, sizeof(**v));
	return *v ? 0 : -ENOMEM;
}

void sk_snp_chain_reset(struct sev_snp_verifier *v)
{
	sk_ecdsa_verifier_free(v->report_check);
	sk_key_free(v->vek_key);
	sk_x509_free(v->builtin_ark);
	sk_x509_free(v->builtin_ask);
	v->report_check = NULL;
	v->vek_key = NULL;
	v->builtin_ark = NULL;
	v->builtin_ask = NULL;
	v->prepared = false;
}

void sev_snp_verifier_free(struct sev_snp_verifier *v)
{
	if (!v)
		return;
	sk_snp_chain_reset(v);
	sk_x509_free(v->anchor_ark);
	sk_x509_free(v->given_ark);
	sk_x509_free(v->ask);
	sk_x509_free(v->asvk);
	sk_x509_free(v->vek);
	for (size_t i = 0; i < v->n_crl; i++)
		sk_x509_crl_free(v->crl[i]);
	free(v);
}

int sev_snp_verifier_set_product(struct sev_snp_verifier *v, enum sev_snp_product p)
{
	if (p > SEV_SNP_PRODUCT_TURIN)
		return SEV_E_INVALID;
	v->product = p;
	sk_snp_chain_reset(v);
	return 0;
}

/* Fill a slot; the same certificate twice is fine, two different ones are not. */
static int put(struct sk_x509 **slot, struct sk_x509 *c, const char *what)
{
	if (*slot && !sk_x509_equal(*slot, c)) {
		sk_x509_free(c);
		return sk_fail(SEV_E_INVALID, "two different %s certificates were given", what);
	}
	if (*slot)
		sk_x509_free(c);
	else
		*slot = c;
	return 0;
}

static int add_one(struct sev_snp_verifier *v, struct sk_x509 *c, bool trusted)
{
	enum sev_snp_product p;

	switch (sk_snp_cert_role(c, &p)) {
	case SK_SNP_ROLE_ARK:
		return put(trusted ? &v->anchor_ark : &v->given_ark, c, "ARK");
	/* a directory may hold both chains: the VCEK's (ASK) and the VLEK's (ASVK) */
	case SK_SNP_ROLE_ASK:
		return put(&v->ask, c, "ASK");
	case SK_SNP_ROLE_ASVK:
		return put(&v->asvk, c, "ASVK");
	case SK_SNP_ROLE_VCEK:
	case SK_SNP_ROLE_VLEK:
		return put(&v->vek, c, "VCEK/VLEK");
	case SK_SNP_ROLE_UNKNOWN:
		break;
	}
	sk_x509_free(c);
	return sk_fail(SEV_E_FORMAT, "certificate is not an AMD ARK, ASK, ASVK, VCEK or VLEK "
		       "(subject CN)");
}

static int add(struct sev_snp_verifier *v, const uint8_t *buf, size_t len, bool trusted)
{
	struct sk_x509 *c[8];
	size_t n, i;
	int rc = sk_x509_load(buf, len, c, 8, &n);

	if (rc)
		return rc;
	sk_snp_chain_reset(v);
	for (i = 0; i < n && !rc; i++)
		rc = add_one(v, c[i], trusted);
	for (; i < n; i++)
		sk_x509_free(c[i]);
	return rc;
}

int sev_snp_verifier_add_certs(struct sev_snp_verifier *v, const uint8_t *buf, size_t len)
{
	return add(v, buf, len, false);
}

int sev_snp_verifier_set_ark(struct sev_snp_verifier *v, const uint8_t *buf, size_t len)
{
	return add(v, buf, len, true);
}

int sev_snp_verifier_add_cert_table(struct sev_snp_verifier *v, const uint8_t *buf, size_t len)
{
	struct sev_snp_cert_table t;
	int rc = sev_snp_cert_table_parse(buf, len, &t);

	for (size_t i = 0; i < t.n && !rc; i++) {
		const struct sev_snp_cert_entry *e = &t.entry[i];
		struct sk_x509 *c;

		if (e->kind == SEV_SNP_CERT_OTHER || e->kind == SEV_SNP_CERT_EXTRA_PLATFORM_INFO)
			continue;
		if ((rc = sk_x509_from_der(e->data, e->length, &c)))
			return sk_fail(rc, "certificate table: the %s entry is not a certificate",
				       sev_snp_cert_kind_name(e->kind));
		sk_snp_chain_reset(v);
		rc = add_one(v, c, false);
	}
	return rc;
}

int sev_snp_verifier_add_crl(struct sev_snp_verifier *v, const uint8_t *buf, size_t len)
{
	size_t n;
	int rc;

	if (v->n_crl == SEV_SNP_CRL_MAX)
		return sk_fail(SEV_E_TOOBIG, "more than %d CRLs", SEV_SNP_CRL_MAX);
	rc = sk_x509_crl_load_all(buf, len, v->crl + v->n_crl, SEV_SNP_CRL_MAX - v->n_crl, &n);
	if (rc)
		return rc;
	v->n_crl += n;
	sk_snp_chain_reset(v);
	return 0;
}

int sev_snp_verifier_add_file(struct sev_snp_verifier *v, const uint8_t *buf, size_t len)
{
	bool certs, crls;
	int rc = 0;

	sk_x509_probe(buf, len, &certs, &crls);
	if (!certs && !crls)
		return sk_fail(SEV_E_FORMAT, "neither a certificate nor a CRL (PEM or DER)");
	if (certs)
		rc = sev_snp_verifier_add_certs(v, buf, len);
	if (!rc && crls)
		rc = sev_snp_verifier_add_crl(v, buf, len);
	return rc;
}

size_t sev_snp_verifier_crl_count(const struct sev_snp_verifier *v)
{
	return v->n_crl;
}

bool sev_snp_verifier_has_vek(const struct sev_snp_verifier *v)
{
	return v->vek != NULL;
}

void sev_snp_verifier_require_crl(struct sev_snp_verifier *v, bool required)
{
	v->require_crl = required;
	sk_snp_chain_reset(v);
}

void sev_snp_verifier_set_time(struct sev_snp_verifier *v, time_t t)
{
	v->has_time = true;
	v->at = t;
	sk_snp_chain_reset(v);
}
