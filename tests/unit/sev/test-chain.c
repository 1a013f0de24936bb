/* SPDX-License-Identifier: Apache-2.0 */
/* Chain files: every layout of the peer tools, built from real AMD certificates. */
#include "chain-files.h"

#include <sevkit/cert.h>

#include "util/bytes.h"

#define N(f) "sev/virtee-sev_tests_naples_" f
#define R(f) "sev/virtee-sev_tests_rome_" f
#define BIT(r) (1u << SEV_CHAIN_##r)
#define ALL_SEV (BIT(PDH) | BIT(PEK) | BIT(OCA) | BIT(CEK))
#define ALL_CA (BIT(ASK) | BIT(ARK))

static int parse_vector(const char *name, struct sev_chain *c)
{
	size_t len;
	uint8_t *buf = test_vector(name, &len);
	int rc = sev_chain_parse(buf, len, c);

	free(buf);
	return rc;
}

static void assert_sizes(const struct sev_chain *c, const size_t *sizes)
{
	size_t off = 0;

	for (int r = 0; r < SEV_CHAIN_ROLES; r++) {
		if (!sev_chain_has(c, (enum sev_chain_role)r))
			continue;
		assert_int_equal(c->offset[r], off);
		assert_int_equal(c->size[r], sizes[r]);
		off += sizes[r];
	}
}

static void sevctl_export_layouts_parse(void **state)
{
	static const char *const files[] = {
		"sev/derived/naples.sevchain", "sev/derived/naples.fullchain",
		"sev/derived/rome.sevchain", "sev/derived/rome.fullchain",
	};
	static const size_t naples[] = { 0x824, 0x824, 0x824, 0x824, 832, 832 };
	static const size_t rome[] = { 0x824, 0x824, 0x824, 0x824, 1600, 1600 };
	struct sev_chain c;

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(files); i++) {
		assert_int_equal(parse_vector(files[i], &c), 0);
		assert_int_equal(c.present, i % 2 ? ALL_SEV | ALL_CA : ALL_SEV);
		assert_int_equal(c.pdh.usage, SEV_USAGE_PDH);
		assert_int_equal(c.pek.usage, SEV_USAGE_PEK);
		assert_int_equal(c.oca.usage, SEV_USAGE_OCA);
		assert_int_equal(c.cek.usage, SEV_USAGE_CEK);
		assert_sizes(&c, i < 2 ? naples : rome);
		if (i % 2) {
			assert_int_equal(c.ask.usage, SEV_USAGE_ASK);
			assert_int_equal(c.ark.usage, SEV_USAGE_ARK);
		}
	}
}

static void sev_tool_and_amd_layouts_parse(void **state)
{
	struct sev_chain c;
	size_t len;
	uint8_t *buf;

	(void)state;
	/* sev-tool cert_chain.cert: PEK OCA CEK */
	buf = CONCAT(&len, R("pek.cert"), R("oca.cert"), R("cek.cert"));
	assert_int_equal(sev_chain_parse(buf, len, &c), 0);
	assert_int_equal(c.present, BIT(PEK) | BIT(OCA) | BIT(CEK));
	assert_int_equal(c.offset[SEV_CHAIN_CEK], 2 * 0x824);
	assert_memory_equal(c.cek.raw, buf + 2 * 0x824, 0x824);
	free(buf);
	/* AMD ask_ark_rome.cert: ASK ARK */
	assert_int_equal(parse_vector("sev/derived/rome.cachain", &c), 0);
	assert_int_equal(c.present, ALL_CA);
	assert_int_equal(c.ark.modulus_bits, 4096);
	assert_true(c.ark.has_signature && c.ask.has_signature);
}

static void amd_naples_file_without_ark_signature_parses(void **state)
{
	struct sev_chain c;
	struct sev_ca_cert ark;
	size_t len;
	uint8_t *buf;

	(void)state;
	/* ask_ark_naples.cert as AMD publishes it: the ARK ends after its modulus */
	buf = CONCAT(&len, "sev/virtee-sev_builtin_naples_ask.cert",
		     "sev/virtee-sev_tests_naples_ark.cert.bad");
	assert_int_equal(len, 832 + 576);
	assert_int_equal(sev_chain_parse(buf, len, &c), 0);
	assert_int_equal(c.present, ALL_CA);
	assert_int_equal(c.size[SEV_CHAIN_ARK], 576); /* what the file held */
	assert_true(c.ark.has_signature);            /* completed */
	assert_int_equal(sev_builtin_ca("naples", &ark, NULL), 0);
	assert_int_equal(c.ark.len, ark.len);
	assert_memory_equal(c.ark.raw, ark.raw, ark.len);
	free(buf);
}

static void single_certificates_parse(void **state)
{
	static const struct {
		const char *file;
		enum sev_chain_role role;
	} singles[] = {
		{ N("pdh.cert"), SEV_CHAIN_PDH }, { N("pek.cert"), SEV_CHAIN_PEK },
		{ N("oca.cert"), SEV_CHAIN_OCA }, { N("cek.cert"), SEV_CHAIN_CEK },
		{ R("cek.cert"), SEV_CHAIN_CEK },
		{ "sev/virtee-sev_builtin_milan_ask.cert", SEV_CHAIN_ASK },
		{ "sev/virtee-sev_builtin_turin_ark.cert", SEV_CHAIN_ARK },
		{ "sev/virtee-sev_tests_naples_ark.cert.bad", SEV_CHAIN_ARK },
	};
	struct sev_chain c;

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(singles); i++) {
		assert_int_equal(parse_vector(singles[i].file, &c), 0);
		assert_int_equal(c.present, 1u << singles[i].role);
		assert_int_equal(c.offset[singles[i].role], 0);
	}
}

static int parse_concat_rc(const char *const *names)
{
	struct sev_chain c;
	size_t len;
	uint8_t *buf = concat_vectors(&len, names);
	int rc = sev_chain_parse(buf, len, &c);

	/* a refused chain is left empty */
	if (rc)
		assert_int_equal(c.present, 0);
	free(buf);
	return rc;
}

#define CONCAT_RC(...) parse_concat_rc((const char *const[]){ __VA_ARGS__, NULL })

static void duplicate_certificate_is_refused(void **state)
{
	(void)state;
	assert_int_equal(CONCAT_RC(N("pdh.cert"), N("pdh.cert")), SEV_E_FORMAT);
	assert_int_equal(CONCAT_RC(N("cek.cert"), R("cek.cert")), SEV_E_FORMAT);
	assert_int_equal(CONCAT_RC("sev/virtee-sev_builtin_rome_ask.cert",
				   "sev/virtee-sev_builtin_milan_ask.cert"), SEV_E_FORMAT);
}

static void swapped_order_is_refused(void **state)
{
	(void)state;
	assert_int_equal(CONCAT_RC(N("pek.cert"), N("pdh.cert")), SEV_E_FORMAT);
	assert_int_equal(CONCAT_RC(N("pdh.cert"), N("pek.cert"), N("cek.cert"), N("oca.cert")),
			 SEV_E_FORMAT);
	/* AMD order is ASK then ARK */
	assert_int_equal(CONCAT_RC("sev/virtee-sev_builtin_rome_ark.cert",
				   "sev/virtee-sev_builtin_rome_ask.cert"), SEV_E_FORMAT);
	/* the CA part after the SEV part */
	assert_int_equal(CONCAT_RC("sev/derived/naples.cachain", "sev/derived/naples.sevchain"),
			 SEV_E_FORMAT);
}

static int parse_modified(const char *file, size_t off, uint8_t xor_mask, size_t cut)
{
	struct sev_chain c;
	size_t len;
	uint8_t *buf = test_vector(file, &len);
	int rc;

	buf[off] ^= xor_mask;
	rc = sev_chain_parse(buf, len - cut, &c);
	free(buf);
	return rc;
}

static void truncated_chain_is_refused(void **state)
{
	struct sev_chain c;

	(void)state;
	/* in the ARK signature, in the CEK, and in the first certificate's header */
	assert_int_equal(parse_modified("sev/derived/rome.fullchain", 0, 0, 10), SEV_E_FORMAT);
	assert_int_equal(parse_modified("sev/derived/naples.sevchain", 0, 0, 1), SEV_E_FORMAT);
	assert_int_equal(parse_modified("sev/derived/naples.sevchain", 0, 0, 8336 - 8),
			 SEV_E_FORMAT);
	assert_int_equal(parse_modified("sev/derived/naples.cachain", 0, 0, 832 + 100),
			 SEV_E_FORMAT);
	assert_int_equal(sev_chain_parse((const uint8_t *)"", 0, &c), SEV_E_FORMAT);
}

static void unsigned_ask_or_other_ark_is_refused(void **state)
{
	(void)state;
	/* the ASK ends after its modulus (last 256 bytes cut) */
	assert_int_equal(parse_modified("sev/virtee-sev_builtin_naples_ask.cert", 0, 0, 256),
			 SEV_E_FORMAT);
	/* a Rome ARK without signature is not AMD's known quirk */
	assert_int_equal(parse_modified("sev/virtee-sev_builtin_rome_ark.cert", 0, 0, 512),
			 SEV_E_FORMAT);
	/* an unsigned Naples ARK whose modulus was changed */
	assert_int_equal(parse_modified("sev/virtee-sev_tests_naples_ark.cert.bad", 0x200, 1, 0),
			 SEV_E_FORMAT);
}

static void wrong_usage_is_refused(void **state)
{
	(void)state;
	/* PEK usage 0x1002 -> 0x1006 at 0x824 + 8: neither SEV nor CA usage */
	assert_int_equal(parse_modified("sev/derived/rome.sevchain", 0x824 + 8, 0x04, 0),
			 SEV_E_FORMAT);
	/* ARK usage 0 -> 0x13 (a second ASK) */
	assert_int_equal(parse_modified("sev/derived/naples.cachain", 832 + 0x24, 0x13, 0),
			 SEV_E_FORMAT);
	/* ASK usage 0x13 -> 0x12 */
	assert_int_equal(parse_modified("sev/derived/rome.cachain", 0x24, 0x01, 0), SEV_E_FORMAT);
	/* a malformed SEV certificate inside: OCA reserved field */
	assert_int_equal(parse_modified("sev/derived/naples.sevchain", 2 * 0x824 + 6, 1, 0),
			 SEV_E_FORMAT);
}

static void trailing_bytes_are_refused(void **state)
{
	struct sev_chain c;
	size_t len;
	uint8_t *buf = test_vector("sev/derived/naples.fullchain", &len);
	uint8_t *more = malloc(len + 0x824);

	(void)state;
	assert_non_null(more);
	memcpy(more, buf, len);
	memcpy(more + len, buf, 0x824); /* a PDH after the ARK */
	assert_int_equal(sev_chain_parse(more, len + 0x824, &c), SEV_E_FORMAT);
	memset(more + len, 0, 16);
	assert_int_equal(sev_chain_parse(more, len + 16, &c), SEV_E_FORMAT);
	/* junk after a SEV certificate */
	assert_int_equal(sev_chain_parse(more, 0x824 + 4, &c), SEV_E_FORMAT);
	free(more);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sevctl_export_layouts_parse),
		cmocka_unit_test(sev_tool_and_amd_layouts_parse),
		cmocka_unit_test(amd_naples_file_without_ark_signature_parses),
		cmocka_unit_test(single_certificates_parse),
		cmocka_unit_test(duplicate_certificate_is_refused),
		cmocka_unit_test(swapped_order_is_refused),
		cmocka_unit_test(truncated_chain_is_refused),
		cmocka_unit_test(unsigned_ask_or_other_ark_is_refused),
		cmocka_unit_test(wrong_usage_is_refused),
		cmocka_unit_test(trailing_bytes_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
