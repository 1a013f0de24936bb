/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A certificate table from the files KDS serves (the real Milan VCEK in DER,
 * the ASK and ARK bundle in PEM): each certificate in DER under its role's
 * GUID, compared with a table laid out by the test itself.
 */
#include "snp-test.h"

#define BUNDLE "snp/go-sev-guest_milan_ask_ark.pem"

struct file {
	uint8_t *buf;
	size_t len;
};

static struct sev_snp_cert_file load(const char *rel, struct file *f)
{
	f->buf = test_vector(rel, &f->len);
	return (struct sev_snp_cert_file){ rel, f->buf, f->len };
}

static void vcek_and_bundle(void **state)
{
	struct file vcek, bundle;
	struct sev_snp_cert_file in[2] = { load(VCEK_VECTOR, &vcek), load(BUNDLE, &bundle) };
	size_t ask_len, ark_len, want_len, len;
	uint8_t *ask = tc_pem_der(BUNDLE, 0, &ask_len), *ark = tc_pem_der(BUNDLE, 1, &ark_len);
	uint8_t *want = tc_table((struct tc_table_entry[]){ { tc_guid_vcek, vcek.buf, vcek.len },
							    { tc_guid_ask, ask, ask_len },
							    { tc_guid_ark, ark, ark_len } }, 3,
				 &want_len),
		*got;

	(void)state;
	assert_int_equal(sev_snp_cert_table_make(in, 2, &got, &len), 0);
	assert_int_equal(len, want_len);
	assert_memory_equal(got, want, len);
	free(got);
	free(want);
	free(ask);
	free(ark);
	free(vcek.buf);
	free(bundle.buf);
}

/* The ASVK goes under the ASK's GUID: the table has no GUID of its own for it. */
static void asvk_under_the_ask_guid(void **state)
{
	struct file f;
	struct sev_snp_cert_file in = load("snp/go-sev-guest_milan_asvk_ark.pem", &f);
	struct sev_snp_cert_table t;
	uint8_t *got;
	size_t len;

	(void)state;
	assert_int_equal(sev_snp_cert_table_make(&in, 1, &got, &len), 0);
	assert_int_equal(sev_snp_cert_table_parse(got, len, &t), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.entry[0].kind, SEV_SNP_CERT_ASK);
	assert_int_equal(t.entry[1].kind, SEV_SNP_CERT_ARK);
	free(got);
	free(f.buf);
}

static void refusals(void **state)
{
	struct file bundle, again, other;
	struct sev_snp_cert_file twice[2] = { load(BUNDLE, &bundle), load(BUNDLE, &again) };
	struct sev_snp_cert_file junk = load("snp/sev-snp-measure/made_up_initrd.bin", &other);
	uint8_t *got = NULL;
	size_t len;

	(void)state;
	/* a second ASK: which one the firmware's reports go with would be a guess */
	assert_int_equal(sev_snp_cert_table_make(twice, 2, &got, &len), SEV_E_FORMAT);
	assert_int_equal(sev_snp_cert_table_make(&junk, 1, &got, &len), SEV_E_FORMAT);
	assert_null(got);
	free(bundle.buf);
	free(again.buf);
	free(other.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vcek_and_bundle),
		cmocka_unit_test(asvk_under_the_ask_guid),
		cmocka_unit_test(refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
