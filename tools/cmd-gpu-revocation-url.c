/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit gpu revocation-url: where a GPU chain's CRLs and OCSP answers are (sevkit never fetches) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "gpu-common.h"

enum { OPT_REQUESTS = 0x100 };

static const struct cli_option url_options[] = {
	{ "requests", 0, OPT_REQUESTS, "DIR", "write the OCSP request of each certificate there, "
	  "ocsp-N.der (N its place in the chain), to POST to its responder" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

static json_t *info_json(const struct sev_gpu_revocation_info *r, size_t i)
{
	json_t *j = json_object(), *crls = json_array();

	for (size_t k = 0; k < r->n_crl_url; k++)
		json_array_append_new(crls, json_string(r->crl_url[k]));
	json_object_set_new(j, "certificate", json_integer((json_int_t)i));
	json_object_set_new(j, "subject", json_string(r->subject));
	json_object_set_new(j, "crl", crls);
	json_object_set_new(j, "ocsp", r->ocsp_url[0] ? json_string(r->ocsp_url) : json_null());
	return j;
}

static void info_text(struct cli *cli, const struct sev_gpu_revocation_info *r, size_t i)
{
	cli_print(cli, "certificate %zu (%s)\n", i, r->subject);
	for (size_t k = 0; k < r->n_crl_url; k++)
		cli_print(cli, "  crl   %s\n", r->crl_url[k]);
	if (r->ocsp_url[0])
		cli_print(cli, "  ocsp  %s\n", r->ocsp_url);
	if (!r->n_crl_url && !r->ocsp_url[0])
		cli_print(cli, "  names no CRL and no OCSP responder\n");
}

/* The requests, all written or none. */
static int write_requests(struct cli *cli, const char *dir,
			  const struct sev_gpu_revocation_info *info, size_t n)
{
	struct sev_outset *o;
	char path[4096];
	int rc = cli_outset_new(cli, &o);

	for (size_t i = 0; !rc && i < n; i++) {
		snprintf(path, sizeof(path), "%s/ocsp-%zu.der", dir, i);
		rc = cli_outset_add(cli, o, path, info[i].ocsp_request, info[i].ocsp_request_len,
				    0644);
	}
	if (!rc)
		rc = cli_exit(sev_outset_commit(o));
	sev_outset_free(o);
	return rc;
}

int cmd_gpu_revocation_url(struct cli *cli, int argc, char **argv)
{
	struct sev_gpu_revocation_info *info = NULL;
	const char *requests = NULL;
	uint8_t *pem;
	size_t len, n = 0;
	int r, rc;

	while ((r = cli_next_option(cli, argc, argv, url_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		requests = r == OPT_REQUESTS ? cli->optarg : requests;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one CHAIN file");
	if ((rc = cli_read_file(cli, argv[optind], GPU_FILE_MAX, &pem, &len)))
		return cli_exit(rc);
	cli_input_begin(cli, argv[optind]);
	rc = cli_exit(cli_input_end(cli, sev_gpu_revocation_info(pem, len, &info, &n)));
	free(pem);
	if (!rc && requests)
		rc = write_requests(cli, requests, info, n);
	if (!rc && cli->json) {
		json_t *list = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, info_json(&info[i], i));
		cli_json(cli, list);
	} else if (!rc) {
		for (size_t i = 0; i < n; i++)
			info_text(cli, &info[i], i);
	}
	sev_gpu_revocation_info_free(info, n);
	return rc;
}
