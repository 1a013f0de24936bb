/* SPDX-License-Identifier: Apache-2.0 */
/* OVMF footer table and SEV metadata sections of an arbitrary firmware image. */
#include <stdlib.h>

#include <sevkit/measure.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	struct sev_ovmf_section *s = NULL;
	const uint8_t *entry;
	size_t n, len;
	static const uint8_t tdx[16] = { 0x35, 0x65, 0x7a, 0xe4, 0x4a, 0x98, 0x98, 0x47,
					 0x86, 0x5e, 0x46, 0x85, 0xa7, 0xbf, 0x8e, 0xc2 };

	if (sev_ovmf_table_parse(data, size, &t) == 0 && sev_ovmf_metadata_parse(data, size, &s,
										   &n) == 0) {
		for (size_t i = 0; i < n; i++)
			(void)sev_ovmf_section_name(s[i].type);
		free(s);
	}
	(void)sev_ovmf_table_find(data, size, tdx, &entry, &len);
	return 0;
}
