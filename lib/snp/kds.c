/* SPDX-License-Identifier: Apache-2.0 */
/* AMD Key Distribution Service URLs (KDS spec 57230); sevkit prints them, never fetches. */
#include <sevkit/snp.h>

#include <stdio.h>

#include "util/bytes.h"
#include "util/hex.h"
#include "util/log.h"

#define KDS "https://kdsintf.amd.com"

int sev_snp_kds_vcek_url(enum sev_snp_product p, const uint8_t chip_id[64], uint64_t tcb,
			 char *url, size_t n)
{
	size_t id_len = sev_snp_tcb_has_fmc(p) ? 8 : 64;
	char hwid[129];
	struct sev_snp_tcb t;
	int len;

	if (p == SEV_SNP_PRODUCT_UNKNOWN)
		return sk_fail(SEV_E_INVALID, "the VCEK URL needs the product (Milan, Genoa or "
			       "Turin)");
	sk_hex_encode(hwid, chip_id, id_len);
	sev_snp_tcb_decode(tcb, p, &t);
	if (sev_snp_tcb_has_fmc(p))
		len = snprintf(url, n, KDS "/vcek/v1/%s/%s?fmcSPL=%u&blSPL=%u&teeSPL=%u&snpSPL=%u"
			       "&ucodeSPL=%u", sev_snp_product_name(p), hwid, t.fmc, t.bootloader,
			       t.tee, t.snp, t.microcode);
	else
		len = snprintf(url, n, KDS "/vcek/v1/%s/%s?blSPL=%u&teeSPL=%u&snpSPL=%u"
			       "&ucodeSPL=%u", sev_snp_product_name(p), hwid, t.bootloader, t.tee,
			       t.snp, t.microcode);
	return len > 0 && (size_t)len < n ? 0 : SEV_E_TOOBIG;
}

static int vek_url(const struct sev_snp_report *r, enum sev_snp_product p, char *url, size_t n)
{
	if (sk_all_zero(r->chip_id, sizeof(r->chip_id)))
		return sk_fail(SEV_E_INVALID, "report: CHIP_ID is masked; the VCEK URL needs it");
	return sev_snp_kds_vcek_url(p, r->chip_id, r->reported_tcb, url, n);
}

int sev_snp_kds_url(const struct sev_snp_report *r, enum sev_snp_product p,
		    enum sev_snp_signing_key key, enum sev_snp_kds_what what, char *url, size_t n)
{
	const char *kind = key == SEV_SNP_KEY_VLEK ? "vlek" : "vcek";
	int len;

	if (p == SEV_SNP_PRODUCT_UNKNOWN)
		p = sev_snp_report_product(r);
	if (p == SEV_SNP_PRODUCT_UNKNOWN)
		return sk_fail(SEV_E_INVALID, "the report does not tell its product (Milan or "
			       "Genoa); give --product");
	if (what == SEV_SNP_KDS_VEK && key == SEV_SNP_KEY_VLEK)
		return sk_fail(SEV_E_INVALID, "VLEKs are issued to cloud providers only; KDS has "
			       "no public per-chip VLEK URL");
	if (what == SEV_SNP_KDS_VEK)
		return vek_url(r, p, url, n);
	len = snprintf(url, n, KDS "/%s/v1/%s/%s", kind, sev_snp_product_name(p),
		       what == SEV_SNP_KDS_CRL ? "crl" : "cert_chain");
	return len > 0 && (size_t)len < n ? 0 : SEV_E_TOOBIG;
}
