/* SPDX-License-Identifier: Apache-2.0 */
/* Kernel hashes table: sev-snp-measure's table file, sevctl's and libvirt's digests. */
#include "../test.h"

#include <sevkit/measure.h>

#include "crypto/hash.h"

static void matches_sev_snp_measure_table(void **state)
{
	size_t klen, ilen, tlen;
	uint8_t *k = test_vector("snp/sev-snp-measure/made_up_kernel.bin", &klen);
	uint8_t *i = test_vector("snp/sev-snp-measure/made_up_initrd.bin", &ilen);
	uint8_t *expect = test_vector("snp/sev-snp-measure/hashes_table_kernel_initrd_append.bin",
				      &tlen);
	uint8_t table[SEV_KERNEL_HASHES_LEN], built[SEV_KERNEL_HASHES_LEN], kd[32], id[32];

	(void)state;
	assert_int_equal(tlen, SEV_KERNEL_HASHES_LEN);
	assert_int_equal(sev_kernel_hashes_build(k, klen, i, ilen, "console=ttyS0 root=/dev/vda1",
						 table), 0);
	assert_memory_equal(table, expect, SEV_KERNEL_HASHES_LEN);
	/* from the digests, as a caller that streams the files gives them: the same table */
	assert_int_equal(sk_sha256(k, klen, kd), 0);
	assert_int_equal(sk_sha256(i, ilen, id), 0);
	memset(table, 0, sizeof(table));
	assert_int_equal(sev_kernel_hashes_digests(kd, id, "console=ttyS0 root=/dev/vda1", table),
			 0);
	assert_memory_equal(table, expect, SEV_KERNEL_HASHES_LEN);
	/* no initrd, no command line: as from the contents (SHA-256 of nothing for the initrd) */
	assert_int_equal(sev_kernel_hashes_digests(kd, NULL, NULL, table), 0);
	assert_int_equal(sev_kernel_hashes_build(k, klen, NULL, 0, NULL, built), 0);
	assert_memory_equal(table, built, SEV_KERNEL_HASHES_LEN);
	assert_hex_equal(table + 0x56, 32,
			 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	free(k);
	free(i);
	free(expect);
}

/* sevctl's measurement vector: the table's SHA-256 starts bd485904 (MANIFEST 3). */
static void matches_sevctl_table_digest(void **state)
{
	size_t klen, ilen;
	uint8_t *k = test_vector("sev/sevctl_tests_data_measurement_vmlinuz-fake", &klen);
	uint8_t *i = test_vector("sev/sevctl_tests_data_measurement_initrd-fake", &ilen);
	uint8_t table[SEV_KERNEL_HASHES_LEN], digest[32];

	(void)state;
	assert_int_equal(sev_kernel_hashes_build(k, klen, i, ilen,
						 "foo bar baz fake kernel=cmdline", table), 0);
	assert_int_equal(sk_sha256(table, sizeof(table), digest), 0);
	assert_hex_equal(digest, 4, "bd485904");
	free(k);
	free(i);
}

static void layout_and_defaults(void **state)
{
	uint8_t table[SEV_KERNEL_HASHES_LEN];
	static const uint8_t empty;

	(void)state;
	/* no initrd and no command line: SHA-256("") and SHA-256("\0") */
	assert_int_equal(sev_kernel_hashes_build(&empty, 0, NULL, 0, NULL, table), 0);
	assert_hex_equal(table, 18, "06d63894224fc94cb479a793d411fd21a800");
	assert_hex_equal(table + 0x12, 18, "d82dd09720bd944caa78e7714d36ab2a3200");
	assert_hex_equal(table + 0x24, 32,
			 "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
	assert_hex_equal(table + 0x44, 18, "31f7ba442f3ad74b9af141e29169781d3200");
	assert_hex_equal(table + 0x56, 32,
			 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_hex_equal(table + 0x76, 18, "3794e74dd2ab7f42b835d5b172d2045b3200");
	assert_hex_equal(table + 0xa8, 8, "0000000000000000");
	/* libvirt's peer digest for "console=ttyS0" (qemu-libvirt.md 10) */
	assert_int_equal(sev_kernel_hashes_build(&empty, 0, NULL, 0, "console=ttyS0", table), 0);
	assert_hex_equal(table + 0x24, 32,
			 "f18aae9b3c09e55bc3047ad361e2442d7c53372470b2958fb83293209a784f71");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_sev_snp_measure_table),
		cmocka_unit_test(matches_sevctl_table_digest),
		cmocka_unit_test(layout_and_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
