/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit gpu verify: NVIDIA GPU evidence against its chain, a nonce and RIMs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/crypto.h>
#include <sevkit/util.h>

#include "commands.h"
#include "gpu-common.h"

enum {
	OPT_CHAIN = 0x100,
	OPT_NONCE,
	OPT_RIM,
	OPT_CRL,
	OPT_AT,
	OPT_REQUIRE_FWID,
	OPT_ROOT,
	OPT_OCSP,
};

static const struct cli_option verify_options[] = {
	{ "chain", 0, OPT_CHAIN, "PEM", "the device certificate chain, leaf first (default: the "
	  "one the evidence carries)" },
	{ "nonce", 0, OPT_NONCE, "HEX", "the 32-byte nonce the report must answer (required)" },
	{ "rim", 0, OPT_RIM, "FILE", "a driver or VBIOS RIM to compare the measurements with "
	  "(repeatable)" },
	{ "crl", 0, OPT_CRL, "FILE", "a CRL of a CA of the device chain (repeatable)" },
	{ "ocsp", 0, OPT_OCSP, "FILE", "a DER OCSP response for a certificate of the chain "
	  "(repeatable; 'gpu revocation-url' says where to get it)" },
	{ "at", 0, OPT_AT, "TIME", "check certificate validity at YYYY-MM-DD[THH:MM:SSZ] or "
	  "@SECONDS instead of now" },
	{ "root", 0, OPT_ROOT, "PEM", "trust this root instead of NVIDIA's Device Identity CA "
	  "(a test PKI)" },
	{ "require-fwid", 0, OPT_REQUIRE_FWID, NULL, "refuse a report without an FWID (drivers "
	  "before 550 send none)" },
	{ 0 },
};

static int take(struct cli *cli, int r, struct gpu_verify_args *a)
{
	const char *arg = cli->optarg;

	switch (r) {
	case OPT_CHAIN: a->chain = arg; break;
	case OPT_NONCE: a->nonce = arg; break;
	case OPT_AT: a->at = arg; break;
	case OPT_ROOT: a->root = arg; break;
	case OPT_REQUIRE_FWID: a->require_fwid = true; break;
	case OPT_RIM:
		if (a->n_rim == GPU_MAX_FILES)
			return cli_usage_error(cli, "at most %d --rim", GPU_MAX_FILES);
		a->rim[a->n_rim++] = arg;
		break;
	case OPT_CRL:
		if (a->n_crl == GPU_MAX_FILES)
			return cli_usage_error(cli, "at most %d --crl", GPU_MAX_FILES);
		a->crl[a->n_crl++] = arg;
		break;
	case OPT_OCSP:
		if (a->n_ocsp == GPU_MAX_FILES)
			return cli_usage_error(cli, "at most %d --ocsp", GPU_MAX_FILES);
		a->ocsp[a->n_ocsp++] = arg;
		break;
	}
	return 0;
}

static int verify_all(struct cli *cli, const struct gpu_verify_args *a, const uint8_t *nonce,
		      time_t at, const struct gpu_input *in)
{
	json_t *list = json_array();
	bool all;
	int rc = gpu_verify_all(cli, a, nonce, at, in, list, &all);

	if (!rc && cli->json)
		cli_json(cli, json_pack("{s:b,s:o}", "verified", all, "devices", json_incref(list)));
	json_decref(list);
	return rc ? rc : all ? SEV_EXIT_OK : SEV_EXIT_FAIL;
}

int cmd_gpu_verify(struct cli *cli, int argc, char **argv)
{
	struct gpu_verify_args a = { 0 };
	uint8_t nonce[SEV_GPU_NONCE_LEN];
	struct gpu_input in = { 0 };
	time_t at = 0;
	int r, rc;

	while ((r = cli_next_option(cli, argc, argv, verify_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if ((rc = take(cli, r, &a)))
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one REPORT file");
	if (!a.nonce)
		return cli_usage_error(cli, "--nonce is required: the nonce the verifier sent");
	if (sev_hex_decode(nonce, sizeof(nonce), a.nonce))
		return cli_usage_error(cli, "--nonce takes 64 hex digits");
	if (a.at && sev_time_parse(a.at, &at))
		return cli_usage_error(cli, "--at takes YYYY-MM-DD[THH:MM:SSZ] or @SECONDS");
	if ((rc = gpu_input_read(cli, argv[optind], &in)))
		return rc;
	rc = verify_all(cli, &a, nonce, at, &in);
	gpu_input_free(&in);
	return rc;
}
