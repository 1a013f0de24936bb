/* SPDX-License-Identifier: Apache-2.0 */
/* Chain verification on the real Naples and Rome chains, and every way to break them. */
#include "chain-files.h"

#include <sevkit/cert.h>

#include "crypto/pkey.h"
#include "sev/cert-internal.h"
#include "util/bytes.h"

struct known_chain {
	const char *gen;
	const char *fp[SEV_CHAIN_ROLES]; /* tests/vectors/sev/MANIFEST.md sections 1 and 2 */
};

static const struct known_chain known[] = {
	{ "naples",
	  { "dbec0cf343b140dc7ded571935e8d0ec8059fd1610ddb3c79eb177e7cd3878a2",
	    "8d55d63b6792c6ed10e11df7afc7e25d6a0428a6351fb9a806ec4160f2b0f390",
	    "70bb8f3702b22e848ef7a5dac704186ee80a889273443b4b5466da9405d4cc03",
	    "0f6570c3ddec6b393398084251f6924fcfb7d8fa1779e4e36dbbca30ee0c4f38",
	    "5dff2a2a4dd59dc095d73a26af28be523192ade830bdd35bacdd81ee75584c45",
	    "8efddcaaf84990cf6354d93637be270220cf15797332b3d918c3b8cc77349f31" } },
	{ "rome",
	  { "a19ef679477f2256d802ce9054ee6d1145dbeed52998c66ea97499a01d977c54",
	    "a37b51038cbaec1062f7b5f93e8caa55cc7798b1a813c26fae1cabc96320fa0a",
	    "deae2d45b8d1456c94b514fba0e6f6fb9f13afc9df9ba9670e9c9e9e54b4af6e",
	    "ce2cba2df8808d188f445192418e008ecf9bd1464db35ea64afa3b3b6966396c",
	    "d8cd9d1798c311c96e009a91552f17b4ddc4886a064ec933697734965b9ab29db803c79604e2725658f0861bfaf09ad4",
	    "3d2c1157c29ef7bd4207fc0c8b08db080e579ceba267f8c93bec8dce73f5a5e2e60d959ac37ea82176c1a0c61ae203ed" } },
};

static void load(const char *name, struct sev_chain *c)
{
	size_t len;
	uint8_t *buf = test_vector(name, &len);

	assert_int_equal(sev_chain_parse(buf, len, c), 0);
	free(buf);
}

static void load_derived(const char *gen, const char *kind, struct sev_chain *c)
{
	char name[64];

	snprintf(name, sizeof(name), "sev/derived/%s.%s", gen, kind);
	load(name, c);
}

static void fingerprint(const struct sev_chain *c, enum sev_chain_role r, uint8_t *fp,
			size_t *n)
{
	const struct sev_cert *sev[] = { &c->pdh, &c->pek, &c->oca, &c->cek };

	if (r == SEV_CHAIN_ASK)
		assert_int_equal(sev_ca_cert_fingerprint(&c->ask, fp, n), 0);
	else if (r == SEV_CHAIN_ARK)
		assert_int_equal(sev_ca_cert_fingerprint(&c->ark, fp, n), 0);
	else
		assert_int_equal(sev_cert_fingerprint(sev[r], fp, n), 0);
}

static void assert_links(const struct sev_chain_result *res, const enum sev_link_status *want)
{
	for (int i = 0; i < SEV_LINKS; i++) {
		if (res->link[i].status != want[i])
			fail_msg("link %s -> %s: %s, expected %s",
				 sev_chain_role_name(res->link[i].signer),
				 sev_chain_role_name(res->link[i].signee),
				 sev_link_status_name(res->link[i].status),
				 sev_link_status_name(want[i]));
		assert_true((res->link[i].reason == NULL) == (want[i] == SEV_LINK_OK));
	}
}

static const enum sev_link_status all_ok[SEV_LINKS];

/* All links OK except `bad`, which has status `st`. */
static void assert_only(const struct sev_chain_result *res, enum sev_link_id bad,
			enum sev_link_status st)
{
	enum sev_link_status want[SEV_LINKS] = { 0 };

	want[bad] = st;
	assert_links(res, want);
}

static void real_chains_verify_all_seven_links(void **state)
{
	static const char *const kinds[] = { "sevchain", "fullchain" };

	(void)state;
	for (size_t g = 0; g < SK_ARRAY_SIZE(known); g++) {
		for (size_t k = 0; k < SK_ARRAY_SIZE(kinds); k++) {
			struct sev_chain c;
			struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

			load_derived(known[g].gen, kinds[k], &c);
			assert_int_equal(sev_chain_verify(&c, NULL, &res), 0);
			assert_links(&res, all_ok);
			assert_string_equal(res.generation, known[g].gen);
			for (int r = 0; r < SEV_CHAIN_ROLES; r++) {
				uint8_t fp[48];
				size_t n;

				assert_true(sev_chain_has(&res.used, (enum sev_chain_role)r));
				fingerprint(&res.used, (enum sev_chain_role)r, fp, &n);
				assert_hex_equal(fp, n, known[g].fp[r]);
			}
		}
	}
}

static void link_table_names_signer_and_signee(void **state)
{
	struct sev_chain c;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	load_derived("rome", "sevchain", &c);
	assert_int_equal(sev_chain_verify(&c, NULL, &res), 0);
	assert_int_equal(res.link[SEV_LINK_ARK_SELF].signer, SEV_CHAIN_ARK);
	assert_int_equal(res.link[SEV_LINK_ARK_SELF].signee, SEV_CHAIN_ARK);
	assert_int_equal(res.link[SEV_LINK_ASK_CEK].signer, SEV_CHAIN_ASK);
	assert_int_equal(res.link[SEV_LINK_ASK_CEK].signee, SEV_CHAIN_CEK);
	assert_int_equal(res.link[SEV_LINK_OCA_PEK].signer, SEV_CHAIN_OCA);
	assert_int_equal(res.link[SEV_LINK_OCA_PEK].signee, SEV_CHAIN_PEK);
	assert_int_equal(res.link[SEV_LINK_PEK_PDH].signer, SEV_CHAIN_PEK);
	assert_int_equal(res.link[SEV_LINK_PEK_PDH].signee, SEV_CHAIN_PDH);
	assert_string_equal(sev_link_status_name(SEV_LINK_MISSING), "missing");
}

static void explicit_ca_of_the_right_generation_verifies(void **state)
{
	struct sev_chain c, ca;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	for (size_t g = 0; g < SK_ARRAY_SIZE(known); g++) {
		load_derived(known[g].gen, "sevchain", &c);
		load_derived(known[g].gen, "cachain", &ca);
		assert_int_equal(sev_chain_verify(&c, &ca, &res), 0);
		assert_links(&res, all_ok);
		assert_string_equal(res.generation, known[g].gen);
	}
}

static void naples_chain_with_amd_unsigned_ark_verifies(void **state)
{
	struct sev_chain c;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);
	size_t len;
	uint8_t *buf = CONCAT(&len, "sev/derived/naples.sevchain",
			      "sev/virtee-sev_builtin_naples_ask.cert",
			      "sev/virtee-sev_tests_naples_ark.cert.bad");

	(void)state;
	assert_int_equal(sev_chain_parse(buf, len, &c), 0);
	assert_int_equal(sev_chain_verify(&c, NULL, &res), 0);
	assert_links(&res, all_ok);
	/* as the --ca file too */
	assert_int_equal(sev_chain_parse(buf + 8336, len - 8336, &c), 0);
	{
		struct sev_chain sev;

		load_derived("naples", "sevchain", &sev);
		assert_int_equal(sev_chain_verify(&sev, &c, &res), 0);
		assert_links(&res, all_ok);
	}
	free(buf);
}

static void rome_ask_does_not_verify_naples_cek(void **state)
{
	struct sev_chain naples, rome_ca;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);
	struct sev_ca_cert rome_ask;
	struct sk_key *key;

	(void)state;
	load_derived("naples", "sevchain", &naples);
	/* detection picks Naples, never Rome */
	assert_int_equal(sev_chain_verify(&naples, NULL, &res), 0);
	assert_string_equal(res.generation, "naples");
	/* with the Rome roots forced, the ASK -> CEK link fails: no RSA_SHA384 slot by the ASK */
	load_derived("rome", "cachain", &rome_ca);
	assert_int_equal(sev_chain_verify(&naples, &rome_ca, &res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_ASK_CEK, SEV_LINK_FAILED);
	assert_string_equal(res.generation, "rome");
	/* and the Rome key does not verify the slot's signature under either hash */
	assert_int_equal(sev_builtin_ca("rome", NULL, &rome_ask), 0);
	assert_int_equal(sk_ca_cert_pubkey(&rome_ask, &key), 0);
	assert_int_not_equal(sk_sev_cert_check_slot(&naples.cek, 0, key), 0);
	naples.cek.sig[0].algo = SEV_ALGO_RSA_SHA384;
	assert_int_not_equal(sk_sev_cert_check_slot(&naples.cek, 0, key), 0);
	sk_key_free(key);
}

static void wrong_generation_ca_fails(void **state)
{
	struct sev_chain rome, naples_ca;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	load_derived("rome", "sevchain", &rome);
	load_derived("naples", "cachain", &naples_ca);
	assert_int_equal(sev_chain_verify(&rome, &naples_ca, &res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_ASK_CEK, SEV_LINK_FAILED);
	assert_string_equal(res.generation, "naples");
}

/* Flip one byte of the chain file and return the verification result. */
static int verify_flipped(const char *file, size_t off, struct sev_chain_result *res)
{
	struct sev_chain c;
	size_t len;
	uint8_t *buf = test_vector(file, &len);
	int rc;

	buf[off] ^= 0x01;
	assert_int_equal(sev_chain_parse(buf, len, &c), 0);
	rc = sev_chain_verify(&c, NULL, res);
	free(buf);
	return rc;
}

#define SIG0 (0x414 + 8)
#define SIG1 (0x61c + 8)

static void flipped_signature_byte_fails_its_link(void **state)
{
	static const struct {
		size_t off;
		enum sev_link_id link;
	} cases[] = {
		{ 0 * 0x824 + SIG0 + 5, SEV_LINK_PEK_PDH },  /* PDH: PEK's signature */
		{ 1 * 0x824 + SIG0 + 5, SEV_LINK_OCA_PEK },  /* PEK slot 0: OCA's */
		{ 1 * 0x824 + SIG1 + 5, SEV_LINK_CEK_PEK },  /* PEK slot 1: CEK's */
		{ 2 * 0x824 + SIG0 + 5, SEV_LINK_OCA_SELF }, /* OCA: its own */
		{ 3 * 0x824 + SIG0 + 5, SEV_LINK_ASK_CEK },  /* CEK: the ASK's */
		{ 4 * 0x824 + 0x40 + 1024 + 7, SEV_LINK_ARK_ASK }, /* ASK: the ARK's */
		{ 4 * 0x824 + 1600 + 0x40 + 1024 + 7, SEV_LINK_ARK_SELF }, /* ARK: its own */
	};
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(cases); i++) {
		assert_int_equal(verify_flipped("sev/derived/rome.fullchain", cases[i].off, &res),
				 SEV_E_VERIFY);
		assert_only(&res, cases[i].link, SEV_LINK_FAILED);
		assert_string_equal(res.link[cases[i].link].reason,
				    "the signature does not verify");
	}
	/* the Naples ASK signs with 2048-bit RSA-PSS/SHA-256 */
	assert_int_equal(verify_flipped("sev/derived/naples.fullchain", 3 * 0x824 + SIG0 + 200,
					&res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_ASK_CEK, SEV_LINK_FAILED);
	assert_string_equal(res.generation, "naples"); /* recognised by the ARK */
}

static void flipped_body_byte_fails_the_link_to_it(void **state)
{
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	/* PDH public key: the PEK's signature no longer matches */
	assert_int_equal(verify_flipped("sev/derived/naples.fullchain", 0x30, &res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_PEK_PDH, SEV_LINK_FAILED);
	/* the ARK modulus: no longer the trusted root */
	assert_int_equal(verify_flipped("sev/derived/naples.fullchain", 4 * 0x824 + 832 + 0x180,
					&res), SEV_E_VERIFY);
	assert_int_equal(res.link[SEV_LINK_ARK_SELF].status, SEV_LINK_FAILED);
}

/* Rewrite a slot's usage or algorithm and re-parse, as a forged certificate would. */
static void slot_metadata_is_pinned(void **state)
{
	struct sev_chain c;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	/* PDH slot 0 says ECDSA_SHA384: the PEK's key is ECDSA_SHA256 */
	load_derived("rome", "sevchain", &c);
	sk_put_le32(c.pdh.raw + 0x418, SEV_ALGO_ECDSA_SHA384);
	assert_int_equal(sev_cert_parse(c.pdh.raw, SEV_CERT_SIZE, &c.pdh), 0);
	assert_int_equal(sev_chain_verify(&c, NULL, &res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_PEK_PDH, SEV_LINK_FAILED);
	assert_string_equal(res.link[SEV_LINK_PEK_PDH].reason,
			    "no signature slot names the signer with its algorithm");
	/* PEK slot 1 claims the OCA signed it: the CEK has no slot any more */
	load_derived("rome", "sevchain", &c);
	sk_put_le32(c.pek.raw + 0x61c, SEV_USAGE_OCA);
	assert_int_equal(sev_cert_parse(c.pek.raw, SEV_CERT_SIZE, &c.pek), 0);
	assert_int_equal(sev_chain_verify(&c, NULL, &res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_CEK_PEK, SEV_LINK_FAILED);
	/* the ASK's certifying_id is not the ARK's key_id */
	load_derived("rome", "fullchain", &c);
	c.ask.certifying_id[3] ^= 1;
	assert_int_equal(sev_chain_verify(&c, NULL, &res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_ARK_ASK, SEV_LINK_FAILED);
}

static void certificate_from_another_machine_fails(void **state)
{
	struct sev_chain naples, rome;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	load_derived("naples", "sevchain", &naples);
	load_derived("rome", "sevchain", &rome);
	naples.pdh = rome.pdh;
	assert_int_equal(sev_chain_verify(&naples, NULL, &res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_PEK_PDH, SEV_LINK_FAILED);
	load_derived("naples", "sevchain", &naples);
	naples.oca = rome.oca;
	assert_int_equal(sev_chain_verify(&naples, NULL, &res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_OCA_PEK, SEV_LINK_FAILED);
}

static void foreign_ark_in_chain_is_not_trusted(void **state)
{
	struct sev_chain c, rome_ca;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	/* a Naples SEV chain carrying Rome's ASK and ARK: anchored on Naples (by the CEK) */
	load_derived("naples", "sevchain", &c);
	load_derived("rome", "cachain", &rome_ca);
	c.ask = rome_ca.ask;
	c.ark = rome_ca.ark;
	c.present |= rome_ca.present;
	assert_int_equal(sev_chain_verify(&c, NULL, &res), SEV_E_VERIFY);
	assert_string_equal(res.generation, "naples");
	assert_int_equal(res.link[SEV_LINK_ARK_SELF].status, SEV_LINK_FAILED);
	assert_string_equal(res.link[SEV_LINK_ARK_SELF].reason, "the ARK is not the trusted root");
	assert_int_equal(res.link[SEV_LINK_ASK_CEK].status, SEV_LINK_FAILED);
	assert_int_equal(res.link[SEV_LINK_ARK_ASK].status, SEV_LINK_OK);
}

static void missing_certificates_are_reported(void **state)
{
	static const enum sev_link_status ca_only[SEV_LINKS] = {
		SEV_LINK_OK, SEV_LINK_OK, SEV_LINK_MISSING, SEV_LINK_MISSING,
		SEV_LINK_MISSING, SEV_LINK_MISSING, SEV_LINK_MISSING,
	};
	static const enum sev_link_status no_oca[SEV_LINKS] = {
		SEV_LINK_OK, SEV_LINK_OK, SEV_LINK_OK, SEV_LINK_OK,
		SEV_LINK_MISSING, SEV_LINK_MISSING, SEV_LINK_OK,
	};
	struct sev_chain c;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	load_derived("rome", "cachain", &c);
	assert_int_equal(sev_chain_verify(&c, NULL, &res), SEV_E_VERIFY);
	assert_links(&res, ca_only);
	assert_string_equal(res.generation, "rome");
	assert_string_equal(res.link[SEV_LINK_PEK_PDH].reason, "the PEK is missing");
	load_derived("rome", "sevchain", &c);
	c.present &= ~(1u << SEV_CHAIN_OCA);
	assert_int_equal(sev_chain_verify(&c, NULL, &res), SEV_E_VERIFY);
	assert_links(&res, no_oca);
}

static void unsigned_cek_leaves_no_generation(void **state)
{
	static const enum sev_link_status want[SEV_LINKS] = {
		SEV_LINK_MISSING, SEV_LINK_MISSING, SEV_LINK_MISSING, SEV_LINK_OK,
		SEV_LINK_OK, SEV_LINK_OK, SEV_LINK_OK,
	};
	struct sev_chain c;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);

	(void)state;
	/* the platform's own CEK, before AMD signs it, has both slots empty */
	load_derived("rome", "sevchain", &c);
	sk_put_le32(c.cek.raw + 0x414, SEV_USAGE_INVALID);
	sk_put_le32(c.cek.raw + 0x418, SEV_ALGO_NONE);
	memset(c.cek.raw + SIG0, 0, 0x200);
	assert_int_equal(sev_cert_parse(c.cek.raw, SEV_CERT_SIZE, &c.cek), 0);
	assert_int_equal(sev_chain_verify(&c, NULL, &res), SEV_E_VERIFY);
	assert_null(res.generation);
	assert_links(&res, want);
	assert_string_equal(res.link[SEV_LINK_ASK_CEK].reason, "the ASK is missing");
}

static void fresh_oca_self_verifies_but_did_not_sign_the_pek(void **state)
{
	struct sev_chain c;
	struct sev_chain_result res = SEV_INIT(struct sev_chain_result);
	struct sk_key *key;

	(void)state;
	load_derived("naples", "sevchain", &c);
	assert_int_equal(sk_ec_generate(SK_P384, &key), 0);
	assert_int_equal(sk_sev_cert_build(&c.oca, SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA256, 0, 0, key),
			 0);
	assert_int_equal(sk_sev_cert_sign(&c.oca, 0, SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA256, key), 0);
	assert_int_equal(sev_chain_verify(&c, NULL, &res), SEV_E_VERIFY);
	assert_only(&res, SEV_LINK_OCA_PEK, SEV_LINK_FAILED);
	/* once it signs the PEK in slot 0, the whole chain holds again */
	assert_int_equal(sk_sev_cert_sign(&c.pek, 0, SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA256, key), 0);
	assert_int_equal(sev_chain_verify(&c, NULL, &res), 0);
	sk_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_chains_verify_all_seven_links),
		cmocka_unit_test(link_table_names_signer_and_signee),
		cmocka_unit_test(explicit_ca_of_the_right_generation_verifies),
		cmocka_unit_test(naples_chain_with_amd_unsigned_ark_verifies),
		cmocka_unit_test(rome_ask_does_not_verify_naples_cek),
		cmocka_unit_test(wrong_generation_ca_fails),
		cmocka_unit_test(flipped_signature_byte_fails_its_link),
		cmocka_unit_test(flipped_body_byte_fails_the_link_to_it),
		cmocka_unit_test(slot_metadata_is_pinned),
		cmocka_unit_test(certificate_from_another_machine_fails),
		cmocka_unit_test(foreign_ark_in_chain_is_not_trusted),
		cmocka_unit_test(missing_certificates_are_reported),
		cmocka_unit_test(unsigned_cek_leaves_no_generation),
		cmocka_unit_test(fresh_oca_self_verifies_but_did_not_sign_the_pek),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
