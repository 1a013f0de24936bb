/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RIMs (SWID XML): the parse, the XML signature check (xmlsec1) and the comparison with a
 * report that has every block index, at a fixed time.
 */
#include <stdlib.h>
#include <string.h>

#include "gpu/rim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sk_spdm_report report;
	static struct sev_gpu_result res;
	static const uint8_t zero[48];
	struct sk_gpu_rim rim;

	if (!report.n_block) {
		for (unsigned i = 0; i < SK_SPDM_MAX_BLOCKS; i++)
			report.block[i] = (struct sk_spdm_block){ (uint8_t)(i + 1), 1, 48, zero };
		report.n_block = SK_SPDM_MAX_BLOCKS;
	}
	if (sk_gpu_rim_load("fuzz", data, size, &rim))
		return 0;
	memset(&res, 0, sizeof(res));
	(void)sk_gpu_rim_signature_holds(&rim, 1735689600, &res); /* 2025-01-01 */
	(void)sk_gpu_rims_match(&rim, 1, &report, "545.00", "96.00.5e.00.01", &res);
	if (res.n_fail > SEV_GPU_FAILURE_MAX || res.n_compared != rim.n)
		abort();
	sk_gpu_rim_free(&rim);
	return 0;
}
