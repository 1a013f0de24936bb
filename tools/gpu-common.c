/* SPDX-License-Identifier: Apache-2.0 */
/* Reading GPU evidence and verifying each device, for gpu verify and report verify. */
#include "gpu-common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/util.h>

#include "report-common.h"

static int parse(const uint8_t *buf, size_t len, void *ctx)
{
	struct gpu_input *in = ctx;
	int rc = sev_gpu_evidence_parse(buf, len, &in->e);

	if (rc)
		return rc;
	if (!(in->report = calloc(in->e.n, sizeof(*in->report))))
		return -ENOMEM;
	for (size_t i = 0; i < in->e.n && !rc; i++) {
		char subject[32];

		snprintf(subject, sizeof(subject), "device %zu", i);
		sev_log_subject_push(in->e.n > 1 ? subject : NULL);
		rc = sev_gpu_report_parse(in->e.dev[i].report, in->e.dev[i].report_len,
					  &in->report[i]);
		sev_log_subject_pop();
	}
	return rc;
}

typedef int (*add_fn)(struct sev_gpu_verifier *v, const char *name, const uint8_t *buf,
		      size_t len);

static int set_root(struct sev_gpu_verifier *v, const char *name, const uint8_t *buf,
		    size_t len)
{
	(void)name;
	return sev_gpu_verifier_set_root(v, buf, len);
}

static int add_file(struct cli *cli, struct sev_gpu_verifier *v, const char *path,
		    add_fn add)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	uint8_t *buf;
	size_t len;
	int rc = cli_read_file(cli, path, GPU_FILE_MAX, &buf, &len);

	if (rc)
		return cli_exit(rc);
	cli_input_begin(cli, path);
	rc = cli_input_end(cli, add(v, base, buf, len));
	free(buf);
	return cli_exit(rc);
}

static int set_chain(struct cli *cli, struct sev_gpu_verifier *v, const char *path,
		     const struct sev_gpu_device *d)
{
	uint8_t *buf;
	size_t len;
	int rc;

	if (!path) {
		cli_input_begin(cli, "the evidence's certificate chain");
		return cli_exit(cli_input_end(cli, sev_gpu_verifier_set_chain(
						       v, (const uint8_t *)d->chain, d->chain_len)));
	}
	if ((rc = cli_read_file(cli, path, GPU_FILE_MAX, &buf, &len)))
		return cli_exit(rc);
	cli_input_begin(cli, path);
	rc = cli_input_end(cli, sev_gpu_verifier_set_chain(v, buf, len));
	free(buf);
	return cli_exit(rc);
}

/* The verifier of one device: its chain, and what every device shares. */
static int setup(struct cli *cli, const struct gpu_verify_args *a, const uint8_t *nonce,
		 time_t at, const struct sev_gpu_device *d, struct sev_gpu_verifier **v)
{
	int rc = cli_exit(sev_gpu_verifier_new(v));

	if (rc || (rc = set_chain(cli, *v, a->chain, d)) ||
	    (a->root && (rc = add_file(cli, *v, a->root, set_root))))
		return rc;
	sev_gpu_verifier_set_nonce(*v, nonce);
	sev_gpu_verifier_set_time(*v, at);
	sev_gpu_verifier_require_fwid(*v, a->require_fwid);
	for (size_t i = 0; i < a->n_rim && !rc; i++)
		rc = add_file(cli, *v, a->rim[i], sev_gpu_verifier_add_rim);
	for (size_t i = 0; i < a->n_crl && !rc; i++)
		rc = add_file(cli, *v, a->crl[i], sev_gpu_verifier_add_crl);
	for (size_t i = 0; i < a->n_ocsp && !rc; i++)
		rc = add_file(cli, *v, a->ocsp[i], sev_gpu_verifier_add_ocsp);
	return rc;
}

static json_t *result_json(const struct sev_gpu_device *d, const struct sev_gpu_result *res)
{
	json_t *j = json_object(), *fail = json_array(), *mis = json_array();

	json_object_set_new(j, "arch", json_string(d->arch));
	json_object_set_new(j, "uuid", json_string(d->uuid));
	json_object_set_new(j, "verified", json_boolean(res->verified));
	json_object_set_new(j, "signature_valid", json_boolean(res->signature_valid));
	json_object_set_new(j, "chain_verified", json_boolean(res->chain_verified));
	json_object_set_new(j, "nonce_matched", json_boolean(res->nonce_matched));
	json_object_set_new(j, "fwid_checked", json_boolean(res->fwid_checked));
	json_object_set_new(j, "rims_checked", json_boolean(res->rims_checked));
	json_object_set_new(j, "revocation_checked", json_boolean(res->revocation_checked));
	json_object_set_new(j, "measurements_compared", json_integer((json_int_t)res->n_compared));
	for (size_t i = 0; i < res->n_fail; i++)
		json_array_append_new(fail, json_pack("{s:s,s:s}", "check", res->fail[i].check,
						      "detail", res->fail[i].detail));
	for (size_t i = 0; i < res->n_mismatch && i < SEV_GPU_FAILURE_MAX; i++) {
		const struct sev_gpu_mismatch *m = &res->mismatch[i];

		json_array_append_new(mis, json_pack("{s:i,s:s,s:s,s:s,s:s}", "index", m->index,
						     "name", m->name, "rim", m->rim, "expected",
						     m->expected, "actual", m->actual));
	}
	json_object_set_new(j, "failures", fail);
	json_object_set_new(j, "mismatches", mis);
	return j;
}

static void print_result(struct cli *cli, size_t i, const struct sev_gpu_device *d,
			 const struct sev_gpu_result *res, bool rims)
{
	cli_print(cli, "device %zu%s%s: %s%s%s\n", i, d->arch[0] ? " " : "", d->arch,
		  res->verified ? cli_green(cli) : cli_red(cli),
		  res->verified ? "verified" : "FAILED", cli_reset(cli));
	cli_print(cli, "  signature %s, chain %s, nonce %s, fwid %s, rims %s, revocation %s\n",
		  res->signature_valid ? "ok" : "bad", res->chain_verified ? "ok" : "bad",
		  res->nonce_matched ? "ok" : "bad",
		  res->fwid_checked ? "ok" : "not in the report",
		  !rims ? "not given" : res->rims_checked ? "ok" : "bad",
		  res->revocation_checked ? "checked" : "not checked");
	if (res->n_compared)
		cli_print(cli, "  %zu golden measurements compared\n", res->n_compared);
	for (size_t k = 0; k < res->n_fail; k++)
		cli_print(cli, "  %s%s%s: %s\n", cli_red(cli), res->fail[k].check, cli_reset(cli),
			  res->fail[k].detail);
	for (size_t k = 0; k < res->n_mismatch && k < SEV_GPU_FAILURE_MAX; k++) {
		const struct sev_gpu_mismatch *m = &res->mismatch[k];

		cli_print(cli, "  measurement %u (%s, %s): expected %s, actual %s\n", m->index,
			  m->name, m->rim, m->expected, m->actual[0] ? m->actual : "absent");
	}
}

int gpu_verify_all(struct cli *cli, const struct gpu_verify_args *a, const uint8_t *nonce,
		   time_t at, const struct gpu_input *in, json_t *list, bool *all)
{
	struct sev_gpu_result res = SEV_INIT(struct sev_gpu_result);
	int rc = 0;

	*all = true;
	for (size_t i = 0; i < in->e.n && !rc; i++) {
		struct sev_gpu_verifier *v = NULL;

		if (!a->chain && !in->e.dev[i].chain)
			rc = cli_usage_error(cli, "device %zu: the evidence carries no certificate "
					     "chain; give it with --chain", i);
		else if (!(rc = setup(cli, a, nonce, at, &in->e.dev[i], &v)) &&
			 !(rc = cli_exit(sev_gpu_verify(v, in->report[i], &res)))) {
			*all = *all && res.verified;
			json_array_append_new(list, result_json(&in->e.dev[i], &res));
			print_result(cli, i, &in->e.dev[i], &res, a->n_rim > 0);
		}
		sev_gpu_verifier_free(v);
	}
	return rc;
}

int gpu_input_read(struct cli *cli, const char *path, struct gpu_input *in)
{
	int rc = parse_input(cli, path, parse, in);

	if (rc)
		gpu_input_free(in);
	return cli_exit(rc);
}

void gpu_input_free(struct gpu_input *in)
{
	for (size_t i = 0; in->report && i < in->e.n; i++)
		sev_gpu_report_free(in->report[i]);
	free(in->report);
	in->report = NULL;
	sev_gpu_evidence_free(&in->e);
}
