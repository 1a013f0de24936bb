/* SPDX-License-Identifier: Apache-2.0 */
/*
 * trustee's SNP primary_evidence JSON back to report bytes. The real sample
 * (vectors/kbs MANIFEST §1: attestation-service/tests/e2e/evidence.json, a
 * Genoa version 3 report with its VCEK) proves the mapping: the rebuilt bytes
 * verify with the embedded VCEK through AMD's builtin Genoa roots.
 */
#include "../test.h"

#include <time.h>

#include <sevkit/snp.h>

#include "kbs/evidence-snp.h"

#define SAMPLE "kbs/snp/e2e-evidence.json"

static char last_log[512];

static void keep_log(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	snprintf(last_log, sizeof(last_log), "%s", msg);
}

static json_t *sample(void)
{
	size_t len;
	uint8_t *buf = test_vector(SAMPLE, &len);
	json_t *v = json_loadb((const char *)buf, len, 0, NULL);

	assert_non_null(v);
	free(buf);
	return v;
}

static json_t *report_member(json_t *pe, const char *name)
{
	return json_object_get(json_object_get(pe, "attestation_report"), name);
}

static int verify(const struct sk_kbs_snp_evidence *e)
{
	struct sev_snp_verifier *v;
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	struct sev_snp_report r;
	struct tm tm = { .tm_year = 126, .tm_mon = 0, .tm_mday = 1 }; /* 2026-01-01 */
	int rc;

	assert_int_equal(sev_snp_report_parse(e->report, sizeof(e->report), &r), 0);
	assert_int_equal(sev_snp_verifier_new(&v), 0);
	sev_snp_verifier_set_time(v, timegm(&tm));
	for (size_t i = 0; i < e->ncerts; i++)
		assert_int_equal(sev_snp_verifier_add_certs(v, e->certs[i].der, e->certs[i].len), 0);
	rc = sev_snp_verify(v, &r, &info);
	if (rc == 0) {
		assert_int_equal(info.product, SEV_SNP_PRODUCT_GENOA);
		assert_int_equal(info.key, SEV_SNP_KEY_VCEK);
	}
	sev_snp_verifier_free(v);
	return rc;
}

/* MANIFEST §1: the fields as the collector read them, and the signature verifies. */
static void real_sample_rebuilds_and_verifies(void **state)
{
	json_t *pe = sample();
	struct sk_kbs_snp_evidence e;
	struct sev_snp_report r;

	(void)state;
	assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), 0);
	assert_int_equal(sev_snp_report_parse(e.report, sizeof(e.report), &r), 0);
	assert_int_equal(r.version, 3);
	assert_int_equal(r.vmpl, 0);
	assert_int_equal(r.policy, 0x30000);
	assert_int_equal(r.platform_info, 0x25);
	assert_int_equal(r.signing_key, SEV_SNP_KEY_VCEK);
	assert_int_equal(r.cpuid_fam_id, 0x19);
	assert_int_equal(r.cpuid_mod_id, 0xa0);
	assert_int_equal(r.cpuid_step, 2);
	assert_int_equal(r.current_major, 1);
	assert_int_equal(r.current_minor, 55);
	assert_int_equal(r.current_build, 40);
	/* bl 10, tee 0, snp 23, ucode 25 in the Genoa layout: bytes 0, 1, 6, 7 */
	assert_int_equal(r.reported_tcb, 0x191700000000000aull);
	assert_int_equal(r.launch_tcb, r.reported_tcb);
	assert_hex_equal(r.report_data, 8, "7e7320889600c7ac");
	assert_hex_equal(r.report_data + 59, 5, "8f150cf9b0");
	assert_true(r.host_data[0] == 0 && !memcmp(r.host_data, r.host_data + 1, 31));
	assert_int_equal(e.ncerts, 1);
	assert_string_equal(e.certs[0].kind, "VCEK");
	assert_int_equal(e.certs[0].len, 1347);
	assert_int_equal(verify(&e), 0);
	sk_kbs_snp_evidence_clear(&e);
	assert_int_equal(e.ncerts, 0);
	assert_null(e.certs);
	json_decref(pe);
}

/* One value changed in the JSON: the rebuilt report no longer verifies. */
static void flipped_values_fail_verification(void **state)
{
	static const char *const member[] = { "report_data", "measurement", "chip_id" };
	struct sk_kbs_snp_evidence e;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		json_t *pe = sample(), *a = report_member(pe, member[i]);

		json_array_set_new(a, 5, json_integer(json_integer_value(json_array_get(a, 5)) ^ 1));
		assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), 0);
		assert_int_equal(verify(&e), SEV_E_VERIFY);
		sk_kbs_snp_evidence_clear(&e);
		json_decref(pe);
	}
	/* guest_svn 0 -> 1, and the signature's r */
	json_t *pe = sample(), *r;

	json_object_set_new(json_object_get(pe, "attestation_report"), "guest_svn",
			    json_integer(1));
	assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), 0);
	assert_int_equal(verify(&e), SEV_E_VERIFY);
	sk_kbs_snp_evidence_clear(&e);
	json_decref(pe);
	pe = sample();
	r = json_object_get(report_member(pe, "signature"), "r");
	json_array_set_new(r, 0, json_integer(json_integer_value(json_array_get(r, 0)) ^ 0x80));
	assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), 0);
	assert_int_equal(verify(&e), SEV_E_VERIFY);
	sk_kbs_snp_evidence_clear(&e);
	json_decref(pe);
}

/* Each defect is SEV_E_FORMAT and the logged reason names the field. */
static void strict_refusals_name_the_field(void **state)
{
	static const struct {
		const char *path; /* a.b or a.b[i]: the member to change */
		const char *json; /* its new value; NULL deletes it */
		const char *named;
	} cases[] = {
		{ "extra", "1", "unknown member \"extra\"" },
		{ "attestation_report.extra", "1", "unknown member \"extra\"" },
		{ "attestation_report.measurement", "[1,2,3]", "attestation_report.measurement" },
		{ "attestation_report.report_data[3]", "256", "attestation_report.report_data[3]" },
		{ "attestation_report.report_data[0]", "-1", "attestation_report.report_data[0]" },
		{ "attestation_report.host_data[1]", "1.0", "attestation_report.host_data[1]" },
		{ "attestation_report.version", "\"3\"", "attestation_report.version" },
		{ "attestation_report.vmpl", "4294967296", "attestation_report.vmpl" },
		{ "attestation_report.guest_svn", NULL, "attestation_report.guest_svn: missing" },
		{ "attestation_report.cpuid_step", "256", "attestation_report.cpuid_step" },
		{ "attestation_report.cpuid_fam_id", "null", "attestation_report.cpuid_fam_id" },
		{ "attestation_report.launch_mit_vector", "0", "attestation_report.launch_mit_vector" },
		{ "attestation_report.current_tcb.snp", "300", "attestation_report.current_tcb.snp" },
		{ "attestation_report.current_tcb.sev", "1", "unknown member \"sev\"" },
		{ "attestation_report.launch_tcb.fmc", "1", "attestation_report.launch_tcb.fmc: given in some" },
		{ "attestation_report.current.major", NULL, "attestation_report.current.major" },
		{ "attestation_report.signature.r", "[]", "attestation_report.signature.r" },
		{ "attestation_report.signature.t", "[]", "unknown member \"t\"" },
		{ "cert_chain", "{}", "cert_chain" },
		{ "cert_chain[0].cert_type", "\"CRL\"", "cert_chain[0]" },
		{ "cert_chain[0].data[7]", "999", "cert_chain[0].data[7]" },
		{ "cert_chain[0].data", "[]", "cert_chain[0].data" },
		{ "attestation_report", "[]", "attestation_report: not an object" },
	};

	(void)state;
	sev_set_log(keep_log, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *pe = sample(), *parent = pe, *nv;
		struct sk_kbs_snp_evidence e;
		char path[128], *tok, *save, *last = NULL;

		snprintf(path, sizeof(path), "%s", cases[i].path);
		/* walk to the parent of the last part */
		for (tok = strtok_r(path, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
			if (last) {
				char *br = strchr(last, '[');

				if (br) {
					*br = '\0';
					parent = json_array_get(json_object_get(parent, last),
								 strtoul(br + 1, NULL, 10));
				} else {
					parent = json_object_get(parent, last);
				}
			}
			last = tok;
		}
		nv = cases[i].json ? json_loads(cases[i].json, JSON_DECODE_ANY, NULL) : NULL;
		if (strchr(last, '[')) {
			char *br = strchr(last, '[');

			*br = '\0';
			json_array_set_new(json_object_get(parent, last), strtoul(br + 1, NULL, 10), nv);
		} else if (nv) {
			json_object_set_new(parent, last, nv);
		} else {
			json_object_del(parent, last);
		}
		last_log[0] = '\0';
		assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), SEV_E_FORMAT);
		assert_int_equal(e.ncerts, 0);
		if (!strstr(last_log, cases[i].named))
			fail_msg("%s: log \"%s\" does not name \"%s\"", cases[i].path, last_log,
				 cases[i].named);
		json_decref(pe);
	}
	sev_set_log(NULL, NULL);
}

/* fmc given in every TCB of a Genoa report: the layout would be Turin's. */
static void fmc_must_fit_the_product(void **state)
{
	static const char *const tcbs[] = { "current_tcb", "reported_tcb", "committed_tcb",
					    "launch_tcb" };
	json_t *pe = sample();
	struct sk_kbs_snp_evidence e;

	(void)state;
	for (size_t i = 0; i < 4; i++)
		json_object_set_new(report_member(pe, tcbs[i]), "fmc", json_integer(0));
	assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), SEV_E_FORMAT);
	json_decref(pe);
}

/* to_json(parse(sample)) is the sample, byte for byte; parse(to_json(x)) is x. */
static void round_trip(void **state)
{
	size_t len;
	uint8_t *text = test_vector(SAMPLE, &len);
	json_t *pe = sample(), *back;
	struct sk_kbs_snp_evidence e, e2;
	char *dumped;

	(void)state;
	assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), 0);
	back = sk_kbs_snp_evidence_to_json(&e);
	assert_non_null(back);
	assert_true(json_equal(back, pe));
	dumped = json_dumps(back, JSON_COMPACT);
	assert_int_equal(strlen(dumped), len);
	assert_memory_equal(dumped, text, len);
	assert_int_equal(sk_kbs_snp_evidence_parse(back, &e2), 0);
	assert_memory_equal(e2.report, e.report, sizeof(e.report));
	assert_int_equal(e2.ncerts, e.ncerts);
	assert_string_equal(e2.certs[0].kind, e.certs[0].kind);
	assert_int_equal(e2.certs[0].len, e.certs[0].len);
	assert_memory_equal(e2.certs[0].der, e.certs[0].der, e.certs[0].len);
	sk_kbs_snp_evidence_clear(&e2);
	json_decref(back);
	free(dumped);
	/* without certificates: cert_chain null, or absent */
	sk_kbs_snp_evidence_clear(&e);
	json_object_set_new(pe, "cert_chain", json_null());
	assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), 0);
	assert_int_equal(e.ncerts, 0);
	back = sk_kbs_snp_evidence_to_json(&e);
	assert_true(json_equal(back, pe));
	json_decref(back);
	json_object_del(pe, "cert_chain");
	assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), 0);
	assert_int_equal(e.ncerts, 0);
	json_decref(pe);
	free(text);
}

/* Version 5 carries the mitigation vectors at 0x1f8 and 0x200, and they come back. */
static void version5_mitigation_vectors(void **state)
{
	json_t *pe = sample(), *ar = json_object_get(pe, "attestation_report"), *back;
	struct sk_kbs_snp_evidence e;
	struct sev_snp_report r;

	(void)state;
	json_object_set_new(ar, "version", json_integer(5));
	json_object_set_new(ar, "launch_mit_vector", json_integer(0x0102));
	json_object_set_new(ar, "current_mit_vector", json_integer(0x0304));
	assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), 0);
	assert_int_equal(sev_snp_report_parse(e.report, sizeof(e.report), &r), 0);
	assert_int_equal(r.launch_mit_vector, 0x0102);
	assert_int_equal(r.current_mit_vector, 0x0304);
	assert_int_equal(e.report[0x1f8], 2);
	assert_int_equal(e.report[0x200], 4);
	back = sk_kbs_snp_evidence_to_json(&e);
	assert_true(json_equal(back, pe));
	json_decref(back);
	sk_kbs_snp_evidence_clear(&e);
	/* version 5 without them is refused */
	json_object_del(ar, "current_mit_vector");
	assert_int_equal(sk_kbs_snp_evidence_parse(pe, &e), SEV_E_FORMAT);
	json_decref(pe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_sample_rebuilds_and_verifies),
		cmocka_unit_test(flipped_values_fail_verification),
		cmocka_unit_test(strict_refusals_name_the_field),
		cmocka_unit_test(fmc_must_fit_the_product),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(version5_mitigation_vectors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
