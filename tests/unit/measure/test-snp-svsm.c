/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV-SNP with a Coconut SVSM: the VMSA against sev-snp-measure's dump (FCW 0),
 * the SVSM's place below OVMF_VARS (0xffaea000 in snp/MANIFEST.md 1), and the
 * launches that cannot exist. The digests (T23, T24) are in test-snp-digest.c.
 */
#include "../test.h"

#include <sevkit/measure.h>

#include "measure/snp-internal.h"
#include "util/bytes.h"

#define DIR "snp/sev-snp-measure/"
#define SVSM_GPA 0xffaea000u

static void vmsa_matches_dump(void **state)
{
	size_t slen, dlen, elen;
	uint8_t *svsm = test_vector(DIR "svsm.bin", &slen);
	uint8_t *dump = test_vector(DIR "vmsa_dumps/svsm_epyc-v4_1vcpu/vmsa0.bin", &dlen);
	const uint8_t *entry;
	uint8_t vmsa[SEV_VMSA_SIZE];

	(void)state;
	assert_int_equal(sev_ovmf_table_find(svsm, slen, sk_guid_svsm_info, &entry, &elen), 0);
	assert_true(elen >= 4);
	assert_int_equal(sev_svsm_vmsa_build(0x800f12, SVSM_GPA + sk_get_le32(entry),
					     SEV_VMSA_INIT2, vmsa), 0);
	assert_memory_equal(vmsa, dump, SEV_VMSA_SIZE);
	assert_int_equal(sk_get_le16(vmsa + 0x410), 0);      /* x87 FCW */
	assert_int_equal(sk_get_le32(vmsa + 0x408), 0x1f80); /* MXCSR */
	assert_int_equal(sk_get_le64(vmsa + 0x3b0), 1);      /* SEV_FEATURES */
	assert_int_equal(sev_svsm_vmsa_build(0x800f12, 0x1000, SEV_VMSA_LEGACY, vmsa), 0);
	assert_int_equal(sk_get_le32(vmsa + 0x408), 0);
	assert_int_equal(sev_svsm_vmsa_build(0x800f12, 0x1000, (enum sev_vmsa_fpu)7, vmsa),
			 SEV_E_INVALID);
	free(svsm);
	free(dump);
}

static void impossible_launches(void **state)
{
	size_t flen, slen, alen;
	uint8_t *fw = test_vector(DIR "svsm_ovmf.fd", &flen);
	uint8_t *svsm = test_vector(DIR "svsm.bin", &slen);
	uint8_t *amdsev = test_vector(DIR "ovmf_AmdSev_suffix.bin", &alen);
	uint8_t ld[48], hashes[SEV_KERNEL_HASHES_LEN] = { 0 };
	struct sev_snp_config ok = {
		.size = sizeof(struct sev_snp_config),
		.firmware = fw, .firmware_len = flen, .svsm = svsm, .svsm_len = slen,
		.vars_size = 540672, .vcpus = 1, .vcpu_sig = 0x800f12, .fpu = SEV_VMSA_INIT2,
	}, c;

	(void)state;
	assert_int_equal(sev_snp_launch_digest(&ok, ld), 0);
	c = ok;
	c.vmm = SEV_VMM_GCE;
	assert_int_equal(sev_snp_launch_digest(&c, ld), SEV_E_INVALID);
	c = ok;
	c.ovmf_hash = ld;
	assert_int_equal(sev_snp_launch_digest(&c, ld), SEV_E_INVALID);
	c = ok;
	c.kernel_hashes = hashes;
	assert_int_equal(sev_snp_launch_digest(&c, ld), SEV_E_INVALID);
	c = ok;
	c.svsm_len = slen - 1;
	assert_int_equal(sev_snp_launch_digest(&c, ld), SEV_E_FORMAT);
	c = ok;
	c.vars_size = UINT64_C(0x100000000) - flen - slen + 0x1000;
	assert_int_equal(sev_snp_launch_digest(&c, ld), SEV_E_INVALID);
	c.vars_size = UINT64_C(1) << 40;
	assert_int_equal(sev_snp_launch_digest(&c, ld), SEV_E_INVALID);
	c = ok;
	c.svsm = amdsev; /* an OVMF image: no SVSM_INFO entry */
	c.svsm_len = alen;
	assert_int_equal(sev_snp_launch_digest(&c, ld), SEV_E_FORMAT);
	free(fw);
	free(svsm);
	free(amdsev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vmsa_matches_dump),
		cmocka_unit_test(impossible_launches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
