/* SPDX-License-Identifier: Apache-2.0 */
/* Report parsing: the real Milan report of go-sev-guest, and every rejection path. */
#include "snp-test.h"

#include "crypto/base64.h"
#include "util/hex.h"

/* tests/vectors/snp/MANIFEST.md section 2a: the fields of go-sev-guest_attestation.bin */
static void real_report_fields(void **state)
{
	struct sev_snp_report r;
	size_t len;
	uint8_t *buf = test_vector(REPORT_VECTOR, &len);

	(void)state;
	assert_int_equal(sev_snp_report_parse(buf, len, &r), 0);
	assert_int_equal(r.version, 2);
	assert_int_equal(r.guest_svn, 0);
	assert_true(r.policy == 0xb0000);
	assert_int_equal(r.vmpl, 0);
	assert_int_equal(r.signature_algo, 1);
	assert_true(r.current_tcb == 0x4405000000000002ull);
	assert_true(r.reported_tcb == 0x4405000000000002ull);
	assert_true(r.committed_tcb == 0x4405000000000002ull);
	assert_true(r.launch_tcb == 0x4405000000000002ull);
	assert_true(r.platform_info == 1);
	assert_int_equal(r.signer_info, 0);
	assert_int_equal(r.signing_key, SEV_SNP_KEY_VCEK);
	assert_false(r.has_cpuid);
	assert_false(r.has_mit_vectors);
	assert_hex_equal(r.report_data, 5, "0102030405");
	assert_true(sk_all_zero(r.report_data + 5, 59));
	assert_hex_equal(r.measurement, 48,
			 "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b"
			 "6bdf8a9ece31a5a608eb0cf2e4872b01");
	assert_hex_equal(r.report_id, 32,
			 "8edc638e1857c555d21f6b11bda3c8b1b5a09dba4852b4c8ee7aa2f16f22cc0a");
	assert_hex_equal(r.report_id_ma, 32,
			 "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
	assert_hex_equal(r.chip_id, 64,
			 "3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e5378618"
			 "4ca39e359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d");
	assert_int_equal(r.current_major, 1);
	assert_int_equal(r.current_minor, 49);
	assert_int_equal(r.current_build, 3);
	assert_int_equal(r.committed_major, 1);
	assert_int_equal(r.committed_minor, 49);
	assert_int_equal(r.committed_build, 3);
	assert_hex_equal(r.sig_r, 4, "21c89c99");
	assert_hex_equal(r.sig_r + 46, 2, "8e4f");
	assert_hex_equal(r.sig_s, 4, "e0105d55");
	assert_hex_equal(r.sig_s + 46, 2, "89e6");
	/* version 2: Milan and Genoa cannot be told apart */
	assert_int_equal(sev_snp_report_product(&r), SEV_SNP_PRODUCT_UNKNOWN);
	free(buf);
}

static uint8_t *report_copy(void)
{
	size_t len;
	uint8_t *buf = test_vector(REPORT_VECTOR, &len);

	assert_int_equal(len, SEV_SNP_REPORT_SIZE);
	return buf;
}

static int parse(const uint8_t *buf)
{
	struct sev_snp_report r;

	return sev_snp_report_parse(buf, SEV_SNP_REPORT_SIZE, &r);
}

static void unknown_versions_refused(void **state)
{
	uint8_t *buf = report_copy();
	const uint32_t bad[] = { 0, 1, 6, 0x100, 0xffffffffu };

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(bad); i++) {
		sk_put_le32(buf, bad[i]);
		assert_int_equal(parse(buf), SEV_E_UNSUPPORTED);
	}
	free(buf);
}

/* Version 3 adds CPUID bytes at 0x188; version 4 has the same layout. */
static void versions_3_and_4_cpuid(void **state)
{
	uint8_t *buf = report_copy();
	struct sev_snp_report r;

	(void)state;
	for (uint32_t v = 3; v <= 4; v++) {
		sk_put_le32(buf, v);
		buf[0x188] = 0x19;
		buf[0x189] = 0x11;
		buf[0x18a] = 0x01;
		assert_int_equal(sev_snp_report_parse(buf, SEV_SNP_REPORT_SIZE, &r), 0);
		assert_true(r.has_cpuid);
		assert_int_equal(r.cpuid_fam_id, 0x19);
		assert_int_equal(r.cpuid_mod_id, 0x11);
		assert_int_equal(sev_snp_report_product(&r), SEV_SNP_PRODUCT_GENOA);
		buf[0x18b] = 1; /* reserved after the CPUID bytes */
		assert_int_equal(parse(buf), SEV_E_FORMAT);
		buf[0x18b] = 0;
	}
	free(buf);
}

static void version_2_cpuid_bytes_reserved(void **state)
{
	uint8_t *buf = report_copy();

	(void)state;
	buf[0x188] = 0x19;
	assert_int_equal(parse(buf), SEV_E_FORMAT);
	free(buf);
}

static void version_5_mitigation_vectors(void **state)
{
	uint8_t *buf = report_copy();
	struct sev_snp_report r;

	(void)state;
	sk_put_le32(buf, 5);
	sk_put_le64(buf + 0x1f8, 0x11);
	sk_put_le64(buf + 0x200, 0x22);
	assert_int_equal(sev_snp_report_parse(buf, SEV_SNP_REPORT_SIZE, &r), 0);
	assert_true(r.has_mit_vectors);
	assert_true(r.launch_mit_vector == 0x11 && r.current_mit_vector == 0x22);
	buf[0x208] = 1;
	assert_int_equal(parse(buf), SEV_E_FORMAT);
	/* before version 5 the vectors are reserved */
	buf[0x208] = 0;
	sk_put_le32(buf, 3);
	assert_int_equal(parse(buf), SEV_E_FORMAT);
	free(buf);
}

struct field_case {
	size_t off;
	uint8_t value;
};

/* One byte set to an out-of-spec value: each must be refused as malformed. */
static void out_of_spec_fields_refused(void **state)
{
	static const struct field_case cases[] = {
		{ 0x0a, 0x00 }, /* POLICY bit 17 (byte 2 bit 1) cleared */
		{ 0x0b, 0x04 }, /* POLICY bit 26 */
		{ 0x30, 0x04 }, /* VMPL 4 */
		{ 0x34, 0x02 }, /* SIGNATURE_ALGO 2 */
		{ 0x48, 0x08 }, /* SIGNING_KEY 2 (reserved) */
		{ 0x48, 0x20 }, /* SIGNER_INFO bit 5 */
		{ 0x4c, 0x01 }, /* reserved 0x04c */
		{ 0x1eb, 0x01 }, /* reserved after CURRENT_MAJOR */
		{ 0x1ef, 0x01 }, /* reserved after COMMITTED_MAJOR */
		{ 0x1f8, 0x01 }, /* reserved in version 2 */
		{ 0x29f, 0x01 }, /* last reserved byte of the signed area */
		{ 0x2a0 + 48, 0x01 }, /* R beyond 48 bytes */
		{ 0x2a0 + 72 + 71, 0x01 }, /* S beyond 48 bytes */
		{ 0x2a0 + 144, 0x01 }, /* signature reserved */
		{ 0x49f, 0x01 }, /* last byte */
	};
	uint8_t *buf = report_copy();

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(cases); i++) {
		uint8_t old = buf[cases[i].off];

		buf[cases[i].off] = cases[i].value;
		assert_int_equal(parse(buf), SEV_E_FORMAT);
		buf[cases[i].off] = old;
	}
	assert_int_equal(parse(buf), 0);
	free(buf);
}

static void wrong_sizes_refused(void **state)
{
	struct sev_snp_report r;
	uint8_t *buf = report_copy();
	uint8_t *big = calloc(1, SEV_SNP_REPORT_SIZE + 1);

	(void)state;
	assert_int_equal(sev_snp_report_parse(buf, SEV_SNP_REPORT_SIZE - 1, &r), SEV_E_FORMAT);
	assert_int_equal(sev_snp_report_parse(buf, 0, &r), SEV_E_FORMAT);
	memcpy(big, buf, SEV_SNP_REPORT_SIZE);
	assert_int_equal(sev_snp_report_parse(big, SEV_SNP_REPORT_SIZE + 1, &r), SEV_E_TOOBIG);
	free(big);
	free(buf);
}

static void signing_key_and_flags(void **state)
{
	uint8_t *buf = report_copy();
	struct sev_snp_report r;

	(void)state;
	buf[0x48] = 0x1f; /* author key, masked chip key, SIGNING_KEY 7 (none) */
	assert_int_equal(sev_snp_report_parse(buf, SEV_SNP_REPORT_SIZE, &r), 0);
	assert_true(r.author_key_en && r.mask_chip_key);
	assert_int_equal(r.signing_key, SEV_SNP_KEY_NONE);
	buf[0x48] = 0x04;
	assert_int_equal(sev_snp_report_parse(buf, SEV_SNP_REPORT_SIZE, &r), 0);
	assert_int_equal(r.signing_key, SEV_SNP_KEY_VLEK);
	free(buf);
}

/* Version 2: Turin alone has 8-byte chip IDs. */
static void turin_guessed_from_chip_id(void **state)
{
	uint8_t *buf = report_copy();
	struct sev_snp_report r;

	(void)state;
	memset(buf + 0x1a0 + 8, 0, 56);
	assert_int_equal(sev_snp_report_parse(buf, SEV_SNP_REPORT_SIZE, &r), 0);
	assert_int_equal(sev_snp_report_product(&r), SEV_SNP_PRODUCT_TURIN);
	free(buf);
}

static void decode(const uint8_t *in, size_t len, enum sev_snp_input_format f,
		   const uint8_t *want)
{
	uint8_t *out;
	size_t n;

	assert_int_equal(sev_snp_input_decode(in, len, f, &out, &n), 0);
	assert_int_equal(n, SEV_SNP_REPORT_SIZE);
	assert_memory_equal(out, want, n);
	free(out);
}

static void input_encodings(void **state)
{
	uint8_t *buf = report_copy();
	char *hex = sk_hex_dup(buf, SEV_SNP_REPORT_SIZE);
	char *b64 = sk_base64_encode(buf, SEV_SNP_REPORT_SIZE);
	char wrapped[4000];
	uint8_t *out;
	size_t n;

	(void)state;
	decode(buf, SEV_SNP_REPORT_SIZE, SEV_SNP_INPUT_AUTO, buf);
	decode(buf, SEV_SNP_REPORT_SIZE, SEV_SNP_INPUT_RAW, buf);
	decode((uint8_t *)hex, strlen(hex), SEV_SNP_INPUT_AUTO, buf);
	decode((uint8_t *)hex, strlen(hex), SEV_SNP_INPUT_HEX, buf);
	decode((uint8_t *)b64, strlen(b64), SEV_SNP_INPUT_AUTO, buf);
	decode((uint8_t *)b64, strlen(b64), SEV_SNP_INPUT_BASE64, buf);
	/* line breaks as in a pasted dump */
	snprintf(wrapped, sizeof(wrapped), "%.1000s\n%s\n", hex, hex + 1000);
	decode((uint8_t *)wrapped, strlen(wrapped), SEV_SNP_INPUT_AUTO, buf);
	assert_int_equal(sev_snp_input_decode((const uint8_t *)"not a report!", 13,
					      SEV_SNP_INPUT_AUTO, &out, &n), SEV_E_FORMAT);
	assert_int_equal(sev_snp_input_decode((const uint8_t *)"zz", 2, SEV_SNP_INPUT_HEX, &out,
					      &n), SEV_E_FORMAT);
	assert_int_equal(sev_snp_input_decode(buf, 100, SEV_SNP_INPUT_AUTO, &out, &n),
			 SEV_E_FORMAT);
	free(hex);
	free(b64);
	free(buf);
}

static void product_names_and_cpuid(void **state)
{
	enum sev_snp_product p;

	(void)state;
	assert_int_equal(sev_snp_product_parse("Milan-B0", &p), 0);
	assert_int_equal(p, SEV_SNP_PRODUCT_MILAN);
	assert_int_equal(sev_snp_product_parse("genoa", &p), 0);
	assert_int_equal(p, SEV_SNP_PRODUCT_GENOA);
	assert_int_equal(sev_snp_product_parse("Turin", &p), 0);
	assert_int_equal(p, SEV_SNP_PRODUCT_TURIN);
	assert_int_equal(sev_snp_product_parse("Milanx", &p), SEV_E_INVALID);
	assert_int_equal(sev_snp_product_parse("Rome", &p), SEV_E_INVALID);
	assert_int_equal(sev_snp_product_from_cpuid(0x19, 0x01), SEV_SNP_PRODUCT_MILAN);
	assert_int_equal(sev_snp_product_from_cpuid(0x19, 0xa0), SEV_SNP_PRODUCT_GENOA);
	assert_int_equal(sev_snp_product_from_cpuid(0x1a, 0x02), SEV_SNP_PRODUCT_TURIN);
	assert_int_equal(sev_snp_product_from_cpuid(0x17, 0x31), SEV_SNP_PRODUCT_UNKNOWN);
	assert_string_equal(sev_snp_product_name(SEV_SNP_PRODUCT_TURIN), "Turin");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_report_fields),
		cmocka_unit_test(unknown_versions_refused),
		cmocka_unit_test(versions_3_and_4_cpuid),
		cmocka_unit_test(version_2_cpuid_bytes_reserved),
		cmocka_unit_test(version_5_mitigation_vectors),
		cmocka_unit_test(out_of_spec_fields_refused),
		cmocka_unit_test(wrong_sizes_refused),
		cmocka_unit_test(signing_key_and_flags),
		cmocka_unit_test(turin_guessed_from_chip_id),
		cmocka_unit_test(input_encodings),
		cmocka_unit_test(product_names_and_cpuid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
