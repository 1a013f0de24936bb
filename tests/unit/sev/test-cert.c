/* SPDX-License-Identifier: Apache-2.0 */
/* SEV certificates: real AMD platform certificates from Naples and Rome machines. */
#include "../test.h"

#include <sevkit/cert.h>

#include "sev/cert-internal.h"
#include "util/bytes.h"

struct known {
	const char *file;
	uint32_t usage;
	uint8_t api_major, api_minor;
	const char *desc;
	const char *fingerprint;
};

/* tests/vectors/sev/MANIFEST.md section 2 */
static const struct known certs[] = {
	{ "sev/virtee-sev_tests_naples_pdh.cert", SEV_USAGE_PDH, 0, 16, "EP384 D256",
	  "dbec0cf343b140dc7ded571935e8d0ec8059fd1610ddb3c79eb177e7cd3878a2" },
	{ "sev/virtee-sev_tests_naples_pek.cert", SEV_USAGE_PEK, 0, 16, "EP384 E256",
	  "8d55d63b6792c6ed10e11df7afc7e25d6a0428a6351fb9a806ec4160f2b0f390" },
	{ "sev/virtee-sev_tests_naples_oca.cert", SEV_USAGE_OCA, 0, 16, "EP384 E256",
	  "70bb8f3702b22e848ef7a5dac704186ee80a889273443b4b5466da9405d4cc03" },
	{ "sev/virtee-sev_tests_naples_cek.cert", SEV_USAGE_CEK, 0, 14, "EP384 E256",
	  "0f6570c3ddec6b393398084251f6924fcfb7d8fa1779e4e36dbbca30ee0c4f38" },
	{ "sev/virtee-sev_tests_rome_pdh.cert", SEV_USAGE_PDH, 0, 22, "EP384 D256",
	  "a19ef679477f2256d802ce9054ee6d1145dbeed52998c66ea97499a01d977c54" },
	{ "sev/virtee-sev_tests_rome_pek.cert", SEV_USAGE_PEK, 0, 22, "EP384 E256",
	  "a37b51038cbaec1062f7b5f93e8caa55cc7798b1a813c26fae1cabc96320fa0a" },
	{ "sev/virtee-sev_tests_rome_oca.cert", SEV_USAGE_OCA, 0, 22, "EP384 E256",
	  "deae2d45b8d1456c94b514fba0e6f6fb9f13afc9df9ba9670e9c9e9e54b4af6e" },
	{ "sev/virtee-sev_tests_rome_cek.cert", SEV_USAGE_CEK, 0, 14, "EP384 E256",
	  "ce2cba2df8808d188f445192418e008ecf9bd1464db35ea64afa3b3b6966396c" },
};

static void load(const char *file, struct sev_cert *c)
{
	size_t len;
	uint8_t *buf = test_vector(file, &len);

	assert_int_equal(sev_cert_parse(buf, len, c), 0);
	free(buf);
}

static void real_certificates_parse_with_known_fingerprints(void **state)
{
	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(certs); i++) {
		struct sev_cert c;
		uint8_t fp[48];
		size_t fp_len;
		char desc[16];

		load(certs[i].file, &c);
		assert_int_equal(c.usage, certs[i].usage);
		assert_int_equal(c.api_major, certs[i].api_major);
		assert_int_equal(c.api_minor, certs[i].api_minor);
		sev_cert_key_desc(&c, desc, sizeof(desc));
		assert_string_equal(desc, certs[i].desc);
		assert_int_equal(sev_cert_fingerprint(&c, fp, &fp_len), 0);
		assert_hex_equal(fp, fp_len, certs[i].fingerprint);
	}
}

static int check(const char *signer_file, const char *signee_file, int slot)
{
	struct sev_cert signer, signee;
	struct sk_key *key;
	int rc;

	load(signer_file, &signer);
	load(signee_file, &signee);
	assert_int_equal(sk_sev_cert_pubkey(&signer, &key), 0);
	rc = sk_sev_cert_check_slot(&signee, slot, key);
	sk_key_free(key);
	return rc;
}

static void real_links_verify_and_reverse_links_fail(void **state)
{
	static const char *const gen[] = { "naples", "rome" };

	(void)state;
	for (size_t g = 0; g < 2; g++) {
		char pdh[128], pek[128], oca[128], cek[128];

		snprintf(pdh, sizeof(pdh), "sev/virtee-sev_tests_%s_pdh.cert", gen[g]);
		snprintf(pek, sizeof(pek), "sev/virtee-sev_tests_%s_pek.cert", gen[g]);
		snprintf(oca, sizeof(oca), "sev/virtee-sev_tests_%s_oca.cert", gen[g]);
		snprintf(cek, sizeof(cek), "sev/virtee-sev_tests_%s_cek.cert", gen[g]);
		assert_int_equal(check(pek, pdh, 0), 0);
		assert_int_equal(check(oca, pek, 0), 0);
		assert_int_equal(check(cek, pek, 1), 0);
		assert_int_equal(check(oca, oca, 0), 0);
		/* wrong signer or wrong slot */
		assert_int_equal(check(pdh, pek, 0), SEV_E_VERIFY);
		assert_int_equal(check(cek, pek, 0), SEV_E_VERIFY);
		assert_int_equal(check(oca, pek, 1), SEV_E_VERIFY);
		assert_int_equal(check(pek, pdh, 1), SEV_E_VERIFY); /* empty slot */
	}
}

static void flipped_body_byte_breaks_signature(void **state)
{
	struct sev_cert pek, pdh;
	struct sk_key *key;

	(void)state;
	load("sev/virtee-sev_tests_rome_pek.cert", &pek);
	load("sev/virtee-sev_tests_rome_pdh.cert", &pdh);
	assert_int_equal(sk_sev_cert_pubkey(&pek, &key), 0);
	pdh.raw[0x20] ^= 0x80; /* a bit of qx */
	assert_int_equal(sk_sev_cert_check_slot(&pdh, 0, key), SEV_E_VERIFY);
	pdh.raw[0x20] ^= 0x80;
	pdh.raw[SEV_OFF_SIG(0) + SEV_SIG_DATA + 3] ^= 0x04; /* a bit of r */
	assert_int_equal(sk_sev_cert_check_slot(&pdh, 0, key), SEV_E_VERIFY);
	sk_key_free(key);
}

static int parse_modified(size_t off, uint8_t value)
{
	struct sev_cert c;
	size_t len;
	uint8_t *buf = test_vector("sev/virtee-sev_tests_naples_pek.cert", &len);
	int rc;

	buf[off] = value;
	rc = sev_cert_parse(buf, len, &c);
	free(buf);
	return rc;
}

static void malformed_certificates_are_refused(void **state)
{
	struct sev_cert c;
	size_t len;
	uint8_t *buf;

	(void)state;
	assert_int_equal(parse_modified(0x000, 2), SEV_E_FORMAT);    /* version 2 */
	assert_int_equal(parse_modified(0x006, 1), SEV_E_FORMAT);    /* reserved */
	assert_int_equal(parse_modified(0x009, 0x20), SEV_E_FORMAT); /* usage 0x2002 */
	assert_int_equal(parse_modified(0x00c, 0x03), SEV_E_FORMAT); /* ECDH algo on a PEK */
	assert_int_equal(parse_modified(0x010, 3), SEV_E_FORMAT);    /* curve 3 */
	assert_int_equal(parse_modified(0x014 + 50, 1), SEV_E_FORMAT); /* qx past 48 bytes */
	assert_int_equal(parse_modified(0x200, 1), SEV_E_FORMAT);    /* rmbz */
	assert_int_equal(parse_modified(0x414 + 8 + 60, 1), SEV_E_FORMAT); /* sig r padding */
	buf = test_vector("sev/virtee-sev_tests_naples_pek.cert", &len);
	assert_int_equal(sev_cert_parse(buf, len - 1, &c), SEV_E_FORMAT); /* truncated */
	free(buf);
}

static void built_and_signed_certificate_verifies(void **state)
{
	struct sk_key *key, *pub;
	struct sev_cert c;

	(void)state;
	assert_int_equal(sk_ec_generate(SK_P384, &key), 0);
	assert_int_equal(sk_sev_cert_build(&c, SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA256, 0, 0, key), 0);
	assert_true(c.sig[0].empty && c.sig[1].empty);
	assert_int_equal(sk_sev_cert_sign(&c, 0, SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA256, key), 0);
	assert_false(c.sig[0].empty);
	assert_int_equal(sk_sev_cert_pubkey(&c, &pub), 0);
	assert_int_equal(sk_sev_cert_check_slot(&c, 0, pub), 0);
	sk_key_free(pub);
	sk_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_certificates_parse_with_known_fingerprints),
		cmocka_unit_test(real_links_verify_and_reverse_links_fail),
		cmocka_unit_test(flipped_body_byte_breaks_signature),
		cmocka_unit_test(malformed_certificates_are_refused),
		cmocka_unit_test(built_and_signed_certificate_verifies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
