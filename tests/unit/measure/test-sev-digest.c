/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV and SEV-ES launch digests: virtee/sev's tests (current and 2023 OVMF
 * files, both FPU variants; MANIFEST 6) and sevctl's SEV-ES case (MANIFEST 3).
 */
#include "../test.h"

#include <sevkit/measure.h>

#include "crypto/hash.h"
#include "util/bytes.h"

#define AMDSEV "sev/virtee-sev_tests_measurement_ovmf_AmdSev_suffix.bin"
#define OVMFX64 "sev/virtee-sev_tests_measurement_ovmf_OvmfX64_suffix.bin"
#define AMDSEV_2023 "sev/virtee-sev_hist_2023_measurement_ovmf_AmdSev_suffix.bin"
#define OVMFX64_2023 "sev/virtee-sev_hist_2023_measurement_ovmf_OvmfX64_suffix.bin"
#define TRIMMED "sev/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9"

static const uint8_t empty;

struct digest_case {
	const char *ovmf;
	enum sev_mode mode;
	bool kernel;           /* empty kernel, as /dev/null */
	bool initrd;           /* empty initrd */
	const char *append;
	uint32_t vcpus;
	enum sev_vmsa_fpu fpu;
	const char *expect;
};

static const struct digest_case cases[] = {
	{ AMDSEV, SEV_MODE_SEV, true, true, "console=ttyS0 loglevel=7", 0, 0,
	  "82a3ee5d537c3620628270c292ae30cb40c3c878666a7890ee7ef2a08fb535ff" },
	{ AMDSEV, SEV_MODE_SEV, true, false, NULL, 0, 0,
	  "77f613d7bbcdf12a73782ea9e88b0172aeda50d1a54201cb903594ff52846898" },
	{ OVMFX64, SEV_MODE_SEV, false, false, NULL, 0, 0,
	  "b4c021e085fb83ceffe6571a3d357b4a98773c83c474e47f76c876708fe316da" },
	{ AMDSEV, SEV_MODE_SEV_ES, true, true, NULL, 1, SEV_VMSA_INIT2,
	  "13810ae661ea11e2bb205621f582fee268f0367c8f97bc297b7fadef3e12002c" },
	{ AMDSEV, SEV_MODE_SEV_ES, true, true, NULL, 4, SEV_VMSA_INIT2,
	  "0dccbcaba8e90b261bd0d2e1863a2f9da714768b7b2a19363cd6ae35aa90de91" },
	{ AMDSEV, SEV_MODE_SEV_ES, true, true, NULL, 1, SEV_VMSA_LEGACY,
	  "664f688c75cd5c08855ead4f11501ff967e29762d16c8d589b8e6d7b6c4daa36" },
	{ AMDSEV, SEV_MODE_SEV_ES, true, true, NULL, 4, SEV_VMSA_LEGACY,
	  "bfe06ed004ea18350152361ca8aa4860e807976ef67e756b4b9e5b724e0713c9" },
	{ AMDSEV_2023, SEV_MODE_SEV, true, true, "console=ttyS0 loglevel=7", 0, 0,
	  "f0d92a1fda00249e008820bd40def6abbed2ee65fea8a8bc47e532863ca0cc6a" },
	{ AMDSEV_2023, SEV_MODE_SEV, true, false, NULL, 0, 0,
	  "7332f6ef294f79919b46302e4541900a2dfc96714e2b7b4b5ccdc1899b78a195" },
	{ OVMFX64_2023, SEV_MODE_SEV, false, false, NULL, 0, 0,
	  "af9d6c674b1ff04937084c98c99ca106b25c37b2c9541ac313e6e0c54426314f" },
	{ AMDSEV_2023, SEV_MODE_SEV_ES, true, true, NULL, 1, SEV_VMSA_LEGACY,
	  "2e91d54814445ad178180af09f881efe4079fc54bfddd0ec1179ecd3cdbdf772" },
	{ AMDSEV_2023, SEV_MODE_SEV_ES, true, true, NULL, 4, SEV_VMSA_LEGACY,
	  "c05d37600072dc5ff24bafc49410f0369ba3a37c130a7bb7055ac6878be300f7" },
	{ AMDSEV_2023, SEV_MODE_SEV_ES, true, true, NULL, 1, SEV_VMSA_INIT2,
	  "c9c378be09902e3d5927a93b73ed383620eea5387e1d16416807cfc949b7f834" },
	{ AMDSEV_2023, SEV_MODE_SEV_ES, true, true, NULL, 4, SEV_VMSA_INIT2,
	  "2806971adf7a9d5bdef59d007f0200af685dec6721781fe1d6efa9236b3361f1" },
};

static int digest_of(const struct digest_case *c, uint8_t digest[32])
{
	uint8_t table[SEV_KERNEL_HASHES_LEN];
	struct sev_launch_config cfg = {
		.size = sizeof(struct sev_launch_config),
		.mode = c->mode, .vcpus = c->vcpus, .vcpu_sig = 0x800f12, .fpu = c->fpu,
	};
	size_t len;
	uint8_t *fw = test_vector(c->ovmf, &len);
	int rc;

	cfg.firmware = fw;
	cfg.firmware_len = len;
	if (c->kernel) {
		assert_int_equal(sev_kernel_hashes_build(&empty, 0, c->initrd ? &empty : NULL, 0,
							 c->append, table), 0);
		cfg.kernel_hashes = table;
	}
	rc = sev_launch_digest(&cfg, digest);
	free(fw);
	return rc;
}

static void virtee_digests(void **state)
{
	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(cases); i++) {
		uint8_t digest[32];

		assert_int_equal(digest_of(&cases[i], digest), 0);
		assert_hex_equal(digest, 32, cases[i].expect);
	}
}

/* "Kernel specified but OVMF doesn't support kernel/initrd/cmdline measurement" */
static void kernel_needs_hashes_area(void **state)
{
	struct digest_case c = { OVMFX64, SEV_MODE_SEV, true, false, NULL, 0, 0, NULL };
	uint8_t digest[32];

	(void)state;
	assert_int_equal(digest_of(&c, digest), SEV_E_UNSUPPORTED);
	c.mode = SEV_MODE_SEV_ES;
	c.vcpus = 1;
	assert_int_equal(digest_of(&c, digest), SEV_E_UNSUPPORTED);
}

/* sevctl's SEV-ES case: sha256(fw || vmsa0 || vmsa1 x 3), given files or built ones */
static void sevctl_seves_vmsa_files(void **state)
{
	size_t len, l0, l1;
	uint8_t *fw = test_vector(TRIMMED, &len);
	uint8_t *v0 = test_vector("sev/sevctl_tests_data_vmsa0.bin", &l0);
	uint8_t *v1 = test_vector("sev/sevctl_tests_data_vmsa1.bin", &l1);
	struct sev_launch_config cfg = {
		.size = sizeof(struct sev_launch_config),
		.mode = SEV_MODE_SEV_ES, .firmware = fw, .firmware_len = len, .vcpus = 4,
		.vmsa_bsp = v0, .vmsa_ap = v1,
	};
	uint8_t given[32], built[32], concat[32];
	struct sk_hash_ctx *h;

	(void)state;
	assert_int_equal(sev_launch_digest(&cfg, given), 0);
	assert_int_equal(sk_hash_init(&h, SK_SHA256), 0);
	sk_hash_update(h, fw, len);
	sk_hash_update(h, v0, l0);
	for (int i = 0; i < 3; i++)
		sk_hash_update(h, v1, l1);
	assert_int_equal(sk_hash_final(h, concat), 0);
	sk_hash_free(h);
	assert_memory_equal(given, concat, 32);
	cfg.vmsa_bsp = cfg.vmsa_ap = NULL;
	cfg.vcpu_sig = 0xa00f11;
	cfg.fpu = SEV_VMSA_LEGACY;
	assert_int_equal(sev_launch_digest(&cfg, built), 0);
	assert_memory_equal(given, built, 32);
	free(fw);
	free(v0);
	free(v1);
}

static void rejects_bad_configurations(void **state)
{
	size_t len;
	uint8_t *fw = test_vector(TRIMMED, &len);
	uint8_t table[SEV_KERNEL_HASHES_LEN] = { 0 }, digest[32];
	struct sev_launch_config cfg = {
		.size = sizeof(struct sev_launch_config),
		.mode = SEV_MODE_SEV_ES, .firmware = fw, .firmware_len = len, .vcpus = 0,
	};

	(void)state;
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_INVALID);
	cfg.vcpus = 100000;
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_INVALID);
	cfg.mode = (enum sev_mode)9;
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_INVALID);
	cfg.mode = SEV_MODE_SEV_SNP; /* a digest of its own */
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_INVALID);
	cfg.mode = SEV_MODE_SEV;
	cfg.firmware = NULL;
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_INVALID);
	cfg.firmware = fw;

	/* a hashes area smaller than the table: entry 7255371f, size at data + 4 */
	cfg.kernel_hashes = table;
	sk_put_le32(fw + len - 50 - 22 - 26 - 26 + 4, 0x80);
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_UNSUPPORTED);
	/* no footer table at all */
	assert_int_equal(sev_launch_digest(&(struct sev_launch_config){
		.size = sizeof(struct sev_launch_config),
		.firmware = fw, .firmware_len = len - 1, .kernel_hashes = table }, digest),
		SEV_E_FORMAT);
	free(fw);

	/* APs without a SEV-ES reset block: relabel the 00f771de entry */
	fw = test_vector(TRIMMED, &len);
	fw[len - 50 - 16] ^= 0xff;
	cfg = (struct sev_launch_config){ .size = sizeof(cfg),
					  .mode = SEV_MODE_SEV_ES, .firmware = fw,
					  .firmware_len = len, .vcpus = 2 };
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_UNSUPPORTED);
	cfg.vcpus = 1; /* one vCPU needs no AP reset address */
	assert_int_equal(sev_launch_digest(&cfg, digest), 0);
	/* but an SEV-ES firmware has its footer table, whatever the vCPU count */
	cfg.firmware_len = len - 1;
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_FORMAT);
	/* an empty firmware is no firmware, in either mode */
	cfg.firmware_len = 0;
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_FORMAT);
	cfg.mode = SEV_MODE_SEV;
	assert_int_equal(sev_launch_digest(&cfg, digest), SEV_E_FORMAT);
	free(fw);
}

static void es_input_rules(void **state)
{
	struct sev_es_inputs in = { .size = sizeof(in), .vcpus = 2, .vmm = SEV_VMM_QEMU };
	bool sig = false;

	(void)state;
	/* VMSAs built: QEMU's carry the signature, EC2's and GCE's not unless one is given */
	assert_int_equal(sev_es_inputs_check(&in, &sig), 0);
	assert_true(sig);
	in.vmm = SEV_VMM_EC2;
	assert_int_equal(sev_es_inputs_check(&in, &sig), 0);
	assert_false(sig);
	in.cpu_given = true;
	assert_int_equal(sev_es_inputs_check(&in, &sig), 0);
	assert_true(sig);
	/* VMSA files: both for several vCPUs, and no vCPU besides */
	in.vmsa_bsp = in.vmsa_ap = true;
	assert_int_equal(sev_es_inputs_check(&in, &sig), SEV_E_INVALID);
	in.cpu_given = false;
	assert_int_equal(sev_es_inputs_check(&in, &sig), 0);
	assert_false(sig);
	in.vmsa_ap = false;
	assert_int_equal(sev_es_inputs_check(&in, &sig), SEV_E_INVALID);
	in.vcpus = 1;
	assert_int_equal(sev_es_inputs_check(&in, &sig), 0);
	in.vmsa_bsp = false;
	in.vmsa_ap = true;
	assert_int_equal(sev_es_inputs_check(&in, &sig), SEV_E_INVALID);
	in.vmsa_ap = false;
	in.vcpus = 0;
	assert_int_equal(sev_es_inputs_check(&in, &sig), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(virtee_digests),
		cmocka_unit_test(kernel_needs_hashes_area),
		cmocka_unit_test(sevctl_seves_vmsa_files),
		cmocka_unit_test(rejects_bad_configurations),
		cmocka_unit_test(es_input_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
