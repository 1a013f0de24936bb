/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Modes and policies. Defaults: libvirt's SEV guide uses 0x0003; SEV-ES adds
 * bit 2 (QEMU's amd-memory-encryption.rst launches SEV-ES with policy 0x5);
 * SEV-SNP 0x30000 is QEMU's sev-snp-guest default and libvirt's example.
 */
#include "../test.h"

#include <sevkit/domain.h>

static void names_and_defaults(void **state)
{
	(void)state;
	assert_string_equal(sev_mode_name(SEV_MODE_SEV), "sev");
	assert_string_equal(sev_mode_name(SEV_MODE_SEV_ES), "sev-es");
	assert_string_equal(sev_mode_name(SEV_MODE_SEV_SNP), "sev-snp");
	assert_string_equal(sev_mode_name((enum sev_mode)7), "unknown");
	assert_int_equal(sev_mode_default_policy(SEV_MODE_SEV), 0x3);
	assert_int_equal(sev_mode_default_policy(SEV_MODE_SEV_ES), 0x7);
	assert_int_equal(sev_mode_default_policy(SEV_MODE_SEV_SNP), 0x30000);
	assert_string_equal(sev_default_firmware(SEV_MODE_SEV), "/usr/share/OVMF/OVMF_CODE.fd");
	assert_string_equal(sev_default_firmware(SEV_MODE_SEV_SNP), "/usr/share/ovmf/OVMF.fd");
}

static void policy_checks(void **state)
{
	(void)state;
	for (int m = 0; m < 3; m++)
		assert_int_equal(sev_mode_check_policy((enum sev_mode)m,
						       sev_mode_default_policy((enum sev_mode)m)), 0);
	assert_int_equal(sev_mode_check_policy(SEV_MODE_SEV, 0x18050003), 0); /* minimum firmware */
	assert_int_equal(sev_mode_check_policy(SEV_MODE_SEV, 0x5), SEV_E_INVALID);
	assert_int_equal(sev_mode_check_policy(SEV_MODE_SEV, 0x40), SEV_E_INVALID);
	assert_int_equal(sev_mode_check_policy(SEV_MODE_SEV, 0x100000003ull), SEV_E_INVALID);
	assert_int_equal(sev_mode_check_policy(SEV_MODE_SEV_ES, 0x3), SEV_E_INVALID);
	assert_int_equal(sev_mode_check_policy(SEV_MODE_SEV_SNP, 0xb0000), 0);
	assert_int_equal(sev_mode_check_policy(SEV_MODE_SEV_SNP, 0x10000), SEV_E_INVALID);
	assert_int_equal(sev_mode_check_policy(SEV_MODE_SEV_SNP, 0x4030000), SEV_E_INVALID);
	assert_int_equal(sev_mode_check_policy(SEV_MODE_SEV_SNP, 0x2030000), 0); /* bit 25 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_and_defaults),
		cmocka_unit_test(policy_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
