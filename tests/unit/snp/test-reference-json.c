/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reference-values documents: written by sev_snp_reference_to_json() and read
 * back by sev_snp_checks_from_reference(), with the launch digest of
 * sev-snp-measure's trace (2 EPYC-v4 vCPUs, guest features 0x1, a kernel;
 * sev-snp-measure/MANIFEST.md).
 */
#include "snp-test.h"

#include <jansson.h>

#include "util/hex.h"

#define TRACE "snp/sev-snp-measure/trace_snp_2vcpu_epycv4_gf1_kernel.txt"

/* The FINAL line of sev-snp-measure's trace. */
static void final_digest(uint8_t ld[SEV_SNP_LD_LEN])
{
	size_t len;
	char *trace = (char *)test_vector(TRACE, &len), *p;

	trace = realloc(trace, len + 1);
	assert_non_null(trace);
	trace[len] = '\0';
	p = strstr(trace, "FINAL ");
	assert_non_null(p);
	p[6 + 2 * SEV_SNP_LD_LEN] = '\0';
	assert_int_equal(sk_hex_decode(ld, SEV_SNP_LD_LEN, p + 6), 0);
	free(trace);
}

static void snp_reference(struct sev_reference *r, const uint8_t ld[SEV_SNP_LD_LEN])
{
	*r = (struct sev_reference){
		.size = sizeof(*r),
		.mode = SEV_REFERENCE_SNP, .measurement = ld, .measurement_len = SEV_SNP_LD_LEN,
		.base64 = true, .policy = 0x30000, .vcpus = 2, .vcpu_type = "EPYC-v4",
		.has_vcpu_sig = true, .vcpu_sig = 0x800f12, .vmm = SEV_VMM_QEMU,
		.fpu = SEV_VMSA_INIT2, .guest_features = 0x1,
		.kernel = { .path = "bzImage" }, .append = "console=ttyS0",
	};
}

static json_t *parse(const char *text)
{
	json_t *doc = json_loads(text, 0, NULL);

	assert_non_null(doc);
	return doc;
}

static void snp_document_reads_back(void **state)
{
	uint8_t ld[SEV_SNP_LD_LEN];
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);
	struct sev_reference r = SEV_INIT(struct sev_reference);
	char *text;
	json_t *doc;

	(void)state;
	final_digest(ld);
	snp_reference(&r, ld);
	assert_int_equal(sev_snp_reference_to_json(&r, &text), 0);
	sev_snp_checks_init(&c);
	assert_int_equal(sev_snp_checks_from_reference(&c, text, strlen(text)), 0);
	assert_true(c.has_measurement);
	assert_memory_equal(c.measurement, ld, SEV_SNP_LD_LEN);
	assert_true(c.has_policy);
	assert_int_equal(c.policy, 0x30000);
	doc = parse(text);
	assert_string_equal(json_string_value(json_object_get(doc, "measurement")),
			    "b702990b7d54f16c1f7bb2239adf2973502c944da094f03811ecac3f9d0926b2"
			    "3e8ccbbb14e5ef62852fd87ed215db45");
	assert_string_equal(json_string_value(json_object_get(doc, "vcpu_sig")), "0x800f12");
	assert_string_equal(json_string_value(json_object_get(doc, "guest_features")), "0x1");
	assert_string_equal(json_string_value(json_object_get(doc, "vmm_type")), "QEMU");
	assert_null(json_object_get(doc, "launch_digest"));
	assert_null(json_object_get(json_object_get(doc, "inputs"), "initrd"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "inputs"),
							      "append")), "console=ttyS0");
	json_decref(doc);
	free(text);
}

/* A changed digest reads back changed: the reader takes what was written. */
static void measurement_is_the_one_written(void **state)
{
	uint8_t ld[SEV_SNP_LD_LEN];
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);
	struct sev_reference r = SEV_INIT(struct sev_reference);
	char *text;

	(void)state;
	final_digest(ld);
	ld[47] ^= 1;
	snp_reference(&r, ld);
	r.mode = SEV_REFERENCE_SVSM;
	r.vars_size = 540672;
	assert_int_equal(sev_snp_reference_to_json(&r, &text), 0);
	sev_snp_checks_init(&c);
	assert_int_equal(sev_snp_checks_from_reference(&c, text, strlen(text)), 0);
	assert_memory_equal(c.measurement, ld, SEV_SNP_LD_LEN);
	assert_non_null(strstr(text, "\"vars_size\": 540672"));
	free(text);
}

/* SEV documents keep launch_digest; the reader takes SNP documents only. */
static void sev_documents(void **state)
{
	uint8_t ld[SEV_SNP_LD_LEN];
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);
	struct sev_reference r = { .size = sizeof(r),
				   .mode = SEV_REFERENCE_SEV, .measurement_len = 32 };
	char *text;
	json_t *doc;

	(void)state;
	final_digest(ld);
	r.measurement = ld;
	assert_int_equal(sev_snp_reference_to_json(&r, &text), 0);
	doc = parse(text);
	assert_string_equal(json_string_value(json_object_get(doc, "launch_digest")),
			    json_string_value(json_object_get(doc, "measurement")));
	assert_null(json_object_get(doc, "policy"));
	assert_null(json_object_get(doc, "vcpus"));
	json_decref(doc);
	sev_snp_checks_init(&c);
	assert_int_equal(sev_snp_checks_from_reference(&c, text, strlen(text)), SEV_E_FORMAT);
	free(text);
	r.mode = SEV_REFERENCE_OVMF_HASH;
	r.measurement_len = SEV_SNP_LD_LEN;
	assert_int_equal(sev_snp_reference_to_json(&r, &text), 0);
	assert_null(strstr(text, "sevkit_reference_values"));
	assert_int_equal(sev_snp_checks_from_reference(&c, text, strlen(text)), SEV_E_FORMAT);
	free(text);
	r.measurement = NULL;
	assert_int_equal(sev_snp_reference_to_json(&r, &text), SEV_E_INVALID);
	assert_null(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snp_document_reads_back),
		cmocka_unit_test(measurement_is_the_one_written),
		cmocka_unit_test(sev_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
