/* SPDX-License-Identifier: Apache-2.0 */
/* OVMF footer table: real firmware suffixes (MANIFEST 3, 6) and Debian's OVMF when installed. */
#include "../test.h"

#include <sevkit/measure.h>

#include "util/bytes.h"
#include "util/guid.h"

#define TRIMMED "sev/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9"
#define AMDSEV "sev/virtee-sev_tests_measurement_ovmf_AmdSev_suffix.bin"
#define OVMFX64 "sev/virtee-sev_tests_measurement_ovmf_OvmfX64_suffix.bin"

static void sevctl_trimmed_ovmf(void **state)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	size_t len;
	uint8_t *fw = test_vector(TRIMMED, &len);

	(void)state;
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), 0);
	assert_int_equal(t.entries, 4);
	assert_true(t.has_es_reset);
	assert_int_equal(t.es_reset_eip, 0x80b004);
	assert_true(t.has_secret);
	assert_int_equal(t.secret_base, 0x80c000);
	assert_int_equal(t.secret_size, 0xc00);
	assert_true(t.has_hashes);
	assert_int_equal(t.hashes_base, 0x80cc00);
	assert_int_equal(t.hashes_size, 0x400);
	assert_false(t.has_metadata);
	free(fw);
}

static void amdsev_and_ovmfx64_suffixes(void **state)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	size_t len;
	uint8_t *fw = test_vector(AMDSEV, &len);

	(void)state;
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), 0);
	assert_int_equal(t.entries, 5);
	assert_int_equal(t.es_reset_eip, 0x80b004);
	assert_int_equal(t.hashes_base, 0x810c00);
	assert_int_equal(t.hashes_size, 0x400);
	assert_int_equal(t.secret_base, 0x810000);
	assert_int_equal(t.secret_size, 0xc00);
	assert_true(t.has_metadata);
	free(fw);

	/* OvmfX64 has the entries but no areas: base 0 means "not supported" */
	fw = test_vector(OVMFX64, &len);
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), 0);
	assert_true(t.has_hashes);
	assert_int_equal(t.hashes_base, 0);
	assert_int_equal(t.secret_size, 0);
	assert_int_equal(t.es_reset_eip, 0x80b004);
	free(fw);
}

static void find_any_entry(void **state)
{
	uint8_t tdx[SK_GUID_LEN], other[SK_GUID_LEN];
	const uint8_t *data;
	size_t len, n;
	uint8_t *fw = test_vector(TRIMMED, &len);

	(void)state;
	/* MANIFEST 3: the TDX metadata entry e47a6535 holds 70070000 */
	assert_int_equal(sk_guid_parse("e47a6535-984a-4798-865e-4685a7bf8ec2", tdx), 0);
	assert_int_equal(sev_ovmf_table_find(fw, len, tdx, &data, &n), 0);
	assert_int_equal(n, 4);
	assert_hex_equal(data, n, "70070000");
	assert_int_equal(sk_guid_parse("736869e5-84f0-4973-92ec-06879ce3da0b", other), 0);
	assert_int_equal(sev_ovmf_table_find(fw, len, other, &data, &n), SEV_E_INVALID);
	free(fw);
}

/* Debian's ovmf package (qemu-libvirt.md 2): entries with empty secret and hashes areas. */
static void debian_ovmf_when_installed(void **state)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	uint8_t *fw;
	size_t len;

	(void)state;
	if (sk_file_read("/usr/share/OVMF/OVMF_CODE.fd", 64u << 20, &fw, &len) != 0)
		skip();
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), 0);
	assert_int_equal(t.es_reset_eip, 0x80b004);
	assert_true(t.has_secret && t.secret_base == 0 && t.secret_size == 0);
	assert_true(t.has_hashes && t.hashes_base == 0 && t.hashes_size == 0);
	assert_true(t.has_metadata);
	assert_int_equal(t.metadata_offset, 0x52c);
	free(fw);
	if (sk_file_read("/usr/share/OVMF/OVMF_CODE_4M.fd", 64u << 20, &fw, &len) != 0)
		return;
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), 0);
	assert_int_equal(t.es_reset_eip, 0x808004);
	assert_false(t.has_metadata);
	free(fw);
}

static void rejects_file_without_footer(void **state)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	size_t len;
	uint8_t *fw = test_vector("sev/sevctl_tests_data_vmsa0.bin", &len);

	(void)state;
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), SEV_E_FORMAT);
	assert_int_equal(sev_ovmf_table_parse(fw, 49, &t), SEV_E_FORMAT);
	assert_int_equal(sev_ovmf_table_parse(fw, 0, &t), SEV_E_FORMAT);
	free(fw);
}

static void rejects_bad_footer_length(void **state)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	size_t len;
	uint8_t *fw = test_vector(TRIMMED, &len);

	(void)state;
	sk_put_le16(fw + len - 50, 17); /* shorter than the footer entry itself */
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), SEV_E_FORMAT);
	/* longer than the 4 KiB file */
	assert_int_equal(sev_ovmf_table_parse(fw + len - 200, 200, &t), SEV_E_FORMAT);
	free(fw);
	fw = test_vector(TRIMMED, &len);
	sk_put_le16(fw + len - 50, 0xffff);
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), SEV_E_FORMAT);
	free(fw);
}

static void rejects_bad_entry_length(void **state)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	size_t len;
	uint8_t *fw = test_vector(TRIMMED, &len);

	(void)state;
	/* the last entry's length sits right before the footer entry */
	sk_put_le16(fw + len - 50 - 18, 17);
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), SEV_E_FORMAT);
	sk_put_le16(fw + len - 50 - 18, 200);
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), SEV_E_FORMAT);
	free(fw);
	/* a table length that leaves stray bytes before the first entry */
	fw = test_vector(TRIMMED, &len);
	sk_put_le16(fw + len - 50, (uint16_t)(sk_get_le16(fw + len - 50) + 5));
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), SEV_E_FORMAT);
	free(fw);
}

static void rejects_short_or_duplicate_known_entry(void **state)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	size_t len;
	uint8_t *fw = test_vector(TRIMMED, &len);
	size_t last = len - 50 - 18; /* 00f771de reset block: 4 data bytes, then length, GUID */

	(void)state;
	/* turn the TDX entry (first in the file, 4 data bytes) into a second reset block */
	memcpy(fw + len - 32 - 114 + 4 + 2, fw + last + 2, SK_GUID_LEN);
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), SEV_E_FORMAT);
	free(fw);
	/* a secret area entry of 4 data bytes instead of 8: relabel the reset block */
	fw = test_vector(TRIMMED, &len);
	assert_int_equal(sk_guid_parse("4c2eb361-7d9b-4cc3-8081-127c90d3d294", fw + last + 2), 0);
	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), SEV_E_FORMAT);
	free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sevctl_trimmed_ovmf),
		cmocka_unit_test(amdsev_and_ovmfx64_suffixes),
		cmocka_unit_test(find_any_entry),
		cmocka_unit_test(debian_ovmf_when_installed),
		cmocka_unit_test(rejects_file_without_footer),
		cmocka_unit_test(rejects_bad_footer_length),
		cmocka_unit_test(rejects_bad_entry_length),
		cmocka_unit_test(rejects_short_or_duplicate_known_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
