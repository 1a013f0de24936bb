/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AMD's X.509 certificates described for people: names, validity, key,
 * signature algorithm, and for a VCEK or VLEK the AMD extensions (vcek.c).
 */
#include <sevkit/snp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "snp-internal.h"
#include "util/log.h"

static const char *role_name(enum sk_snp_role r)
{
	switch (r) {
	case SK_SNP_ROLE_ARK: return "ARK";
	case SK_SNP_ROLE_ASK: return "ASK";
	case SK_SNP_ROLE_ASVK: return "ASVK";
	case SK_SNP_ROLE_VCEK: return "VCEK";
	case SK_SNP_ROLE_VLEK: return "VLEK";
	default: return "X.509";
	}
}

static int describe_key(const struct sk_x509 *c, struct sev_snp_x509_info *info)
{
	struct sk_key *key;
	int rc = sk_x509_pubkey(c, &key);

	if (rc)
		return rc;
	snprintf(info->key_type, sizeof(info->key_type), "%s", sk_key_type_name(key));
	info->key_bits = (unsigned)sk_key_bits(key);
	if (sk_key_is_ec(key, SK_P384))
		snprintf(info->curve, sizeof(info->curve), "P-384");
	else if (sk_key_is_ec(key, SK_P256))
		snprintf(info->curve, sizeof(info->curve), "P-256");
	sk_key_free(key);
	return 0;
}

static int describe_one(const struct sk_x509 *c, bool pem, struct sev_snp_x509_info *info)
{
	enum sk_snp_role role = sk_snp_cert_role(c, &info->product);
	const uint8_t *der;
	int rc;

	info->role = role_name(role);
	info->pem = pem;
	sk_x509_der(c, &der, &info->der_len);
	sk_x509_sig_algo(c, info->sig_algo, sizeof(info->sig_algo));
	if ((rc = sk_x509_subject_text(c, info->subject, sizeof(info->subject))) ||
	    (rc = sk_x509_issuer_text(c, info->issuer, sizeof(info->issuer))) ||
	    (rc = sk_x509_serial_hex(c, info->serial, sizeof(info->serial))) ||
	    (rc = sk_x509_times(c, &info->not_before, &info->not_after)) ||
	    (rc = sk_sha256(der, info->der_len, info->sha256)) || (rc = describe_key(c, info)))
		return rc;
	if (role != SK_SNP_ROLE_VCEK && role != SK_SNP_ROLE_VLEK)
		return 0;
	/* the same reading of the extensions that report verification uses */
	info->is_vek = true;
	if ((rc = sk_snp_vek_info(c, &info->vek)))
		return rc;
	info->product = info->vek.product;
	return 0;
}

int sev_snp_x509_describe(const uint8_t *buf, size_t len, struct sev_snp_x509_info *info,
			  size_t max, size_t *n)
{
	struct sk_x509 **c = calloc(max ? max : 1, sizeof(*c));
	bool pem = memmem(buf, len, "-----BEGIN ", 11) != NULL;
	int rc;

	*n = 0;
	if (!c)
		return -ENOMEM;
	rc = sk_x509_load(buf, len, c, max, n);
	for (size_t i = 0; !rc && i < *n; i++) {
		memset(&info[i], 0, sizeof(info[i]));
		rc = describe_one(c[i], pem, &info[i]);
		if (rc && *n > 1)
			sk_err("X.509 certificate %zu of %zu", i + 1, *n);
	}
	for (size_t i = 0; i < *n; i++)
		sk_x509_free(c[i]);
	free(c);
	if (rc)
		*n = 0;
	return rc;
}
