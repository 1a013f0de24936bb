/* SPDX-License-Identifier: Apache-2.0 */
/* SNP guest policy and PLATFORM_INFO bits (snp.md section 2). */
#include "snp-test.h"

static void policy_bits_in_order(void **state)
{
	static const char *const names[] = { "smt", "reserved_one", "migrate_ma", "debug",
					     "single_socket", "cxl_allow", "mem_aes_256_xts",
					     "rapl_dis", "ciphertext_hiding", "page_swap_disable" };
	const struct sev_snp_bit *bits;
	size_t n;
	uint64_t mask;

	(void)state;
	bits = sev_snp_policy_bits(&n);
	assert_int_equal(n, SK_ARRAY_SIZE(names));
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(bits[i].bit, 16 + i);
		assert_string_equal(bits[i].name, names[i]);
	}
	assert_int_equal(sev_snp_policy_bit_by_name("debug", &mask), 0);
	assert_true(mask == SEV_SNP_POLICY_DEBUG);
	assert_int_equal(sev_snp_policy_bit_by_name("nodbg", &mask), SEV_E_INVALID);
}

/* 0x30000 (SMT + reserved) and 0xb0000 (+ DEBUG) are the common values. */
static void validate(void **state)
{
	(void)state;
	assert_int_equal(sev_snp_policy_validate(0x30000), 0);
	assert_int_equal(sev_snp_policy_validate(0xb0000), 0);
	assert_int_equal(sev_snp_policy_validate(0x3ff0000 | 0x1f37), 0);
	assert_int_equal(sev_snp_policy_validate(0x10000), SEV_E_FORMAT);
	assert_int_equal(sev_snp_policy_validate(0x30000 | (1ull << 26)), SEV_E_FORMAT);
	assert_int_equal(sev_snp_policy_validate(0x30000 | (1ull << 63)), SEV_E_FORMAT);
	assert_int_equal(sev_snp_policy_abi_major(0x31f02), 0x1f);
	assert_int_equal(sev_snp_policy_abi_minor(0x31f02), 2);
}

static void platform_bits(void **state)
{
	const struct sev_snp_bit *bits;
	size_t n;
	uint64_t mask, all = 0;

	(void)state;
	bits = sev_snp_platform_bits(&n);
	assert_int_equal(n, 7);
	for (size_t i = 0; i < n; i++)
		all |= 1ull << bits[i].bit;
	assert_true(all == SEV_SNP_PLATFORM_KNOWN);
	assert_int_equal(sev_snp_platform_bit_by_name("tsme_en", &mask), 0);
	assert_true(mask == 2);
	assert_int_equal(sev_snp_platform_bit_by_name("tio_en", &mask), 0);
	assert_true(mask == 0x80);
	assert_int_equal(sev_snp_platform_bit_by_name("bit6", &mask), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy_bits_in_order),
		cmocka_unit_test(validate),
		cmocka_unit_test(platform_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
