/* SPDX-License-Identifier: Apache-2.0 */
/* VCEK/VLEK extensions: the real Milan VCEK, and test-built ones for each rejection. */
#include "snp-test.h"

/* MANIFEST 2a: structVersion 0, Milan-B0, bl 2, tee 0, snp 5, ucode 68, 64-byte hwID. */
static void real_vcek(void **state)
{
	struct sev_snp_vek_info info;
	size_t len;
	uint8_t *der = test_vector(VCEK_VECTOR, &len);
	time_t nb, na;

	(void)state;
	assert_int_equal(sev_snp_vek_parse(der, len, &info), 0);
	assert_int_equal(info.kind, SEV_SNP_KEY_VCEK);
	assert_int_equal(info.struct_version, 0);
	assert_string_equal(info.product_name, "Milan-B0");
	assert_int_equal(info.product, SEV_SNP_PRODUCT_MILAN);
	assert_false(info.has_fmc);
	assert_int_equal(info.tcb.bootloader, 2);
	assert_int_equal(info.tcb.tee, 0);
	assert_int_equal(info.tcb.snp, 5);
	assert_int_equal(info.tcb.microcode, 68);
	assert_true(sev_snp_vek_tcb(&info) == 0x4405000000000002ull);
	assert_int_equal(info.hwid_len, 64);
	assert_hex_equal(info.hwid, 4, "3ac3fe21");
	assert_hex_equal(info.hwid + 60, 4, "8b006b5d");
	assert_string_equal(info.issuer_cn, "SEV-Milan");
	tc_time("2022-09-24", &nb);
	tc_time("2029-09-24", &na);
	assert_true(info.not_before > nb && info.not_before < nb + 86400);
	assert_true(info.not_after > na && info.not_after < na + 86400);
	free(der);
}

/* Build a VCEK-shaped certificate with these extensions and parse it. */
static int parse_built(const char *cn, const struct tc_ext *ext, size_t n,
		       struct sev_snp_vek_info *info)
{
	EVP_PKEY *ark = tc_key("ark"), *vcek = tc_key("vcek");
	X509 *x = tc_cert(cn, vcek, NULL, ark, 1, 1600000000, 2000000000, 48, ext, n);
	size_t len;
	uint8_t *der = tc_der(x, &len);
	int rc = sev_snp_vek_parse(der, len, info);

	free(der);
	X509_free(x);
	EVP_PKEY_free(ark);
	EVP_PKEY_free(vcek);
	return rc;
}

static const uint8_t hwid64[64] = { 0x04, 0x40, 0x02, 0x01 }; /* starts like DER on purpose */

static void built_like_amd(void **state)
{
	struct sev_snp_tcb t = { .bootloader = 3, .tee = 1, .snp = 20, .microcode = 209 };
	struct sev_snp_vek_info info;
	struct tc_vcek_exts e;

	(void)state;
	tc_vcek_exts(&e, &t, hwid64, 64);
	assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n, &info), 0);
	assert_int_equal(info.tcb.microcode, 209); /* encoded 02 02 00 d1 */
	assert_int_equal(info.hwid_len, 64);
	assert_memory_equal(info.hwid, hwid64, 64);
}

/* snpguest also accepts an hwID wrapped in an OCTET STRING. */
static void hwid_octet_string_accepted(void **state)
{
	struct sev_snp_tcb t = { 0 };
	struct sev_snp_vek_info info;
	struct tc_vcek_exts e;
	uint8_t wrapped[66] = { 0x04, 0x40, 0xaa };

	(void)state;
	tc_vcek_exts(&e, &t, wrapped, sizeof(wrapped));
	assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n, &info), 0);
	assert_int_equal(info.hwid_len, 64);
	assert_int_equal(info.hwid[0], 0xaa);
}

static void hwid_wrong_length_refused(void **state)
{
	struct sev_snp_tcb t = { 0 };
	struct sev_snp_vek_info info;
	struct tc_vcek_exts e;

	(void)state;
	tc_vcek_exts(&e, &t, hwid64, 63);
	assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n, &info), SEV_E_FORMAT);
	/* 8 bytes is a Turin hwID; this VCEK says Milan */
	tc_vcek_exts(&e, &t, hwid64, 8);
	assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n, &info), SEV_E_FORMAT);
}

static void hwid_missing_refused(void **state)
{
	struct sev_snp_tcb t = { 0 };
	struct sev_snp_vek_info info;
	struct tc_vcek_exts e;

	(void)state;
	tc_vcek_exts(&e, &t, hwid64, 64);
	assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n - 1, &info), SEV_E_FORMAT);
	/* a VLEK has no hwID */
	assert_int_equal(parse_built("SEV-VLEK", e.ext, e.n - 1, &info), 0);
	assert_int_equal(info.kind, SEV_SNP_KEY_VLEK);
}

static void bad_spl_encodings_refused(void **state)
{
	static const uint8_t bad[][4] = {
		{ 0x02, 0x01, 0x80 },       /* negative */
		{ 0x02, 0x02, 0x00, 0x05 }, /* not minimal */
		{ 0x02, 0x02, 0x01, 0x00 }, /* 256 */
		{ 0x04, 0x01, 0x05 },       /* not an INTEGER */
		{ 0x02, 0x03, 0x05 },       /* truncated */
	};
	static const uint8_t lens[] = { 3, 4, 4, 3, 3 };
	struct sev_snp_tcb t = { 0 };
	struct sev_snp_vek_info info;
	struct tc_vcek_exts e;

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(bad); i++) {
		tc_vcek_exts(&e, &t, hwid64, 64);
		e.ext[2].der = bad[i]; /* blSPL */
		e.ext[2].len = lens[i];
		assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n, &info), SEV_E_FORMAT);
	}
}

static void reserved_spl_nonzero_refused(void **state)
{
	static const uint8_t one[] = { 0x02, 0x01, 0x01 };
	struct sev_snp_tcb t = { 0 };
	struct sev_snp_vek_info info;
	struct tc_vcek_exts e;

	(void)state;
	tc_vcek_exts(&e, &t, hwid64, 64);
	e.ext[4].der = one; /* spl_4 */
	assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n, &info), SEV_E_FORMAT);
}

static void missing_spl_or_name_refused(void **state)
{
	struct sev_snp_tcb t = { 0 };
	struct sev_snp_vek_info info;
	struct tc_vcek_exts e;

	(void)state;
	tc_vcek_exts(&e, &t, hwid64, 64);
	e.ext[1] = e.ext[--e.n]; /* drop productName */
	assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n, &info), SEV_E_FORMAT);
	tc_vcek_exts(&e, &t, hwid64, 64);
	e.ext[9] = e.ext[--e.n]; /* drop ucodeSPL */
	assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n, &info), SEV_E_FORMAT);
}

static void duplicate_extension_refused(void **state)
{
	struct sev_snp_tcb t = { 0 };
	struct sev_snp_vek_info info;
	struct tc_vcek_exts e;

	(void)state;
	tc_vcek_exts(&e, &t, hwid64, 64);
	e.ext[e.n] = e.ext[2];
	e.n++;
	assert_int_equal(parse_built("SEV-VCEK", e.ext, e.n, &info), SEV_E_FORMAT);
}

static void not_a_vek_refused(void **state)
{
	struct sev_snp_tcb t = { 0 };
	struct sev_snp_vek_info info;
	struct tc_vcek_exts e;
	size_t len;
	uint8_t *pem = test_vector("snp/virtee-sev_builtin_milan_ask.pem", &len);

	(void)state;
	tc_vcek_exts(&e, &t, hwid64, 64);
	assert_int_equal(parse_built("SEV-Milan", e.ext, e.n, &info), SEV_E_FORMAT);
	assert_int_equal(sev_snp_vek_parse(pem, len, &info), SEV_E_FORMAT);
	assert_int_equal(sev_snp_vek_parse(pem, 10, &info), SEV_E_FORMAT);
	free(pem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_vcek),
		cmocka_unit_test(built_like_amd),
		cmocka_unit_test(hwid_octet_string_accepted),
		cmocka_unit_test(hwid_wrong_length_refused),
		cmocka_unit_test(hwid_missing_refused),
		cmocka_unit_test(bad_spl_encodings_refused),
		cmocka_unit_test(reserved_spl_nonzero_refused),
		cmocka_unit_test(missing_spl_or_name_refused),
		cmocka_unit_test(duplicate_extension_refused),
		cmocka_unit_test(not_a_vek_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
