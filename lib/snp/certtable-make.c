/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A certificate table from AMD's certificates as they are downloaded (PEM
 * bundles such as KDS's cert_chain, or single DER files): each certificate is
 * recognised by its subject, stored in DER under its role's GUID (the ASVK
 * under the ASK's, as the GHCB table has no GUID of its own for it).
 */
#include <sevkit/snp.h>

#include <errno.h>
#include <stdlib.h>

#include "crypto/x509.h"
#include "snp/snp-internal.h"
#include "util/log.h"

#define PER_FILE 4

static const enum sev_snp_cert_kind kind_of_role[] = {
	[SK_SNP_ROLE_ARK] = SEV_SNP_CERT_ARK,   [SK_SNP_ROLE_ASK] = SEV_SNP_CERT_ASK,
	[SK_SNP_ROLE_ASVK] = SEV_SNP_CERT_ASK,  [SK_SNP_ROLE_VCEK] = SEV_SNP_CERT_VCEK,
	[SK_SNP_ROLE_VLEK] = SEV_SNP_CERT_VLEK,
};

struct collected {
	struct sk_x509 *cert[SEV_SNP_CERT_TABLE_MAX];
	struct sev_snp_cert_entry e[SEV_SNP_CERT_TABLE_MAX];
	size_t n;
};

static const char *const role_names[] = {
	[SK_SNP_ROLE_ARK] = "ARK", [SK_SNP_ROLE_ASK] = "ASK", [SK_SNP_ROLE_ASVK] = "ASVK",
	[SK_SNP_ROLE_VCEK] = "VCEK", [SK_SNP_ROLE_VLEK] = "VLEK",
};

static int add(struct collected *c, struct sk_x509 *x, const char *name)
{
	enum sev_snp_product p;
	enum sk_snp_role role = sk_snp_cert_role(x, &p);
	struct sev_snp_cert_entry *e;
	const uint8_t *der;
	size_t len;

	if (c->n == SEV_SNP_CERT_TABLE_MAX)
		return sk_fail(SEV_E_FORMAT, "%s: too many certificates", name);
	if (role == SK_SNP_ROLE_UNKNOWN)
		return sk_fail(SEV_E_FORMAT, "%s: not an AMD ARK, ASK, ASVK, VCEK or VLEK", name);
	e = &c->e[c->n];
	e->kind = kind_of_role[role];
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].kind == e->kind)
			return sk_fail(SEV_E_FORMAT, "%s: a second %s", name,
				       role == SK_SNP_ROLE_ASVK || role == SK_SNP_ROLE_ASK ?
				       "ASK or ASVK" : role_names[role]);
	sk_x509_der(x, &der, &len);
	e->data = der;
	e->length = (uint32_t)len;
	c->cert[c->n++] = x;
	return 0;
}

static int add_file(struct collected *c, const struct sev_snp_cert_file *f)
{
	struct sk_x509 *x[PER_FILE];
	size_t n;
	int rc = sk_x509_load(f->data, f->len, x, PER_FILE, &n);

	if (rc)
		return sk_fail(SEV_E_FORMAT, "%s: not a certificate (PEM or DER)", f->name);
	for (size_t i = 0; i < n; i++) {
		if (!rc)
			rc = add(c, x[i], f->name);
		if (rc)
			sk_x509_free(x[i]); /* added ones are freed with the collection */
	}
	return rc;
}

int sev_snp_cert_table_make(const struct sev_snp_cert_file *files, size_t n, uint8_t **buf,
			    size_t *len)
{
	struct collected *c = calloc(1, sizeof(*c));
	int rc = c ? 0 : -ENOMEM;

	for (size_t i = 0; !rc && i < n; i++)
		rc = add_file(c, &files[i]);
	if (!rc)
		rc = sev_snp_cert_table_build(c->e, c->n, buf, len);
	for (size_t i = 0; c && i < c->n; i++)
		sk_x509_free(c->cert[i]);
	free(c);
	return rc;
}
