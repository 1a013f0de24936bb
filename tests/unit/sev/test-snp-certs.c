/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A certificate table checked against the replayed Milan platform of the real
 * report go-sev-guest_attestation.bin (its CHIP_ID and REPORTED_TCB), with the
 * real VCEK of that chip, a real VCEK of another chip and a real Genoa VCEK.
 */
#include "../snp/snp-test.h"
#include "../log-capture.h"

#include <sevkit/platform.h>

#include "sev/platform-dev.h"

static struct sk_fake_sev *fake;
static struct sev_platform *plat;
static uint8_t *vcek, *ask, *ark;
static size_t vcek_len, ask_len, ark_len;

static int setup(void **state)
{
	size_t len;
	uint8_t *report = test_vector(REPORT_VECTOR, &len);

	(void)state;
	fake = calloc(1, sizeof(*fake));
	memcpy(fake->id, report + 0x1A0, 64); /* CHIP_ID */
	fake->id_len = 64;
	fake->snp_status[2] = SEV_STATE_INIT;
	memcpy(fake->snp_status + 16, report + 0x38, 8);  /* CURRENT_TCB */
	memcpy(fake->snp_status + 24, report + 0x180, 8); /* REPORTED_TCB */
	fake->cpuid1 = 0x00A00F10;
	free(report);
	vcek = test_vector(VCEK_VECTOR, &vcek_len);
	ask = tc_pem_der("snp/go-sev-guest_milan_ask_ark.pem", 0, &ask_len);
	ark = tc_pem_der("snp/go-sev-guest_milan_ask_ark.pem", 1, &ark_len);
	test_log_capture();
	return sk_fake_open(fake, &plat);
}

static int teardown(void **state)
{
	(void)state;
	sev_platform_close(plat);
	free(fake);
	free(vcek);
	free(ask);
	free(ark);
	test_log_release();
	return 0;
}

static unsigned commands_sent(void)
{
	unsigned n = 0;

	for (size_t i = 0; i < SK_SEV_CMD_COUNT; i++)
		n += fake->calls[i];
	return n;
}

/* Check a table of this VCEK with the Milan ASK and ARK. */
static int check_with(const uint8_t *v, size_t v_len)
{
	size_t len;
	uint8_t *t = tc_table((struct tc_table_entry[]){ { tc_guid_ark, ark, ark_len },
							 { tc_guid_ask, ask, ask_len },
							 { tc_guid_vcek, v, v_len } }, 3, &len);
	int rc = sev_snp_platform_check_certs(plat, t, len);

	free(t);
	return rc;
}

static void own_vcek_is_accepted(void **state)
{
	(void)state;
	assert_int_equal(check_with(vcek, vcek_len), 0);
	/* read only: status and identifier */
	assert_int_equal(fake->calls[SK_SNP_PLATFORM_STATUS], 1);
	assert_int_equal(fake->calls[SK_SEV_GET_ID2], 2); /* length, then data */
	assert_int_equal(commands_sent(), 3);
}

static void vcek_alone_uses_the_builtin_roots(void **state)
{
	size_t len;
	uint8_t *t = tc_table((struct tc_table_entry[]){ { tc_guid_vcek, vcek, vcek_len } }, 1,
			      &len);

	(void)state;
	assert_int_equal(sev_snp_platform_check_certs(plat, t, len), 0);
	free(t);
}

static void foreign_vcek_is_refused(void **state)
{
	size_t len;
	uint8_t *other = test_vector("kbs/snp/test-vcek.der", &len);

	(void)state;
	assert_int_equal(check_with(other, len), SEV_E_VERIFY);
	assert_logged("VCEK: it belongs to another chip");
	free(other);
}

static void broken_chain_is_refused_before_any_command(void **state)
{
	(void)state;
	vcek[vcek_len - 10] ^= 1; /* in the ASK's signature of the VCEK */
	assert_int_equal(check_with(vcek, vcek_len), SEV_E_VERIFY);
	assert_int_equal(commands_sent(), 0);
}

static void other_product_is_refused(void **state)
{
	size_t len;
	uint8_t *genoa = test_vector("host/fake-genoa-snp/vcek.der", &len);
	uint8_t *t = tc_table((struct tc_table_entry[]){ { tc_guid_vcek, genoa, len } }, 1, &len);

	(void)state;
	assert_int_equal(sev_snp_platform_check_certs(plat, t, len), SEV_E_VERIFY);
	assert_logged("a Genoa certificate on a Milan platform");
	free(t);
	free(genoa);
}

static void other_tcb_is_refused(void **state)
{
	(void)state;
	fake->snp_status[24 + 7] = 0x45; /* reported ucode 69: the VCEK is for 68 */
	assert_int_equal(check_with(vcek, vcek_len), SEV_E_VERIFY);
	assert_logged("is not the platform's reported TCB (bl=2 tee=0 snp=5 ucode=69)");
}

/* The ASVK beside a VCEK: the chain passes with the builtin ASK, the table must not. */
static void asvk_in_the_ask_slot_is_refused(void **state)
{
	size_t asvk_len, len;
	uint8_t *asvk = tc_pem_der("snp/go-sev-guest_milan_asvk_ark.pem", 0, &asvk_len);
	uint8_t *t = tc_table((struct tc_table_entry[]){ { tc_guid_ask, asvk, asvk_len },
							 { tc_guid_vcek, vcek, vcek_len } }, 2, &len);

	(void)state;
	assert_int_equal(sev_snp_platform_check_certs(plat, t, len), SEV_E_FORMAT);
	assert_logged("the ASK slot holds an ASVK certificate");
	assert_int_equal(commands_sent(), 0);
	free(t);
	/* and an ASK in the ARK's slot */
	t = tc_table((struct tc_table_entry[]){ { tc_guid_ark, ask, ask_len },
						{ tc_guid_vcek, vcek, vcek_len } }, 2, &len);
	assert_int_equal(sev_snp_platform_check_certs(plat, t, len), SEV_E_FORMAT);
	assert_logged("the ARK slot holds an ASK certificate");
	free(t);
	free(asvk);
}

/* With a VLEK loaded, the VLEK signs the reports: a VCEK would not verify them. */
static void vcek_while_a_vlek_is_loaded_is_refused(void **state)
{
	(void)state;
	fake->snp_status[8] = SEV_SNP_STATUS_VLEK_EN;
	assert_int_equal(check_with(vcek, vcek_len), SEV_E_VERIFY);
	assert_logged("a VLEK is loaded on this platform");
}

static void unknown_processor_is_the_environment(void **state)
{
	(void)state;
	fake->cpuid1 = 0x00830F10; /* Rome */
	assert_int_equal(check_with(vcek, vcek_len), SEV_E_DEVICE);
	assert_logged("is not a Milan, Genoa or Turin");
}

/* After the firmware moved: the served table is current only with the reported TCB's VCEK. */
static void served_table_current_or_not(void **state)
{
	static const uint8_t empty[24];
	size_t len;
	uint8_t *t = tc_table((struct tc_table_entry[]){ { tc_guid_vcek, vcek, vcek_len } }, 1,
			      &len);

	(void)state;
	assert_int_equal(sev_snp_platform_certs_current(plat, t, len), 0);
	assert_int_equal(sev_snp_platform_certs_current(plat, empty, sizeof(empty)), 0);
	fake->snp_status[24 + 7] = 0x40; /* reported ucode 64 */
	assert_int_equal(sev_snp_platform_certs_current(plat, t, len), SEV_E_VERIFY);
	fake->snp_status[24 + 7] = 0x44;
	fake->snp_status[8] = SEV_SNP_STATUS_VLEK_EN; /* a VLEK was loaded */
	assert_int_equal(sev_snp_platform_certs_current(plat, t, len), SEV_E_VERIFY);
	free(t);
}

static void exactly_one_vek(void **state)
{
	size_t len;
	uint8_t *t = tc_table((struct tc_table_entry[]){ { tc_guid_ark, ark, ark_len } }, 1, &len);

	(void)state;
	assert_int_equal(sev_snp_platform_check_certs(plat, t, len), SEV_E_FORMAT);
	assert_logged("no VCEK or VLEK");
	assert_int_equal(commands_sent(), 0);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(own_vcek_is_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(vcek_alone_uses_the_builtin_roots, setup, teardown),
		cmocka_unit_test_setup_teardown(foreign_vcek_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(broken_chain_is_refused_before_any_command, setup,
						teardown),
		cmocka_unit_test_setup_teardown(other_product_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(other_tcb_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(asvk_in_the_ask_slot_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(vcek_while_a_vlek_is_loaded_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(unknown_processor_is_the_environment, setup,
						teardown),
		cmocka_unit_test_setup_teardown(served_table_current_or_not, setup, teardown),
		cmocka_unit_test_setup_teardown(exactly_one_vek, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
