/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV-SNP launch digest of an arbitrary firmware image: footer table,
 * SEV metadata walk, kernel hashes page, VMSAs. The first byte picks the
 * hypervisor, the vCPU count and whether a kernel is measured; the image is
 * padded in front to whole pages so its footer stays at the end.
 */
#include <stdlib.h>
#include <string.h>

#include <sevkit/measure.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define IMAGE_MAX (64u << 10)
/* keep every input fast: big zero regions only repeat the same work */
#define SECTION_MAX (256u << 10)

static int small_sections(const uint8_t *fw, size_t len)
{
	struct sev_ovmf_section *s;
	size_t n;
	int small = 1;

	if (sev_ovmf_metadata_parse(fw, len, &s, &n) != 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		small &= s[i].size <= SECTION_MAX;
	free(s);
	return small;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hashes[SEV_KERNEL_HASHES_LEN];
	struct sev_snp_config c = { .size = sizeof(c), .vcpu_sig = 0x800f12, .guest_features = 1,
				    .fpu = SEV_VMSA_INIT2 };
	uint8_t ld[SEV_SNP_LD_LEN], *fw;
	size_t len;

	if (size < 1 || size - 1 > IMAGE_MAX)
		return 0;
	len = (size - 1 + SEV_SNP_PAGE_SIZE - 1) / SEV_SNP_PAGE_SIZE * SEV_SNP_PAGE_SIZE;
	if (len == 0)
		return 0;
	fw = calloc(1, len);
	if (!fw)
		return 0;
	memcpy(fw + len - (size - 1), data + 1, size - 1);
	c.firmware = fw;
	c.firmware_len = len;
	c.vmm = (enum sev_vmm_type)(data[0] % 3);
	c.vcpus = 1 + (data[0] >> 2 & 3);
	c.kernel_hashes = data[0] & 0x10 ? hashes : NULL;
	if (small_sections(fw, len))
		(void)sev_snp_launch_digest(&c, ld);
	(void)sev_snp_ovmf_hash(fw, len, ld);
	free(fw);
	return 0;
}
