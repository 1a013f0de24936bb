/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GPU evidence in every form (hex, raw, trustee's and nvtrust's JSON), each device's report,
 * and the JSON that shows it: nothing read outside the input, every report's JSON well formed.
 */
#include <stdlib.h>

#include <jansson.h>

#include <sevkit/gpu.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_gpu_evidence e;

	if (sev_gpu_evidence_parse(data, size, &e))
		return 0;
	for (size_t i = 0; i < e.n; i++) {
		struct sev_gpu_report *r;
		char *text;
		json_t *j;

		if (!e.dev[i].report || (e.dev[i].chain && !e.dev[i].chain_len))
			abort();
		if (sev_gpu_report_parse(e.dev[i].report, e.dev[i].report_len, &r))
			continue;
		if (sev_gpu_report_json(r, &text))
			abort();
		j = json_loads(text, 0, NULL);
		if (!j)
			abort();
		json_decref(j);
		free(text);
		sev_gpu_report_free(r);
	}
	sev_gpu_evidence_free(&e);
	return 0;
}
