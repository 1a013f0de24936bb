/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU signatures: the values in snp.md 1.6 and sev.md 2c. */
#include "../test.h"

#include <sevkit/measure.h>

static uint32_t sig_of(const char *name)
{
	uint32_t sig = 0;

	assert_int_equal(sev_vcpu_type_sig(name, &sig), 0);
	return sig;
}

static void named_types(void **state)
{
	(void)state;
	assert_int_equal(sig_of("EPYC"), 0x800f12);
	assert_int_equal(sig_of("EPYC-v4"), 0x800f12);
	assert_int_equal(sig_of("EPYC-IBPB"), 0x800f12);
	assert_int_equal(sig_of("EPYC-Rome"), 0x830f10);
	assert_int_equal(sig_of("EPYC-Rome-v3"), 0x830f10);
	assert_int_equal(sig_of("EPYC-Milan-v2"), 0xa00f11);
	assert_int_equal(sig_of("EPYC-Genoa"), 0xa10f10);
	assert_int_equal(sig_of("EPYC-Genoa-v1"), 0xa10f10);
	assert_int_equal(sig_of("EPYC-Turin"), 0xb00f00);
	assert_int_equal(sig_of("epyc-milan"), 0xa00f11);
	assert_string_equal(sev_vcpu_type_name(0), "EPYC");
	assert_null(sev_vcpu_type_name(1000));
}

static void family_model_stepping(void **state)
{
	uint32_t sig;

	(void)state;
	assert_int_equal(sev_cpu_sig(23, 1, 2, &sig), 0);
	assert_int_equal(sig, 0x800f12);
	assert_int_equal(sev_cpu_sig(14, 1, 2, &sig), 0);
	assert_int_equal(sig, 0x0e12);
	assert_int_equal(sev_cpu_sig(25, 1, 1, &sig), 0);
	assert_int_equal(sig, 0xa00f11);
	assert_int_equal(sev_cpu_sig(23, 49, 0, &sig), 0);
	assert_int_equal(sig, 0x830f10);
}

static void rejects_unknown_and_out_of_range(void **state)
{
	uint32_t sig;

	(void)state;
	assert_int_equal(sev_vcpu_type_sig("EPYC-v5", &sig), SEV_E_INVALID);
	assert_int_equal(sev_vcpu_type_sig("Skylake-Server", &sig), SEV_E_INVALID);
	assert_int_equal(sev_cpu_sig(0x10f, 0, 0, &sig), SEV_E_INVALID);
	assert_int_equal(sev_cpu_sig(25, 256, 0, &sig), SEV_E_INVALID);
	assert_int_equal(sev_cpu_sig(25, 1, 16, &sig), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(named_types),
		cmocka_unit_test(family_model_stepping),
		cmocka_unit_test(rejects_unknown_and_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
