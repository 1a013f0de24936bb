/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <sevkit/error.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "crypto/pkey.h"
#include "crypto/secure.h"
#include "crypto/x509.h"
#include "util/reader.h"

static void ecdsa_sign_verify_and_tamper(void **state)
{
	struct sk_key *key, *pub;
	uint8_t r[48], s[48], x[48], y[48];

	(void)state;
	assert_int_equal(sk_ec_generate(SK_P384, &key), 0);
	assert_int_equal(sk_ecdsa_sign(key, SK_SHA384, "msg", 3, r, s), 0);
	assert_int_equal(sk_ec_get_xy(key, SK_P384, x, y), 0);
	assert_int_equal(sk_ec_from_xy(SK_P384, x, y, &pub), 0);
	assert_int_equal(sk_ecdsa_verify(pub, SK_SHA384, "msg", 3, r, s), 0);
	assert_int_equal(sk_ecdsa_verify(pub, SK_SHA384, "msG", 3, r, s), SEV_E_VERIFY);
	assert_int_equal(sk_ecdsa_verify(pub, SK_SHA256, "msg", 3, r, s), SEV_E_VERIFY);
	r[47] ^= 1;
	assert_int_equal(sk_ecdsa_verify(pub, SK_SHA384, "msg", 3, r, s), SEV_E_VERIFY);
	sk_key_free(pub);
	sk_key_free(key);
}

/* A verifier set up once gives the same answers as sk_ecdsa_verify, message after message. */
static void ecdsa_verifier_reused(void **state)
{
	struct sk_ecdsa_verifier *v;
	struct sk_key *key, *rsa;
	uint8_t r[48], s[48];
	const uint8_t e[] = { 1, 0, 1 }, n[256] = { 0xc1, [255] = 0x01 };

	(void)state;
	assert_int_equal(sk_ec_generate(SK_P384, &key), 0);
	assert_int_equal(sk_ecdsa_sign(key, SK_SHA384, "msg", 3, r, s), 0);
	assert_int_equal(sk_ecdsa_verifier_new(key, SK_SHA384, &v), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sk_ecdsa_verifier_check(v, "msg", 3, r, s), 0);
		assert_int_equal(sk_ecdsa_verifier_check(v, "msG", 3, r, s), SEV_E_VERIFY);
	}
	s[0] ^= 0x80;
	assert_int_equal(sk_ecdsa_verifier_check(v, "msg", 3, r, s), SEV_E_VERIFY);
	sk_ecdsa_verifier_free(v);
	assert_int_equal(sk_rsa_from_ne(n, sizeof(n), e, sizeof(e), &rsa), 0);
	assert_int_equal(sk_ecdsa_verifier_new(rsa, SK_SHA384, &v), SEV_E_INVALID);
	sk_key_free(rsa);
	sk_key_free(key);
}

/* Reads the signature slots of a report (at 0x2a0) and checks them with its VCEK. */
static int verify_report_sig(const uint8_t *report, const struct sk_key *vcek)
{
	uint8_t r[SK_P384_LEN], s[SK_P384_LEN];
	struct sk_reader rd;
	int rc;

	sk_reader_init(&rd, report + 0x2a0, 2 * SK_P384_SLOT, "signature");
	rc = sk_read_p384_sig_le(&rd, r, s, "R", "S");
	if (rc)
		return rc;
	assert_int_equal(rd.off, 2 * SK_P384_SLOT);
	return sk_ecdsa_verify(vcek, SK_SHA384, report, 0x2a0, r, s);
}

/*
 * The real Milan report of go-sev-guest verifies with its VCEK through the slot reader;
 * a slot with a nonzero byte past its 48 is refused, in R and in S.
 */
static void p384_slots_of_real_report(void **state)
{
	size_t len, der_len;
	uint8_t *report = test_vector("snp/go-sev-guest_attestation.bin", &len);
	uint8_t *der = test_vector("snp/go-sev-guest_vcek_milan.der", &der_len);
	struct sk_x509 *cert;
	struct sk_key *vcek;

	(void)state;
	assert_true(len >= 0x4a0);
	assert_int_equal(sk_x509_from_der(der, der_len, &cert), 0);
	assert_int_equal(sk_x509_pubkey(cert, &vcek), 0);
	assert_int_equal(verify_report_sig(report, vcek), 0);
	report[0x2a0] ^= 1; /* R's least significant byte */
	assert_int_equal(verify_report_sig(report, vcek), SEV_E_VERIFY);
	report[0x2a0] ^= 1;
	report[0x2a0 + SK_P384_LEN] = 1;
	assert_int_equal(verify_report_sig(report, vcek), SEV_E_FORMAT);
	report[0x2a0 + SK_P384_LEN] = 0;
	report[0x2a0 + 2 * SK_P384_SLOT - 1] = 0x80;
	assert_int_equal(verify_report_sig(report, vcek), SEV_E_FORMAT);
	report[0x2a0 + 2 * SK_P384_SLOT - 1] = 0;
	assert_int_equal(verify_report_sig(report, vcek), 0);
	sk_key_free(vcek);
	sk_x509_free(cert);
	free(der);
	free(report);
}

/* A slot cut short is refused, not read past. */
static void p384_slot_truncated(void **state)
{
	uint8_t slot[SK_P384_SLOT - 1] = { 0 }, be[SK_P384_LEN];
	struct sk_reader rd;

	(void)state;
	sk_reader_init(&rd, slot, sizeof(slot), "slot");
	assert_int_equal(sk_read_p384_le(&rd, be, "x"), SEV_E_FORMAT);
}

static void ecdh_agrees(void **state)
{
	struct sk_key *a, *b;
	uint8_t ab[48], ba[48];

	(void)state;
	assert_int_equal(sk_ec_generate(SK_P384, &a), 0);
	assert_int_equal(sk_ec_generate(SK_P384, &b), 0);
	assert_int_equal(sk_ecdh(a, b, ab), 0);
	assert_int_equal(sk_ecdh(b, a, ba), 0);
	assert_memory_equal(ab, ba, 48);
	sk_key_free(a);
	sk_key_free(b);
}

static void point_off_curve_is_rejected(void **state)
{
	uint8_t x[48] = { 0 }, y[48] = { 0 };
	struct sk_key *key = NULL;

	(void)state;
	x[47] = 1;
	y[47] = 2;
	assert_int_equal(sk_ec_from_xy(SK_P384, x, y, &key), SEV_E_FORMAT);
	assert_null(key);
}

static void pem_round_trip(void **state)
{
	struct sk_key *key, *back;
	uint8_t x1[48], y1[48], x2[48], y2[48];
	char *pem;
	size_t len;

	(void)state;
	assert_int_equal(sk_ec_generate(SK_P384, &key), 0);
	assert_int_equal(sk_key_to_pem(key, &pem, &len), 0);
	assert_non_null(strstr(pem, "BEGIN PRIVATE KEY"));
	assert_int_equal(sk_key_from_pem((uint8_t *)pem, len, &back), 0);
	assert_int_equal(sk_ec_get_xy(key, SK_P384, x1, y1), 0);
	assert_int_equal(sk_ec_get_xy(back, SK_P384, x2, y2), 0);
	assert_memory_equal(x1, x2, 48);
	assert_memory_equal(y1, y2, 48);
	assert_int_equal(sk_key_from_pem((const uint8_t *)"junk", 4, &back), SEV_E_FORMAT);
	sk_secret_free(pem);
	sk_key_free(key);
	sk_key_free(back);
}

/* PKCS#8 and SEC1 P-384 keys load; other curves, RSA and encrypted keys do not. */
static void ec_key_from_pem(void **state)
{
	struct sk_key *key = NULL, *p256;
	EVP_CIPHER *aes = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
	BIO *bio = BIO_new(BIO_s_mem());
	char *pem, *enc;
	size_t len, sec1_len;
	long n;
	uint8_t *sec1 = test_vector("snp/sev-snp-measure/id_key_test.pem", &sec1_len);

	(void)state;
	assert_non_null(strstr((char *)sec1, "BEGIN EC PRIVATE KEY"));
	assert_int_equal(sk_ec_key_from_pem(sec1, sec1_len, SK_P384, &key), 0);
	assert_true(sk_key_is_ec(key, SK_P384));
	assert_int_equal(sk_key_to_pem(key, &pem, &len), 0);
	sk_key_free(key);
	assert_int_equal(sk_ec_key_from_pem((uint8_t *)pem, len, SK_P384, &key), 0);
	sk_key_free(key);
	assert_int_equal(sk_ec_key_from_pem((uint8_t *)pem, len, SK_P256, &key),
			 SEV_E_UNSUPPORTED);
	assert_null(key);
	/* the same key, encrypted: refused without asking for a passphrase */
	assert_int_equal(sk_ec_key_from_pem(sec1, sec1_len, SK_P384, &key), 0);
	assert_int_equal(PEM_write_bio_PrivateKey(bio, sk_key_pkey(key), aes,
						  (unsigned char *)"pw", 2, NULL, NULL), 1);
	sk_key_free(key);
	n = BIO_get_mem_data(bio, &enc);
	assert_true(n > 0);
	assert_int_equal(sk_ec_key_from_pem((uint8_t *)enc, (size_t)n, SK_P384, &key),
			 SEV_E_FORMAT);
	assert_int_equal(sk_ec_generate(SK_P256, &p256), 0);
	sk_secret_free(pem);
	assert_int_equal(sk_key_to_pem(p256, &pem, &len), 0);
	assert_int_equal(sk_ec_key_from_pem((uint8_t *)pem, len, SK_P384, &key),
			 SEV_E_UNSUPPORTED);
	assert_int_equal(sk_ec_key_from_pem((const uint8_t *)"junk", 4, SK_P384, &key),
			 SEV_E_FORMAT);
	sk_key_free(p256);
	sk_secret_free(pem);
	free(sec1);
	BIO_free(bio);
	EVP_CIPHER_free(aes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ecdsa_sign_verify_and_tamper),
		cmocka_unit_test(p384_slots_of_real_report),
		cmocka_unit_test(p384_slot_truncated),
		cmocka_unit_test(ecdsa_verifier_reused),
		cmocka_unit_test(ecdh_agrees),
		cmocka_unit_test(point_off_curve_is_rejected),
		cmocka_unit_test(pem_round_trip),
		cmocka_unit_test(ec_key_from_pem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
