/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Legacy SEV attestation report. No real report is published, so reports are
 * signed here with a fresh PEK; a real Rome PEK must reject them.
 */
#include "../test.h"

#include <sevkit/launch.h>

#include "crypto/pkey.h"
#include "sev/cert-internal.h"
#include "util/bytes.h"

struct signed_report {
	uint8_t raw[SEV_LEGACY_REPORT_LEN];
	struct sev_cert pek;
};

static void make_report(struct signed_report *s, uint32_t algo)
{
	struct sk_key *key;
	uint8_t r[48], sig_s[48];

	assert_int_equal(sk_ec_generate(SK_P384, &key), 0);
	assert_int_equal(sk_sev_cert_build(&s->pek, SEV_USAGE_PEK, SEV_ALGO_ECDSA_SHA256, 0, 22,
					   key), 0);
	memset(s->raw, 0, sizeof(s->raw));
	for (int i = 0; i < 0x30; i++)
		s->raw[i] = (uint8_t)(i * 7);
	sk_put_le32(s->raw + 0x30, 0x3);
	sk_put_le32(s->raw + 0x34, SEV_USAGE_PEK);
	sk_put_le32(s->raw + 0x38, algo);
	assert_int_equal(sk_ecdsa_sign(key, algo == SEV_ALGO_ECDSA_SHA384 ? SK_SHA384 : SK_SHA256,
				       s->raw, SEV_LEGACY_REPORT_SIGNED, r, sig_s), 0);
	sk_reverse_copy(s->raw + 0x40, r, 48);
	sk_reverse_copy(s->raw + 0x88, sig_s, 48);
	sk_key_free(key);
}

static void verifies_with_its_pek(void **state)
{
	struct sev_legacy_report rep;
	struct signed_report s;

	(void)state;
	make_report(&s, SEV_ALGO_ECDSA_SHA256);
	assert_int_equal(sev_legacy_report_parse(s.raw, sizeof(s.raw), &rep), 0);
	assert_int_equal(rep.policy, 3);
	assert_int_equal(rep.mnonce[1], 7);
	assert_int_equal(rep.launch_digest[0], 0x10 * 7);
	assert_int_equal(sev_legacy_report_verify(&rep, &s.pek), 0);
}

/* The hash is pinned by the PEK (ECDSA_SHA256), whatever the report's sig_algo says. */
static void refuses_algorithm_other_than_the_peks(void **state)
{
	struct sev_legacy_report rep;
	struct signed_report s;

	(void)state;
	make_report(&s, SEV_ALGO_ECDSA_SHA384); /* validly signed with SHA-384 */
	assert_int_equal(sev_legacy_report_parse(s.raw, sizeof(s.raw), &rep), 0);
	assert_int_equal(sev_legacy_report_verify(&rep, &s.pek), SEV_E_VERIFY);
}

static void rejects_tampered_report_and_other_keys(void **state)
{
	struct sev_legacy_report rep;
	struct signed_report s, other;
	struct sev_cert real;
	size_t len;
	uint8_t *f;

	(void)state;
	make_report(&s, SEV_ALGO_ECDSA_SHA256);
	make_report(&other, SEV_ALGO_ECDSA_SHA256);
	s.raw[0x20] ^= 1; /* a launch digest bit */
	assert_int_equal(sev_legacy_report_parse(s.raw, sizeof(s.raw), &rep), 0);
	assert_int_equal(sev_legacy_report_verify(&rep, &s.pek), SEV_E_VERIFY);
	s.raw[0x20] ^= 1;
	assert_int_equal(sev_legacy_report_parse(s.raw, sizeof(s.raw), &rep), 0);
	assert_int_equal(sev_legacy_report_verify(&rep, &other.pek), SEV_E_VERIFY);
	f = test_vector("sev/virtee-sev_tests_rome_pek.cert", &len);
	assert_int_equal(sev_cert_parse(f, len, &real), 0);
	assert_int_equal(sev_legacy_report_verify(&rep, &real), SEV_E_VERIFY);
	free(f);
	/* the PDH does not sign reports */
	f = test_vector("sev/virtee-sev_tests_rome_pdh.cert", &len);
	assert_int_equal(sev_cert_parse(f, len, &real), 0);
	assert_int_equal(sev_legacy_report_verify(&rep, &real), SEV_E_INVALID);
	free(f);
}

static void rejects_malformed_report(void **state)
{
	struct sev_legacy_report rep;
	struct signed_report s;
	uint8_t bad[SEV_LEGACY_REPORT_LEN];

	(void)state;
	make_report(&s, SEV_ALGO_ECDSA_SHA256);
	assert_int_equal(sev_legacy_report_parse(s.raw, sizeof(s.raw) - 1, &rep), SEV_E_FORMAT);
	memcpy(bad, s.raw, sizeof(bad));
	sk_put_le32(bad + 0x34, SEV_USAGE_PDH);
	assert_int_equal(sev_legacy_report_parse(bad, sizeof(bad), &rep), SEV_E_FORMAT);
	memcpy(bad, s.raw, sizeof(bad));
	sk_put_le32(bad + 0x38, SEV_ALGO_RSA_SHA256);
	assert_int_equal(sev_legacy_report_parse(bad, sizeof(bad), &rep), SEV_E_FORMAT);
	memcpy(bad, s.raw, sizeof(bad));
	bad[0x3c] = 1;
	assert_int_equal(sev_legacy_report_parse(bad, sizeof(bad), &rep), SEV_E_FORMAT);
	memcpy(bad, s.raw, sizeof(bad));
	bad[0x40 + 50] = 1; /* r beyond its 48 bytes */
	assert_int_equal(sev_legacy_report_parse(bad, sizeof(bad), &rep), SEV_E_FORMAT);
	memcpy(bad, s.raw, sizeof(bad));
	bad[0x88 + 71] = 1; /* s beyond its 48 bytes */
	assert_int_equal(sev_legacy_report_parse(bad, sizeof(bad), &rep), SEV_E_FORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verifies_with_its_pek),
		cmocka_unit_test(refuses_algorithm_other_than_the_peks),
		cmocka_unit_test(rejects_tampered_report_and_other_keys),
		cmocka_unit_test(rejects_malformed_report),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
