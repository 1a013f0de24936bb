/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A file of certificates and CRLs as `report verify --certs` and `cert show`
 * take it: recognised by its contents (PEM of either, or one DER), described,
 * and fed to a verifier.
 */
#include <sevkit/snp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_snp_x509_info info[4];
	struct sev_snp_verifier *v;
	size_t n;

	(void)sev_snp_x509_describe(data, size, info, 4, &n);
	if (sev_snp_verifier_new(&v) == 0) {
		(void)sev_snp_verifier_add_file(v, data, size);
		(void)sev_snp_verifier_crl_count(v);
		sev_snp_verifier_free(v);
	}
	return 0;
}
