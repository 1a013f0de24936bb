/* SPDX-License-Identifier: Apache-2.0 */
/* TCB_VERSION layouts: Milan/Genoa and Turin. */
#include "snp-test.h"

/* The real Milan report's TCB (MANIFEST 2a): bl 2, tee 0, snp 5, ucode 68. */
static void milan_layout(void **state)
{
	struct sev_snp_tcb t;
	char s[64];

	(void)state;
	sev_snp_tcb_decode(0x4405000000000002ull, SEV_SNP_PRODUCT_MILAN, &t);
	assert_int_equal(t.bootloader, 2);
	assert_int_equal(t.tee, 0);
	assert_int_equal(t.snp, 5);
	assert_int_equal(t.microcode, 68);
	assert_int_equal(t.fmc, 0);
	assert_true(sev_snp_tcb_encode(&t, SEV_SNP_PRODUCT_MILAN) == 0x4405000000000002ull);
	/* go-sev-guest's check_test.go gives this TCB as the decimal 4901323769462652930 */
	assert_true(4901323769462652930ull == 0x4405000000000002ull);
	sev_snp_tcb_format(0x4405000000000002ull, SEV_SNP_PRODUCT_GENOA, s, sizeof(s));
	assert_string_equal(s, "bl=2 tee=0 snp=5 ucode=68");
}

/* Turin: byte 0 FMC, 1 bootloader, 2 TEE, 3 SNP, 7 microcode (snp.md section 2). */
static void turin_layout(void **state)
{
	struct sev_snp_tcb t = { .fmc = 1, .bootloader = 2, .tee = 3, .snp = 4, .microcode = 5 };
	uint64_t raw = sev_snp_tcb_encode(&t, SEV_SNP_PRODUCT_TURIN);
	char s[64];

	(void)state;
	assert_true(raw == 0x0500000004030201ull);
	sev_snp_tcb_decode(raw, SEV_SNP_PRODUCT_TURIN, &t);
	assert_int_equal(t.fmc, 1);
	assert_int_equal(t.snp, 4);
	sev_snp_tcb_format(raw, SEV_SNP_PRODUCT_TURIN, s, sizeof(s));
	assert_string_equal(s, "fmc=1 bl=2 tee=3 snp=4 ucode=5");
	assert_true(sev_snp_tcb_has_fmc(SEV_SNP_PRODUCT_TURIN));
	assert_false(sev_snp_tcb_has_fmc(SEV_SNP_PRODUCT_GENOA));
}

static void reserved_bytes_kept(void **state)
{
	struct sev_snp_tcb t;

	(void)state;
	sev_snp_tcb_decode(0x00000000ff000000ull, SEV_SNP_PRODUCT_MILAN, &t);
	assert_int_equal(t.reserved[1], 0xff);
	assert_true(sev_snp_tcb_encode(&t, SEV_SNP_PRODUCT_MILAN) == 0x00000000ff000000ull);
}

static void compare_spl_by_spl(void **state)
{
	(void)state;
	assert_true(sev_snp_tcb_ge(0x4405000000000002ull, 0x4405000000000002ull,
				   SEV_SNP_PRODUCT_MILAN));
	assert_true(sev_snp_tcb_ge(0x4405000000000002ull, 0x0000000000000001ull,
				   SEV_SNP_PRODUCT_MILAN));
	/* a larger number is not a higher TCB: snp 6 with bl 1 is below bl 2 */
	assert_false(sev_snp_tcb_ge(0x4406000000000001ull, 0x4405000000000002ull,
				    SEV_SNP_PRODUCT_MILAN));
}

static void parse_forms(void **state)
{
	uint64_t raw;
	struct sev_snp_tcb_spec s;

	(void)state;
	assert_int_equal(sev_snp_tcb_parse("bl=2,tee=0,snp=5,ucode=68", SEV_SNP_PRODUCT_MILAN,
					   &raw), 0);
	assert_true(raw == 0x4405000000000002ull);
	assert_int_equal(sev_snp_tcb_parse("4901323769462652930", SEV_SNP_PRODUCT_MILAN, &raw), 0);
	assert_true(raw == 0x4405000000000002ull);
	assert_int_equal(sev_snp_tcb_parse("0x4405000000000002", SEV_SNP_PRODUCT_MILAN, &raw), 0);
	assert_int_equal(sev_snp_tcb_parse("fmc=1,bl=2", SEV_SNP_PRODUCT_TURIN, &raw), 0);
	assert_true(raw == 0x0201ull);
	assert_int_equal(sev_snp_tcb_parse("fmc=1", SEV_SNP_PRODUCT_MILAN, &raw), SEV_E_INVALID);
	assert_int_equal(sev_snp_tcb_parse("bl=256", SEV_SNP_PRODUCT_MILAN, &raw), SEV_E_INVALID);
	assert_int_equal(sev_snp_tcb_parse("xyz=1", SEV_SNP_PRODUCT_MILAN, &raw), SEV_E_INVALID);
	assert_int_equal(sev_snp_tcb_parse("", SEV_SNP_PRODUCT_MILAN, &raw), SEV_E_INVALID);
	assert_int_equal(sev_snp_tcb_parse("bl", SEV_SNP_PRODUCT_MILAN, &raw), SEV_E_INVALID);
	assert_int_equal(sev_snp_tcb_spec_parse("snp=7", &s), 0);
	assert_true(s.set && !s.is_raw && s.spl.snp == 7);
}

/* Every SPL named (by either name), or a raw value: a forgotten SPL is not taken as zero. */
static void parse_all_names_every_spl(void **state)
{
	uint64_t raw;

	(void)state;
	assert_int_equal(sev_snp_tcb_parse_all("bootloader=2,tee=0,snp=5,microcode=68",
					       SEV_SNP_PRODUCT_MILAN, &raw), 0);
	assert_true(raw == 0x4405000000000002ull);
	assert_int_equal(sev_snp_tcb_parse_all("0x4405000000000002", SEV_SNP_PRODUCT_MILAN, &raw),
			 0);
	assert_int_equal(sev_snp_tcb_parse_all("bl=2,tee=0,snp=5", SEV_SNP_PRODUCT_MILAN, &raw),
			 SEV_E_INVALID);
	/* Turin's FMC too */
	assert_int_equal(sev_snp_tcb_parse_all("bl=3,tee=0,snp=24,ucode=62", SEV_SNP_PRODUCT_TURIN,
					       &raw), SEV_E_INVALID);
	assert_int_equal(sev_snp_tcb_parse_all("fmc=1,bl=3,tee=0,snp=24,ucode=62",
					       SEV_SNP_PRODUCT_TURIN, &raw), 0);
	assert_true(raw == 0x3e00000018000301ull);
	assert_int_equal(sev_snp_tcb_parse_all("fmc=1,bl=2,tee=0,snp=5,ucode=68",
					       SEV_SNP_PRODUCT_MILAN, &raw), SEV_E_INVALID);
	assert_int_equal(sev_snp_tcb_parse_all("", SEV_SNP_PRODUCT_MILAN, &raw), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(milan_layout),
		cmocka_unit_test(turin_layout),
		cmocka_unit_test(reserved_bytes_kept),
		cmocka_unit_test(compare_spl_by_spl),
		cmocka_unit_test(parse_forms),
		cmocka_unit_test(parse_all_names_every_spl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
