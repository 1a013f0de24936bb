/* SPDX-License-Identifier: Apache-2.0 */
/* VMSA builder and reader against sevctl's and sev-snp-measure's VMSA files. */
#include "../test.h"

#include <sevkit/measure.h>

static void expect_file(const char *file, const struct sev_vmsa_params *p, uint32_t eip)
{
	uint8_t built[SEV_VMSA_SIZE];
	size_t len;
	uint8_t *v = test_vector(file, &len);

	assert_int_equal(len, SEV_VMSA_SIZE);
	assert_int_equal(sev_vmsa_build(p, eip, built), 0);
	assert_memory_equal(built, v, SEV_VMSA_SIZE);
	free(v);
}

/* sevctl vmsa build --family 25 --model 1 --stepping 1 --userspace qemu (MANIFEST 3) */
static void sevctl_vmsa_files(void **state)
{
	struct sev_vmsa_params p = { .size = sizeof(p),
				     .vcpu_sig = 0xa00f11, .fpu = SEV_VMSA_LEGACY };

	(void)state;
	expect_file("sev/sevctl_tests_data_vmsa0.bin", &p, SEV_BSP_RESET_EIP);
	expect_file("sev/sevctl_tests_data_vmsa1.bin", &p, 0x80b004);
}

/* sev-snp-measure --dump-vmsa: QEMU VMSAs with INIT2 FPU state and SNP features */
static void sev_snp_measure_dumps(void **state)
{
	struct sev_vmsa_params p = { .size = sizeof(p), .vcpu_sig = 0x800f12, .fpu = SEV_VMSA_INIT2,
				     .sev_features = 0x1 };

	(void)state;
	expect_file("snp/sev-snp-measure/vmsa_dumps/snp_epyc-v4_gf0x1_2vcpu/vmsa0.bin", &p,
		    SEV_BSP_RESET_EIP);
	expect_file("snp/sev-snp-measure/vmsa_dumps/snp_epyc-v4_gf0x1_2vcpu/vmsa1.bin", &p,
		    0x80b004);
	p.vcpu_sig = 0xa00f11;
	p.sev_features = 0x21;
	expect_file("snp/sev-snp-measure/vmsa_dumps/snp_epyc-milan_gf0x21_2vcpu/vmsa0.bin", &p,
		    SEV_BSP_RESET_EIP);
	expect_file("snp/sev-snp-measure/vmsa_dumps/snp_epyc-milan_gf0x21_2vcpu/vmsa1.bin", &p,
		    0x80b004);
}

/* EC2 and GCE: their reset state as sev-snp-measure's dumps have it (MXCSR, FCW 0). */
static void cloud_vmsas(void **state)
{
	struct sev_vmsa_params p = { .size = sizeof(p), .vcpu_sig = 0x800f12, .fpu = SEV_VMSA_INIT2,
				     .sev_features = 0x21, .vmm = SEV_VMM_EC2 };
	enum sev_vmm_type t;

	(void)state;
	expect_file("snp/sev-snp-measure/vmsa_dumps/snp_ec2_gf0x21_2vcpu/vmsa0.bin", &p,
		    SEV_BSP_RESET_EIP);
	expect_file("snp/sev-snp-measure/vmsa_dumps/snp_ec2_gf0x21_2vcpu/vmsa1.bin", &p,
		    0x80b004);
	p.vmm = SEV_VMM_GCE;
	p.sev_features = 0x1;
	p.vcpu_sig = 0; /* not in a GCE VMSA */
	expect_file("snp/sev-snp-measure/vmsa_dumps/snp_gce_2vcpu/vmsa0.bin", &p,
		    SEV_BSP_RESET_EIP);
	expect_file("snp/sev-snp-measure/vmsa_dumps/snp_gce_2vcpu/vmsa1.bin", &p, 0x80b004);
	assert_int_equal(sev_vmm_type_parse("EC2", &t), 0);
	assert_int_equal(t, SEV_VMM_EC2);
	assert_int_equal(sev_vmm_type_parse("qemu", &t), 0);
	assert_int_equal(t, SEV_VMM_QEMU);
	assert_int_equal(sev_vmm_type_parse("gce", &t), 0);
	assert_string_equal(sev_vmm_type_name(t), "gce");
	assert_int_equal(sev_vmm_type_parse("xen", &t), SEV_E_INVALID);
	assert_null(sev_vmm_type_name((enum sev_vmm_type)3));
}

static void reads_vmsa_files(void **state)
{
	struct sev_vmsa_info i;
	size_t len;
	uint8_t *v = test_vector("sev/sevctl_tests_data_vmsa1.bin", &len);

	(void)state;
	assert_int_equal(sev_vmsa_parse(v, len, &i), 0);
	assert_int_equal(i.cs_selector, 0xf000);
	assert_int_equal(i.cs_attrib, 0x9b);
	assert_int_equal(i.cs_base, 0x800000);
	assert_int_equal(i.rip, 0xb004);
	assert_int_equal(i.eip, 0x80b004);
	assert_int_equal(i.rdx, 0xa00f11);
	assert_int_equal(i.efer, 0x1000);
	assert_int_equal(i.sev_features, 0);
	assert_true(i.fpu_known);
	assert_int_equal(i.fpu, SEV_VMSA_LEGACY);
	free(v);
	v = test_vector("snp/sev-snp-measure/vmsa_dumps/snp_epyc-milan_gf0x21_2vcpu/vmsa0.bin",
			&len);
	assert_int_equal(sev_vmsa_parse(v, len, &i), 0);
	assert_int_equal(i.eip, SEV_BSP_RESET_EIP);
	assert_int_equal(i.mxcsr, 0x1f80);
	assert_int_equal(i.x87_fcw, 0x37f);
	assert_int_equal(i.fpu, SEV_VMSA_INIT2);
	assert_int_equal(i.sev_features, 0x21);
	v[0x408] = 1; /* an MXCSR neither variant has */
	assert_int_equal(sev_vmsa_parse(v, len, &i), 0);
	assert_false(i.fpu_known);
	free(v);
}

static void rejects_bad_size_and_arguments(void **state)
{
	struct sev_vmsa_params p = { .size = sizeof(p), .vcpu_sig = 0x800f12 };
	uint8_t v[SEV_VMSA_SIZE + 1] = { 0 };
	struct sev_vmsa_info i;

	(void)state;
	assert_int_equal(sev_vmsa_parse(v, SEV_VMSA_SIZE - 1, &i), SEV_E_FORMAT);
	assert_int_equal(sev_vmsa_parse(v, SEV_VMSA_SIZE + 1, &i), SEV_E_FORMAT);
	assert_int_equal(sev_vmsa_build(&p, 0, v), SEV_E_INVALID);
	p.fpu = (enum sev_vmsa_fpu)7;
	assert_int_equal(sev_vmsa_build(&p, SEV_BSP_RESET_EIP, v), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sevctl_vmsa_files),
		cmocka_unit_test(sev_snp_measure_dumps),
		cmocka_unit_test(cloud_vmsas),
		cmocka_unit_test(reads_vmsa_files),
		cmocka_unit_test(rejects_bad_size_and_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
