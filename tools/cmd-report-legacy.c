/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit report validate-legacy: the SEV (pre-SNP) attestation report, signed by the PEK. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <sevkit/cert.h>
#include <sevkit/launch.h>

#include "commands.h"

#define CHAIN_MAX (64u << 10)

/*
 * The PEK of a chain file (a lone PEK, sevctl's export with or without the CA
 * certificates). Only the PEK's signature on the report is checked here, as
 * sevctl validate does; `sevkit cert verify` checks the chain itself.
 */
static int find_pek(struct cli *cli, const char *path, struct sev_cert *pek)
{
	struct sev_chain *chain = malloc(sizeof(*chain));
	uint8_t *buf = NULL;
	size_t len;
	int rc = chain ? cli_read_file(cli, path, CHAIN_MAX, &buf, &len) : -ENOMEM;

	if (!rc)
		rc = sev_chain_parse(buf, len, chain);
	if (!rc && !sev_chain_has(chain, SEV_CHAIN_PEK)) {
		cli_error(cli, "%s: no PEK certificate in this chain", path);
		rc = SEV_E_FORMAT;
	}
	if (!rc)
		*pek = chain->pek;
	free(buf);
	free(chain);
	return rc ? cli_exit(rc) : 0;
}

static void print_report(struct cli *cli, const struct sev_legacy_report *r,
			 const struct sev_cert *pek, bool ok)
{
	uint8_t fp[48];
	size_t fp_len = 0;
	char *nonce = cli_hex(r->mnonce, 16), *digest = cli_hex(r->launch_digest, 32), *fph;

	sev_cert_fingerprint(pek, fp, &fp_len);
	fph = cli_hex(fp, fp_len);
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "valid", json_boolean(ok));
		json_object_set_new(doc, "mnonce", json_string(nonce));
		json_object_set_new(doc, "launch_digest", json_string(digest));
		json_object_set_new(doc, "policy", json_integer(r->policy));
		json_object_set_new(doc, "sig_algo", json_string(sev_algo_name(r->sig_algo)));
		json_object_set_new(doc, "pek_fingerprint", json_string(fph));
		cli_json(cli, doc);
	} else {
		cli_print(cli, "mnonce         %s\nlaunch digest  %s\npolicy         0x%08x\n"
			  "PEK            %s\n", nonce, digest, r->policy, fph);
		if (ok)
			cli_print(cli, "%sOK%s: the report is signed by this PEK\n", cli_green(cli),
				  cli_reset(cli));
		else
			cli_print(cli, "%sINVALID%s: the PEK did not sign this report\n",
				  cli_red(cli), cli_reset(cli));
	}
	free(nonce);
	free(digest);
	free(fph);
}

int cmd_report_validate_legacy(struct cli *cli, int argc, char **argv)
{
	struct sev_legacy_report report;
	struct sev_cert pek;
	uint8_t *buf;
	size_t len;
	int r;

	while ((r = cli_next_option(cli, argc, argv, NULL)) != CLI_DONE)
		if (r < 0)
			return cli_stop_code(r);
	if (argc - optind != 2)
		return cli_usage_error(cli, "expected CHAIN and REPORT");
	if ((r = find_pek(cli, argv[optind], &pek)))
		return r;
	if ((r = cli_read_file(cli, argv[optind + 1], CHAIN_MAX, &buf, &len)))
		return cli_exit(r);
	r = sev_legacy_report_parse(buf, len, &report);
	free(buf);
	if (r)
		return cli_exit(r);
	r = sev_legacy_report_verify(&report, &pek);
	if (r && r != SEV_E_VERIFY)
		return cli_exit(r);
	print_report(cli, &report, &pek, r == 0);
	return r ? SEV_EXIT_FAIL : SEV_EXIT_OK;
}
