/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AMD's X.509 certificates described: go-sev-guest's real Milan VCEK (MANIFEST 2a) and
 * AMD's Milan ASK and ARK. Names, serials, dates and fingerprints are what
 * `openssl x509 -noout -subject -serial -dates -fingerprint -sha256` prints for these files.
 */
#include "snp-test.h"

#include "crypto/x509.h"

#define AMD_NAME "OU = Engineering, C = US, L = Santa Clara, ST = CA, O = Advanced Micro Devices, "

static void time_is(time_t t, const char *iso)
{
	char got[32];

	sk_time_format(t, got, sizeof(got));
	assert_string_equal(got, iso);
}

static void vcek_der(void **state)
{
	struct sev_snp_x509_info x[2];
	size_t len, n = 0;
	uint8_t *der = test_vector(VCEK_VECTOR, &len);

	(void)state;
	assert_int_equal(sev_snp_x509_describe(der, len, x, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(x[0].role, "VCEK");
	assert_false(x[0].pem);
	assert_int_equal(x[0].der_len, 1360);
	assert_string_equal(x[0].subject, AMD_NAME "CN = SEV-VCEK");
	assert_string_equal(x[0].issuer, AMD_NAME "CN = SEV-Milan");
	assert_string_equal(x[0].serial, "0"); /* openssl prints 00 */
	time_is(x[0].not_before, "2022-09-24T00:55:28Z");
	time_is(x[0].not_after, "2029-09-24T00:55:28Z");
	assert_string_equal(x[0].key_type, "EC");
	assert_string_equal(x[0].curve, "P-384");
	assert_int_equal(x[0].key_bits, 384);
	assert_string_equal(x[0].sig_algo, "rsassaPss (sha384)");
	assert_hex_equal(x[0].sha256, 32,
			 "0d057f9b6e29a69eda9c0154b259567d291c1c08d73a11e9d31ace07c435b6d8");
	/* the AMD extensions, as vcek.c reads them for report verification */
	assert_true(x[0].is_vek);
	assert_int_equal(x[0].product, SEV_SNP_PRODUCT_MILAN);
	assert_string_equal(x[0].vek.product_name, "Milan-B0");
	assert_true(sev_snp_vek_tcb(&x[0].vek) == 0x4405000000000002ull);
	assert_int_equal(x[0].vek.hwid_len, 64);
	assert_hex_equal(x[0].vek.hwid, 4, "3ac3fe21");
	free(der);
}

static void ask_ark_pem(void **state)
{
	struct sev_snp_x509_info x[4];
	size_t len, n = 0;
	uint8_t *pem = test_vector("snp/go-sev-guest_milan_ask_ark.pem", &len);

	(void)state;
	assert_int_equal(sev_snp_x509_describe(pem, len, x, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(x[0].role, "ASK");
	assert_string_equal(x[1].role, "ARK");
	assert_true(x[0].pem && x[1].pem);
	assert_int_equal(x[0].product, SEV_SNP_PRODUCT_MILAN);
	assert_int_equal(x[1].product, SEV_SNP_PRODUCT_MILAN);
	assert_string_equal(x[0].issuer, AMD_NAME "CN = ARK-Milan");
	assert_string_equal(x[1].subject, x[1].issuer);
	assert_string_equal(x[0].serial, "010001");
	assert_string_equal(x[1].serial, "010000");
	time_is(x[1].not_before, "2020-10-22T17:23:05Z");
	time_is(x[1].not_after, "2045-10-22T17:23:05Z");
	assert_string_equal(x[1].key_type, "RSA");
	assert_int_equal(x[1].key_bits, 4096);
	assert_string_equal(x[1].curve, "");
	assert_false(x[0].is_vek || x[1].is_vek);
	assert_hex_equal(x[1].sha256, 32,
			 "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd");
	/* room for one certificate only: refused, not cut short */
	assert_int_equal(sev_snp_x509_describe(pem, len, x, 1, &n), SEV_E_TOOBIG);
	assert_int_equal(n, 0);
	free(pem);
}

/* Another certificate is shown as X.509; a VCEK must carry its extensions. */
static void other_and_broken(void **state)
{
	EVP_PKEY *ark = tc_key("ark"), *vcek = tc_key("vcek");
	X509 *other = tc_cert("example.org", vcek, NULL, ark, 7, 1600000000, 2000000000, 48,
			      NULL, 0);
	X509 *bare = tc_cert("SEV-VCEK", vcek, NULL, ark, 7, 1600000000, 2000000000, 48, NULL, 0);
	struct sev_snp_x509_info x[1];
	size_t len, n = 0;
	uint8_t *der = tc_der(other, &len);

	(void)state;
	assert_int_equal(sev_snp_x509_describe(der, len, x, 1, &n), 0);
	assert_string_equal(x[0].role, "X.509");
	assert_false(x[0].is_vek);
	assert_string_equal(x[0].serial, "07");
	free(der);
	der = tc_der(bare, &len);
	assert_int_equal(sev_snp_x509_describe(der, len, x, 1, &n), SEV_E_FORMAT);
	assert_int_equal(n, 0);
	/* truncated DER */
	assert_int_equal(sev_snp_x509_describe(der, len - 1, x, 1, &n), SEV_E_FORMAT);
	free(der);
	X509_free(other);
	X509_free(bare);
	EVP_PKEY_free(ark);
	EVP_PKEY_free(vcek);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vcek_der),
		cmocka_unit_test(ask_ark_pem),
		cmocka_unit_test(other_and_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
