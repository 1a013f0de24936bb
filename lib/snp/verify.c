/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Report verification: the ECDSA P-384 signature with the VCEK/VLEK, and the
 * binding of that certificate to the report (key kind, product, TCB, chip).
 */
#include <string.h>

#include "util/bytes.h"
#include "util/log.h"
#include "util/struct.h"
#include "verifier.h"

static int check_key_kind(const struct sev_snp_verifier *v, const struct sev_snp_report *r)
{
	static const char *const names[] = { "VCEK", "VLEK" };

	if (r->signing_key == SEV_SNP_KEY_NONE)
		return sk_fail(SEV_E_VERIFY, "report: SIGNING_KEY is 7: the report is not signed");
	if ((int)r->signing_key != (int)v->info.key)
		return sk_fail(SEV_E_VERIFY, "report: signed with the %s, but a %s was given",
			       names[r->signing_key], names[v->info.key]);
	return 0;
}

static int check_product(const struct sev_snp_verifier *v, const struct sev_snp_report *r)
{
	enum sev_snp_product p = sev_snp_report_product(r);

	if (r->has_cpuid && p && p != v->info.product)
		return sk_fail(SEV_E_VERIFY, "report: CPUID family 0x%02x model 0x%02x is %s, "
			       "the certificate chain is %s", r->cpuid_fam_id, r->cpuid_mod_id,
			       sev_snp_product_name(p), sev_snp_product_name(v->info.product));
	return 0;
}

static int check_tcb(const struct sev_snp_verifier *v, const struct sev_snp_report *r)
{
	const struct sev_snp_vek_info *vek = &v->info.vek;
	uint64_t cert_tcb = sev_snp_vek_tcb(vek);
	char want[64], got[64];

	if (cert_tcb == r->reported_tcb)
		return 0;
	sev_snp_tcb_format(cert_tcb, v->info.product, want, sizeof(want));
	sev_snp_tcb_format(r->reported_tcb, v->info.product, got, sizeof(got));
	return sk_fail(SEV_E_VERIFY, "REPORTED_TCB 0x%016llx (%s) differs from the %s's TCB "
		       "0x%016llx (%s)", (unsigned long long)r->reported_tcb, got,
		       vek->kind ? "VLEK" : "VCEK", (unsigned long long)cert_tcb, want);
}

/* CHIP_ID equals hwID; on Turin the hwID is the first 8 bytes and the rest is zero. */
static int check_chip(const struct sev_snp_verifier *v, const struct sev_snp_report *r)
{
	const struct sev_snp_vek_info *vek = &v->info.vek;

	if (vek->kind != SEV_SNP_KEY_VCEK)
		return 0;
	if (sk_all_zero(r->chip_id, sizeof(r->chip_id))) {
		sk_info("report: CHIP_ID is masked; the VCEK hwID is not compared");
		return 0;
	}
	if (memcmp(r->chip_id, vek->hwid, vek->hwid_len) != 0 ||
	    !sk_all_zero(r->chip_id + vek->hwid_len, sizeof(r->chip_id) - vek->hwid_len))
		return sk_fail(SEV_E_VERIFY, "report: CHIP_ID is not the VCEK's hwID (%zu bytes)",
			       vek->hwid_len);
	return 0;
}

static int do_snp_verify(struct sev_snp_verifier *v, const struct sev_snp_report *r,
			 struct sev_snp_verify_info *info)
{
	int rc = sk_snp_chain_prepare(v);

	if (info)
		*info = v->info;
	if (rc || (rc = check_key_kind(v, r)) || (rc = check_product(v, r)))
		return rc;
	if (sk_ecdsa_verifier_check(v->report_check, r->raw, SEV_SNP_REPORT_SIGNED, r->sig_r,
				    r->sig_s))
		return sk_fail(SEV_E_VERIFY, "report: the signature does not verify with the %s",
			       v->info.key ? "VLEK" : "VCEK");
	if ((rc = check_tcb(v, r)) || (rc = check_chip(v, r)))
		return rc;
	return 0;
}

int sev_snp_verify(struct sev_snp_verifier *v, const struct sev_snp_report *r,
		   struct sev_snp_verify_info *info)
{
	struct sev_snp_verify_info info_mine = SEV_INIT(struct sev_snp_verify_info);
	int rc;

	if (info && (rc = sk_struct_check_out(info, sizeof(info_mine), "sev_snp_verify_info")))
		return rc;
	rc = do_snp_verify(v, r, info ? &info_mine : NULL);
	if (info)
		sk_struct_out(info, &info_mine, sizeof(info_mine));
	return rc;
}

int sev_snp_verify_chain(struct sev_snp_verifier *v, struct sev_snp_verify_info *info)
{
	int rc;

	if (info && (rc = sk_struct_check_out(info, sizeof(*info), "sev_snp_verify_info")))
		return rc;
	rc = sk_snp_chain_prepare(v);
	if (info)
		sk_struct_out(info, &v->info, sizeof(v->info));
	return rc;
}
