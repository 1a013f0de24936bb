/* SPDX-License-Identifier: Apache-2.0 */
/* SEV metadata sections of real OVMF builds (snp.md 1.2, qemu-libvirt.md 2). */
#include "../test.h"

#include <sevkit/measure.h>

#include "util/bytes.h"

#define AMDSEV "sev/virtee-sev_tests_measurement_ovmf_AmdSev_suffix.bin"
#define OVMFX64 "sev/virtee-sev_tests_measurement_ovmf_OvmfX64_suffix.bin"
#define TRIMMED "sev/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9"

struct expect {
	uint32_t gpa, size, type;
};

static void check(const char *file, const struct expect *e, size_t n)
{
	struct sev_ovmf_section *s;
	size_t len, got;
	uint8_t *fw = test_vector(file, &len);

	assert_int_equal(sev_ovmf_metadata_parse(fw, len, &s, &got), 0);
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(s[i].gpa, e[i].gpa);
		assert_int_equal(s[i].size, e[i].size);
		assert_int_equal(s[i].type, e[i].type);
	}
	free(s);
	free(fw);
}

static void amdsev_sections(void **state)
{
	static const struct expect e[] = {
		{ 0x800000, 0x9000, SEV_SECTION_SNP_SEC_MEM },
		{ 0x80a000, 0x3000, SEV_SECTION_SNP_SEC_MEM },
		{ 0x80d000, 0x1000, SEV_SECTION_SNP_SECRETS },
		{ 0x80e000, 0x1000, SEV_SECTION_CPUID },
		{ 0x80f000, 0x1000, SEV_SECTION_SVSM_CAA },
		{ 0x810000, 0x1000, SEV_SECTION_SNP_KERNEL_HASHES },
		{ 0x811000, 0xf000, SEV_SECTION_SNP_SEC_MEM },
	};

	(void)state;
	check(AMDSEV, e, SK_ARRAY_SIZE(e));
	assert_string_equal(sev_ovmf_section_name(SEV_SECTION_SNP_KERNEL_HASHES),
			    "SNP_KERNEL_HASHES");
	assert_null(sev_ovmf_section_name(7));
}

static void ovmfx64_sections(void **state)
{
	static const struct expect e[] = {
		{ 0x800000, 0x9000, SEV_SECTION_SNP_SEC_MEM },
		{ 0x80a000, 0x3000, SEV_SECTION_SNP_SEC_MEM },
		{ 0x80d000, 0x1000, SEV_SECTION_SNP_SECRETS },
		{ 0x80e000, 0x1000, SEV_SECTION_CPUID },
		{ 0x80f000, 0x1000, SEV_SECTION_SVSM_CAA },
		{ 0x810000, 0x10000, SEV_SECTION_SNP_SEC_MEM },
	};

	(void)state;
	check(OVMFX64, e, SK_ARRAY_SIZE(e));
}

static void debian_ovmf_when_installed(void **state)
{
	static const struct expect e[] = {
		{ 0x800000, 0x9000, SEV_SECTION_SNP_SEC_MEM },
		{ 0x80a000, 0x3000, SEV_SECTION_SNP_SEC_MEM },
		{ 0x80d000, 0x1000, SEV_SECTION_SNP_SECRETS },
		{ 0x80e000, 0x1000, SEV_SECTION_CPUID },
		{ 0x80f000, 0x11000, SEV_SECTION_SNP_SEC_MEM },
	};
	struct sev_ovmf_section *s;
	uint8_t *fw;
	size_t len, n;

	(void)state;
	if (sk_file_read("/usr/share/OVMF/OVMF_CODE.fd", 64u << 20, &fw, &len) != 0)
		skip();
	assert_int_equal(sev_ovmf_metadata_parse(fw, len, &s, &n), 0);
	assert_int_equal(n, SK_ARRAY_SIZE(e));
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(s[i].gpa, e[i].gpa);
		assert_int_equal(s[i].size, e[i].size);
		assert_int_equal(s[i].type, e[i].type);
	}
	free(s);
	free(fw);
}

/* Offset of the "ASEV" header in a 4 KiB suffix. */
static size_t header_at(const uint8_t *fw, size_t len)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);

	assert_int_equal(sev_ovmf_table_parse(fw, len, &t), 0);
	return len - t.metadata_offset;
}

static void expect_reject(void (*mutate)(uint8_t *hdr))
{
	struct sev_ovmf_section *s;
	size_t len, n;
	uint8_t *fw = test_vector(AMDSEV, &len);

	mutate(fw + header_at(fw, len));
	assert_int_equal(sev_ovmf_metadata_parse(fw, len, &s, &n), SEV_E_FORMAT);
	assert_null(s);
	free(fw);
}

static void bad_signature(uint8_t *h) { h[0] = 'X'; }
static void bad_version(uint8_t *h) { sk_put_le32(h + 8, 2); }
static void too_many_sections(uint8_t *h) { sk_put_le32(h + 12, SEV_OVMF_SECTIONS_MAX + 1); }
static void size_too_small(uint8_t *h) { sk_put_le32(h + 4, 16 + 12); }
static void unknown_type(uint8_t *h) { sk_put_le32(h + 16 + 8, 5); }
static void wraps_4g(uint8_t *h) { sk_put_le32(h + 16, 0xfffff000); }

static void rejects_malformed_metadata(void **state)
{
	(void)state;
	expect_reject(bad_signature);
	expect_reject(bad_version);
	expect_reject(too_many_sections);
	expect_reject(size_too_small);
	expect_reject(unknown_type);
	expect_reject(wraps_4g);
}

static void rejects_missing_or_outside_metadata(void **state)
{
	struct sev_ovmf_section *s;
	size_t len, n;
	uint8_t *fw = test_vector(TRIMMED, &len);

	(void)state;
	/* no dc886566 entry */
	assert_int_equal(sev_ovmf_metadata_parse(fw, len, &s, &n), SEV_E_FORMAT);
	free(fw);
	fw = test_vector(AMDSEV, &len);
	/* dc886566 is the fourth entry from the end: an offset past the start of the file */
	sk_put_le32(fw + len - 50 - 22 - 26 - 26 - 22, 0x2000);
	assert_int_equal(sev_ovmf_metadata_parse(fw, len, &s, &n), SEV_E_FORMAT);
	/* and one too small for the header */
	sk_put_le32(fw + len - 50 - 22 - 26 - 26 - 22, 8);
	assert_int_equal(sev_ovmf_metadata_parse(fw, len, &s, &n), SEV_E_FORMAT);
	free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amdsev_sections),
		cmocka_unit_test(ovmfx64_sections),
		cmocka_unit_test(debian_ovmf_when_installed),
		cmocka_unit_test(rejects_malformed_metadata),
		cmocka_unit_test(rejects_missing_or_outside_metadata),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
