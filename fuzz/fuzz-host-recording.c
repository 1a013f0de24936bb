/* SPDX-License-Identifier: Apache-2.0 */
/* Host recordings: parse, then run every check and record the host back. */
#include <stdint.h>
#include <stdlib.h>

#include <sevkit/host.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sev_host_report rep = { .size = sizeof(rep) };
	struct sev_host *h;
	char *json;

	if (sev_host_open_recording_mem(data, size, &h))
		return 0;
	for (int w = SEV_WANT_AUTO; w <= SEV_WANT_SNP; w++)
		sev_host_check(h, (enum sev_want)w, &rep);
	if (!sev_host_record(h, NULL, &json))
		free(json);
	sev_host_free(h);
	return 0;
}
