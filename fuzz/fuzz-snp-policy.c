/* SPDX-License-Identifier: Apache-2.0 */
/* Policy files and reference-values documents, then the checks they describe. */
#include <string.h>

#include <sevkit/snp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_snp_checks c = SEV_INIT(struct sev_snp_checks);
	struct sev_snp_report r;
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);

	memset(&r, 0, sizeof(r));
	r.policy = 0x30000;
	sev_snp_checks_init(&c);
	if (sev_snp_checks_from_json(&c, (const char *)data, size) == 0) {
		for (int p = SEV_SNP_PRODUCT_UNKNOWN; p <= SEV_SNP_PRODUCT_TURIN; p++) {
			(void)sev_snp_check(&c, &r, (enum sev_snp_product)p, "Milan-B0", &res);
			sev_snp_check_result_free(&res);
		}
	}
	sev_snp_checks_init(&c);
	(void)sev_snp_checks_from_reference(&c, (const char *)data, size);
	return 0;
}
