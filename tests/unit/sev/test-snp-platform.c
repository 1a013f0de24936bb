/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV-SNP platform commands against the replayed platform: the kernel's
 * packed layouts (struct sev_user_data_snp_status / _snp_config of Linux
 * 6.9's psp-sev.h, written out byte by byte here), firmware refusals by name,
 * a kernel without SNP, and what is refused before the device is asked.
 */
#include "../log-capture.h"

#include <errno.h>

#include <sevkit/platform.h>

#include "sev/platform-dev.h"
#include "util/bytes.h"

static struct sk_fake_sev *fake;
static struct sev_platform *plat;

/*
 * The status of the real Milan report tests/vectors/snp/go-sev-guest_attestation.bin
 * (API 1.49 build 3, TCB bl=2 tee=0 snp=5 ucode=68), with VLEK and mask-chip-id set
 * and an older reported TCB (bl=1 tee=0 snp=4 ucode=64), so that the two TCBs differ.
 */
static const uint8_t milan_status[SK_SNP_STATUS_SIZE] = {
	1, 49, 1, 0x01,                          /* api 1.49, INIT, RMP initialized */
	3, 0, 0, 0,                              /* build_id */
	0x05, 0, 0, 0,                           /* mask_chip_id | vlek_en */
	2, 0, 0, 0,                              /* two guests */
	0x02, 0x00, 0, 0, 0, 0, 0x05, 0x44,      /* current TCB */
	0x01, 0x00, 0, 0, 0, 0, 0x04, 0x40,      /* reported TCB */
};

static int setup(void **state)
{
	(void)state;
	fake = calloc(1, sizeof(*fake));
	memcpy(fake->snp_status, milan_status, sizeof(milan_status));
	fake->cpuid1 = 0x00A00F10; /* family 19h model 01h: Milan */
	test_log_capture();
	return sk_fake_open(fake, &plat);
}

static int teardown(void **state)
{
	(void)state;
	sev_platform_close(plat);
	free(fake);
	test_log_release();
	return 0;
}

static void status_decodes_the_kernel_layout(void **state)
{
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	struct sev_snp_tcb t;

	(void)state;
	assert_int_equal(sev_snp_platform_status(plat, &s), 0);
	assert_int_equal(s.api_major, 1);
	assert_int_equal(s.api_minor, 49);
	assert_int_equal(s.state, SEV_STATE_INIT);
	assert_true(s.rmp_initialized);
	assert_int_equal(s.build_id, 3);
	assert_int_equal(s.flags, SEV_SNP_STATUS_MASK_CHIP_ID | SEV_SNP_STATUS_VLEK_EN);
	assert_int_equal(s.guest_count, 2);
	assert_int_equal(s.product, SEV_SNP_PRODUCT_MILAN);
	sev_snp_tcb_decode(s.current_tcb, s.product, &t);
	assert_int_equal(t.bootloader, 2);
	assert_int_equal(t.snp, 5);
	assert_int_equal(t.microcode, 68);
	sev_snp_tcb_decode(s.reported_tcb, s.product, &t);
	assert_int_equal(t.bootloader, 1);
	assert_int_equal(t.snp, 4);
	assert_int_equal(t.microcode, 64);
}

static void product_from_cpuid(void **state)
{
	static const struct {
		uint32_t eax;
		enum sev_snp_product p;
	} cases[] = {
		{ 0x00A00F11, SEV_SNP_PRODUCT_MILAN }, /* EPYC 7763 */
		{ 0x00A10F11, SEV_SNP_PRODUCT_GENOA }, /* family 19h model 11h */
		{ 0x00AA0F02, SEV_SNP_PRODUCT_GENOA }, /* model A0h, the Genoa report's */
		{ 0x00B00F21, SEV_SNP_PRODUCT_TURIN }, /* family 1Ah model 02h */
		{ 0x00830F10, SEV_SNP_PRODUCT_UNKNOWN }, /* Rome */
		{ 0, SEV_SNP_PRODUCT_UNKNOWN },
	};
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(cases); i++) {
		fake->cpuid1 = cases[i].eax;
		assert_int_equal(sev_snp_platform_status(plat, &s), 0);
		assert_int_equal(s.product, cases[i].p);
	}
}

static void status_with_sev_state_working_is_refused(void **state)
{
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);

	(void)state;
	fake->snp_status[2] = SEV_STATE_WORKING;
	assert_int_equal(sev_snp_platform_status(plat, &s), SEV_E_FORMAT);
	assert_logged("state at offset 0x2");
}

static void no_snp_is_a_missing_device(void **state)
{
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	struct sev_snp_platform_config c = { 0 };

	(void)state;
	fake->no_snp = true;
	assert_int_equal(sev_snp_platform_status(plat, &s), SEV_E_DEVICE);
	assert_logged("SNP_PLATFORM_STATUS: no SEV-SNP here");
	assert_int_equal(sev_snp_platform_commit(plat), SEV_E_DEVICE);
	assert_logged("SNP_COMMIT: no SEV-SNP here");
	assert_int_equal(sev_snp_platform_set_config(plat, &c), SEV_E_DEVICE);
	/* a newer kernel says ENODEV for SET_CONFIG while SNP is not initialized */
	fake->no_snp = false;
	fake->err[SK_SNP_SET_CONFIG] = -ENODEV;
	assert_int_equal(sev_snp_platform_set_config(plat, &c), SEV_E_DEVICE);
	assert_logged("SNP_SET_CONFIG: no SEV-SNP here");
}

static void firmware_refusals_are_named(void **state)
{
	(void)state;
	fake->fw_error[SK_SNP_SET_CONFIG] = 0x16;
	assert_int_equal(sev_snp_platform_set_config(plat, &(struct sev_snp_platform_config){ 0 }),
			 SEV_E_DEVICE);
	assert_logged("SNP_SET_CONFIG: the firmware refused: INVALID_PARAM (0x0016)");
	/* 6.16 and later: their own SNP initialization failed */
	fake->fw_error[SK_SNP_COMMIT] = 0x01;
	assert_int_equal(sev_snp_platform_commit(plat), SEV_E_DEVICE);
	assert_logged("SNP_COMMIT: the firmware refused: INVALID_PLATFORM_STATE (0x0001): SNP is "
		      "not initialized (kvm_amd sev_snp=1)");
	assert_int_equal(sev_platform_fw_error(plat), 1);
	fake->err[SK_SNP_COMMIT] = -EPERM;
	assert_int_equal(sev_snp_platform_commit(plat), -EPERM);
}

static void commit_reports_the_current_tcb(void **state)
{
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);

	(void)state;
	assert_int_equal(sev_snp_platform_commit(plat), 0);
	assert_int_equal(fake->calls[SK_SNP_COMMIT], 1);
	assert_int_equal(sev_snp_platform_status(plat, &s), 0);
	assert_int_equal(s.reported_tcb, s.current_tcb);
}

static void set_config_block_is_the_kernel_layout(void **state)
{
	/* reported TCB bl=1 tee=0 snp=5 ucode=68, mask-chip-key: u64, u32 bits, 52 zeros */
	static const uint8_t want[SK_SNP_CONFIG_SIZE] = { 0x01, 0, 0, 0, 0, 0, 0x05, 0x44,
							  0x02, 0, 0, 0 };
	struct sev_snp_platform_config c = { .mask_chip_key = true };
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);

	(void)state;
	assert_int_equal(sev_snp_tcb_parse("bl=1,tee=0,snp=5,ucode=68", SEV_SNP_PRODUCT_MILAN,
					   &c.reported_tcb), 0);
	assert_int_equal(sev_snp_platform_set_config(plat, &c), 0);
	assert_memory_equal(fake->snp_config, want, sizeof(want));
	assert_int_equal(sev_snp_platform_status(plat, &s), 0);
	assert_int_equal(s.reported_tcb, c.reported_tcb);
	assert_int_equal(s.flags & 3, SEV_SNP_STATUS_MASK_CHIP_KEY);
}

static void reported_above_current_is_not_sent(void **state)
{
	struct sev_snp_platform_config c = { 0 };

	(void)state;
	/* bl=2 tee=0 snp=5 ucode=69: one microcode SPL above what runs */
	assert_int_equal(sev_snp_tcb_parse("bl=2,snp=5,ucode=69", SEV_SNP_PRODUCT_MILAN,
					   &c.reported_tcb), 0);
	assert_int_equal(sev_snp_platform_set_config(plat, &c), SEV_E_INVALID);
	assert_logged("above the current TCB (bl=2 tee=0 snp=5 ucode=68)");
	assert_int_equal(fake->calls[SK_SNP_SET_CONFIG], 0);
}

static void reserved_tcb_bytes_are_not_sent(void **state)
{
	/* bl=1 snp=4 ucode=64, and byte 2, which no Milan SPL is in */
	struct sev_snp_platform_config c = { .reported_tcb = 0x4004000000ff0001ull };

	(void)state;
	assert_int_equal(sev_snp_platform_set_config(plat, &c), SEV_E_INVALID);
	assert_logged("sets bytes no SPL of a Milan is in");
	assert_int_equal(fake->calls[SK_SNP_SET_CONFIG], 0);
}

static void set_config_needs_a_known_product(void **state)
{
	struct sev_snp_platform_config c = { 0 };

	(void)state;
	fake->cpuid1 = 0x00830F10; /* Rome: no SNP TCB layout */
	assert_int_equal(sev_snp_platform_set_config(plat, &c), SEV_E_DEVICE);
	assert_logged("TCB layout is unknown");
	assert_int_equal(fake->calls[SK_SNP_SET_CONFIG], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(status_decodes_the_kernel_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(product_from_cpuid, setup, teardown),
		cmocka_unit_test_setup_teardown(status_with_sev_state_working_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(no_snp_is_a_missing_device, setup, teardown),
		cmocka_unit_test_setup_teardown(firmware_refusals_are_named, setup, teardown),
		cmocka_unit_test_setup_teardown(commit_reports_the_current_tcb, setup, teardown),
		cmocka_unit_test_setup_teardown(set_config_block_is_the_kernel_layout, setup,
						teardown),
		cmocka_unit_test_setup_teardown(reported_above_current_is_not_sent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(reserved_tcb_bytes_are_not_sent, setup, teardown),
		cmocka_unit_test_setup_teardown(set_config_needs_a_known_product, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
