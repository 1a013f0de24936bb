/* SPDX-License-Identifier: Apache-2.0 */
/* SEV-SNP attestation report input: encoding detection, then the report parser. */
#include <stdlib.h>

#include <sevkit/snp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_snp_report r;
	uint8_t *bytes;
	size_t len;

	if (sev_snp_report_parse(data, size, &r) == 0)
		(void)sev_snp_report_product(&r);
	if (sev_snp_input_decode(data, size, SEV_SNP_INPUT_AUTO, &bytes, &len) == 0) {
		size_t n = len < SEV_SNP_REPORT_SIZE ? len : SEV_SNP_REPORT_SIZE;

		if (sev_snp_report_parse(bytes, n, &r) == 0 && len > SEV_SNP_REPORT_SIZE) {
			struct sev_snp_cert_table t;

			(void)sev_snp_cert_table_parse(bytes + SEV_SNP_REPORT_SIZE,
						       len - SEV_SNP_REPORT_SIZE, &t);
		}
		free(bytes);
	}
	return 0;
}
