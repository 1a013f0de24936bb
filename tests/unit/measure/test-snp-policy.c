/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV-SNP guest policy bits (snp.md 2). 0xb0000 is the policy of go-sev-guest's
 * real attestation report (SMT, reserved bit 17, debug); 0x30000 QEMU's default.
 */
#include "../test.h"

#include <sevkit/policy.h>

static void bits_in_order(void **state)
{
	static const unsigned expect[] = { 16, 18, 19, 20, 21, 22, 23, 24, 25 };
	const struct sev_snp_policy_bit *b;
	size_t n;

	(void)state;
	b = sev_snp_policy_bits(&n);
	assert_int_equal(n, 9);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(b[i].bit, expect[i]);
		assert_true(b[i].mask == 1ull << expect[i]);
		assert_non_null(b[i].set);
		assert_non_null(b[i].clear);
	}
	assert_string_equal(b[2].name, "debug");
	assert_true(b[2].mask == SEV_SNP_POLICY_DEBUG);
}

static void check(void **state)
{
	(void)state;
	assert_int_equal(sev_snp_policy_check(SEV_SNP_POLICY_DEFAULT), 0);
	assert_int_equal(sev_snp_policy_check(0xb0000), 0);
	assert_int_equal(sev_snp_policy_check(0x3ff1f1f), 0);
	assert_int_equal(sev_snp_policy_check(0x10000), SEV_E_INVALID);  /* bit 17 clear */
	assert_int_equal(sev_snp_policy_check(0x4030000), SEV_E_INVALID); /* bit 26 */
	assert_int_equal(sev_snp_policy_check(0x8000000000030000ull), SEV_E_INVALID);
	assert_int_equal(sev_snp_policy_abi_major(0x31f02), 0x1f);
	assert_int_equal(sev_snp_policy_abi_minor(0x31f02), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bits_in_order),
		cmocka_unit_test(check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
