/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AMD's root certificates for SEV-SNP, embedded at build time: the ARK and
 * ASK of Milan, Genoa and Turin, and the ASVK that signs VLEKs.
 */
#include <stddef.h>

#include "snp-internal.h"
#include "util/log.h"

#define ROOT(name)                                 \
	extern const unsigned char name[];         \
	extern const size_t name##_len
ROOT(sk_snp_milan_ark);
ROOT(sk_snp_milan_ask);
ROOT(sk_snp_milan_asvk);
ROOT(sk_snp_genoa_ark);
ROOT(sk_snp_genoa_ask);
ROOT(sk_snp_genoa_asvk);
ROOT(sk_snp_turin_ark);
ROOT(sk_snp_turin_ask);
ROOT(sk_snp_turin_asvk);

struct blob {
	const unsigned char *data;
	const size_t *len;
};

struct roots {
	struct blob ark, ask, asvk;
};

#define BLOB(name) { name, &name##_len }

static const struct roots table[] = {
	[SEV_SNP_PRODUCT_MILAN] = { BLOB(sk_snp_milan_ark), BLOB(sk_snp_milan_ask),
				    BLOB(sk_snp_milan_asvk) },
	[SEV_SNP_PRODUCT_GENOA] = { BLOB(sk_snp_genoa_ark), BLOB(sk_snp_genoa_ask),
				    BLOB(sk_snp_genoa_asvk) },
	[SEV_SNP_PRODUCT_TURIN] = { BLOB(sk_snp_turin_ark), BLOB(sk_snp_turin_ask),
				    BLOB(sk_snp_turin_asvk) },
};

/* The ASVK files are bundles "ASVK then ARK"; take the certificate with that role. */
static int pick(const struct blob *b, enum sk_snp_role want, struct sk_x509 **out)
{
	struct sk_x509 *c[4];
	enum sev_snp_product p;
	size_t n;
	int rc = sk_x509_load(b->data, *b->len, c, 4, &n);

	if (rc)
		return rc;
	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!*out && sk_snp_cert_role(c[i], &p) == want)
			*out = c[i];
		else
			sk_x509_free(c[i]);
	}
	return *out ? 0 : sk_fail(SEV_E_INTERNAL, "builtin root of the wrong kind");
}

int sk_snp_builtin_roots(enum sev_snp_product p, bool vlek, struct sk_x509 **ark,
			 struct sk_x509 **ask)
{
	const struct roots *r;
	int rc;

	if (p <= SEV_SNP_PRODUCT_UNKNOWN || p > SEV_SNP_PRODUCT_TURIN)
		return sk_fail(SEV_E_UNSUPPORTED, "no builtin AMD roots for product %s",
			       sev_snp_product_name(p));
	r = &table[p];
	if ((rc = pick(&r->ark, SK_SNP_ROLE_ARK, ark)))
		return rc;
	rc = pick(vlek ? &r->asvk : &r->ask, vlek ? SK_SNP_ROLE_ASVK : SK_SNP_ROLE_ASK, ask);
	if (rc) {
		sk_x509_free(*ark);
		*ark = NULL;
	}
	return rc;
}
