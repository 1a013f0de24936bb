/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit report validate-legacy: the SEV (pre-SNP) attestation report, signed by the PEK. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <sevkit/cert.h>
#include <sevkit/launch.h>

#include "commands.h"
#include "util/log.h"

#define CHAIN_MAX (64u << 10)

/*
 * The PEK of a chain file (a lone PEK, or sevctl's export with or without the
 * CA certificates). When the file holds more than the PEK, the chain is
 * verified up to AMD's root first (unless no_verify): a report signed by an
 * unverified PEK proves nothing. *chained tells whether that happened.
 */
static int find_pek(struct cli *cli, const char *path, bool no_verify, struct sev_cert *pek,
		    bool *chained)
{
	struct sev_chain_result *res = malloc(sizeof(*res));
	struct sev_chain *chain = malloc(sizeof(*chain));
	uint8_t *buf = NULL;
	size_t len;
	int rc = chain && res ? cli_read_file(cli, path, CHAIN_MAX, &buf, &len) : -ENOMEM;

	if (!rc) {
		cli_input_begin(cli, path);
		rc = cli_input_end(cli, sev_chain_parse(buf, len, chain));
	}
	if (!rc && !sev_chain_has(chain, SEV_CHAIN_PEK)) {
		cli_error(cli, "%s: no PEK certificate in this chain", path);
		rc = SEV_E_FORMAT;
	}
	*chained = !rc && !no_verify && chain->present != 1u << SEV_CHAIN_PEK;
	if (*chained && (rc = sev_chain_verify(chain, NULL, res)) == SEV_E_VERIFY) {
		for (int i = 0; i < SEV_LINKS; i++)
			if (res->link[i].status != SEV_LINK_OK)
				cli_error(cli, "%s: %s -> %s: %s", path,
					  sev_chain_role_name(res->link[i].signer),
					  sev_chain_role_name(res->link[i].signee),
					  sev_link_status_name(res->link[i].status));
		cli_error(cli, "%s: the chain does not verify up to AMD's root (--no-verify to "
			  "check the PEK's signature alone)", path);
	}
	if (!rc)
		*pek = chain->pek;
	free(buf);
	free(chain);
	free(res);
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
	static const struct cli_option options[] = {
		{ "no-verify", 0, 1, NULL,
		  "check the PEK's signature only, without verifying the chain it came with" },
		{ 0 },
	};
	struct sev_legacy_report report;
	bool no_verify = false, chained;
	struct sev_cert pek;
	uint8_t *buf;
	size_t len;
	int r;

	while ((r = cli_next_option(cli, argc, argv, options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		no_verify = true;
	}
	if (argc - optind != 2)
		return cli_usage_error(cli, "expected CHAIN and REPORT");
	if ((r = find_pek(cli, argv[optind], no_verify, &pek, &chained)))
		return r;
	if ((r = cli_read_file(cli, argv[optind + 1], CHAIN_MAX, &buf, &len)))
		return cli_exit(r);
	cli_input_begin(cli, argv[optind + 1]);
	r = cli_input_end(cli, sev_legacy_report_parse(buf, len, &report));
	free(buf);
	if (r)
		return cli_exit(r);
	if (!chained)
		sk_warn("%s: the PEK's own chain was not verified: only its signature on the report "
			"is checked", argv[optind]);
	r = sev_legacy_report_verify(&report, &pek);
	if (r && r != SEV_E_VERIFY)
		return cli_exit(r);
	print_report(cli, &report, &pek, r == 0);
	return r ? SEV_EXIT_FAIL : SEV_EXIT_OK;
}
