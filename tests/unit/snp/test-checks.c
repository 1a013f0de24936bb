/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks against expected values, with go-sev-guest's tools/check "good" and
 * "bad" values for its real Milan report (MANIFEST 2a).
 */
#include "snp-test.h"

#define MEASUREMENT "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b" \
		    "6bdf8a9ece31a5a608eb0cf2e4872b01"
#define HOST_DATA "1111111111111111111111111111111111111111111111111111111111111111"
#define OTHER_MEASUREMENT "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b" \
			  "6bdf8a9ece31a5a608eb0cf2e4872b00"

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
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);

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
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

	(void)state;
	good_values(&c);
	assert_int_equal(run(&c, &res), 0);
	assert_int_equal(res.n, 0);
}

/* The real report allows debugging; that is refused unless allowed. */
static void debug_policy_refused(void **state)
{
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

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
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

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
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

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
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

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
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

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
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);

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
	snprintf(c.deny[0].stepping, sizeof(c.deny[0].stepping), "B1");
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
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

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
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

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
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

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
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

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

/* Every spelling the parser accepts is a product line or a plain stepping, in upper case. */
static void product_spec_spellings(void **state)
{
	static const char *const good[] = { "Milan-B0", "milan-b0", "MILAN-B0", "mIlAn-b0" };
	static const char *const refused[] = { "Milan-", "Milan-B0 ", "Milan-B 0", "Milan-B0-x",
					       "Milan-B01234567", " Milan-B0", "Milan_B0", "Rome",
					       "Mila", "" };
	enum sev_snp_product p;
	char st[8];

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(good); i++) {
		assert_int_equal(sev_snp_product_spec_parse(good[i], &p, st), 0);
		assert_int_equal(p, SEV_SNP_PRODUCT_MILAN);
		assert_string_equal(st, "B0");
	}
	assert_int_equal(sev_snp_product_spec_parse("genoa", &p, st), 0);
	assert_int_equal(p, SEV_SNP_PRODUCT_GENOA);
	assert_string_equal(st, "");
	for (size_t i = 0; i < SK_ARRAY_SIZE(refused); i++)
		assert_int_equal(sev_snp_product_spec_parse(refused[i], &p, st), SEV_E_INVALID);
}

static int run_named(const struct sev_snp_checks *c, const char *product_name)
{
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_report r;
	int rc;

	load(&r);
	rc = sev_snp_check(c, &r, SEV_SNP_PRODUCT_MILAN, product_name, &res);
	sev_snp_check_result_free(&res);
	return rc;
}

/* A denied stepping matches the productName in any case; an unknown stepping fails closed. */
static void deny_stepping_any_case(void **state)
{
	static const char *const names[] = { "Milan-B0", "milan-b0", "MILAN-B0" };
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(names); i++) {
		good_values(&c);
		c.n_deny = 1;
		assert_int_equal(sev_snp_product_spec_parse(names[i], &c.deny[0].product,
							    c.deny[0].stepping), 0);
		assert_int_equal(run_named(&c, "Milan-B0"), SEV_E_VERIFY);
		assert_int_equal(run_named(&c, "Milan-b0"), SEV_E_VERIFY);
		assert_int_equal(run_named(&c, "Milan-B1"), 0);
		assert_int_equal(run_named(&c, "Milan"), SEV_E_VERIFY);
		assert_int_equal(run_named(&c, NULL), SEV_E_VERIFY);
	}
	/* the product check with a stepping: checked, and fails closed too */
	good_values(&c);
	assert_int_equal(sev_snp_product_spec_parse("milan-b0", &c.product, c.stepping), 0);
	assert_int_equal(run_named(&c, "Milan-B0"), 0);
	assert_int_equal(run_named(&c, "Milan-B1"), SEV_E_VERIFY);
	assert_int_equal(run_named(&c, NULL), SEV_E_VERIFY);
}

/* Policy bit 21 (CXL_ALLOW) is refused unless allowed. */
static void cxl_refused_by_default(void **state)
{
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_report r;

	(void)state;
	good_values(&c);
	load(&r);
	r.policy |= SEV_SNP_POLICY_CXL_ALLOW;
	assert_int_equal(sev_snp_check(&c, &r, SEV_SNP_PRODUCT_MILAN, "Milan-B0", &res),
			 SEV_E_VERIFY);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.fail[0].check, "cxl_allow");
	sev_snp_check_result_free(&res);
	c.allow_cxl = true;
	assert_int_equal(sev_snp_check(&c, &r, SEV_SNP_PRODUCT_MILAN, "Milan-B0", &res), 0);
	sev_snp_checks_init(&c);
	assert_int_equal(sev_snp_checks_from_json(&c, "{\"allow_cxl\": true}", 19), 0);
	assert_true(c.allow_cxl && c.has_allow_cxl);
}

static int merge_json(const char *a, const char *b, const char **field)
{
	struct sev_snp_checks x = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_checks y = SEV_INIT(struct sev_snp_checks);

	sev_snp_checks_init(&x);
	sev_snp_checks_init(&y);
	assert_int_equal(sev_snp_checks_from_json(&x, a, strlen(a)), 0);
	assert_int_equal(sev_snp_checks_from_json(&y, b, strlen(b)), 0);
	*field = NULL;
	return sev_snp_checks_merge(&x, &y, field);
}

/* Two sources pinning different values are refused, naming the check; equal values merge. */
static void merge_conflicts_named(void **state)
{
	static const char *const conflicts[][3] = {
		{ "{\"measurement\": \"" MEASUREMENT "\"}",
		  "{\"measurement\": \"" OTHER_MEASUREMENT "\"}", "measurement" },
		{ "{\"vmpl\": 0}", "{\"vmpl\": 1}", "vmpl" },
		{ "{\"policy\": 196608}", "{\"policy\": \"0xb0000\"}", "policy" },
		{ "{\"host_data\": \"" HOST_DATA "\"}", "{\"host_data\": \"" HOST_DATA "\"}",
		  NULL },
		{ "{\"report_data\": \"" MEASUREMENT "00000000000000000000000000000000\"}",
		  "{\"report_data\": \"" OTHER_MEASUREMENT "00000000000000000000000000000000\"}",
		  "report_data" },
		{ "{\"min_tcb\": \"bl=2\"}", "{\"min_tcb\": \"bl=3\"}", "min_tcb" },
		{ "{\"min_tcb\": \"bl=2\"}", "{\"min_tcb\": 2}", "min_tcb" },
		{ "{\"min_version\": \"1.49\"}", "{\"min_version\": \"1.50\"}", "min_version" },
		{ "{\"allow_debug\": false}", "{\"allow_debug\": true}", "allow_debug" },
		{ "{\"allow_cxl\": true}", "{\"allow_cxl\": false}", "allow_cxl" },
		{ "{\"product\": \"Milan\"}", "{\"product\": \"Milan-B0\"}", "product" },
		{ "{\"product\": \"Milan\"}", "{\"product\": \"Genoa\"}", "product" },
	};
	static const char *const same[][2] = {
		{ "{\"vmpl\": 0}", "{\"vmpl\": \"0\"}" },
		{ "{\"policy\": 720896}", "{\"policy\": \"0xb0000\"}" },
		{ "{\"min_tcb\": \"bl=2,snp=5\"}", "{\"min_tcb\": {\"bl\": 2, \"snp\": 5}}" },
		{ "{\"allow_debug\": true}", "{\"allow_debug\": true}" },
		{ "{\"product\": \"milan-b0\"}", "{\"product\": \"MILAN-B0\"}" },
		{ "{\"deny\": [{\"product\": \"Genoa\"}]}", "{\"deny\": [{\"product\": \"Milan\"}]}" },
		{ "{\"platform_require\": [\"smt_en\"]}", "{\"platform_require\": [\"tsme_en\"]}" },
	};
	struct sev_snp_checks x = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_checks y = SEV_INIT(struct sev_snp_checks);
	const char *field;

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(conflicts); i++) {
		if (!conflicts[i][2]) { /* the same value twice */
			assert_int_equal(merge_json(conflicts[i][0], conflicts[i][1], &field), 0);
			continue;
		}
		assert_int_equal(merge_json(conflicts[i][0], conflicts[i][1], &field),
				 SEV_E_INVALID);
		assert_non_null(field);
		assert_string_equal(field, conflicts[i][2]);
	}
	for (size_t i = 0; i < SK_ARRAY_SIZE(same); i++)
		assert_int_equal(merge_json(same[i][0], same[i][1], &field), 0);
	/* deny entries and PLATFORM_INFO bits add up */
	sev_snp_checks_init(&x);
	sev_snp_checks_init(&y);
	assert_int_equal(sev_snp_checks_from_json(&x, same[5][0], strlen(same[5][0])), 0);
	assert_int_equal(sev_snp_checks_from_json(&y, same[5][1], strlen(same[5][1])), 0);
	assert_int_equal(sev_snp_checks_merge(&x, &y, &field), 0);
	assert_int_equal(x.n_deny, 2);
	assert_int_equal(run_named(&x, "Milan-B0"), SEV_E_VERIFY);
	/* a refused merge leaves dst as it was */
	sev_snp_checks_init(&x);
	sev_snp_checks_init(&y);
	x.has_vmpl = y.has_vmpl = true;
	y.vmpl = 1;
	y.has_measurement = true;
	assert_int_equal(sev_snp_checks_merge(&x, &y, &field), SEV_E_INVALID);
	assert_false(x.has_measurement);
	assert_int_equal(x.vmpl, 0);
}

/* Reference values: a key that is not a known one is refused, as in policy files. */
static void reference_unknown_key_refused(void **state)
{
	static const char *const keys[] = { "host_data", "report_data", "vmpl", "min_tcb",
					    "allow_debug", "launch_digest", "deny", "x" };
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);
	char doc[512];

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(keys); i++) {
		int n = snprintf(doc, sizeof(doc), "{\"sevkit_reference_values\": 1, \"mode\": "
				 "\"snp\", \"measurement\": \"" MEASUREMENT "\", \"%s\": \"00\"}",
				 keys[i]);

		sev_snp_checks_init(&c);
		assert_int_equal(sev_snp_checks_from_reference(&c, doc, (size_t)n), SEV_E_FORMAT);
	}
	/* every key sevkit measure --json writes */
	snprintf(doc, sizeof(doc), "{\"sevkit_reference_values\": 1, \"mode\": \"snp:svsm\", "
		 "\"measurement\": \"" MEASUREMENT "\", \"policy\": \"0x30000\", \"vcpus\": 1, "
		 "\"vcpu_type\": null, \"vcpu_sig\": null, \"vmm_type\": \"QEMU\", "
		 "\"vmsa_features\": \"x\", \"guest_features\": \"0x1\", \"vars_size\": 1, "
		 "\"inputs\": {}}");
	sev_snp_checks_init(&c);
	assert_int_equal(sev_snp_checks_from_reference(&c, doc, strlen(doc)), 0);
	/* an unknown version, an unknown mode */
	snprintf(doc, sizeof(doc), "{\"sevkit_reference_values\": 2, \"mode\": \"snp\", "
		 "\"measurement\": \"" MEASUREMENT "\"}");
	assert_int_equal(sev_snp_checks_from_reference(&c, doc, strlen(doc)), SEV_E_FORMAT);
	snprintf(doc, sizeof(doc), "{\"sevkit_reference_values\": 1, \"mode\": \"snpx\", "
		 "\"measurement\": \"" MEASUREMENT "\"}");
	assert_int_equal(sev_snp_checks_from_reference(&c, doc, strlen(doc)), SEV_E_FORMAT);
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
		cmocka_unit_test(product_spec_spellings),
		cmocka_unit_test(deny_stepping_any_case),
		cmocka_unit_test(cxl_refused_by_default),
		cmocka_unit_test(merge_conflicts_named),
		cmocka_unit_test(reference_unknown_key_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
