/* SPDX-License-Identifier: Apache-2.0 */
/* LAUNCH_SECRET packets: sevctl's exact vectors and padding cases (MANIFEST 4). */
#include "../test.h"

#include <sevkit/launch.h>

#include "crypto/base64.h"
#include "util/bytes.h"

#define DIR "sev/sevctl_tests_data_secret_"

struct keys {
	uint8_t tek[16], tik[16], measure[32], iv[16];
};

static void b64(const char *text, uint8_t *out, size_t n)
{
	uint8_t *raw;
	size_t len;

	assert_int_equal(sk_base64_decode(text, strlen(text), &raw, &len), 0);
	assert_int_equal(len, n);
	memcpy(out, raw, n);
	free(raw);
}

static void load_keys(struct keys *k)
{
	uint8_t blob[48], *f;
	size_t len;

	f = test_vector(DIR "tek1.bin", &len);
	memcpy(k->tek, f, 16);
	free(f);
	f = test_vector(DIR "tik1.bin", &len);
	memcpy(k->tik, f, 16);
	free(f);
	b64("TLeA7607lZQntLjRY1/i+sbtdSZ+75zxpz4Px9hzpBLwItF5Q2o4prA++3ZZv9ZS", blob, 48);
	memcpy(k->measure, blob, 32);
	b64("rFR07U3TLH2YnsUj2SVZ7A==", k->iv, 16);
}

/* Build the table for the given (name, file) pairs and seal it with sevctl's fixed IV. */
static void seal(const char *const *names, const char *const *files, size_t n,
		 const char *header_b64, const char *payload_b64, size_t payload_len)
{
	struct sev_secret_entry e[2];
	uint8_t *data[2], *table, *cipher, header[SEV_SECRET_HEADER_LEN], expect[256];
	size_t len;
	struct keys k;

	load_keys(&k);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(sev_secret_guid(names[i], e[i].guid), 0);
		data[i] = test_vector(files[i], &e[i].len);
		e[i].data = data[i];
	}
	assert_int_equal(sev_secret_table_build(e, n, &table, &len), 0);
	assert_int_equal(len, payload_len);
	cipher = malloc(len);
	assert_int_equal(sev_launch_secret_seal(k.tek, k.tik, k.measure, k.iv, table, len, header,
						cipher), 0);
	b64(header_b64, expect, SEV_SECRET_HEADER_LEN);
	assert_memory_equal(header, expect, SEV_SECRET_HEADER_LEN);
	b64(payload_b64, expect, payload_len);
	assert_memory_equal(cipher, expect, payload_len);
	for (size_t i = 0; i < n; i++)
		free(data[i]);
	sev_secret_free(table, len);
	free(cipher);
}

static void sevctl_one_secret(void **state)
{
	static const char *const names[] = { "736869e5-84f0-4973-92ec-06879ce3da0b" };
	static const char *const files[] = { DIR "secret1.txt" };

	(void)state;
	seal(names, files, 1,
	     "AAAAAKxUdO1N0yx9mJ7FI9klWey8FSzeYQ4X8K71VzNKLU/KQsIsQxLjtbhaPUewqshX5Q==",
	     "0U3e5PcXv0UW+H4tSBFKOdCYfKE1+j38Bc2fuO16mYiyI+sWx7INfn+lgYj56GL12yyinDa+lVfCCwD/"
	     "2w5cPA==", 64);
}

static void sevctl_two_secrets(void **state)
{
	static const char *const names[] = { "luks-key", "736869e5-aaaa-4973-92ec-06879ce3da0b" };
	static const char *const files[] = { DIR "secret1.txt", DIR "secret2.txt" };

	(void)state;
	seal(names, files, 2,
	     "AAAAAKxUdO1N0yx9mJ7FI9klWeyZ3r0dOEKHUOhIRqzGYYvTJgdMtBPL1nK6GD9aGET7Ng==",
	     "0U3e5PcXv0UW+H4tSBFKObWYfKE1+j38Bc2fuO16mYiyI+sWx7INfn+lgYj56GL12yyinDa+lVfCC+WWs332"
	     "lpLNUX1ZI3YK7vYgtys4X+uGxEIlkIQ90v8/w8ZFmQMe", 96);
}

static void plaintext_table_layout(void **state)
{
	struct sev_secret_entry e = { .data = (const uint8_t *)"MY-LUKS-PASSPHRASE", .len = 18 };
	uint8_t *table;
	size_t len;

	(void)state;
	assert_int_equal(sev_secret_guid("luks-key", e.guid), 0);
	assert_int_equal(sev_secret_table_build(&e, 1, &table, &len), 0);
	assert_int_equal(len, 64);
	assert_hex_equal(table, 40, "42f5741edd71664d963eef4287ff173b3a000000"
				    "e5696873f084734992ec06879ce3da0b26000000");
	assert_memory_equal(table + 40, "MY-LUKS-PASSPHRASE", 18);
	assert_true(sk_all_zero(table + 58, 6));
	sev_secret_free(table, len);
}

/* 16343 and 16344 bytes of secret both give 16384: pad 1, then none (sevctl, not libvirt) */
static void padding_to_sixteen(void **state)
{
	const char *files[] = { DIR "secret3.txt", DIR "secret4.txt" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct sev_secret_entry e;
		uint8_t *data, *table;
		size_t len;

		assert_int_equal(sev_secret_guid("23058844-597b-42fb-8259-a0f5d9d495af", e.guid),
				 0);
		data = test_vector(files[i], &e.len);
		e.data = data;
		assert_int_equal(sev_secret_table_build(&e, 1, &table, &len), 0);
		assert_int_equal(len, 16384);
		assert_int_equal(sk_get_le32(table + 16), 20 + 20 + e.len);
		sev_secret_free(table, len);
		free(data);
	}
}

static void open_checks_mac(void **state)
{
	uint8_t plain[64], cipher[64], out[64], header[SEV_SECRET_HEADER_LEN], header2[52];
	struct keys k;

	(void)state;
	load_keys(&k);
	for (int i = 0; i < 64; i++)
		plain[i] = (uint8_t)i;
	assert_int_equal(sev_launch_secret_seal(k.tek, k.tik, k.measure, NULL, plain, 64, header,
						cipher), 0);
	assert_int_equal(sev_launch_secret_seal(k.tek, k.tik, k.measure, NULL, plain, 64, header2,
						out), 0);
	assert_memory_not_equal(header + 4, header2 + 4, 16); /* random IVs differ */
	assert_int_equal(sev_launch_secret_open(k.tek, k.tik, k.measure, header, cipher, 64, out),
			 0);
	assert_memory_equal(out, plain, 64);
	cipher[10] ^= 1;
	assert_int_equal(sev_launch_secret_open(k.tek, k.tik, k.measure, header, cipher, 64, out),
			 SEV_E_VERIFY);
	cipher[10] ^= 1;
	k.measure[0] ^= 1;
	assert_int_equal(sev_launch_secret_open(k.tek, k.tik, k.measure, header, cipher, 64, out),
			 SEV_E_VERIFY);
	k.measure[0] ^= 1;
	header[0] = 1;
	assert_int_equal(sev_launch_secret_open(k.tek, k.tik, k.measure, header, cipher, 64, out),
			 SEV_E_UNSUPPORTED);
	assert_int_equal(sev_launch_secret_seal(k.tek, k.tik, k.measure, NULL, plain, 0, header,
						cipher), SEV_E_INVALID);
}

static void rejects_bad_tables(void **state)
{
	struct sev_secret_entry e[2] = { { .data = (const uint8_t *)"a", .len = 1 },
					 { .data = (const uint8_t *)"b", .len = 1 } };
	uint8_t *table;
	size_t len;

	(void)state;
	assert_int_equal(sev_secret_guid("luks-key", e[0].guid), 0);
	assert_int_equal(sev_secret_guid("736869E5-84F0-4973-92EC-06879CE3DA0B", e[1].guid), 0);
	assert_int_equal(sev_secret_table_build(e, 2, &table, &len), SEV_E_INVALID);
	assert_int_equal(sev_secret_table_build(e, 0, &table, &len), SEV_E_INVALID);
	e[0].len = (size_t)UINT32_MAX;
	assert_int_equal(sev_secret_table_build(e, 1, &table, &len), SEV_E_TOOBIG);
	assert_int_equal(sev_secret_guid("disk-key", e[0].guid), SEV_E_INVALID);
	assert_int_equal(sev_secret_guid("736869e5-84f0-4973-92ec-06879ce3da0z", e[0].guid),
			 SEV_E_INVALID);
}

/*
 * The secret area the OVMF footer names: 0xc00 bytes in sevctl's trimmed AmdSev
 * build, none in the OvmfX64 build (no launch secret GUID in its table).
 */
static void secret_area_of_real_firmware(void **state)
{
	size_t len, x64_len;
	uint8_t *fw = test_vector("sev/sevctl_tests_data_OVMF.amdsev.fd_trimmed_"
				  "edk2-ovmf-20220126gitbb1bba3d77-4.el9", &len);
	uint8_t *x64 = test_vector("sev/virtee-sev_tests_measurement_ovmf_OvmfX64_suffix.bin",
				   &x64_len);

	(void)state;
	assert_int_equal(sev_secret_area_check(fw, len, 0xc00), 0);
	assert_int_equal(sev_secret_area_check(fw, len, 0xc01), SEV_E_TOOBIG);
	assert_int_equal(sev_secret_area_check(x64, x64_len, 16), SEV_E_UNSUPPORTED);
	assert_int_equal(sev_secret_area_check(fw, 100, 16), SEV_E_FORMAT);
	free(fw);
	free(x64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sevctl_one_secret),
		cmocka_unit_test(sevctl_two_secrets),
		cmocka_unit_test(plaintext_table_layout),
		cmocka_unit_test(padding_to_sixteen),
		cmocka_unit_test(open_checks_mac),
		cmocka_unit_test(rejects_bad_tables),
		cmocka_unit_test(secret_area_of_real_firmware),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
