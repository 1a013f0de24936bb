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

#define CHAIN_MAX (64u << 10)

/* What became of the PEK's chain. */
enum chain_status {
	CHAIN_VERIFIED,    /* up to AMD's root */
	CHAIN_FAILED,      /* a link is missing or does not verify: the PEK proves nothing */
	CHAIN_NOT_CHECKED, /* --no-verify */
};

static const char *const chain_names[] = { "verified", "failed", "not_checked" };

static void print_links(struct cli *cli, const char *path, const struct sev_chain_result *res)
{
	for (int i = 0; i < SEV_LINKS; i++)
		if (res->link[i].status != SEV_LINK_OK)
			cli_error(cli, "%s: %s -> %s: %s", path,
				  sev_chain_role_name(res->link[i].signer),
				  sev_chain_role_name(res->link[i].signee),
				  sev_link_status_name(res->link[i].status));
}

/*
 * A PEK is only worth its chain: anyone can make a PEK and sign a report with
 * it. Unless no_verify, the chain must verify up to AMD's root; a lone PEK
 * has no chain and fails.
 */
static int check_chain(struct cli *cli, const char *path, const struct sev_chain *chain,
		       bool no_verify, enum chain_status *status)
{
	struct sev_chain_result *res;
	int rc;

	*status = CHAIN_NOT_CHECKED;
	if (no_verify)
		return 0;
	*status = CHAIN_FAILED;
	if (chain->present == 1u << SEV_CHAIN_PEK) {
		cli_error(cli, "%s: the PEK alone: nothing vouches for its key (give the whole chain, "
			  "e.g. sevctl export --full, or --no-verify to check the PEK's signature "
			  "alone)", path);
		return 0;
	}
	if (!(res = malloc(sizeof(*res))))
		return -ENOMEM;
	*res = SEV_INIT(struct sev_chain_result);
	rc = sev_chain_verify(chain, NULL, res);
	if (rc == SEV_E_VERIFY) {
		print_links(cli, path, res);
		cli_error(cli, "%s: the chain does not verify up to AMD's root (--no-verify to "
			  "check the PEK's signature alone)", path);
		rc = 0;
	} else if (!rc) {
		*status = CHAIN_VERIFIED;
	}
	free(res);
	return rc;
}

/* The chain file: it must hold a PEK. */
static int read_chain(struct cli *cli, const char *path, struct sev_chain *chain)
{
	uint8_t *buf = NULL;
	size_t len;
	int rc = cli_read_file(cli, path, CHAIN_MAX, &buf, &len);

	if (!rc) {
		cli_input_begin(cli, path);
		rc = cli_input_end(cli, sev_chain_parse(buf, len, chain));
	}
	if (!rc && !sev_chain_has(chain, SEV_CHAIN_PEK)) {
		cli_error(cli, "%s: no PEK certificate in this chain", path);
		rc = SEV_E_FORMAT;
	}
	free(buf);
	return rc;
}

static int read_legacy_report(struct cli *cli, const char *path, struct sev_legacy_report *r)
{
	uint8_t *buf;
	size_t len;
	int rc = cli_read_file(cli, path, CHAIN_MAX, &buf, &len);

	if (rc)
		return rc;
	cli_input_begin(cli, path);
	rc = cli_input_end(cli, sev_legacy_report_parse(buf, len, r));
	free(buf);
	return rc;
}

struct legacy_verdict {
	enum chain_status chain;
	bool signature_valid;
	bool valid; /* the exit status: the signature, and the chain unless --no-verify */
};

static void print_json(struct cli *cli, const struct sev_legacy_report *r,
		       const struct legacy_verdict *vd, const char *nonce, const char *digest,
		       const char *fph)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "valid", json_boolean(vd->valid));
	json_object_set_new(doc, "signature_valid", json_boolean(vd->signature_valid));
	json_object_set_new(doc, "chain_verified", json_boolean(vd->chain == CHAIN_VERIFIED));
	json_object_set_new(doc, "chain", json_string(chain_names[vd->chain]));
	json_object_set_new(doc, "mnonce", json_string(nonce));
	json_object_set_new(doc, "launch_digest", json_string(digest));
	json_object_set_new(doc, "policy", json_integer(r->policy));
	json_object_set_new(doc, "sig_algo", json_string(sev_algo_name(r->sig_algo)));
	json_object_set_new(doc, "pek_fingerprint", json_string(fph));
	cli_json(cli, doc);
}

static void print_verdict(struct cli *cli, const struct legacy_verdict *vd)
{
	const char *chain = vd->chain == CHAIN_VERIFIED ? "its chain verifies up to AMD's root" :
			    vd->chain == CHAIN_FAILED ? "but its chain does not verify" :
							"its chain was not verified (--no-verify)";

	if (!vd->signature_valid)
		cli_print(cli, "%sINVALID%s: the PEK did not sign this report\n", cli_red(cli),
			  cli_reset(cli));
	else
		cli_print(cli, "%s%s%s: the report is signed by this PEK; %s\n",
			  vd->valid ? cli_green(cli) : cli_red(cli), vd->valid ? "OK" : "INVALID",
			  cli_reset(cli), chain);
}

static void print_report(struct cli *cli, const struct sev_legacy_report *r,
			 const struct sev_cert *pek, const struct legacy_verdict *vd)
{
	uint8_t fp[48];
	size_t fp_len = 0;
	char *nonce = cli_hex(r->mnonce, 16), *digest = cli_hex(r->launch_digest, 32), *fph;

	sev_cert_fingerprint(pek, fp, &fp_len);
	fph = cli_hex(fp, fp_len);
	if (cli->json) {
		print_json(cli, r, vd, nonce, digest, fph);
	} else {
		cli_print(cli, "mnonce         %s\nlaunch digest  %s\npolicy         0x%08x\n"
			  "PEK            %s\n", nonce, digest, r->policy, fph);
		print_verdict(cli, vd);
	}
	free(nonce);
	free(digest);
	free(fph);
}

static int validate(struct cli *cli, const char *chain_path, const char *report_path,
		    bool no_verify)
{
	struct sev_chain *chain = malloc(sizeof(*chain));
	struct legacy_verdict vd = { 0 };
	struct sev_legacy_report report;
	int rc = chain ? read_chain(cli, chain_path, chain) : -ENOMEM;

	/* both inputs are read and checked before anything is verified or printed */
	if (!rc)
		rc = read_legacy_report(cli, report_path, &report);
	if (!rc && no_verify)
		cli_warn(cli, "%s: --no-verify: the PEK's chain is not verified; only its signature on "
			"the report is checked", chain_path);
	if (!rc)
		rc = check_chain(cli, chain_path, chain, no_verify, &vd.chain);
	if (!rc) {
		rc = sev_legacy_report_verify(&report, &chain->pek);
		vd.signature_valid = rc == 0;
		vd.valid = vd.signature_valid && vd.chain != CHAIN_FAILED;
	}
	if (!rc || rc == SEV_E_VERIFY) {
		print_report(cli, &report, &chain->pek, &vd);
		rc = vd.valid ? 0 : SEV_E_VERIFY;
	}
	free(chain);
	return cli_exit(rc);
}

int cmd_report_validate_legacy(struct cli *cli, int argc, char **argv)
{
	static const struct cli_option options[] = {
		{ "no-verify", 0, 1, NULL,
		  "check the PEK's signature only, without verifying the PEK's chain" },
		{ 0 },
	};
	bool no_verify = false;
	int r;

	while ((r = cli_next_option(cli, argc, argv, options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		no_verify = true;
	}
	if (argc - optind != 2)
		return cli_usage_error(cli, "expected CHAIN and REPORT");
	return validate(cli, argv[optind], argv[optind + 1], no_verify);
}
