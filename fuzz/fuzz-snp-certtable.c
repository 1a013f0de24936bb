/* SPDX-License-Identifier: Apache-2.0 */
/* The extended-report certificate table, and the certificates it points to. */
#include <sevkit/snp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_snp_cert_table t;
	struct sev_snp_verifier *v;

	if (sev_snp_cert_table_parse(data, size, &t) != 0)
		return 0;
	for (size_t i = 0; i < t.n; i++) {
		volatile uint8_t sink = 0;

		/* every entry must lie inside the buffer */
		for (size_t k = 0; k < t.entry[i].length; k++)
			sink ^= t.entry[i].data[k];
	}
	if (sev_snp_verifier_new(&v) == 0) {
		(void)sev_snp_verifier_add_cert_table(v, data, size);
		sev_snp_verifier_free(v);
	}
	return 0;
}
