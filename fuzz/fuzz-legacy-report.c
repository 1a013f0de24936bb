/* SPDX-License-Identifier: Apache-2.0 */
/* Legacy SEV attestation reports. */
#include <sevkit/launch.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_legacy_report r;

	(void)sev_legacy_report_parse(data, size, &r);
	return 0;
}
