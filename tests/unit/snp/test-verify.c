/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Verification of the real Milan report with its real VCEK and the builtin
 * AMD roots, and each way a report or chain must be refused. Cases that need
 * a chain with exactly one defect use certificates built here with
 * go-sev-guest's TESTONLY keys, shaped like AMD's.
 */
#include "snp-test.h"

#include "crypto/x509.h"

static time_t at(const char *iso)
{
	time_t t;

	tc_time(iso, &t);
	return t;
}

static uint8_t *real_report(struct sev_snp_report *r)
{
	size_t len;
	uint8_t *buf = test_vector(REPORT_VECTOR, &len);

	assert_int_equal(sev_snp_report_parse(buf, len, r), 0);
	return buf;
}

static struct sev_snp_verifier *real_verifier(const uint8_t *vcek, size_t len)
{
	struct sev_snp_verifier *v;

	assert_int_equal(sev_snp_verifier_new(&v), 0);
	sev_snp_verifier_set_time(v, at("2025-01-01"));
	assert_int_equal(sev_snp_verifier_add_certs(v, vcek, len), 0);
	return v;
}

/* MANIFEST 2a: the report verifies with go-sev-guest_vcek_milan.der and the Milan roots. */
static void real_report_verifies(void **state)
{
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	struct sev_snp_report r;
	struct sev_snp_verifier *v;
	size_t len;
	uint8_t *vcek = test_vector(VCEK_VECTOR, &len), *buf = real_report(&r);

	(void)state;
	v = real_verifier(vcek, len);
	assert_int_equal(sev_snp_verify(v, &r, &info), 0);
	assert_int_equal(info.product, SEV_SNP_PRODUCT_MILAN);
	assert_int_equal(info.key, SEV_SNP_KEY_VCEK);
	assert_false(info.crl_checked);
	/* the chain is cached: a second report costs one ECDSA check */
	assert_int_equal(sev_snp_verify(v, &r, &info), 0);
	/* the day go-sev-guest's test pins, and now */
	sev_snp_verifier_set_time(v, at("2022-09-25"));
	assert_int_equal(sev_snp_verify(v, &r, NULL), 0);
	sev_snp_verifier_set_time(v, time(NULL));
	if (time(NULL) < at("2029-09-24"))
		assert_int_equal(sev_snp_verify(v, &r, NULL), 0);
	sev_snp_verifier_free(v);
	free(vcek);
	free(buf);
}

/* The chain alone, without a report: what a host checks before it serves a VCEK. */
static void chain_without_report(void **state)
{
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	struct sev_snp_verifier *v;
	size_t len;
	uint8_t *vcek = test_vector(VCEK_VECTOR, &len);

	(void)state;
	v = real_verifier(vcek, len);
	assert_int_equal(sev_snp_verify_chain(v, &info), 0);
	assert_int_equal(info.product, SEV_SNP_PRODUCT_MILAN);
	assert_int_equal(info.vek.tcb.microcode, 68);
	sev_snp_verifier_free(v);
	vcek[len - 1] ^= 1; /* the ASK's signature */
	v = real_verifier(vcek, len);
	assert_int_equal(sev_snp_verify_chain(v, NULL), SEV_E_VERIFY);
	sev_snp_verifier_free(v);
	free(vcek);
}

/* Every single bit of 0x000-0x29f flipped: refused by the parser or by the signature. */
static void every_signed_bit_flip_refused(void **state)
{
	struct sev_snp_report r, flipped;
	struct sev_snp_verifier *v;
	size_t len, by_parser = 0, by_signature = 0;
	uint8_t *vcek = test_vector(VCEK_VECTOR, &len), *buf = real_report(&r);

	(void)state;
	v = real_verifier(vcek, len);
	assert_int_equal(sev_snp_verify(v, &r, NULL), 0);
	for (size_t bit = 0; bit < SEV_SNP_REPORT_SIGNED * 8; bit++) {
		buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (sev_snp_report_parse(buf, SEV_SNP_REPORT_SIZE, &flipped) != 0) {
			by_parser++;
		} else {
			assert_int_equal(sev_snp_verify(v, &flipped, NULL), SEV_E_VERIFY);
			by_signature++;
		}
		buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	assert_int_equal(by_parser + by_signature, SEV_SNP_REPORT_SIGNED * 8);
	/* most of the report is data only the signature protects */
	assert_true(by_signature > 3000);
	assert_int_equal(sev_snp_verify(v, &r, NULL), 0);
	sev_snp_verifier_free(v);
	free(vcek);
	free(buf);
}

static void signature_bit_flips_refused(void **state)
{
	struct sev_snp_report r;
	struct sev_snp_verifier *v;
	size_t len;
	uint8_t *vcek = test_vector(VCEK_VECTOR, &len), *buf = real_report(&r);

	(void)state;
	v = real_verifier(vcek, len);
	for (size_t i = 0; i < 48 * 8; i++) {
		struct sev_snp_report bad = r;

		bad.sig_r[i / 8] ^= (uint8_t)(1u << (i % 8));
		assert_int_equal(sev_snp_verify(v, &bad, NULL), SEV_E_VERIFY);
		bad = r;
		bad.sig_s[i / 8] ^= (uint8_t)(1u << (i % 8));
		assert_int_equal(sev_snp_verify(v, &bad, NULL), SEV_E_VERIFY);
	}
	sev_snp_verifier_free(v);
	free(vcek);
	free(buf);
}

static int verify_with_vcek(const uint8_t *vcek, size_t len, const struct sev_snp_report *r)
{
	struct sev_snp_verifier *v;
	int rc;

	assert_int_equal(sev_snp_verifier_new(&v), 0);
	sev_snp_verifier_set_time(v, at("2025-01-01"));
	rc = sev_snp_verifier_add_certs(v, vcek, len);
	if (!rc)
		rc = sev_snp_verify(v, r, NULL);
	sev_snp_verifier_free(v);
	return rc;
}

static void vcek_signature_byte_flipped_refused(void **state)
{
	struct sev_snp_report r;
	size_t len;
	uint8_t *vcek = test_vector(VCEK_VECTOR, &len), *buf = real_report(&r);

	(void)state;
	vcek[len - 1] ^= 1;
	assert_int_equal(verify_with_vcek(vcek, len, &r), SEV_E_VERIFY);
	vcek[len - 1] ^= 1;
	vcek[len - 200] ^= 0x80;
	assert_int_equal(verify_with_vcek(vcek, len, &r), SEV_E_VERIFY);
	free(vcek);
	free(buf);
}

/* A byte of the signed part: inside the hwID, then inside the public key. */
static void vcek_tbs_byte_flipped_refused(void **state)
{
	struct sev_snp_report r;
	size_t len;
	uint8_t *vcek = test_vector(VCEK_VECTOR, &len), *buf = real_report(&r);

	(void)state;
	assert_int_equal(vcek[705], 0x04); /* the hwID OCTET STRING (openssl asn1parse) */
	vcek[707 + 10] ^= 1;
	assert_int_equal(verify_with_vcek(vcek, len, &r), SEV_E_VERIFY);
	vcek[707 + 10] ^= 1;
	vcek[400] ^= 1; /* the EC point */
	assert_int_not_equal(verify_with_vcek(vcek, len, &r), 0);
	vcek[400] ^= 1;
	assert_int_equal(verify_with_vcek(vcek, len, &r), 0);
	free(vcek);
	free(buf);
}

static void wrong_product_roots_refused(void **state)
{
	struct sev_snp_report r;
	struct sev_snp_verifier *v;
	size_t len, plen;
	uint8_t *vcek = test_vector(VCEK_VECTOR, &len), *buf = real_report(&r), *pem;

	(void)state;
	for (enum sev_snp_product p = SEV_SNP_PRODUCT_GENOA; p <= SEV_SNP_PRODUCT_TURIN; p++) {
		v = real_verifier(vcek, len);
		assert_int_equal(sev_snp_verifier_set_product(v, p), 0);
		assert_int_equal(sev_snp_verify(v, &r, NULL), SEV_E_VERIFY);
		sev_snp_verifier_free(v);
	}
	/* the Turin ARK and ASK given as files */
	pem = test_vector("snp/go-sev-guest_trust_ask_ark_turin_vcek.pem", &plen);
	v = real_verifier(vcek, len);
	assert_int_equal(sev_snp_verifier_set_ark(v, pem, plen), 0);
	assert_int_equal(sev_snp_verifier_add_certs(v, pem, plen), 0);
	assert_int_equal(sev_snp_verify(v, &r, NULL), SEV_E_VERIFY);
	sev_snp_verifier_free(v);
	/* and the Genoa ASK with the Milan ARK */
	free(pem);
	pem = test_vector("snp/virtee-sev_builtin_genoa_ask.pem", &plen);
	v = real_verifier(vcek, len);
	assert_int_equal(sev_snp_verifier_add_certs(v, pem, plen), 0);
	assert_int_equal(sev_snp_verify(v, &r, NULL), SEV_E_VERIFY);
	sev_snp_verifier_free(v);
	free(pem);
	free(vcek);
	free(buf);
}

/* The real VCEK is valid 2022-09-24 to 2029-09-24. */
static void expired_and_early_chain_refused(void **state)
{
	struct sev_snp_report r;
	struct sev_snp_verifier *v;
	size_t len;
	uint8_t *vcek = test_vector(VCEK_VECTOR, &len), *buf = real_report(&r);

	(void)state;
	v = real_verifier(vcek, len);
	sev_snp_verifier_set_time(v, at("2029-10-01"));
	assert_int_equal(sev_snp_verify(v, &r, NULL), SEV_E_VERIFY);
	sev_snp_verifier_set_time(v, at("2022-09-01"));
	assert_int_equal(sev_snp_verify(v, &r, NULL), SEV_E_VERIFY);
	sev_snp_verifier_set_time(v, at("2046-01-01")); /* past the ARK too */
	assert_int_equal(sev_snp_verify(v, &r, NULL), SEV_E_VERIFY);
	sev_snp_verifier_free(v);
	free(vcek);
	free(buf);
}

static void missing_vcek_refused(void **state)
{
	struct sev_snp_report r;
	struct sev_snp_verifier *v;
	uint8_t *buf = real_report(&r);

	(void)state;
	assert_int_equal(sev_snp_verifier_new(&v), 0);
	assert_int_equal(sev_snp_verify(v, &r, NULL), SEV_E_INVALID);
	sev_snp_verifier_free(v);
	free(buf);
}

static void cert_table_chain(void **state)
{
	struct sev_snp_report r;
	struct sev_snp_verifier *v;
	size_t len, ask_len, ark_len, tlen;
	uint8_t *vcek = test_vector(VCEK_VECTOR, &len), *buf = real_report(&r), *table;
	uint8_t *ask = tc_pem_der("snp/go-sev-guest_milan_ask_ark.pem", 0, &ask_len);
	uint8_t *ark = tc_pem_der("snp/go-sev-guest_milan_ask_ark.pem", 1, &ark_len);
	uint8_t *turin_ark = tc_pem_der("snp/virtee-sev_cert_chain_turin.pem", 1, &ark_len);

	(void)state;
	table = tc_table((struct tc_table_entry[]){ { tc_guid_ark, ark, ark_len },
						    { tc_guid_ask, ask, ask_len },
						    { tc_guid_vcek, vcek, len } }, 3, &tlen);
	assert_int_equal(sev_snp_verifier_new(&v), 0);
	sev_snp_verifier_set_time(v, at("2025-01-01"));
	assert_int_equal(sev_snp_verifier_add_cert_table(v, table, tlen), 0);
	assert_int_equal(sev_snp_verify(v, &r, NULL), 0);
	sev_snp_verifier_free(v);
	free(table);
	/* an ARK from the host that is not AMD's is refused */
	table = tc_table((struct tc_table_entry[]){ { tc_guid_ark, turin_ark, ark_len },
						    { tc_guid_vcek, vcek, len } }, 2, &tlen);
	assert_int_equal(sev_snp_verifier_new(&v), 0);
	sev_snp_verifier_set_time(v, at("2025-01-01"));
	assert_int_equal(sev_snp_verifier_add_cert_table(v, table, tlen), 0);
	assert_int_equal(sev_snp_verify(v, &r, NULL), SEV_E_VERIFY);
	sev_snp_verifier_free(v);
	free(table);
	free(turin_ark);
	free(ark);
	free(ask);
	free(vcek);
	free(buf);
}

/* ---- a test chain signed with the TESTONLY keys ---- */

struct chain {
	EVP_PKEY *ark_key, *ask_key, *vcek_key;
	X509 *ark, *ask;
	uint8_t *ark_der, *ask_der;
	size_t ark_len, ask_len;
	uint8_t report[SEV_SNP_REPORT_SIZE];
	struct sev_snp_report r;
};

static void chain_init(struct chain *c)
{
	size_t len;
	uint8_t *buf = test_vector(REPORT_VECTOR, &len);

	c->ark_key = tc_key("ark");
	c->ask_key = tc_key("ask");
	c->vcek_key = tc_key("vcek");
	c->ark = tc_cert("ARK-Milan", c->ark_key, NULL, c->ark_key, 0x10000, at("2020-01-01"),
			 at("2045-01-01"), 48, NULL, 0);
	c->ask = tc_cert("SEV-Milan", c->ask_key, c->ark, c->ark_key, 0x10001, at("2020-01-01"),
			 at("2045-01-01"), 48, NULL, 0);
	c->ark_der = tc_der(c->ark, &c->ark_len);
	c->ask_der = tc_der(c->ask, &c->ask_len);
	/* the real report, signed by the test VCEK */
	memcpy(c->report, buf, len);
	tc_sign_report(c->report, c->vcek_key);
	assert_int_equal(sev_snp_report_parse(c->report, len, &c->r), 0);
	free(buf);
}

static void chain_free(struct chain *c)
{
	EVP_PKEY_free(c->ark_key);
	EVP_PKEY_free(c->ask_key);
	EVP_PKEY_free(c->vcek_key);
	X509_free(c->ark);
	X509_free(c->ask);
	free(c->ark_der);
	free(c->ask_der);
}

/* A test VCEK with these SPLs and hwID, signed by the test ASK with this salt. */
static uint8_t *test_vcek(struct chain *c, const struct sev_snp_tcb *t, const uint8_t *hwid,
			  int salt, size_t *len)
{
	struct tc_vcek_exts e;
	X509 *x;
	uint8_t *der;

	tc_vcek_exts(&e, t, hwid, 64);
	x = tc_cert("SEV-VCEK", c->vcek_key, c->ask, c->ask_key, 0, at("2021-01-01"),
		    at("2030-01-01"), salt, e.ext, e.n);
	der = tc_der(x, len);
	X509_free(x);
	return der;
}

static struct sev_snp_verifier *test_verifier(struct chain *c, const uint8_t *vcek, size_t len)
{
	struct sev_snp_verifier *v;

	assert_int_equal(sev_snp_verifier_new(&v), 0);
	sev_snp_verifier_set_time(v, at("2025-01-01"));
	assert_int_equal(sev_snp_verifier_set_ark(v, c->ark_der, c->ark_len), 0);
	assert_int_equal(sev_snp_verifier_add_certs(v, c->ask_der, c->ask_len), 0);
	assert_int_equal(sev_snp_verifier_add_certs(v, vcek, len), 0);
	return v;
}

static const struct sev_snp_tcb report_tcb = { .bootloader = 2, .tee = 0, .snp = 5,
					       .microcode = 68 };

static int verify_test(struct chain *c, const struct sev_snp_tcb *t, const uint8_t *hwid,
		       int salt)
{
	size_t len;
	uint8_t *vcek = test_vcek(c, t, hwid, salt, &len);
	struct sev_snp_verifier *v = test_verifier(c, vcek, len);
	int rc = sev_snp_verify(v, &c->r, NULL);

	sev_snp_verifier_free(v);
	free(vcek);
	return rc;
}

/* The control: a test chain that matches the report in every way verifies. */
static void test_chain_matching_verifies(void **state)
{
	struct chain c;

	(void)state;
	chain_init(&c);
	assert_int_equal(verify_test(&c, &report_tcb, c.r.chip_id, 48), 0);
	chain_free(&c);
}

static void vcek_tcb_differs_refused(void **state)
{
	struct sev_snp_tcb t = report_tcb;
	struct chain c;

	(void)state;
	chain_init(&c);
	t.snp = 6;
	assert_int_equal(verify_test(&c, &t, c.r.chip_id, 48), SEV_E_VERIFY);
	t = report_tcb;
	t.microcode = 67;
	assert_int_equal(verify_test(&c, &t, c.r.chip_id, 48), SEV_E_VERIFY);
	t = report_tcb;
	t.bootloader = 3;
	assert_int_equal(verify_test(&c, &t, c.r.chip_id, 48), SEV_E_VERIFY);
	chain_free(&c);
}

static void vcek_hwid_differs_refused(void **state)
{
	uint8_t hwid[64];
	struct chain c;

	(void)state;
	chain_init(&c);
	memcpy(hwid, c.r.chip_id, 64);
	hwid[63] ^= 1;
	assert_int_equal(verify_test(&c, &report_tcb, hwid, 48), SEV_E_VERIFY);
	chain_free(&c);
}

/* CHIP_ID all zero (MASK_CHIP_ID): the hwID cannot be compared, and is not. */
static void masked_chip_id_skips_hwid(void **state)
{
	struct chain c;

	(void)state;
	chain_init(&c);
	memset(c.report + 0x1a0, 0, 64);
	tc_sign_report(c.report, c.vcek_key);
	assert_int_equal(sev_snp_report_parse(c.report, SEV_SNP_REPORT_SIZE, &c.r), 0);
	assert_int_equal(verify_test(&c, &report_tcb, (const uint8_t[64]){ 1 }, 48), 0);
	chain_free(&c);
}

static void pss_salt_not_48_refused(void **state)
{
	struct chain c;

	(void)state;
	chain_init(&c);
	assert_int_equal(verify_test(&c, &report_tcb, c.r.chip_id, 32), SEV_E_VERIFY);
	chain_free(&c);
}

static void vlek_report_with_vcek_refused(void **state)
{
	struct chain c;

	(void)state;
	chain_init(&c);
	c.report[0x48] = 0x04; /* SIGNING_KEY = VLEK */
	tc_sign_report(c.report, c.vcek_key);
	assert_int_equal(sev_snp_report_parse(c.report, SEV_SNP_REPORT_SIZE, &c.r), 0);
	assert_int_equal(verify_test(&c, &report_tcb, c.r.chip_id, 48), SEV_E_VERIFY);
	c.report[0x48] = 0x1c; /* SIGNING_KEY = none */
	tc_sign_report(c.report, c.vcek_key);
	assert_int_equal(sev_snp_report_parse(c.report, SEV_SNP_REPORT_SIZE, &c.r), 0);
	assert_int_equal(verify_test(&c, &report_tcb, c.r.chip_id, 48), SEV_E_VERIFY);
	chain_free(&c);
}

/* A version-3 report whose CPUID says Genoa, with a Milan chain. */
static void report_product_differs_refused(void **state)
{
	struct chain c;

	(void)state;
	chain_init(&c);
	sk_put_le32(c.report, 3);
	c.report[0x188] = 0x19;
	c.report[0x189] = 0x11;
	tc_sign_report(c.report, c.vcek_key);
	assert_int_equal(sev_snp_report_parse(c.report, SEV_SNP_REPORT_SIZE, &c.r), 0);
	assert_int_equal(verify_test(&c, &report_tcb, c.r.chip_id, 48), SEV_E_VERIFY);
	c.report[0x189] = 0x01; /* Milan: accepted */
	tc_sign_report(c.report, c.vcek_key);
	assert_int_equal(sev_snp_report_parse(c.report, SEV_SNP_REPORT_SIZE, &c.r), 0);
	assert_int_equal(verify_test(&c, &report_tcb, c.r.chip_id, 48), 0);
	chain_free(&c);
}

static int verify_with_crl(struct chain *c, const uint8_t *crl, size_t crl_len, bool require,
			   bool *checked)
{
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	size_t len;
	uint8_t *vcek = test_vcek(c, &report_tcb, c->r.chip_id, 48, &len);
	struct sev_snp_verifier *v = test_verifier(c, vcek, len);
	int rc = 0;

	sev_snp_verifier_require_crl(v, require);
	if (crl)
		rc = sev_snp_verifier_add_crl(v, crl, crl_len);
	if (!rc)
		rc = sev_snp_verify(v, &c->r, &info);
	*checked = info.crl_checked;
	sev_snp_verifier_free(v);
	free(vcek);
	return rc;
}

static void revoked_ask_refused(void **state)
{
	struct chain c;
	size_t len;
	uint8_t *crl;
	bool checked;

	(void)state;
	chain_init(&c);
	crl = tc_crl(c.ark, c.ark_key, 0x10001, at("2024-12-01"), at("2025-06-01"), &len);
	assert_int_equal(verify_with_crl(&c, crl, len, false, &checked), SEV_E_VERIFY);
	free(crl);
	/* the same CRL without the ASK passes and is reported as checked */
	crl = tc_crl(c.ark, c.ark_key, 0x777, at("2024-12-01"), at("2025-06-01"), &len);
	assert_int_equal(verify_with_crl(&c, crl, len, true, &checked), 0);
	assert_true(checked);
	free(crl);
	chain_free(&c);
}

static void crl_not_by_ark_refused(void **state)
{
	struct chain c;
	size_t len;
	uint8_t *crl;
	bool checked;

	(void)state;
	chain_init(&c);
	/* named after the ARK, signed with the ASK's key */
	crl = tc_crl(c.ark, c.ask_key, 0, at("2024-12-01"), at("2025-06-01"), &len);
	assert_int_equal(verify_with_crl(&c, crl, len, false, &checked), SEV_E_VERIFY);
	free(crl);
	/* named after the ASK */
	crl = tc_crl(c.ask, c.ark_key, 0, at("2024-12-01"), at("2025-06-01"), &len);
	assert_int_equal(verify_with_crl(&c, crl, len, false, &checked), SEV_E_VERIFY);
	free(crl);
	chain_free(&c);
}

static void required_crl_fails_closed(void **state)
{
	struct chain c;
	size_t len;
	uint8_t *crl;
	bool checked;

	(void)state;
	chain_init(&c);
	assert_int_equal(verify_with_crl(&c, NULL, 0, true, &checked), SEV_E_VERIFY);
	assert_int_equal(verify_with_crl(&c, NULL, 0, false, &checked), 0);
	assert_false(checked);
	/* out of date: refused when required, a warning otherwise */
	crl = tc_crl(c.ark, c.ark_key, 0, at("2024-01-01"), at("2024-02-01"), &len);
	assert_int_equal(verify_with_crl(&c, crl, len, true, &checked), SEV_E_VERIFY);
	assert_int_equal(verify_with_crl(&c, crl, len, false, &checked), 0);
	free(crl);
	/* issued after the time of the check */
	crl = tc_crl(c.ark, c.ark_key, 0, at("2026-01-01"), at("2026-02-01"), &len);
	assert_int_equal(verify_with_crl(&c, crl, len, false, &checked), SEV_E_VERIFY);
	free(crl);
	chain_free(&c);
}

static void expired_test_ask_refused(void **state)
{
	struct chain c;
	X509 *old;
	size_t len, vlen;
	uint8_t *der, *vcek;
	struct sev_snp_verifier *v;

	(void)state;
	chain_init(&c);
	old = tc_cert("SEV-Milan", c.ask_key, c.ark, c.ark_key, 0x10001, at("2020-01-01"),
		      at("2024-06-01"), 48, NULL, 0);
	der = tc_der(old, &len);
	vcek = test_vcek(&c, &report_tcb, c.r.chip_id, 48, &vlen);
	assert_int_equal(sev_snp_verifier_new(&v), 0);
	sev_snp_verifier_set_time(v, at("2025-01-01"));
	assert_int_equal(sev_snp_verifier_set_ark(v, c.ark_der, c.ark_len), 0);
	assert_int_equal(sev_snp_verifier_add_certs(v, der, len), 0);
	assert_int_equal(sev_snp_verifier_add_certs(v, vcek, vlen), 0);
	assert_int_equal(sev_snp_verify(v, &c.r, NULL), SEV_E_VERIFY);
	sev_snp_verifier_free(v);
	free(vcek);
	free(der);
	X509_free(old);
	chain_free(&c);
}

static void two_different_vceks_refused(void **state)
{
	struct chain c;
	size_t len, rlen;
	uint8_t *vcek, *real = test_vector(VCEK_VECTOR, &rlen);
	struct sev_snp_verifier *v;

	(void)state;
	chain_init(&c);
	vcek = test_vcek(&c, &report_tcb, c.r.chip_id, 48, &len);
	v = test_verifier(&c, vcek, len);
	assert_int_equal(sev_snp_verifier_add_certs(v, vcek, len), 0); /* the same again is fine */
	assert_int_equal(sev_snp_verifier_add_certs(v, real, rlen), SEV_E_INVALID);
	sev_snp_verifier_free(v);
	free(real);
	free(vcek);
	chain_free(&c);
}

/* A test chain named like AMD's for this product, with the ASVK in place of the ASK for VLEKs. */
static void product_chain(struct chain *c, const char *ark_cn, const char *ask_cn)
{
	X509_free(c->ark);
	X509_free(c->ask);
	free(c->ark_der);
	free(c->ask_der);
	c->ark = tc_cert(ark_cn, c->ark_key, NULL, c->ark_key, 0x30000, at("2020-01-01"),
			 at("2045-01-01"), 48, NULL, 0);
	c->ask = tc_cert(ask_cn, c->ask_key, c->ark, c->ark_key, 0x30001, at("2020-01-01"),
			 at("2045-01-01"), 48, NULL, 0);
	c->ark_der = tc_der(c->ark, &c->ark_len);
	c->ask_der = tc_der(c->ask, &c->ask_len);
}

static int verify_built(struct chain *c, const char *cn, const struct tc_ext *ext, size_t n)
{
	X509 *x = tc_cert(cn, c->vcek_key, c->ask, c->ask_key, 0, at("2021-01-01"),
			  at("2030-01-01"), 48, ext, n);
	size_t len;
	uint8_t *der = tc_der(x, &len);
	struct sev_snp_verifier *v = test_verifier(c, der, len);
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	int rc = sev_snp_verify(v, &c->r, &info);

	if (!rc)
		assert_int_equal(info.key, strcmp(cn, "SEV-VLEK") ? SEV_SNP_KEY_VCEK :
								     SEV_SNP_KEY_VLEK);
	sev_snp_verifier_free(v);
	free(der);
	X509_free(x);
	return rc;
}

static void resign(struct chain *c)
{
	tc_sign_report(c->report, c->vcek_key);
	assert_int_equal(sev_snp_report_parse(c->report, SEV_SNP_REPORT_SIZE, &c->r), 0);
}

/*
 * Turin: FMC in TCB byte 0, an fmcSPL extension, productName "Turin", and an
 * 8-byte hwID that is the start of CHIP_ID (the rest of CHIP_ID is zero).
 */
static void turin_chain_and_chip_id(void **state)
{
	static const uint8_t name[] = { 0x16, 0x05, 'T', 'u', 'r', 'i', 'n' };
	static const uint8_t sv1[] = { 2, 1, 1 }, fmc[] = { 2, 1, 1 };
	struct sev_snp_tcb t = { .fmc = 1, .bootloader = 2, .tee = 0, .snp = 5, .microcode = 68 };
	struct tc_vcek_exts e;
	struct chain c;

	(void)state;
	chain_init(&c);
	product_chain(&c, "ARK-Turin", "SEV-Turin");
	sk_put_le32(c.report, 3);
	c.report[0x188] = 0x1a; /* family 1Ah model 02h: Turin */
	c.report[0x189] = 0x02;
	memset(c.report + 0x1a0 + 8, 0, 56);
	sk_put_le64(c.report + 0x180, sev_snp_tcb_encode(&t, SEV_SNP_PRODUCT_TURIN));
	resign(&c);
	tc_vcek_exts(&e, &t, c.r.chip_id, 8);
	e.ext[0].der = sv1;
	e.ext[1] = (struct tc_ext){ "1.3.6.1.4.1.3704.1.2", name, sizeof(name) };
	e.ext[e.n++] = (struct tc_ext){ "1.3.6.1.4.1.3704.1.3.9", fmc, sizeof(fmc) };
	assert_int_equal(verify_built(&c, "SEV-VCEK", e.ext, e.n), 0);
	/* a ninth nonzero CHIP_ID byte is not a Turin chip ID */
	c.report[0x1a0 + 8] = 1;
	resign(&c);
	assert_int_equal(verify_built(&c, "SEV-VCEK", e.ext, e.n), SEV_E_VERIFY);
	c.report[0x1a0 + 8] = 0;
	/* fmcSPL differs from byte 0 of REPORTED_TCB */
	c.report[0x180] = 2;
	resign(&c);
	assert_int_equal(verify_built(&c, "SEV-VCEK", e.ext, e.n), SEV_E_VERIFY);
	chain_free(&c);
}

/* A VLEK: signed by the ASVK, no hwID, SIGNING_KEY 1 in the report. */
static void vlek_chain(void **state)
{
	struct tc_vcek_exts e;
	struct chain c;

	(void)state;
	chain_init(&c);
	product_chain(&c, "ARK-Milan", "SEV-VLEK-Milan");
	c.report[0x48] = 0x04;
	resign(&c);
	tc_vcek_exts(&e, &report_tcb, c.r.chip_id, 64);
	e.n--; /* no hwID */
	assert_int_equal(verify_built(&c, "SEV-VLEK", e.ext, e.n), 0);
	/* a VLEK under an ASK (not an ASVK) is refused */
	product_chain(&c, "ARK-Milan", "SEV-Milan");
	assert_int_equal(verify_built(&c, "SEV-VLEK", e.ext, e.n), SEV_E_VERIFY);
	chain_free(&c);
}

/* A DER CRL as PEM text, for bundles. */
static size_t crl_pem(const uint8_t *der, size_t len, char *out, size_t max)
{
	const unsigned char *p = der;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)len);
	BIO *bio = BIO_new(BIO_s_mem());
	char *data;
	long n;

	assert_non_null(crl);
	assert_int_equal(PEM_write_bio_X509_CRL(bio, crl), 1);
	n = BIO_get_mem_data(bio, &data);
	assert_true(n > 0 && (size_t)n < max);
	memcpy(out, data, (size_t)n);
	BIO_free(bio);
	X509_CRL_free(crl);
	return (size_t)n;
}

#define TEST_VCEK_SERIAL 0x20002

/* The test chain with a VCEK whose serial is not 0 (a CRL can list it). */
static struct sev_snp_verifier *serial_verifier(struct chain *c)
{
	struct tc_vcek_exts e;
	X509 *x;
	size_t len;
	uint8_t *der;
	struct sev_snp_verifier *v;

	tc_vcek_exts(&e, &report_tcb, c->r.chip_id, 64);
	x = tc_cert("SEV-VCEK", c->vcek_key, c->ask, c->ask_key, TEST_VCEK_SERIAL,
		    at("2021-01-01"), at("2030-01-01"), 48, e.ext, e.n);
	der = tc_der(x, &len);
	v = test_verifier(c, der, len);
	X509_free(x);
	free(der);
	return v;
}

/*
 * Every CRL is applied whatever the order: an older clean CRL does not undo a
 * newer revocation, of the ASK or of the VCEK, given one by one or in one PEM.
 */
static void every_crl_applied(void **state)
{
	static const long revoked[] = { 0x10001, TEST_VCEK_SERIAL };
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	struct chain c;
	size_t lo, ln;
	uint8_t *old, *fresh;

	(void)state;
	chain_init(&c);
	old = tc_crl(c.ark, c.ark_key, 0x777, at("2024-10-01"), at("2025-06-01"), &lo);
	for (size_t k = 0; k < SK_ARRAY_SIZE(revoked); k++) {
		fresh = tc_crl(c.ark, c.ark_key, revoked[k], at("2024-12-01"), at("2025-06-01"),
			       &ln);
		for (int order = 0; order < 3; order++) {
			struct sev_snp_verifier *v = serial_verifier(&c);
			char pem[8192];
			size_t n;

			if (order == 2) { /* one PEM file, the revoking CRL second */
				n = crl_pem(old, lo, pem, sizeof(pem));
				n += crl_pem(fresh, ln, pem + n, sizeof(pem) - n);
				assert_int_equal(sev_snp_verifier_add_file(v, (uint8_t *)pem, n), 0);
			} else {
				assert_int_equal(sev_snp_verifier_add_crl(v, order ? fresh : old,
									  order ? ln : lo), 0);
				assert_int_equal(sev_snp_verifier_add_crl(v, order ? old : fresh,
									  order ? lo : ln), 0);
			}
			assert_int_equal(sev_snp_verifier_crl_count(v), 2);
			assert_int_equal(sev_snp_verify(v, &c.r, &info), SEV_E_VERIFY);
			assert_false(info.crl_checked);
			assert_true(info.crl[order == 1 ? 0 : 1].ask_revoked ||
				    info.crl[order == 1 ? 0 : 1].vek_revoked);
			assert_true(k ? info.crl[order == 1 ? 0 : 1].vek_revoked :
					info.crl[order == 1 ? 0 : 1].ask_revoked);
			sev_snp_verifier_free(v);
		}
		free(fresh);
	}
	free(old);
	chain_free(&c);
}

/* What was checked against each CRL is reported: both serials, each CRL's dates. */
static void crl_checks_reported(void **state)
{
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	struct sev_snp_verifier *v;
	struct chain c;
	size_t l1, l2;
	uint8_t *a, *b;

	(void)state;
	chain_init(&c);
	a = tc_crl(c.ark, c.ark_key, 0x777, at("2024-10-01"), at("2024-11-01"), &l1);
	b = tc_crl(c.ark, c.ark_key, 0x778, at("2024-12-01"), at("2025-06-01"), &l2);
	v = serial_verifier(&c);
	sev_snp_verifier_require_crl(v, true);
	assert_int_equal(sev_snp_verifier_add_crl(v, a, l1), 0);
	assert_int_equal(sev_snp_verifier_add_crl(v, b, l2), 0);
	/* the first is out of date, the second current: enough for --require-crl */
	assert_int_equal(sev_snp_verify(v, &c.r, &info), 0);
	assert_true(info.crl_checked);
	assert_int_equal(info.n_crl, 2);
	assert_string_equal(info.ask_serial, "010001");
	assert_string_equal(info.vek_serial, "020002");
	assert_string_equal(info.crl[0].issuer, "ARK-Milan");
	assert_false(info.crl[0].current);
	assert_true(info.crl[1].current);
	assert_true(info.crl[1].this_update == at("2024-12-01"));
	assert_false(info.crl[0].ask_revoked || info.crl[0].vek_revoked);
	sev_snp_verifier_free(v);
	free(a);
	free(b);
	chain_free(&c);
}

/* Files are told apart by contents: a certificate, a CRL, neither. */
static void file_contents_decide(void **state)
{
	struct sev_snp_verifier *v;
	struct chain c;
	size_t len;
	uint8_t *crl;

	(void)state;
	chain_init(&c);
	crl = tc_crl(c.ark, c.ark_key, 0x777, at("2024-10-01"), at("2025-06-01"), &len);
	v = serial_verifier(&c);
	assert_int_equal(sev_snp_verifier_add_file(v, crl, len), 0);
	assert_int_equal(sev_snp_verifier_crl_count(v), 1);
	assert_int_equal(sev_snp_verifier_add_file(v, c.ask_der, c.ask_len), 0);
	assert_int_equal(sev_snp_verifier_crl_count(v), 1);
	assert_int_equal(sev_snp_verifier_add_file(v, (const uint8_t *)"junk", 4), SEV_E_FORMAT);
	crl[len / 2] ^= 1; /* no longer DER of anything */
	assert_int_equal(sev_snp_verifier_add_file(v, crl, len - 1), SEV_E_FORMAT);
	assert_int_equal(sev_snp_verify(v, &c.r, NULL), 0);
	sev_snp_verifier_free(v);
	free(crl);
	chain_free(&c);
}

/* A VLEK for the report, signed by this ASVK (with the test ASK's key). */
static uint8_t *test_vlek(struct chain *c, X509 *asvk, size_t *len)
{
	struct tc_vcek_exts e;
	X509 *x;
	uint8_t *der;

	tc_vcek_exts(&e, &report_tcb, c->r.chip_id, 64);
	x = tc_cert("SEV-VLEK", c->vcek_key, asvk, c->ask_key, 0x30003, at("2021-01-01"),
		    at("2030-01-01"), 48, e.ext, e.n - 1 /* no hwID */);
	der = tc_der(x, len);
	X509_free(x);
	return der;
}

/* The ASK and the ASVK are kept apart: both in one verifier, each chain takes its own. */
static void ask_and_asvk_apart(void **state)
{
	struct sev_snp_verifier *v;
	struct chain c;
	X509 *asvk;
	size_t len, vlen;
	uint8_t *der, *vlek;

	(void)state;
	chain_init(&c);
	asvk = tc_cert("SEV-VLEK-Milan", c.ask_key, c.ark, c.ark_key, 0x10002, at("2020-01-01"),
		       at("2045-01-01"), 48, NULL, 0);
	der = tc_der(asvk, &len);
	v = serial_verifier(&c);
	assert_int_equal(sev_snp_verifier_add_certs(v, der, len), 0);
	assert_int_equal(sev_snp_verify(v, &c.r, NULL), 0);
	sev_snp_verifier_free(v);
	/* the VLEK side, with the ASK given too */
	c.report[0x48] = 0x04;
	resign(&c);
	vlek = test_vlek(&c, asvk, &vlen);
	v = test_verifier(&c, vlek, vlen);
	assert_int_equal(sev_snp_verifier_add_certs(v, der, len), 0);
	assert_int_equal(sev_snp_verify(v, &c.r, NULL), 0);
	sev_snp_verifier_free(v);
	X509_free(asvk);
	free(vlek);
	free(der);
	chain_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_report_verifies),
		cmocka_unit_test(chain_without_report),
		cmocka_unit_test(every_signed_bit_flip_refused),
		cmocka_unit_test(signature_bit_flips_refused),
		cmocka_unit_test(vcek_signature_byte_flipped_refused),
		cmocka_unit_test(vcek_tbs_byte_flipped_refused),
		cmocka_unit_test(wrong_product_roots_refused),
		cmocka_unit_test(expired_and_early_chain_refused),
		cmocka_unit_test(missing_vcek_refused),
		cmocka_unit_test(cert_table_chain),
		cmocka_unit_test(test_chain_matching_verifies),
		cmocka_unit_test(vcek_tcb_differs_refused),
		cmocka_unit_test(vcek_hwid_differs_refused),
		cmocka_unit_test(masked_chip_id_skips_hwid),
		cmocka_unit_test(pss_salt_not_48_refused),
		cmocka_unit_test(vlek_report_with_vcek_refused),
		cmocka_unit_test(report_product_differs_refused),
		cmocka_unit_test(revoked_ask_refused),
		cmocka_unit_test(crl_not_by_ark_refused),
		cmocka_unit_test(required_crl_fails_closed),
		cmocka_unit_test(expired_test_ask_refused),
		cmocka_unit_test(two_different_vceks_refused),
		cmocka_unit_test(turin_chain_and_chip_id),
		cmocka_unit_test(vlek_chain),
		cmocka_unit_test(every_crl_applied),
		cmocka_unit_test(crl_checks_reported),
		cmocka_unit_test(file_contents_decide),
		cmocka_unit_test(ask_and_asvk_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
