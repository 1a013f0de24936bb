/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whether a certificate table belongs to this SNP platform: a guest's report
 * verifies only with the VCEK of its chip at the platform's reported TCB, so
 * a table with any other is refused before it is served to guests.
 */
#include <stdlib.h>
#include <string.h>

#include <sevkit/platform.h>

#include "util/hex.h"
#include "util/log.h"

/* The one VCEK or VLEK of the table; the chain is verified without the platform. */
static int check_chain(const uint8_t *table, size_t len, struct sev_snp_verify_info *info)
{
	struct sev_snp_cert_table t;
	struct sev_snp_verifier *v;
	size_t veks = 0;
	int rc = sev_snp_cert_table_parse(table, len, &t);

	for (size_t i = 0; !rc && i < t.n; i++)
		veks += t.entry[i].kind == SEV_SNP_CERT_VCEK || t.entry[i].kind == SEV_SNP_CERT_VLEK;
	if (rc)
		return rc;
	if (veks != 1)
		return sk_fail(SEV_E_INVALID, "certificate table: %s VCEK or VLEK (exactly one is "
			       "served with reports)", veks ? "more than one" : "no");
	if ((rc = sev_snp_verifier_new(&v)))
		return rc;
	if (!(rc = sev_snp_verifier_add_cert_table(v, table, len)))
		rc = sev_snp_verify_chain(v, info);
	sev_snp_verifier_free(v);
	return rc;
}

static int check_chip(struct sev_platform *p, const struct sev_snp_vek_info *vek)
{
	uint8_t id[SEV_ID_MAX];
	char want[2 * SEV_ID_MAX + 1], have[2 * sizeof(vek->hwid) + 1];
	size_t len;
	int rc = sev_platform_get_id(p, id, &len);

	if (rc)
		return rc;
	if (vek->hwid_len > len || memcmp(vek->hwid, id, vek->hwid_len) != 0) {
		sk_hex_encode(have, vek->hwid, vek->hwid_len);
		sk_hex_encode(want, id, vek->hwid_len < len ? vek->hwid_len : len);
		return sk_fail(SEV_E_VERIFY, "VCEK: it belongs to another chip: its hwID is %.16s..., "
			       "this chip's identifier %.16s...", have, want);
	}
	return 0;
}

static int check_tcb(const struct sev_snp_platform_status *s, const struct sev_snp_vek_info *vek)
{
	const char *what = vek->kind == SEV_SNP_KEY_VLEK ? "VLEK" : "VCEK";
	struct sev_snp_tcb t;
	char want[64], have[64];

	sev_snp_tcb_decode(s->reported_tcb, s->product, &t);
	memset(t.reserved, 0, sizeof(t.reserved));
	if (sev_snp_tcb_encode(&t, s->product) == sev_snp_vek_tcb(vek))
		return 0;
	sev_snp_tcb_format(sev_snp_vek_tcb(vek), s->product, have, sizeof(have));
	sev_snp_tcb_format(s->reported_tcb, s->product, want, sizeof(want));
	return sk_fail(SEV_E_VERIFY, "%s: its TCB (%s) is not the platform's reported TCB (%s): "
		       "reports would not verify with it", what, have, want);
}

int sev_snp_platform_check_certs(struct sev_platform *p, const uint8_t *table, size_t len)
{
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	int rc;

	if ((rc = check_chain(table, len, &info)) || (rc = sev_snp_platform_status(p, &s)))
		return rc;
	if (info.product != s.product)
		return sk_fail(SEV_E_VERIFY, "%s: a %s certificate on a %s platform",
			       info.key == SEV_SNP_KEY_VLEK ? "VLEK" : "VCEK",
			       sev_snp_product_name(info.product), sev_snp_product_name(s.product));
	if (info.key == SEV_SNP_KEY_VLEK && !(s.flags & SEV_SNP_STATUS_VLEK_EN))
		return sk_fail(SEV_E_VERIFY, "VLEK: no VLEK is loaded on this platform: its "
			       "reports are signed with the VCEK");
	if (info.key == SEV_SNP_KEY_VCEK && (rc = check_chip(p, &info.vek)))
		return rc;
	return check_tcb(&s, &info.vek);
}
