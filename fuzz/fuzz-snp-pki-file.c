/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A file of certificates and CRLs as `report verify --certs` and `cert show`
 * take it: recognised by its contents (PEM of either, or one DER), described,
 * fed to a verifier, and made into a certificate table as `host certs import`
 * makes one (then parsed back).
 */
#include <stdlib.h>

#include <sevkit/snp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_snp_x509_info info[4];
	struct sev_snp_verifier *v;
	struct sev_snp_cert_file file = { "fuzz", data, size };
	struct sev_snp_cert_table t;
	uint8_t *table;
	size_t n, len;

	(void)sev_snp_x509_describe(data, size, info, 4, &n);
	if (sev_snp_verifier_new(&v) == 0) {
		(void)sev_snp_verifier_add_file(v, data, size);
		(void)sev_snp_verifier_crl_count(v);
		sev_snp_verifier_free(v);
	}
	if (sev_snp_cert_table_make(&file, 1, &table, &len) == 0) {
		if (sev_snp_cert_table_parse(table, len, &t) != 0)
			__builtin_trap(); /* what the builder makes, the parser reads */
		free(table);
	}
	return 0;
}
