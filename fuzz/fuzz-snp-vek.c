/* SPDX-License-Identifier: Apache-2.0 */
/* VCEK/VLEK certificates (DER or PEM) and their AMD extensions. */
#include <sevkit/snp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_snp_vek_info info;

	if (sev_snp_vek_parse(data, size, &info) == 0)
		(void)sev_snp_vek_tcb(&info);
	return 0;
}
