/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks against expected values, with go-sev-guest's tools/check "good" and
 * "bad" values for its real Milan report (MANIFEST 2a).
 */
#include "snp-test.h"

#define MEASUREMENT "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b" \
		    "6bdf8a9ece31a5a608eb0cf2e4872b01"

static void load(struct sev_snp_report *r)
{
	size_t len;
	uint8_t *buf = test_vector(REPORT_VECTOR, &len);

	assert_int_equal(sev_snp_report_parse(buf, len, r), 0);
	free(buf);
}

static int run(const struct sev_snp_checks *c, struct sev_snp_check_result *res)
{
	struct sev_snp_report r;

	load(&r);
	return sev_snp_check(c, &r, SEV_SNP_PRODUCT_MILAN, "Milan-B0", res);
}

/* Exactly one failure, of this check. */
static void expect_one(const struct sev_snp_checks *c, const char *check)
{
	struct sev_snp_check_result res;

	assert_int_equal(run(c, &res), SEV_E_VERIFY);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.fail[0].check, check);
	sev_snp_check_result_free(&res);
}

static void good_values(struct sev_snp_checks *c)
{
	sev_snp_checks_init(c);
	assert_int_equal(sk_hex_decode(c->measurement, 48, MEASUREMENT), 0);
	c->has_measurement = true;
	c->report_data[0] = 1;
	c->report_data[1] = 2;
	c->report_data[2] = 3;
	c->report_data[3] = 4;
	c->report_data[4] = 5;
	c->has_report_data = c->has_host_data = c->has_family_id = c->has_image_id = true;
	c->allow_debug = true; /* the report's policy is Debug + SMT */
	assert_int_equal(sev_snp_tcb_spec_parse("4901323769462652930", &c->min_reported_tcb), 0);
	c->min_launch_tcb = c->min_reported_tcb;
	c->has_min_build = true;
	c->has_min_version = true;
	c->min_version_major = 1;
	c->min_version_minor = 49;
	c->has_vmpl = true;
	c->platform_require = 1;
	c->product = SEV_SNP_PRODUCT_MILAN;
}

static void go_sev_guest_good_values_pass(void **state)
{
	struct sev_snp_check_result res;
	struct sev_snp_checks c;

	(void)state;
	good_values(&c);
	assert_int_equal(run(&c, &res), 0);
	assert_int_equal(res.n, 0);
}

/* The real report allows debugging; that is refused unless allowed. */
static void debug_policy_refused(void **state)
{
	struct sev_snp_check_result res;
	struct sev_snp_checks c;

	(void)state;
	good_values(&c);
	c.allow_debug = false;
	expect_one(&c, "debug");
	sev_snp_checks_init(&c);
	assert_int_equal(run(&c, &res), SEV_E_VERIFY);
	assert_string_equal(res.fail[0].check, "debug");
	assert_string_equal(res.fail[0].actual, "policy 0xb0000 has debug set");
	sev_snp_check_result_free(&res);
}

/* go-sev-guest's "bad" minimum TCB is one above the report's: below the minimum. */
static void below_min_tcb_refused(void **state)
{
	struct sev_snp_check_result res;
	struct sev_snp_checks c;

	(void)state;
	good_values(&c);
	assert_int_equal(sev_snp_tcb_spec_parse("4901323769462652931", &c.min_reported_tcb), 0);
	assert_int_equal(run(&c, &res), SEV_E_VERIFY);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.fail[0].check, "min_tcb");
	assert_string_equal(res.fail[0].expected, ">= bl=3 tee=0 snp=5 ucode=68");
	assert_string_equal(res.fail[0].actual, "bl=2 tee=0 snp=5 ucode=68");
	sev_snp_check_result_free(&res);
	good_values(&c);
	assert_int_equal(sev_snp_tcb_spec_parse("snp=6", &c.min_launch_tcb), 0);
	expect_one(&c, "min_launch_tcb");
	good_values(&c);
	assert_int_equal(sev_snp_tcb_spec_parse("ucode=69", &c.min_committed_tcb), 0);
	expect_one(&c, "min_committed_tcb");
	good_values(&c);
	assert_int_equal(sev_snp_tcb_spec_parse("tee=1", &c.min_current_tcb), 0);
	expect_one(&c, "min_current_tcb");
}

static void go_sev_guest_bad_values_refused(void **state)
{
	struct sev_snp_checks c;

	(void)state;
	good_values(&c);
	c.min_build = 90;
	expect_one(&c, "min_build");
	good_values(&c);
	c.min_version_minor = 50;
	expect_one(&c, "min_version");
	good_values(&c);
	c.vmpl = 1;
	expect_one(&c, "vmpl");
	good_values(&c);
	c.platform_require = 0;
	c.platform_forbid = 1; /* go-sev-guest's platform_info 0: SMT not acceptable */
	expect_one(&c, "platform_forbid");
	good_values(&c);
	c.platform_require = 2;
	expect_one(&c, "platform_require");
}

static void exact_fields_refused(void **state)
{
	struct sev_snp_checks c;

	(void)state;
	good_values(&c);
	c.measurement[47] ^= 1;
	expect_one(&c, "measurement");
	good_values(&c);
	c.report_data[0] = 9;
	expect_one(&c, "report_data");
	good_values(&c);
	c.host_data[31] = 1;
	expect_one(&c, "host_data");
	good_values(&c);
	c.family_id[0] = 1;
	expect_one(&c, "family_id");
	good_values(&c);
	c.image_id[0] = 1;
	expect_one(&c, "image_id");
	good_values(&c);
	c.has_id_key_digest = true;
	c.id_key_digest[0] = 1;
	expect_one(&c, "id_key_digest");
	good_values(&c);
	c.has_author_key_digest = true;
	c.author_key_digest[47] = 1;
	expect_one(&c, "author_key_digest");
	good_values(&c);
	c.has_policy = true;
	c.policy = 0x30000;
	expect_one(&c, "policy");
}

static void guest_policy_checks(void **state)
{
	struct sev_snp_checks c;

	(void)state;
	good_values(&c);
	c.forbid_smt = true;
	expect_one(&c, "smt");
	good_values(&c);
	c.require_single_socket = true;
	expect_one(&c, "single_socket");
	good_values(&c);
	c.has_min_abi = true;
	c.min_abi_minor = 1;
	expect_one(&c, "min_abi");
	good_values(&c);
	c.has_min_guest_svn = true;
	c.min_guest_svn = 1;
	expect_one(&c, "min_guest_svn");
}

static void products_and_deny_list(void **state)
{
	struct sev_snp_checks c;
	struct sev_snp_check_result res;

	(void)state;
	good_values(&c);
	c.product = SEV_SNP_PRODUCT_GENOA;
	expect_one(&c, "product");
	good_values(&c);
	c.n_deny = 1;
	c.deny[0].product = SEV_SNP_PRODUCT_MILAN;
	expect_one(&c, "deny");
	good_values(&c);
	c.n_deny = 1;
	snprintf(c.deny[0].product_name, sizeof(c.deny[0].product_name), "Milan-B1");
	assert_int_equal(run(&c, &res), 0);
	good_values(&c);
	c.n_deny = 2;
	assert_int_equal(sev_snp_tcb_spec_parse("bl=2,tee=0,snp=5,ucode=68", &c.deny[0].tcb), 0);
	assert_int_equal(sev_snp_tcb_spec_parse("bl=2,tee=0,snp=6,ucode=68", &c.deny[1].tcb), 0);
	expect_one(&c, "deny");
}

/* All failures are listed, not just the first. */
static void every_failure_listed(void **state)
{
	struct sev_snp_check_result res;
	struct sev_snp_checks c;

	(void)state;
	good_values(&c);
	c.allow_debug = false;
	c.measurement[0] ^= 1;
	c.vmpl = 2;
	c.min_build = 4;
	assert_int_equal(run(&c, &res), SEV_E_VERIFY);
	assert_int_equal(res.n, 4);
	assert_string_equal(res.fail[0].check, "measurement");
	assert_string_equal(res.fail[3].check, "vmpl");
	sev_snp_check_result_free(&res);
}

static const char policy_file[] =
	"{\"measurement\": \"" MEASUREMENT "\", \"allow_debug\": true, \"vmpl\": 0,"
	" \"min_tcb\": {\"bl\": 2, \"snp\": 5, \"ucode\": 68},"
	" \"min_launch_tcb\": \"0x4405000000000002\","
	" \"min_version\": \"1.49\", \"min_build\": 3, \"platform_require\": [\"smt_en\"],"
	" \"product\": \"Milan\", \"deny\": [{\"product\": \"Genoa\"}, {\"tcb\": \"bl=1\"}],"
	" \"policy\": \"0xb0000\", \"host_data\": \"" "0000000000000000000000000000000000000000"
	"000000000000000000000000\"}";

static void policy_file_read(void **state)
{
	struct sev_snp_check_result res;
	struct sev_snp_checks c;

	(void)state;
	sev_snp_checks_init(&c);
	assert_int_equal(sev_snp_checks_from_json(&c, policy_file, strlen(policy_file)), 0);
	assert_true(c.has_measurement && c.allow_debug && c.has_vmpl && c.has_policy);
	assert_true(c.min_reported_tcb.set && !c.min_reported_tcb.is_raw);
	assert_int_equal(c.min_reported_tcb.spl.microcode, 68);
	assert_true(c.min_launch_tcb.is_raw);
	assert_int_equal(c.n_deny, 2);
	assert_int_equal(c.product, SEV_SNP_PRODUCT_MILAN);
	assert_int_equal(run(&c, &res), 0);
	c.allow_debug = false;
	assert_int_equal(run(&c, &res), SEV_E_VERIFY);
	sev_snp_check_result_free(&res);
}

static void policy_file_errors_refused(void **state)
{
	static const char *const bad[] = {
		"[]",
		"{\"measurment\": \"00\"}",
		"{\"measurement\": \"00\"}",
		"{\"allow_debug\": 1}",
		"{\"vmpl\": 4}",
		"{\"min_build\": 256}",
		"{\"min_version\": \"1\"}",
		"{\"min_tcb\": {\"bootloader\": 1}}",
		"{\"min_tcb\": \"bl=300\"}",
		"{\"platform_require\": [\"smt\"]}",
		"{\"product\": \"Rome\"}",
		"{\"deny\": [{}]}",
		"{\"deny\": [{\"cpu\": \"x\"}]}",
		"{\"vmpl\": 0, \"vmpl\": 1}",
		"{\"measurement\": ",
	};
	struct sev_snp_checks c;

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(bad); i++) {
		sev_snp_checks_init(&c);
		assert_int_equal(sev_snp_checks_from_json(&c, bad[i], strlen(bad[i])),
				 SEV_E_FORMAT);
	}
}

static void reference_document(void **state)
{
	static const char ref[] = "{\"sevkit_reference_values\": 1, \"mode\": \"snp\", "
				  "\"measurement\": \"" MEASUREMENT "\", \"policy\": \"0xb0000\", "
				  "\"vcpus\": 1, \"inputs\": {}}";
	static const char sev[] = "{\"sevkit_reference_values\": 1, \"mode\": \"sev\", "
				  "\"measurement\": \"" MEASUREMENT "\"}";
	static const char none[] = "{\"sevkit_reference_values\": 1, \"mode\": \"snp:svsm\"}";
	struct sev_snp_check_result res;
	struct sev_snp_checks c;

	(void)state;
	sev_snp_checks_init(&c);
	assert_int_equal(sev_snp_checks_from_reference(&c, ref, strlen(ref)), 0);
	assert_true(c.has_measurement && c.has_policy && c.policy == 0xb0000);
	c.allow_debug = true;
	assert_int_equal(run(&c, &res), 0);
	sev_snp_checks_init(&c);
	assert_int_equal(sev_snp_checks_from_reference(&c, sev, strlen(sev)), SEV_E_FORMAT);
	assert_int_equal(sev_snp_checks_from_reference(&c, none, strlen(none)), SEV_E_FORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(go_sev_guest_good_values_pass),
		cmocka_unit_test(debug_policy_refused),
		cmocka_unit_test(below_min_tcb_refused),
		cmocka_unit_test(go_sev_guest_bad_values_refused),
		cmocka_unit_test(exact_fields_refused),
		cmocka_unit_test(guest_policy_checks),
		cmocka_unit_test(products_and_deny_list),
		cmocka_unit_test(every_failure_listed),
		cmocka_unit_test(policy_file_read),
		cmocka_unit_test(policy_file_errors_refused),
		cmocka_unit_test(reference_document),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
