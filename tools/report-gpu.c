/* SPDX-License-Identifier: Apache-2.0 */
/* An SNP report and the GPU evidence its REPORT_DATA binds, checked together. */
#include "report-gpu.h"

#include <stdlib.h>
#include <string.h>

#include <sevkit/kbs.h>

/* A file's text: no NUL inside, taken byte for byte (a trailing newline is part of it). */
static int read_text(struct cli *cli, const char *path, char **text)
{
	uint8_t *buf;
	size_t len;
	int rc = cli_read_file(cli, path, GPU_FILE_MAX, &buf, &len);

	if (rc)
		return cli_exit(rc);
	if (memchr(buf, 0, len)) {
		free(buf);
		cli_error(cli, "%s: not text (it holds a NUL byte)", path);
		return SEV_EXIT_INPUT;
	}
	*text = malloc(len + 1);
	if (*text) {
		memcpy(*text, buf, len);
		(*text)[len] = 0;
	}
	free(buf);
	return *text ? 0 : SEV_EXIT_INTERNAL;
}

/* REPORT_DATA binds the evidence; the GPUs' nonce, from the same nonce and key, into nonce. */
static int binding(struct cli *cli, const struct report_gpu_args *g,
		   const struct sev_snp_report *r, bool *bound, uint8_t nonce[32])
{
	char *evidence = NULL, *key = NULL;
	uint8_t want[64];
	int rc = read_text(cli, g->evidence, &evidence);

	if (!rc)
		rc = read_text(cli, g->tee_pubkey, &key);
	if (!rc) {
		cli_input_begin(cli, g->tee_pubkey);
		rc = cli_exit(cli_input_end(cli, sev_kbs_report_data(g->hash ? g->hash : "sha384",
								     g->nonce, key, evidence,
								     want)));
	}
	if (!rc)
		rc = cli_exit(sev_kbs_device_nonce(g->nonce, key, nonce));
	*bound = !rc && !memcmp(want, r->report_data, sizeof(want));
	free(evidence);
	free(key);
	return rc;
}

int report_gpu_check(struct cli *cli, const struct report_gpu_args *g,
		     const struct sev_snp_report *r, time_t at, json_t **doc, bool *ok)
{
	struct gpu_input in = { 0 };
	json_t *list = json_array();
	uint8_t nonce[32];
	bool bound = false, all = false;
	int rc = binding(cli, g, r, &bound, nonce);

	if (!rc)
		rc = gpu_input_read(cli, g->evidence, &in);
	if (!rc && !bound)
		cli_print(cli, "%sFAIL%s gpu binding: REPORT_DATA does not bind this GPU evidence "
			  "with this nonce and tee-pubkey\n", cli_red(cli), cli_reset(cli));
	if (!rc)
		rc = gpu_verify_all(cli, &g->v, nonce, at, &in, list, &all);
	gpu_input_free(&in);
	*ok = !rc && bound && all;
	*doc = rc ? NULL : json_pack("{s:b,s:b,s:o}", "verified", *ok, "bound", bound,
				     "devices", json_incref(list));
	json_decref(list);
	return rc;
}
