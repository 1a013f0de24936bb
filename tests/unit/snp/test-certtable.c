/* SPDX-License-Identifier: Apache-2.0 */
/* The extended-report certificate table (GHCB format), with the real Milan VCEK, ASK, ARK. */
#include "snp-test.h"

struct certs {
	uint8_t *vcek, *ask, *ark;
	size_t vcek_len, ask_len, ark_len;
};

static void load(struct certs *c)
{
	c->vcek = test_vector(VCEK_VECTOR, &c->vcek_len);
	c->ask = tc_pem_der("snp/go-sev-guest_milan_ask_ark.pem", 0, &c->ask_len);
	c->ark = tc_pem_der("snp/go-sev-guest_milan_ask_ark.pem", 1, &c->ark_len);
}

static void unload(struct certs *c)
{
	free(c->vcek);
	free(c->ask);
	free(c->ark);
}

static void three_certificates(void **state)
{
	struct certs c;
	struct sev_snp_cert_table t;
	uint8_t *buf;
	size_t len;

	(void)state;
	load(&c);
	buf = tc_table((struct tc_table_entry[]){ { tc_guid_ark, c.ark, c.ark_len },
						  { tc_guid_ask, c.ask, c.ask_len },
						  { tc_guid_vcek, c.vcek, c.vcek_len } }, 3, &len);
	assert_int_equal(sev_snp_cert_table_parse(buf, len, &t), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.entry[0].kind, SEV_SNP_CERT_ARK);
	assert_int_equal(t.entry[1].kind, SEV_SNP_CERT_ASK);
	assert_int_equal(t.entry[2].kind, SEV_SNP_CERT_VCEK);
	assert_int_equal(t.entry[0].offset, 4 * 24);
	assert_int_equal(t.entry[2].length, c.vcek_len);
	assert_memory_equal(t.entry[2].data, c.vcek, c.vcek_len);
	assert_string_equal(sev_snp_cert_kind_name(t.entry[1].kind), "ask");
	free(buf);
	unload(&c);
}

/* The kernel zeroes the buffer: a host without certificates gives zeros, or nothing. */
static void empty_tables(void **state)
{
	struct sev_snp_cert_table t;
	uint8_t zero[4096] = { 0 };

	(void)state;
	assert_int_equal(sev_snp_cert_table_parse(zero, sizeof(zero), &t), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(sev_snp_cert_table_parse(zero, 0, &t), 0);
	assert_int_equal(t.n, 0);
}

static void unknown_guid_kept_as_other(void **state)
{
	static const uint8_t guid[16] = { 1, 2, 3 };
	struct sev_snp_cert_table t;
	uint8_t data[4] = { 9, 9, 9, 9 }, *buf;
	size_t len;

	(void)state;
	buf = tc_table((struct tc_table_entry[]){ { guid, data, 4 } }, 1, &len);
	assert_int_equal(sev_snp_cert_table_parse(buf, len, &t), 0);
	assert_int_equal(t.entry[0].kind, SEV_SNP_CERT_OTHER);
	free(buf);
}

static void offset_into_table_refused(void **state)
{
	struct sev_snp_cert_table t;
	uint8_t data[8] = { 1 }, *buf;
	size_t len;

	(void)state;
	buf = tc_table((struct tc_table_entry[]){ { tc_guid_vcek, data, 8 } }, 1, &len);
	sk_put_le32(buf + 16, 8);
	assert_int_equal(sev_snp_cert_table_parse(buf, len, &t), SEV_E_FORMAT);
	free(buf);
}

static void length_past_end_refused(void **state)
{
	struct sev_snp_cert_table t;
	uint8_t data[8] = { 1 }, *buf;
	size_t len;

	(void)state;
	buf = tc_table((struct tc_table_entry[]){ { tc_guid_vcek, data, 8 } }, 1, &len);
	sk_put_le32(buf + 20, 9);
	assert_int_equal(sev_snp_cert_table_parse(buf, len, &t), SEV_E_FORMAT);
	sk_put_le32(buf + 20, 0xffffffffu);
	assert_int_equal(sev_snp_cert_table_parse(buf, len, &t), SEV_E_FORMAT);
	sk_put_le32(buf + 16, 0xfffffff0u);
	sk_put_le32(buf + 20, 0x20);
	assert_int_equal(sev_snp_cert_table_parse(buf, len, &t), SEV_E_FORMAT);
	free(buf);
}

static unsigned n_logged;
static char logged[1024];

static void capture(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	n_logged++;
	snprintf(logged, sizeof(logged), "%s", msg);
}

static void missing_terminator_refused(void **state)
{
	struct sev_snp_cert_table t;
	uint8_t buf[24 + 8];

	(void)state;
	memcpy(buf, tc_guid_vcek, 16);
	sk_put_le32(buf + 16, 24);
	sk_put_le32(buf + 20, 0);
	assert_int_equal(sev_snp_cert_table_parse(buf, 24, &t), SEV_E_FORMAT);
	/* a partial entry where the terminator belongs: one message, about the terminator */
	memset(buf + 24, 0xff, 8);
	n_logged = 0;
	sev_set_log(capture, NULL);
	assert_int_equal(sev_snp_cert_table_parse(buf, sizeof(buf), &t), SEV_E_FORMAT);
	sev_set_log(NULL, NULL);
	assert_int_equal(n_logged, 1);
	assert_string_equal(logged, "certificate table: terminator at offset 0x18: no all-zero "
			    "entry ends the table");
}

static void duplicate_entry_refused(void **state)
{
	struct sev_snp_cert_table t;
	uint8_t data[8] = { 1 }, *buf;
	size_t len;

	(void)state;
	buf = tc_table((struct tc_table_entry[]){ { tc_guid_vcek, data, 8 },
						  { tc_guid_vcek, data, 8 } }, 2, &len);
	assert_int_equal(sev_snp_cert_table_parse(buf, len, &t), SEV_E_FORMAT);
	free(buf);
}

static void too_many_entries_refused(void **state)
{
	struct tc_table_entry e[SEV_SNP_CERT_TABLE_MAX + 1];
	uint8_t guids[SEV_SNP_CERT_TABLE_MAX + 1][16] = { { 0 } }, data[1] = { 0 }, *buf;
	struct sev_snp_cert_table t;
	size_t len;

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(e); i++) {
		guids[i][0] = (uint8_t)(i + 1);
		e[i] = (struct tc_table_entry){ guids[i], data, 1 };
	}
	buf = tc_table(e, SK_ARRAY_SIZE(e), &len);
	assert_int_equal(sev_snp_cert_table_parse(buf, len, &t), SEV_E_FORMAT);
	free(buf);
}

/* The builder lays a table out as the GHCB specification does (tc_table, written apart). */
static void built_table_is_the_ghcb_layout(void **state)
{
	static const uint8_t other[16] = { 0x92, 0xf8, 0x1b, 0xc3 };
	struct certs c;
	uint8_t *got, *want;
	size_t got_len, want_len;

	(void)state;
	load(&c);
	want = tc_table((struct tc_table_entry[]){ { tc_guid_vcek, c.vcek, c.vcek_len },
						   { tc_guid_ask, c.ask, c.ask_len },
						   { other, c.ark, c.ark_len } }, 3, &want_len);
	struct sev_snp_cert_entry e[3] = {
		{ .kind = SEV_SNP_CERT_VCEK, .data = c.vcek, .length = (uint32_t)c.vcek_len },
		{ .kind = SEV_SNP_CERT_ASK, .data = c.ask, .length = (uint32_t)c.ask_len },
		{ .kind = SEV_SNP_CERT_OTHER, .data = c.ark, .length = (uint32_t)c.ark_len },
	};
	memcpy(e[2].guid, other, 16);
	assert_int_equal(sev_snp_cert_table_build(e, 3, &got, &got_len), 0);
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);
	free(got);
	/* no entries: the terminator alone, the empty table a host without certificates has */
	assert_int_equal(sev_snp_cert_table_build(e, 0, &got, &got_len), 0);
	assert_int_equal(got_len, 24);
	assert_true(sk_all_zero(got, 24));
	free(got);
	e[0].length = 0;
	assert_int_equal(sev_snp_cert_table_build(e, 1, &got, &got_len), SEV_E_INVALID);
	free(want);
	unload(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_certificates),
		cmocka_unit_test(empty_tables),
		cmocka_unit_test(unknown_guid_kept_as_other),
		cmocka_unit_test(offset_into_table_refused),
		cmocka_unit_test(length_past_end_refused),
		cmocka_unit_test(missing_terminator_refused),
		cmocka_unit_test(duplicate_entry_refused),
		cmocka_unit_test(too_many_entries_refused),
		cmocka_unit_test(built_table_is_the_ghcb_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
