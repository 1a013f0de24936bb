/* SPDX-License-Identifier: Apache-2.0 */
/* VMSA files (--vmsa-cpu0/--vmsa-cpu1). */
#include <sevkit/measure.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_vmsa_info info;

	(void)sev_vmsa_parse(data, size, &info);
	return 0;
}
