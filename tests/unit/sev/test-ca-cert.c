/* SPDX-License-Identifier: Apache-2.0 */
/* AMD signing-key certificates: the real ARK and ASK of five generations. */
#include "../test.h"

#include <sevkit/cert.h>

#include "sev/cert-internal.h"
#include "util/bytes.h"

struct known {
	const char *gen;
	size_t size;
	const char *desc;
	const char *ark_id, *ark_fp, *ask_id, *ask_fp;
};

/* tests/vectors/sev/MANIFEST.md section 1 */
static const struct known gens[] = {
	{ "naples", 832, "R2048 R256", "1bb987c359494606b174945601c9ea5b",
	  "8efddcaaf84990cf6354d93637be270220cf15797332b3d918c3b8cc77349f31",
	  "e139970cfc464377ae61b289e2f9e96e",
	  "5dff2a2a4dd59dc095d73a26af28be523192ade830bdd35bacdd81ee75584c45" },
	{ "rome", 1600, "R4096 R384", "e6002122fb58419399d15fee7b131351",
	  "3d2c1157c29ef7bd4207fc0c8b08db080e579ceba267f8c93bec8dce73f5a5e2e60d959ac37ea82176c1a0c61ae203ed",
	  "c6cbcf145b3146f498e40ecb4ad4fded",
	  "d8cd9d1798c311c96e009a91552f17b4ddc4886a064ec933697734965b9ab29db803c79604e2725658f0861bfaf09ad4" },
	{ "milan", 1600, "R4096 R384", "94c38e4177d0479292a7ae671d083fb6",
	  "569da618dfe64015c343db6d975e77b72fdeacd16edd02d9d09b889b8f0f1d91ffa5dfbd86f7ac574a1a7883b7a1e737",
	  "73478c05cc174bfeb06e718fa75dc3c8",
	  "95cba79ba3c77daea79f741bade8156a50b1c59f6d6fda104d16dd264729f5ee8989522f3711fc7c84719921ceb31bc0" },
	{ "genoa", 1600, "R4096 R384", "9f9d4a8fe761456599f6946c4c010f3a",
	  "b66e16ff0ebeed57f0c4dffa154872c4156f2e5b1c2f4e66e58fc37f1d2a60d31a342ecb6430a9b2510a970c75c37926",
	  "acbb4ad21acc436fb3e932f812cd01b0",
	  "9fa6db577758411b576cfcdc3c2f0851e60f0c69ffdcb6301ad2f7864f91e829f62925888464d9d285612eb03b3fc63d" },
	{ "turin", 1600, "R4096 R384", "d05c3a8bde484904b49552422ceb3942",
	  "712a28007da1097e8c4fd3a2e8655012b27e04042323a0a30e111fc0cf698961040c6fc3ff2053abe70432cfef411a0e",
	  "15051693f7304d65a527b4a7f3f7cb77",
	  "9ae10c44573f0c0dee8044a89ee1ba5acd8f3909651fd3c96bfec3d4419c1bd60d7d9a35d42509c3a71e307b0f60c1d1" },
};

static void load(const char *gen, const char *which, struct sev_ca_cert *c)
{
	char path[128];
	size_t len, used;
	uint8_t *buf;

	snprintf(path, sizeof(path), "sev/virtee-sev_builtin_%s_%s.cert", gen, which);
	buf = test_vector(path, &len);
	assert_int_equal(sev_ca_cert_parse(buf, len, c, &used), 0);
	assert_int_equal(used, len);
	free(buf);
}

static void check_one(const struct sev_ca_cert *c, uint32_t usage, const struct known *k,
		      const char *id, const char *fp)
{
	uint8_t digest[48];
	size_t n;
	char desc[16];

	assert_int_equal(c->usage, usage);
	assert_int_equal(c->len, k->size);
	assert_true(c->has_signature);
	assert_hex_equal(c->key_id, 16, id);
	sev_ca_cert_key_desc(c, desc, sizeof(desc));
	assert_string_equal(desc, k->desc);
	assert_int_equal(sev_ca_cert_fingerprint(c, digest, &n), 0);
	assert_hex_equal(digest, n, fp);
}

static void builtin_roots_parse_and_verify(void **state)
{
	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(gens); i++) {
		struct sev_ca_cert ark, ask;
		struct sk_key *ark_key, *ask_key;

		load(gens[i].gen, "ark", &ark);
		load(gens[i].gen, "ask", &ask);
		check_one(&ark, SEV_USAGE_ARK, &gens[i], gens[i].ark_id, gens[i].ark_fp);
		check_one(&ask, SEV_USAGE_ASK, &gens[i], gens[i].ask_id, gens[i].ask_fp);
		assert_memory_equal(ask.certifying_id, ark.key_id, 16);
		assert_int_equal(sk_ca_cert_pubkey(&ark, &ark_key), 0);
		assert_int_equal(sk_ca_cert_pubkey(&ask, &ask_key), 0);
		assert_int_equal(sk_ca_cert_check(&ark, ark_key), 0);
		assert_int_equal(sk_ca_cert_check(&ask, ark_key), 0);
		assert_int_equal(sk_ca_cert_check(&ark, ask_key), SEV_E_VERIFY);
		sk_key_free(ark_key);
		sk_key_free(ask_key);
	}
}

static void unsigned_naples_ark_parses_without_signature(void **state)
{
	struct sev_ca_cert bad, good;
	size_t len, used;
	uint8_t *buf = test_vector("sev/virtee-sev_tests_naples_ark.cert.bad", &len);

	(void)state;
	assert_int_equal(len, 576);
	assert_int_equal(sev_ca_cert_parse(buf, len, &bad, &used), 0);
	assert_false(bad.has_signature);
	assert_int_equal(used, 576);
	load("naples", "ark", &good);
	assert_memory_equal(bad.raw, good.raw, 576);
	free(buf);
}

static void malformed_ca_certificates_are_refused(void **state)
{
	struct sev_ca_cert c;
	size_t len, used;
	uint8_t *buf = test_vector("sev/virtee-sev_builtin_rome_ask.cert", &len);

	(void)state;
	assert_int_equal(sev_ca_cert_parse(buf, len - 1, &c, &used), SEV_E_FORMAT); /* truncated sig */
	assert_int_equal(sev_ca_cert_parse(buf, 0x30, &c, &used), SEV_E_FORMAT);    /* header */
	buf[0x24] = 0x14; /* usage */
	assert_int_equal(sev_ca_cert_parse(buf, len, &c, &used), SEV_E_FORMAT);
	buf[0x24] = 0x13;
	/* modulus_size 4096 (00 10 00 00) -> 1024 */
	buf[0x3d] = 0x04; /* 1024 bits */
	assert_int_equal(sev_ca_cert_parse(buf, len, &c, &used), SEV_E_FORMAT);
	buf[0x3d] = 0x10;
	buf[0x30] = 1; /* reserved */
	assert_int_equal(sev_ca_cert_parse(buf, len, &c, &used), SEV_E_FORMAT);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_roots_parse_and_verify),
		cmocka_unit_test(unsigned_naples_ark_parses_without_signature),
		cmocka_unit_test(malformed_ca_certificates_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
