/* SPDX-License-Identifier: Apache-2.0 */
/* Shared inside lib/snp: certificate helpers and the guest-side device interfaces. */
#ifndef SK_SNP_INTERNAL_H
#define SK_SNP_INTERNAL_H

#include <sevkit/snp.h>

#include "crypto/x509.h"

/* The AMD extensions and the CN of a parsed VCEK/VLEK. */
int sk_snp_vek_info(const struct sk_x509 *c, struct sev_snp_vek_info *info);

/* Builtin ARK and ASK (or ASVK for a VLEK chain) of a product; caller frees both. */
int sk_snp_builtin_roots(enum sev_snp_product p, bool vlek, struct sk_x509 **ark,
			 struct sk_x509 **ask);

/* What a certificate is, from its subject CN. */
enum sk_snp_role {
	SK_SNP_ROLE_UNKNOWN,
	SK_SNP_ROLE_ARK,
	SK_SNP_ROLE_ASK,
	SK_SNP_ROLE_ASVK,
	SK_SNP_ROLE_VCEK,
	SK_SNP_ROLE_VLEK,
};

/* The role and (for ARK/ASK/ASVK) the product named in the CN. */
enum sk_snp_role sk_snp_cert_role(const struct sk_x509 *c, enum sev_snp_product *p);

#endif
