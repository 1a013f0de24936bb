/* SPDX-License-Identifier: Apache-2.0 */
/* Builtin AMD roots: byte-identical to AMD's published ARK/ASK of each generation. */
#include "../test.h"

#include <sevkit/cert.h>

#include "sev/builtin.h"
#include "sev/cert-internal.h"
#include "util/bytes.h"

/* tests/vectors/sev/MANIFEST.md section 1 */
static const char *const gens[] = { "naples", "rome", "milan", "genoa", "turin" };
static const char *const ark_fp[] = {
	"8efddcaaf84990cf6354d93637be270220cf15797332b3d918c3b8cc77349f31",
	"3d2c1157c29ef7bd4207fc0c8b08db080e579ceba267f8c93bec8dce73f5a5e2e60d959ac37ea82176c1a0c61ae203ed",
	"569da618dfe64015c343db6d975e77b72fdeacd16edd02d9d09b889b8f0f1d91ffa5dfbd86f7ac574a1a7883b7a1e737",
	"b66e16ff0ebeed57f0c4dffa154872c4156f2e5b1c2f4e66e58fc37f1d2a60d31a342ecb6430a9b2510a970c75c37926",
	"712a28007da1097e8c4fd3a2e8655012b27e04042323a0a30e111fc0cf698961040c6fc3ff2053abe70432cfef411a0e",
};
static const char *const ask_fp[] = {
	"5dff2a2a4dd59dc095d73a26af28be523192ade830bdd35bacdd81ee75584c45",
	"d8cd9d1798c311c96e009a91552f17b4ddc4886a064ec933697734965b9ab29db803c79604e2725658f0861bfaf09ad4",
	"95cba79ba3c77daea79f741bade8156a50b1c59f6d6fda104d16dd264729f5ee8989522f3711fc7c84719921ceb31bc0",
	"9fa6db577758411b576cfcdc3c2f0851e60f0c69ffdcb6301ad2f7864f91e829f62925888464d9d285612eb03b3fc63d",
	"9ae10c44573f0c0dee8044a89ee1ba5acd8f3909651fd3c96bfec3d4419c1bd60d7d9a35d42509c3a71e307b0f60c1d1",
};

static void generations_are_listed_oldest_first(void **state)
{
	(void)state;
	assert_int_equal(sev_generation_count(), SK_ARRAY_SIZE(gens));
	for (size_t i = 0; i < SK_ARRAY_SIZE(gens); i++)
		assert_string_equal(sev_generation_name(i), gens[i]);
	assert_null(sev_generation_name(SK_ARRAY_SIZE(gens)));
}

static void assert_same_as_vector(const struct sev_ca_cert *c, const char *gen, const char *key)
{
	char path[128];
	size_t len;
	uint8_t *buf;

	snprintf(path, sizeof(path), "sev/virtee-sev_builtin_%s_%s.cert", gen, key);
	buf = test_vector(path, &len);
	assert_int_equal(c->len, len);
	assert_memory_equal(c->raw, buf, len);
	free(buf);
}

static void builtin_roots_equal_the_published_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(gens); i++) {
		struct sev_ca_cert ark, ask;
		uint8_t fp[48];
		size_t n;

		assert_int_equal(sev_builtin_ca(gens[i], &ark, &ask), 0);
		assert_int_equal(ark.usage, SEV_USAGE_ARK);
		assert_int_equal(ask.usage, SEV_USAGE_ASK);
		assert_same_as_vector(&ark, gens[i], "ark");
		assert_same_as_vector(&ask, gens[i], "ask");
		assert_int_equal(sev_ca_cert_fingerprint(&ark, fp, &n), 0);
		assert_hex_equal(fp, n, ark_fp[i]);
		assert_int_equal(sev_ca_cert_fingerprint(&ask, fp, &n), 0);
		assert_hex_equal(fp, n, ask_fp[i]);
	}
	/* either output may be left out */
	assert_int_equal(sev_builtin_ca("rome", NULL, NULL), 0);
}

static void unknown_generation_is_refused(void **state)
{
	struct sev_ca_cert ark;

	(void)state;
	assert_int_equal(sev_builtin_ca("bergamo", &ark, NULL), SEV_E_INVALID);
	assert_int_equal(sev_builtin_ca("", &ark, NULL), SEV_E_INVALID);
	assert_int_equal(sev_builtin_ca("Naples", &ark, NULL), SEV_E_INVALID);
}

static struct sev_ca_cert parse_bad_naples_ark(void)
{
	struct sev_ca_cert c;
	size_t len, used;
	uint8_t *buf = test_vector("sev/virtee-sev_tests_naples_ark.cert.bad", &len);

	assert_int_equal(sev_ca_cert_parse(buf, len, &c, &used), 0);
	assert_false(c.has_signature);
	free(buf);
	return c;
}

static void unsigned_naples_ark_gets_the_known_signature(void **state)
{
	struct sev_ca_cert c = parse_bad_naples_ark(), good;
	struct sk_key *key;
	size_t len;
	uint8_t *sig = test_vector("sev/virtee-sev_tests_naples_ark.cert.sig", &len);

	(void)state;
	assert_true(sk_ca_cert_add_known_signature(&c));
	assert_true(c.has_signature);
	assert_int_equal(c.len, 576 + len);
	assert_memory_equal(c.raw + 576, sig, len);
	assert_int_equal(sev_builtin_ca("naples", &good, NULL), 0);
	assert_memory_equal(c.raw, good.raw, good.len);
	assert_int_equal(sk_ca_cert_pubkey(&c, &key), 0);
	assert_int_equal(sk_ca_cert_check(&c, key), 0);
	sk_key_free(key);
	/* already signed: nothing to add */
	assert_false(sk_ca_cert_add_known_signature(&c));
	free(sig);
}

static void other_unsigned_certificates_stay_unsigned(void **state)
{
	struct sev_ca_cert c = parse_bad_naples_ark();

	(void)state;
	c.raw[0x100] ^= 1; /* a modulus byte: not AMD's key any more */
	assert_false(sk_ca_cert_add_known_signature(&c));
	assert_false(c.has_signature);
	c.raw[0x100] ^= 1;
	c.key_id[0] ^= 1; /* same body, other key_id field (as parsed) */
	assert_false(sk_ca_cert_add_known_signature(&c));
	c.key_id[0] ^= 1;
	c.usage = SEV_USAGE_ASK;
	assert_false(sk_ca_cert_add_known_signature(&c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generations_are_listed_oldest_first),
		cmocka_unit_test(builtin_roots_equal_the_published_files),
		cmocka_unit_test(unknown_generation_is_refused),
		cmocka_unit_test(unsigned_naples_ark_gets_the_known_signature),
		cmocka_unit_test(other_unsigned_certificates_stay_unsigned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
