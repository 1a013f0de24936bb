/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The GPU verifier through the public API, on the real H100 vectors: the evidence forms read
 * to the same bytes; checks that do not depend on the report run once and are run again when
 * their inputs change; and the RIM rule that an index may not be vouched for by two RIMs, on
 * RIMs built in memory (no real pair of RIMs overlaps).
 */
#include "../test.h"

#include <pthread.h>
#include <stdbool.h>

#include <sevkit/gpu.h>
#include <sevkit/util.h>

#include "gpu/rim.h"
#include "gpu/spdm.h"

#define HOPPER "gpu/hopperAttestationReport.txt"
#define CHAIN "gpu/hopper_cert_chain_case1.txt"
#define NONCE "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb"

static struct sev_gpu_result res;

static struct sev_gpu_evidence evidence(const char *text, size_t len)
{
	struct sev_gpu_evidence e;

	assert_int_equal(sev_gpu_evidence_parse((const uint8_t *)text, len, &e), 0);
	assert_int_equal(e.n, 1);
	return e;
}

/* The hex text with spaces, newlines and 0x prefixes reads as the plain hex and the raw bytes. */
static void evidence_forms_agree(void **state)
{
	size_t len;
	char *hex = (char *)test_vector(HOPPER, &len), *spaced = malloc(2 * len + 8);
	struct sev_gpu_evidence plain, loose, raw;
	size_t o = 0;

	(void)state;
	assert_non_null(spaced);
	for (size_t i = 0; i < len; i += 2) {
		o += (size_t)sprintf(spaced + o, i % 64 ? "%s" : "\n0x", "");
		spaced[o++] = hex[i];
		spaced[o++] = hex[i + 1];
		spaced[o++] = ' ';
	}
	plain = evidence(hex, len);
	loose = evidence(spaced, o);
	raw = evidence((const char *)plain.dev[0].report, plain.dev[0].report_len);
	assert_int_equal(plain.dev[0].report_len, 4117);
	assert_int_equal(loose.dev[0].report_len, 4117);
	assert_memory_equal(loose.dev[0].report, plain.dev[0].report, 4117);
	assert_memory_equal(raw.dev[0].report, plain.dev[0].report, 4117);
	assert_null(plain.dev[0].chain);
	sev_gpu_evidence_free(&plain);
	sev_gpu_evidence_free(&loose);
	sev_gpu_evidence_free(&raw);
	free(hex);
	free(spaced);
}

static void bad_evidence_refused(void **state)
{
	static const char *const bad[] = {
		"", "   ", "{}", "[]", "{\"device_evidence_list\": {}}",
		"{\"device_evidence_list\": [{\"arch\": \"HOPPER\"}]}",
		"{\"device_evidence_list\": [{\"evidence\": \"!!\"}]}",
		"{\"device_evidence_list\": [{\"evidence\": \"00\", \"certificate\": \"AAAA\"}]}",
		"{\"device_evidence_list\": [{\"evidence\": \"00\", \"arch\": 7}]}",
		"[{\"evidence\": \"00\"}, 1]", "{\"nvidia\": 1}", "{\"a\": 1, \"a\": 2}",
	};
	struct sev_gpu_evidence e;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_not_equal(sev_gpu_evidence_parse((const uint8_t *)bad[i], strlen(bad[i]),
							    &e), 0);
}

static int run(struct sev_gpu_verifier *v, struct sev_gpu_report *r)
{
	memset(&res, 0, sizeof(res));
	res.size = sizeof(res);
	assert_int_equal(sev_gpu_verify(v, r, &res), 0);
	return res.verified;
}

/* The chain is checked once; a new time or root checks it again, with the new answer. */
static void fixed_checks_follow_their_inputs(void **state)
{
	size_t len, chain_len;
	uint8_t *text = test_vector(HOPPER, &len), *chain = test_vector(CHAIN, &chain_len);
	uint8_t nonce[32], *root;
	struct sev_gpu_evidence e = evidence((const char *)text, len);
	struct sev_gpu_verifier *v;
	struct sev_gpu_report *r;
	size_t root_len;

	(void)state;
	assert_int_equal(sev_hex_decode(nonce, 32, NONCE), 0);
	assert_int_equal(sev_gpu_report_parse(e.dev[0].report, e.dev[0].report_len, &r), 0);
	assert_string_equal(sev_gpu_report_driver_version(r), "550.90.07");
	assert_string_equal(sev_gpu_report_vbios_version(r), "96.00.9f.00.01");
	assert_int_equal(sev_gpu_verifier_new(&v), 0);
	res.size = sizeof(res);
	/* no chain: an error, not a verdict */
	assert_int_equal(sev_gpu_verify(v, r, &res), SEV_E_INVALID);
	assert_int_equal(sev_gpu_verifier_set_chain(v, chain, chain_len), 0);
	assert_false(run(v, r)); /* no nonce */
	assert_string_equal(res.fail[res.n_fail - 1].check, "nonce");
	assert_int_equal(sev_gpu_verifier_set_nonce(v, nonce), 0);
	assert_true(run(v, r));
	assert_true(run(v, r));
	sev_gpu_verifier_set_time(v, 1577836800); /* 2020-01-01: before the leaf */
	assert_false(run(v, r));
	assert_string_equal(res.fail[0].check, "expired");
	sev_gpu_verifier_set_time(v, 0);
	assert_true(run(v, r));
	/* a chain that cannot be used leaves none behind: an error again, not a crash */
	assert_int_not_equal(sev_gpu_verifier_set_chain(v, (const uint8_t *)"x", 1), 0);
	assert_int_equal(sev_gpu_verify(v, r, &res), SEV_E_INVALID);
	assert_int_equal(sev_gpu_verifier_set_chain(v, chain, chain_len), 0);
	assert_true(run(v, r));
	/* another root: the same chain no longer ends in it */
	root = test_vector("gpu/verifier_RIM_root.pem", &root_len);
	assert_int_equal(sev_gpu_verifier_set_root(v, root, root_len), 0);
	assert_false(run(v, r));
	assert_false(res.chain_verified);
	assert_true(res.signature_valid);
	sev_gpu_verifier_free(v);
	sev_gpu_report_free(r);
	sev_gpu_evidence_free(&e);
	free(root);
	free(chain);
	free(text);
}

/* Two RIMs, one driver and one VBIOS, both active at index 5: refused, naming both. */
static void overlapping_rims_refused(void **state)
{
	static const uint8_t value[48] = { 1 };
	struct sk_gpu_golden g[2] = { { 5, 1, 48, "Measurement_5", { { 1 } } },
				      { 5, 1, 48, "Measurement_5", { { 1 } } } };
	struct sk_gpu_rim rim[2] = { { .label = "driver", .version = "545.00", .n = 1,
				       .golden = &g[0] },
				     { .label = "vbios", .version = "96.00.5e.00.01", .vbios = true,
				       .n = 1, .golden = &g[1] } };
	struct sk_spdm_report r = { .n_block = 1 };

	(void)state;
	r.block[0] = (struct sk_spdm_block){ 6, 1, 48, value };
	memset(&res, 0, sizeof(res));
	assert_false(sk_gpu_rims_match(rim, 2, &r, "545.00", "96.00.5e.00.01", &res));
	assert_int_equal(res.n_fail, 1);
	assert_string_equal(res.fail[0].detail, "RIM index 5 is active in both driver and vbios");
	assert_int_equal(res.n_compared, 2);
	assert_int_equal(res.n_mismatch, 0);
	/* apart, each one matches */
	memset(&res, 0, sizeof(res));
	assert_true(sk_gpu_rims_match(rim, 1, &r, "545.00", "96.00.5e.00.01", &res));
	assert_int_equal(res.n_fail, 0);
}

/* What the broker does: verifiers on several threads at once, each with RIMs (xmlsec1). */
static void *verify_v1(void *arg)
{
	size_t len, chain_len, rim_len;
	uint8_t *text = test_vector("gpu/nvtrust-v1_attestationReport.txt", &len), nonce[32];
	uint8_t *chain = test_vector("gpu/nvtrust-v1_gpuAkCertChain.txt", &chain_len);
	uint8_t *rim = test_vector("gpu/rim/Driver_RIM_test_no_gpu.swidtag", &rim_len);
	struct sev_gpu_result *mine = calloc(1, sizeof(*mine));
	struct sev_gpu_evidence e = evidence((const char *)text, len);
	struct sev_gpu_report *r;
	bool *ok = arg;

	*ok = mine && !sev_hex_decode(nonce, 32, "4cff7f5380ead8fad8ec2c531c110aca4302a88f603"
				      "792801a8ca29ee151af2e") &&
	      !sev_gpu_report_parse(e.dev[0].report, e.dev[0].report_len, &r);
	for (int i = 0; *ok && i < 4; i++) {
		struct sev_gpu_verifier *v;

		mine->size = sizeof(*mine);
		*ok = !sev_gpu_verifier_new(&v) && !sev_gpu_verifier_set_chain(v, chain, chain_len) &&
		      !sev_gpu_verifier_set_nonce(v, nonce) &&
		      !sev_gpu_verifier_add_rim(v, "driver", rim, rim_len) &&
		      (sev_gpu_verifier_set_time(v, 1735689600), !sev_gpu_verify(v, r, mine)) &&
		      mine->verified && mine->n_compared == 21;
		sev_gpu_verifier_free(v);
	}
	sev_gpu_report_free(r);
	sev_gpu_evidence_free(&e);
	free(mine);
	free(rim);
	free(chain);
	free(text);
	return NULL;
}

static void verifiers_on_threads(void **state)
{
	pthread_t t[3];
	bool ok[3];

	(void)state;
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t[i], NULL, verify_v1, &ok[i]), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_true(ok[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(evidence_forms_agree),
		cmocka_unit_test(bad_evidence_refused),
		cmocka_unit_test(fixed_checks_follow_their_inputs),
		cmocka_unit_test(overlapping_rims_refused),
		cmocka_unit_test(verifiers_on_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
