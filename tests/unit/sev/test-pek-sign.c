/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ownership: an OCA signs the PEK signing request, and PEK_CERT_IMPORT is
 * given a PEK only with the OCA that signed it. The request is the real Rome
 * PEK with its signatures taken out (a firmware's PEK_CSR has both slots
 * empty); the new signature is checked with OpenSSL directly.
 */
#include "../test.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <sevkit/cert.h>
#include <sevkit/launch.h>

#include "crypto/pkey.h"
#include "crypto/secure.h"
#include "sev/cert-internal.h"
#include "util/bytes.h"

#define PEK_FILE "sev/virtee-sev_tests_rome_pek.cert"
#define OCA_FILE "sev/virtee-sev_tests_rome_oca.cert"

struct oca {
	struct sk_key *key;
	struct sev_cert cert;
	uint8_t *pem;
	size_t pem_len;
};

/* A new self-signed OCA from sev_oca_generate(), its key read back from the PEM it gives. */
static void new_oca(struct oca *o)
{
	uint8_t raw[SEV_CERT_SIZE];

	assert_int_equal(sev_oca_generate(raw, &o->pem, &o->pem_len), 0);
	assert_int_equal(strlen((char *)o->pem), o->pem_len);
	assert_int_equal(sev_cert_parse(raw, SEV_CERT_SIZE, &o->cert), 0);
	assert_int_equal(sk_key_from_pem(o->pem, o->pem_len, &o->key), 0);
}

static void free_oca(struct oca *o)
{
	sk_key_free(o->key);
	sev_secret_free(o->pem, o->pem_len);
}

static void empty_slot(uint8_t *cert, int slot)
{
	memset(cert + SEV_OFF_SIG(slot), 0, SEV_SIG_DATA + SEV_SIG_SIZE);
	sk_put_le32(cert + SEV_OFF_SIG(slot), SEV_USAGE_INVALID);
}

/* The Rome PEK as a firmware's signing request: both slots empty. */
static void load_csr(uint8_t csr[SEV_CERT_SIZE])
{
	size_t len;
	uint8_t *pek = test_vector(PEK_FILE, &len);

	assert_int_equal(len, SEV_CERT_SIZE);
	memcpy(csr, pek, SEV_CERT_SIZE);
	empty_slot(csr, 0);
	empty_slot(csr, 1);
	free(pek);
}

/* OpenSSL's own check of an ECDSA P-384/SHA-256 signature in a slot (r, s little-endian). */
static bool openssl_verifies(const uint8_t *cert, int slot, struct sk_key *key)
{
	const uint8_t *p = cert + SEV_OFF_SIG(slot) + SEV_SIG_DATA;
	uint8_t r[48], s[48], *der = NULL;
	ECDSA_SIG *sig = ECDSA_SIG_new();
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int der_len, ok;

	sk_reverse_copy(r, p, 48);
	sk_reverse_copy(s, p + SEV_EC_COORD, 48);
	ECDSA_SIG_set0(sig, BN_bin2bn(r, 48, NULL), BN_bin2bn(s, 48, NULL));
	der_len = i2d_ECDSA_SIG(sig, &der);
	ok = EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, sk_key_pkey(key)) == 1 &&
	     EVP_DigestVerify(md, der, (size_t)der_len, cert, SEV_CERT_BODY_SIZE) == 1;
	OPENSSL_free(der);
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(md);
	return ok;
}

/* The OCA signs itself: OpenSSL's check with the key it came with, and the library's own. */
static void generates_a_self_signed_oca(void **state)
{
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);
	struct sev_chain chain = { .present = 1u << SEV_CHAIN_OCA };
	struct oca o, other;

	(void)state;
	new_oca(&o);
	new_oca(&other);
	assert_memory_equal(o.pem, "-----BEGIN PRIVATE KEY-----\n", 28);
	assert_int_equal(o.cert.version, 1);
	assert_int_equal(o.cert.usage, SEV_USAGE_OCA);
	assert_int_equal(o.cert.algo, SEV_ALGO_ECDSA_SHA256);
	assert_int_equal(o.cert.key_bits, 384);
	assert_int_equal(o.cert.curve, SEV_CURVE_P384);
	assert_int_equal(o.cert.sig[0].usage, SEV_USAGE_OCA);
	assert_true(o.cert.sig[1].empty);
	assert_true(openssl_verifies(o.cert.raw, 0, o.key));
	assert_false(openssl_verifies(o.cert.raw, 0, other.key));
	chain.oca = o.cert;
	sev_chain_verify(&chain, NULL, &res);
	assert_int_equal(res.link[SEV_LINK_OCA_SELF].status, SEV_LINK_OK);
	/* a new key each time */
	assert_memory_not_equal(o.cert.raw, other.cert.raw, SEV_CERT_BODY_SIZE);
	free_oca(&o);
	free_oca(&other);
}

static void signs_a_request_in_its_first_slot(void **state)
{
	uint8_t csr[SEV_CERT_SIZE], pek[SEV_CERT_SIZE];
	struct sev_cert c;
	struct oca o;

	(void)state;
	new_oca(&o);
	load_csr(csr);
	assert_int_equal(sev_pek_sign(csr, o.cert.raw, o.pem, o.pem_len, pek), 0);
	assert_memory_equal(pek, csr, SEV_CERT_BODY_SIZE); /* the body is the PEK's */
	assert_int_equal(sev_cert_parse(pek, SEV_CERT_SIZE, &c), 0);
	assert_int_equal(c.sig[0].usage, SEV_USAGE_OCA);
	assert_int_equal(c.sig[0].algo, SEV_ALGO_ECDSA_SHA256);
	assert_true(c.sig[1].empty);
	assert_true(openssl_verifies(pek, 0, o.key));
	assert_int_equal(sev_pek_check_oca(pek, o.cert.raw), 0);
	free_oca(&o);
}

/* A PEK whose first slot is taken gets the OCA's signature in the second (as virtee/sev). */
static void uses_the_second_slot_when_the_first_is_taken(void **state)
{
	uint8_t csr[SEV_CERT_SIZE], pek[SEV_CERT_SIZE];
	size_t len;
	uint8_t *rome = test_vector(PEK_FILE, &len), *rome_oca = test_vector(OCA_FILE, &len);
	struct oca o;

	(void)state;
	new_oca(&o);
	memcpy(csr, rome, SEV_CERT_SIZE);
	empty_slot(csr, 1); /* Rome's OCA keeps slot 1, the CEK's signature goes */
	assert_int_equal(sev_pek_sign(csr, o.cert.raw, o.pem, o.pem_len, pek), 0);
	assert_memory_equal(pek, csr, SEV_OFF_SIG(1));
	assert_true(openssl_verifies(pek, 1, o.key));
	assert_int_equal(sev_pek_check_oca(pek, o.cert.raw), 0);
	assert_int_equal(sev_pek_check_oca(pek, rome_oca), 0);
	free(rome);
	free(rome_oca);
	free_oca(&o);
}

static void sign_refuses(void **state)
{
	uint8_t csr[SEV_CERT_SIZE], pek[SEV_CERT_SIZE], unsigned_oca[SEV_CERT_SIZE];
	size_t len;
	uint8_t *rome = test_vector(PEK_FILE, &len);
	struct sk_key *p256;
	char *pem256;
	size_t pem256_len;
	struct oca o, other;

	(void)state;
	new_oca(&o);
	new_oca(&other);
	load_csr(csr);
	/* both slots signed: no request */
	assert_int_equal(sev_pek_sign(rome, o.cert.raw, o.pem, o.pem_len, pek),
			 SEV_E_FORMAT);
	/* another OCA's key, an OCA that does not sign itself, an OCA where the PEK goes */
	assert_int_equal(sev_pek_sign(csr, o.cert.raw, other.pem, other.pem_len, pek),
			 SEV_E_VERIFY);
	memcpy(unsigned_oca, o.cert.raw, SEV_CERT_SIZE);
	empty_slot(unsigned_oca, 0);
	assert_int_equal(sev_pek_sign(csr, unsigned_oca, o.pem, o.pem_len, pek),
			 SEV_E_VERIFY);
	assert_int_equal(sev_pek_sign(o.cert.raw, o.cert.raw, o.pem, o.pem_len, pek),
			 SEV_E_FORMAT);
	/* keys that are no P-384 private key */
	assert_int_equal(sev_pek_sign(csr, o.cert.raw, (const uint8_t *)"junk", 4, pek),
			 SEV_E_FORMAT);
	assert_int_equal(sk_ec_generate(SK_P256, &p256), 0);
	assert_int_equal(sk_key_to_pem(p256, &pem256, &pem256_len), 0);
	assert_int_equal(sev_pek_sign(csr, o.cert.raw, (uint8_t *)pem256, pem256_len, pek),
			 SEV_E_UNSUPPORTED);
	sk_key_free(p256);
	sk_secret_free(pem256);
	free(rome);
	free_oca(&o);
	free_oca(&other);
}

static void import_check_refuses(void **state)
{
	uint8_t csr[SEV_CERT_SIZE], pek[SEV_CERT_SIZE];
	size_t len;
	uint8_t *rome = test_vector(PEK_FILE, &len), *rome_oca = test_vector(OCA_FILE, &len);
	struct oca o, other;

	(void)state;
	new_oca(&o);
	new_oca(&other);
	load_csr(csr);
	/* the real Rome PEK was signed by the real Rome OCA */
	assert_int_equal(sev_pek_check_oca(rome, rome_oca), 0);
	assert_int_equal(sev_pek_check_oca(rome, o.cert.raw), SEV_E_VERIFY);
	assert_int_equal(sev_pek_check_oca(csr, o.cert.raw), SEV_E_VERIFY);
	assert_int_equal(sev_pek_sign(csr, other.cert.raw, other.pem, other.pem_len,
				      pek), 0);
	assert_int_equal(sev_pek_check_oca(pek, o.cert.raw), SEV_E_VERIFY);
	assert_int_equal(sev_pek_check_oca(pek, other.cert.raw), 0);
	pek[SEV_OFF_SIG(0) + SEV_SIG_DATA + 3] ^= 1;
	assert_int_equal(sev_pek_check_oca(pek, other.cert.raw), SEV_E_VERIFY);
	/* the certificates the wrong way round */
	assert_int_equal(sev_pek_check_oca(rome_oca, rome), SEV_E_FORMAT);
	free(rome);
	free(rome_oca);
	free_oca(&o);
	free_oca(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generates_a_self_signed_oca),
		cmocka_unit_test(signs_a_request_in_its_first_slot),
		cmocka_unit_test(uses_the_second_slot_when_the_first_is_taken),
		cmocka_unit_test(sign_refuses),
		cmocka_unit_test(import_check_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
