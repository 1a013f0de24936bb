/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit report kds-url: where AMD KDS serves the certificates and CRL of a report */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sevkit/snp.h>

#include "commands.h"
#include "report-common.h"

static const struct cli_option kds_options[] = {
	{ "vcek", 0, OPT_VCEK, NULL, "the VCEK URLs (default)" },
	{ "vlek", 0, OPT_VLEK, NULL, "the VLEK URLs (certificate chain and CRL only)" },
	{ "product", 0, OPT_PRODUCT, "NAME", "Milan, Genoa or Turin (needed for version 2 reports "
	  "of Milan and Genoa)" },
	{ "cert-chain", 0, OPT_CERT_CHAIN, NULL, "print the ASK/ARK chain URL instead" },
	{ "crl", 0, OPT_CRL_URL, NULL, "print the CRL URL instead" },
	{ "format", 0, OPT_FORMAT, "FMT", "input encoding: auto (default), bin, hex or base64" },
	{ 0 },
};

static int kds_json(struct cli *cli, const struct sev_snp_report *r, enum sev_snp_product p,
		    enum sev_snp_signing_key key)
{
	static const char *const names[] = { "vek", "cert_chain", "crl" };
	json_t *doc = json_object();
	char url[512];
	int rc;

	for (int w = 0; w < 3; w++) {
		if (w == SEV_SNP_KDS_VEK && key == SEV_SNP_KEY_VLEK)
			continue;
		if ((rc = sev_snp_kds_url(r, p, key, (enum sev_snp_kds_what)w, url, sizeof(url)))) {
			json_decref(doc);
			return cli_exit(rc);
		}
		json_object_set_new(doc, names[w], json_string(url));
	}
	cli_json(cli, doc);
	return 0;
}

int cmd_report_kds_url(struct cli *cli, int argc, char **argv)
{
	enum sev_snp_input_format f = SEV_SNP_INPUT_AUTO;
	enum sev_snp_product p = SEV_SNP_PRODUCT_UNKNOWN;
	enum sev_snp_signing_key key = SEV_SNP_KEY_VCEK;
	enum sev_snp_kds_what what = SEV_SNP_KDS_VEK;
	struct input in = { 0 };
	char url[512];
	int r, rc = 0;
	while ((r = cli_next_option(cli, argc, argv, kds_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if ((rc = take_report_option(cli, r, &f, &p)))
			return rc;
		key = r == OPT_VLEK ? SEV_SNP_KEY_VLEK : r == OPT_VCEK ? SEV_SNP_KEY_VCEK : key;
		what = r == OPT_CERT_CHAIN ? SEV_SNP_KDS_CERT_CHAIN :
		       r == OPT_CRL_URL ? SEV_SNP_KDS_CRL : what;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one REPORT file");
	if (key == SEV_SNP_KEY_VLEK && what == SEV_SNP_KDS_VEK && !cli->json)
		return cli_usage_error(cli, "VLEKs have no public per-chip URL; with --vlek use "
				       "--cert-chain or --crl");
	if ((rc = read_report(cli, argv[optind], f, &in)))
		return rc;
	if (cli->json)
		rc = kds_json(cli, &in.r, p, key);
	else if (!(rc = cli_exit(sev_snp_kds_url(&in.r, p, key, what, url, sizeof(url)))))
		cli_print(cli, "%s\n", url);
	free(in.bytes);
	return rc;
}
