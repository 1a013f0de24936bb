/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LAUNCH_MEASURE HMAC: the sev-tool/virtee vector (MANIFEST 5), sevctl's four
 * measurement cases (MANIFEST 3) and libvirt's peer value (qemu-libvirt.md 10).
 */
#include "../test.h"

#include <sevkit/measure.h>

#include "crypto/base64.h"
#include "crypto/hash.h"
#include "util/bytes.h"

#define TRIMMED "sev/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9"

static void sev_tool_vector(void **state)
{
	struct sev_launch_info info = { .api_major = 0, .api_minor = 0x12, .build_id = 0x0f };
	uint8_t tik[16], digest[32], mnonce[16], out[32];

	(void)state;
	sk_hex_decode(tik, 16, "66320db73158a35a255d051758e95ed4");
	sk_hex_decode(mnonce, 16, "4fbe0bedbad6c86ae8f68971d103e554");
	sk_sha256("", 0, digest);
	assert_int_equal(sev_launch_measure(tik, &info, digest, mnonce, out), 0);
	assert_hex_equal(out, 32,
			 "6faab2daae389bcd3405a05d6cafe33c0414f7bedd0bae19ba5f38b7fd1664ea");
}

static void b64(const char *text, uint8_t *out, size_t n)
{
	uint8_t *raw;
	size_t len;

	assert_int_equal(sk_base64_decode(text, strlen(text), &raw, &len), 0);
	assert_int_equal(len, n);
	memcpy(out, raw, n);
	free(raw);
}

/* sevctl measurement build: output base64(MEASURE || MNONCE) */
static void check_sevctl(const struct sev_launch_info *info, const uint8_t digest[32],
			 const char *expect)
{
	uint8_t tik[16], blob[48], out[32];
	size_t len;
	uint8_t *t = test_vector("sev/sevctl_tests_data_measurement_tik1.bin", &len);

	assert_int_equal(len, 16);
	memcpy(tik, t, 16);
	free(t);
	b64(expect, blob, 48);
	assert_hex_equal(blob + 32, 16, "c313fab511c216b1505b1b2ea9903c40");
	assert_int_equal(sev_launch_measure(tik, info, digest, blob + 32, out), 0);
	assert_memory_equal(out, blob, 32);
	assert_int_equal(sev_launch_measure_check(tik, info, digest, blob), 0);
	blob[31] ^= 1;
	assert_int_equal(sev_launch_measure_check(tik, info, digest, blob), SEV_E_VERIFY);
}

static void sevctl_cases(void **state)
{
	struct sev_launch_info info = {
		.api_major = 1, .api_minor = 40, .build_id = 40, .policy = 3,
	};
	uint8_t digest[32], table[SEV_KERNEL_HASHES_LEN];
	size_t len, klen, ilen;
	uint8_t *fw = test_vector(TRIMMED, &len);
	uint8_t *k = test_vector("sev/sevctl_tests_data_measurement_vmlinuz-fake", &klen);
	uint8_t *i = test_vector("sev/sevctl_tests_data_measurement_initrd-fake", &ilen);
	struct sev_launch_config cfg = {
		.size = sizeof(struct sev_launch_config),
		.mode = SEV_MODE_SEV, .firmware = fw, .firmware_len = len,
	};

	(void)state;
	b64("xkvRAfyaSizgonxAjZIAkR8TmolUabBKQKb6KJCDDSM=", digest, 32);
	check_sevctl(&info, digest,
		     "lswbxWxI9gckya16JQvdFtpYmNO4b+3inAPpqsgoBI7DE/q1EcIWsVBbGy6pkDxA");

	assert_int_equal(sev_launch_digest(&cfg, digest), 0);
	assert_hex_equal(digest, 4, "2f6fc606");
	check_sevctl(&info, digest,
		     "oMDewIouJSpbpNRHj7Mk3p08H2dPZQdsZMU14qIymBnDE/q1EcIWsVBbGy6pkDxA");

	assert_int_equal(sev_kernel_hashes_build(k, klen, i, ilen,
						 "foo bar baz fake kernel=cmdline", table), 0);
	cfg.kernel_hashes = table;
	assert_int_equal(sev_launch_digest(&cfg, digest), 0);
	check_sevctl(&info, digest,
		     "h3auYbWQnVW7EGLWN4Hf9SN0oEYMPU2sK4bLnefWPwvDE/q1EcIWsVBbGy6pkDxA");

	/* SEV-ES, 4 vCPUs of EPYC-Milan, VMSAs built (legacy FPU state) */
	cfg = (struct sev_launch_config){ .size = sizeof(cfg),
					  .mode = SEV_MODE_SEV_ES, .firmware = fw,
					  .firmware_len = len, .vcpus = 4, .vcpu_sig = 0xa00f11 };
	info = (struct sev_launch_info){ .api_major = 1, .api_minor = 49, .build_id = 6,
					 .policy = 5 };
	assert_int_equal(sev_launch_digest(&cfg, digest), 0);
	{
		uint8_t tik[16], blob[48];
		uint8_t *t = test_vector("sev/sevctl_tests_data_measurement_tik1.bin", &len);

		memcpy(tik, t, 16);
		free(t);
		b64("/o0nzDKE5XgtVnUZWPhUea/WZYrTKLExR7KCwuMdbActvpWfXTFk21KMZIAAhQny", blob, 48);
		assert_int_equal(sev_launch_measure_check(tik, &info, digest, blob), 0);
		/* the same VMs, measured with INIT2 FPU state, does not match */
		cfg.fpu = SEV_VMSA_INIT2;
		assert_int_equal(sev_launch_digest(&cfg, digest), 0);
		assert_int_equal(sev_launch_measure_check(tik, &info, digest, blob), SEV_E_VERIFY);
		/* nor with another build id */
		cfg.fpu = SEV_VMSA_LEGACY;
		assert_int_equal(sev_launch_digest(&cfg, digest), 0);
		info.build_id = 7;
		assert_int_equal(sev_launch_measure_check(tik, &info, digest, blob), SEV_E_VERIFY);
	}
	free(fw);
	free(k);
	free(i);
}

/* virt-qemu-sev-validate --debug on Debian's OVMF_CODE.fd: "Measurement computed" */
static void libvirt_peer_value_when_ovmf_installed(void **state)
{
	struct sev_launch_info info = {
		.api_major = 0, .api_minor = 24, .build_id = 15, .policy = 3,
	};
	uint8_t tik[16] = { 0 }, mnonce[16], digest[32], out[32];
	struct sev_launch_config cfg = { .size = sizeof(cfg), .mode = SEV_MODE_SEV };
	uint8_t *fw;
	size_t len;

	(void)state;
	if (sk_file_read("/usr/share/OVMF/OVMF_CODE.fd", 64u << 20, &fw, &len) != 0)
		skip();
	for (int i = 0; i < 16; i++)
		mnonce[i] = (uint8_t)i;
	cfg.firmware = fw;
	cfg.firmware_len = len;
	assert_int_equal(sev_launch_digest(&cfg, digest), 0);
	assert_int_equal(sev_launch_measure(tik, &info, digest, mnonce, out), 0);
	assert_hex_equal(out, 32,
			 "bec4ac779a488e499cbc0035ed7d91562ffc8c4d0bfd0f5c38f57502149a50b3");
	free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sev_tool_vector),
		cmocka_unit_test(sevctl_cases),
		cmocka_unit_test(libvirt_peer_value_when_ovmf_installed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
