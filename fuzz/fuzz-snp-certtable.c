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
	/* every entry must lie inside the buffer: AddressSanitizer checks the reads */
	for (size_t i = 0; i < t.n; i++) {
		struct sev_snp_vek_info info;

		(void)sev_snp_vek_parse(t.entry[i].data, t.entry[i].length, &info);
	}
	if (sev_snp_verifier_new(&v) == 0) {
		(void)sev_snp_verifier_add_cert_table(v, data, size);
		sev_snp_verifier_free(v);
	}
	return 0;
}
