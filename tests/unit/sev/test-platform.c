/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV platform commands against the replayed platform: the real Rome
 * certificates as the firmware's answers, the kernel's length protocol, and
 * every way a reply can be wrong.
 */
#include "../log-capture.h"

#include <errno.h>

#include <linux/psp-sev.h>
#include <sevkit/host.h>

#include "sev/cert-internal.h"
#include "sev/platform-dev.h"
#include "util/bytes.h"

static const char *const rome[4] = {
	"sev/virtee-sev_tests_rome_pdh.cert", "sev/virtee-sev_tests_rome_pek.cert",
	"sev/virtee-sev_tests_rome_oca.cert", "sev/virtee-sev_tests_rome_cek.cert",
};

static void load_cert(const char *rel, uint8_t out[SEV_CERT_SIZE])
{
	size_t len;
	uint8_t *buf = test_vector(rel, &len);

	assert_int_equal(len, SEV_CERT_SIZE);
	memcpy(out, buf, SEV_CERT_SIZE);
	free(buf);
}

static struct sk_fake_sev *fake;
static struct sev_platform *plat;

static int setup(void **state)
{
	(void)state;
	fake = calloc(1, sizeof(*fake));
	for (size_t i = 0; i < 4; i++)
		load_cert(rome[i], fake->cert[i]);
	memcpy(fake->csr, fake->cert[1], SEV_CERT_SIZE);
	for (uint32_t i = 0; i < 64; i++)
		fake->id[i] = (uint8_t)(0xA0 + i);
	fake->id_len = 64;
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

/* ---- PLATFORM_STATUS: struct sev_user_data_status, packed ---- */

static void status_decodes_the_kernel_layout(void **state)
{
	static const uint8_t reply[SK_STATUS_SIZE] = { 0x00, 0x16, 0x02, 0x01, 0x01, 0x00, 0x00,
						       0x03, 0x05, 0x00, 0x00, 0x00 };
	struct sev_platform_status st;

	(void)state;
	memcpy(fake->status, reply, sizeof(reply));
	assert_int_equal(sev_platform_status(plat, &st), 0);
	assert_int_equal(st.api_major, 0);
	assert_int_equal(st.api_minor, 22);
	assert_int_equal(st.state, SEV_STATE_WORKING);
	assert_int_equal(st.flags, SEV_STATUS_FLAGS_CONFIG_ES | 1); /* owned and ES */
	assert_int_equal(st.build, 3);
	assert_int_equal(st.guest_count, 5);
	assert_string_equal(sev_platform_state_name(st.state), "WORKING");
	assert_int_equal(offsetof(struct sev_user_data_status, guest_count), 8);
}

static void status_with_unknown_state_is_refused(void **state)
{
	struct sev_platform_status st;

	(void)state;
	fake->status[2] = 3;
	assert_int_equal(sev_platform_status(plat, &st), SEV_E_FORMAT);
	assert_logged("state at offset 0x2");
}

/* ---- PDH_CERT_EXPORT ---- */

static void export_gives_the_platform_chain(void **state)
{
	uint8_t chain[4 * SEV_CERT_SIZE];
	size_t len;
	uint8_t *want = test_vector("sev/derived/rome.sevchain", &len);

	(void)state;
	assert_int_equal(sev_platform_export(plat, chain), 0);
	assert_int_equal(len, sizeof(chain));
	assert_memory_equal(chain, want, len);
	/* one call for the lengths, one for the data */
	assert_int_equal(fake->calls[SK_SEV_PDH_CERT_EXPORT], 2);
	free(want);
}

static void export_oversized_length_is_refused(void **state)
{
	uint8_t chain[4 * SEV_CERT_SIZE];

	(void)state;
	fake->reply_len[SK_SEV_PDH_CERT_EXPORT] = 0x10000;
	assert_int_equal(sev_platform_export(plat, chain), SEV_E_TOOBIG);
	assert_logged("pdh_cert_len");
	assert_int_equal(fake->calls[SK_SEV_PDH_CERT_EXPORT], 1);
}

static void export_short_length_is_refused(void **state)
{
	uint8_t chain[4 * SEV_CERT_SIZE];

	(void)state;
	fake->reply_len2[SK_SEV_PDH_CERT_EXPORT] = 2 * SEV_CERT_SIZE;
	assert_int_equal(sev_platform_export(plat, chain), SEV_E_FORMAT);
	assert_logged("cert_chain_len at offset 0x14: 0x1048 bytes, expected 0x186c");
}

static void export_certificate_out_of_place_is_refused(void **state)
{
	uint8_t chain[4 * SEV_CERT_SIZE];

	(void)state;
	load_cert(rome[2], fake->cert[1]); /* an OCA where the PEK belongs */
	assert_int_equal(sev_platform_export(plat, chain), SEV_E_FORMAT);
	assert_logged("a OCA certificate where the PEK belongs");
}

static void export_malformed_certificate_is_refused(void **state)
{
	uint8_t chain[4 * SEV_CERT_SIZE];

	(void)state;
	fake->cert[3][0] = 2; /* CEK version */
	assert_int_equal(sev_platform_export(plat, chain), SEV_E_FORMAT);
	assert_logged("the CEK certificate is malformed");
}

/* ---- firmware status codes, by name ---- */

static void firmware_refusal_is_named(void **state)
{
	(void)state;
	fake->fw_error[SK_SEV_PDH_GEN] = SEV_RET_INVALID_PLATFORM_STATE;
	assert_int_equal(sev_platform_pdh_gen(plat), SEV_E_DEVICE);
	assert_int_equal(sev_platform_fw_error(plat), 1);
	assert_logged("PDH_GEN: the firmware refused: INVALID_PLATFORM_STATE (0x0001)");
	fake->fw_error[SK_SEV_PLATFORM_RESET] = 0x1E; /* no name */
	assert_int_equal(sev_platform_reset(plat), SEV_E_DEVICE);
	assert_logged("status 0x001e");
}

static void ioctl_errno_is_returned(void **state)
{
	(void)state;
	fake->err[SK_SEV_PEK_GEN] = -EPERM;
	assert_int_equal(sev_platform_pek_gen(plat), -EPERM);
	assert_logged("PEK_GEN: Operation not permitted");
	assert_int_equal(sev_platform_pek_gen(plat), -EPERM);
	fake->err[SK_SEV_PEK_GEN] = 0;
	assert_int_equal(sev_platform_pek_gen(plat), 0);
	assert_int_equal(fake->calls[SK_SEV_PEK_GEN], 3);
}

/* The names are the kernel's SEV_RET_* values (linux/psp-sev.h). */
static void firmware_names_match_the_kernel(void **state)
{
	(void)state;
	assert_string_equal(sev_fw_error_name(SEV_RET_SUCCESS), "SUCCESS");
	assert_string_equal(sev_fw_error_name(SEV_RET_INVALID_PLATFORM_STATE),
			    "INVALID_PLATFORM_STATE");
	assert_string_equal(sev_fw_error_name(SEV_RET_INVALID_LEN), "INVALID_LEN");
	assert_string_equal(sev_fw_error_name(SEV_RET_ALREADY_OWNED), "ALREADY_OWNED");
	assert_string_equal(sev_fw_error_name(SEV_RET_INVALID_CERTIFICATE), "INVALID_CERTIFICATE");
	assert_string_equal(sev_fw_error_name(SEV_RET_BAD_SIGNATURE), "BAD_SIGNATURE");
	assert_string_equal(sev_fw_error_name(SEV_RET_INVALID_COMMAND), "INVALID_COMMAND");
	assert_string_equal(sev_fw_error_name(SEV_RET_UNSUPPORTED), "UNSUPPORTED");
	assert_string_equal(sev_fw_error_name(SEV_RET_INVALID_PARAM), "INVALID_PARAM");
	assert_string_equal(sev_fw_error_name(SEV_RET_RESOURCE_LIMIT), "RESOURCE_LIMIT");
	assert_string_equal(sev_fw_error_name(SEV_RET_SECURE_DATA_INVALID), "SECURE_DATA_INVALID");
	assert_string_equal(sev_fw_error_name(0x27), "INVALID_KEY");
	assert_null(sev_fw_error_name(0x1E));
	assert_null(sev_fw_error_name(0x28));
	assert_null(sev_fw_error_name(0xFFFFFFFFu));
}

/* ---- PEK_CSR ---- */

static void pek_csr_returns_the_request(void **state)
{
	uint8_t csr[SEV_CERT_SIZE];

	(void)state;
	assert_int_equal(sev_platform_pek_csr(plat, csr), 0);
	assert_memory_equal(csr, fake->cert[1], SEV_CERT_SIZE);
	assert_int_equal(fake->calls[SK_SEV_PEK_CSR], 2);
}

static void pek_csr_bad_lengths_are_refused(void **state)
{
	uint8_t csr[SEV_CERT_SIZE];

	(void)state;
	fake->reply_len[SK_SEV_PEK_CSR] = 0x100000;
	assert_int_equal(sev_platform_pek_csr(plat, csr), SEV_E_TOOBIG);
	fake->reply_len[SK_SEV_PEK_CSR] = 0x800;
	assert_int_equal(sev_platform_pek_csr(plat, csr), SEV_E_FORMAT);
	assert_logged("length at offset 0x8: 0x800 bytes, expected 0x824");
	fake->reply_len[SK_SEV_PEK_CSR] = 0;
	load_cert(rome[0], fake->csr); /* a PDH is no CSR */
	assert_int_equal(sev_platform_pek_csr(plat, csr), SEV_E_FORMAT);
	assert_logged("a PDH certificate where the PEK belongs");
}

static void pek_csr_refused_query_is_reported(void **state)
{
	uint8_t csr[SEV_CERT_SIZE];

	(void)state;
	fake->fw_error[SK_SEV_PEK_CSR] = SEV_RET_INVALID_PLATFORM_STATE;
	assert_int_equal(sev_platform_pek_csr(plat, csr), SEV_E_DEVICE);
	assert_logged("PEK_CSR: the firmware refused: INVALID_PLATFORM_STATE");
}

/* ---- PEK_CERT_IMPORT ---- */

static void import_passes_both_certificates(void **state)
{
	(void)state;
	assert_int_equal(sev_platform_pek_import(plat, fake->cert[1], fake->cert[2]), 0);
	assert_memory_equal(fake->imported[0], fake->cert[1], SEV_CERT_SIZE);
	assert_memory_equal(fake->imported[1], fake->cert[2], SEV_CERT_SIZE);
}

static void import_of_wrong_certificates_is_refused(void **state)
{
	uint8_t bad[SEV_CERT_SIZE];

	(void)state;
	assert_int_equal(sev_platform_pek_import(plat, fake->cert[2], fake->cert[2]),
			 SEV_E_INVALID);
	assert_logged("PEK_CERT_IMPORT: a OCA certificate where the PEK belongs");
	assert_int_equal(sev_platform_pek_import(plat, fake->cert[1], fake->cert[0]),
			 SEV_E_INVALID);
	memcpy(bad, fake->cert[1], SEV_CERT_SIZE);
	bad[0] = 7;
	assert_int_equal(sev_platform_pek_import(plat, bad, fake->cert[2]), SEV_E_FORMAT);
	assert_int_equal(fake->calls[SK_SEV_PEK_CERT_IMPORT], 0);
	fake->fw_error[SK_SEV_PEK_CERT_IMPORT] = SEV_RET_ALREADY_OWNED;
	assert_int_equal(sev_platform_pek_import(plat, fake->cert[1], fake->cert[2]),
			 SEV_E_DEVICE);
	assert_logged("ALREADY_OWNED (0x0005)");
}

/* The OCA must have signed the PEK: an unsigned request or another OCA never reach the device. */
static void import_of_a_pek_the_oca_did_not_sign_is_refused(void **state)
{
	uint8_t csr[SEV_CERT_SIZE];

	(void)state;
	memcpy(csr, fake->cert[1], SEV_CERT_SIZE);
	for (int slot = 0; slot < 2; slot++) {
		memset(csr + SEV_OFF_SIG(slot), 0, SEV_SIG_DATA + SEV_SIG_SIZE);
		sk_put_le32(csr + SEV_OFF_SIG(slot), SEV_USAGE_INVALID);
	}
	assert_int_equal(sev_platform_pek_import(plat, csr, fake->cert[2]), SEV_E_VERIFY);
	assert_logged("the PEK is not signed");
	/* the Naples OCA did not sign the Rome PEK */
	load_cert("sev/virtee-sev_tests_naples_oca.cert", csr);
	assert_int_equal(sev_platform_pek_import(plat, fake->cert[1], csr), SEV_E_VERIFY);
	assert_logged("the OCA did not sign the PEK");
	assert_int_equal(fake->calls[SK_SEV_PEK_CERT_IMPORT], 0);
}

/* ---- GET_ID2 / GET_ID ---- */

static void get_id_by_length_protocol(void **state)
{
	uint8_t id[SEV_ID_MAX];
	size_t len;

	(void)state;
	assert_int_equal(sev_platform_get_id(plat, id, &len), 0);
	assert_int_equal(len, 64);
	assert_memory_equal(id, fake->id, 64);
	assert_int_equal(fake->calls[SK_SEV_GET_ID2], 2);
}

static void get_id_falls_back_on_old_kernels(void **state)
{
	uint8_t id[SEV_ID_MAX];
	size_t len;

	(void)state;
	fake->no_get_id2 = true;
	assert_int_equal(sev_platform_get_id(plat, id, &len), 0);
	assert_int_equal(len, 64);
	assert_memory_equal(id, fake->id, 64);
	assert_int_equal(fake->calls[SK_SEV_GET_ID], 1);
	/* two sockets: both slots */
	memset(fake->id + 64, 0x5A, 64);
	fake->id_len = 128;
	assert_int_equal(sev_platform_get_id(plat, id, &len), 0);
	assert_int_equal(len, 128);
}

static void get_id_bad_replies_are_refused(void **state)
{
	uint8_t id[SEV_ID_MAX];
	size_t len;

	(void)state;
	fake->reply_len[SK_SEV_GET_ID2] = 0x30;
	assert_int_equal(sev_platform_get_id(plat, id, &len), SEV_E_FORMAT);
	assert_logged("0x30 is not a multiple of 64");
	fake->reply_len[SK_SEV_GET_ID2] = 0x8000;
	assert_int_equal(sev_platform_get_id(plat, id, &len), SEV_E_TOOBIG);
	fake->reply_len[SK_SEV_GET_ID2] = 0;
	fake->id_len = 0;
	assert_int_equal(sev_platform_get_id(plat, id, &len), SEV_E_FORMAT);
	fake->id_len = 64;
	memset(fake->id, 0, 64);
	assert_int_equal(sev_platform_get_id(plat, id, &len), SEV_E_FORMAT);
	assert_logged("all zero");
}

/* ---- opening ---- */

static void missing_device_is_errno(void **state)
{
	struct sev_platform *p;

	(void)state;
	assert_int_equal(sev_platform_open("/nonexistent/sev", &p), -ENOENT);
	/* a fake directory that is not there is a missing device */
	assert_int_equal(sev_platform_open("fake:/nonexistent", &p), SEV_E_DEVICE);
}

static void fake_directory_replays(void **state)
{
	struct sev_platform *p;
	struct sev_platform_status st;
	uint8_t chain[4 * SEV_CERT_SIZE];
	size_t len;
	uint8_t *want = test_vector("sev/derived/rome.sevchain", &len);

	(void)state;
	assert_int_equal(sev_platform_open("fake:" VECTORS "/host/fake-rome", &p), 0);
	assert_int_equal(sev_platform_status(p, &st), 0);
	assert_int_equal(st.api_minor, 22);
	assert_int_equal(st.flags, SEV_STATUS_FLAG_ES);
	assert_int_equal(sev_platform_export(p, chain), 0);
	assert_memory_equal(chain, want, len);
	sev_platform_close(p);
	free(want);
}

static void fake_config_errors_are_named(void **state)
{
	static const struct {
		const char *json, *says;
	} bad[] = {
		{ "[", "line 1" },
		{ "{\"nope\":1}", "unknown key \"nope\"" },
		{ "{\"status\":{\"state\":256}}", "state" },
		{ "{\"fw_error\":{\"PDH_GENX\":1}}", "unknown command name" },
		{ "{\"errno\":{\"PDH_GEN\":\"EWHAT\"}}", "errno name" },
		{ "{\"id\":\"xyz\"}", "hex" },
		{ "{\"pdh\":\"missing.cert\"}", "missing.cert" },
		{ "{\"no_get_id2\":1}", "true or false" },
	};
	struct sk_fake_sev *f;

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(bad); i++) {
		test_logged[0] = '\0';
		assert_int_not_equal(sk_fake_parse((const uint8_t *)bad[i].json,
						   strlen(bad[i].json), "/nonexistent", &f), 0);
		assert_logged(bad[i].says);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(status_decodes_the_kernel_layout),
		T(status_with_unknown_state_is_refused),
		T(export_gives_the_platform_chain),
		T(export_oversized_length_is_refused),
		T(export_short_length_is_refused),
		T(export_certificate_out_of_place_is_refused),
		T(export_malformed_certificate_is_refused),
		T(firmware_refusal_is_named),
		T(ioctl_errno_is_returned),
		T(firmware_names_match_the_kernel),
		T(pek_csr_returns_the_request),
		T(pek_csr_bad_lengths_are_refused),
		T(pek_csr_refused_query_is_reported),
		T(import_passes_both_certificates),
		T(import_of_a_pek_the_oca_did_not_sign_is_refused),
		T(import_of_wrong_certificates_is_refused),
		T(get_id_by_length_protocol),
		T(get_id_falls_back_on_old_kernels),
		T(get_id_bad_replies_are_refused),
		T(missing_device_is_errno),
		T(fake_directory_replays),
		T(fake_config_errors_are_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
