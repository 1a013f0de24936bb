/* SPDX-License-Identifier: Apache-2.0 */
/* KDS URLs; the Milan VCEK URL is the one go-sev-guest's tests use (MANIFEST 2a). */
#include "snp-test.h"

static void load(struct sev_snp_report *r)
{
	size_t len;
	uint8_t *buf = test_vector(REPORT_VECTOR, &len);

	assert_int_equal(sev_snp_report_parse(buf, len, r), 0);
	free(buf);
}

static void milan_vcek_url(void **state)
{
	struct sev_snp_report r;
	char url[512];

	(void)state;
	load(&r);
	assert_int_equal(sev_snp_kds_url(&r, SEV_SNP_PRODUCT_MILAN, SEV_SNP_KEY_VCEK,
					 SEV_SNP_KDS_VEK, url, sizeof(url)), 0);
	assert_string_equal(url, "https://kdsintf.amd.com/vcek/v1/Milan/"
			    "3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e53786184ca39e"
			    "359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d"
			    "?blSPL=2&teeSPL=0&snpSPL=5&ucodeSPL=68");
	assert_int_equal(sev_snp_kds_url(&r, SEV_SNP_PRODUCT_MILAN, SEV_SNP_KEY_VCEK,
					 SEV_SNP_KDS_CERT_CHAIN, url, sizeof(url)), 0);
	assert_string_equal(url, "https://kdsintf.amd.com/vcek/v1/Milan/cert_chain");
	assert_int_equal(sev_snp_kds_url(&r, SEV_SNP_PRODUCT_GENOA, SEV_SNP_KEY_VLEK,
					 SEV_SNP_KDS_CRL, url, sizeof(url)), 0);
	assert_string_equal(url, "https://kdsintf.amd.com/vlek/v1/Genoa/crl");
}

/* Turin: the first 8 bytes of CHIP_ID and fmcSPL first (snp.md section 3). */
static void turin_vcek_url(void **state)
{
	struct sev_snp_report r;
	char url[512];

	(void)state;
	load(&r);
	memset(r.chip_id + 8, 0, 56);
	r.reported_tcb = 0x4800000018030201ull; /* fmc 1, bl 2, tee 3, snp 24, ucode 72 */
	assert_int_equal(sev_snp_kds_url(&r, SEV_SNP_PRODUCT_UNKNOWN, SEV_SNP_KEY_VCEK,
					 SEV_SNP_KDS_VEK, url, sizeof(url)), 0);
	assert_string_equal(url, "https://kdsintf.amd.com/vcek/v1/Turin/3ac3fe21e13fb099"
			    "?fmcSPL=1&blSPL=2&teeSPL=3&snpSPL=24&ucodeSPL=72");
}

/* From a chip identifier and a TCB, as a host has them: the same URL as from the report. */
static void vcek_url_from_chip_id(void **state)
{
	struct sev_snp_report r;
	char url[512];

	(void)state;
	load(&r);
	assert_int_equal(sev_snp_kds_vcek_url(SEV_SNP_PRODUCT_MILAN, r.chip_id, r.reported_tcb,
					      url, sizeof(url)), 0);
	assert_string_equal(url, "https://kdsintf.amd.com/vcek/v1/Milan/"
			    "3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e53786184ca39e"
			    "359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d"
			    "?blSPL=2&teeSPL=0&snpSPL=5&ucodeSPL=68");
	assert_int_equal(sev_snp_kds_vcek_url(SEV_SNP_PRODUCT_UNKNOWN, r.chip_id, r.reported_tcb,
					      url, sizeof(url)), SEV_E_INVALID);
	assert_int_equal(sev_snp_kds_vcek_url(SEV_SNP_PRODUCT_MILAN, r.chip_id, r.reported_tcb,
					      url, 40), SEV_E_TOOBIG);
}

static void refusals(void **state)
{
	struct sev_snp_report r;
	char url[512];

	(void)state;
	load(&r);
	/* version 2 of Milan or Genoa: the product must be given */
	assert_int_equal(sev_snp_kds_url(&r, SEV_SNP_PRODUCT_UNKNOWN, SEV_SNP_KEY_VCEK,
					 SEV_SNP_KDS_VEK, url, sizeof(url)), SEV_E_INVALID);
	assert_int_equal(sev_snp_kds_url(&r, SEV_SNP_PRODUCT_MILAN, SEV_SNP_KEY_VLEK,
					 SEV_SNP_KDS_VEK, url, sizeof(url)), SEV_E_INVALID);
	assert_int_equal(sev_snp_kds_url(&r, SEV_SNP_PRODUCT_MILAN, SEV_SNP_KEY_VCEK,
					 SEV_SNP_KDS_VEK, url, 40), SEV_E_TOOBIG);
	memset(r.chip_id, 0, 64);
	assert_int_equal(sev_snp_kds_url(&r, SEV_SNP_PRODUCT_MILAN, SEV_SNP_KEY_VCEK,
					 SEV_SNP_KDS_VEK, url, sizeof(url)), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(milan_vcek_url),
		cmocka_unit_test(turin_vcek_url),
		cmocka_unit_test(vcek_url_from_chip_id),
		cmocka_unit_test(refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
