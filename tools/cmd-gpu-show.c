/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit gpu show: every field of NVIDIA GPU evidence, in text or JSON */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "gpu-common.h"

static const struct cli_option show_options[] = {
	{ 0 },
};

static json_t *report_json(const struct sev_gpu_report *r)
{
	char *text = NULL;
	json_t *j = NULL;

	if (!sev_gpu_report_json(r, &text))
		j = json_loads(text, 0, NULL);
	free(text);
	return j;
}

static json_t *device_json(const struct sev_gpu_device *d, const struct sev_gpu_report *r)
{
	json_t *j = json_object();

	json_object_set_new(j, "arch", json_string(d->arch));
	json_object_set_new(j, "uuid", json_string(d->uuid));
	json_object_set_new(j, "has_certificate_chain", json_boolean(d->chain != NULL));
	json_object_set_new(j, "report", report_json(r));
	return j;
}

static void print_value(struct cli *cli, const char *name, const json_t *v)
{
	char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	cli_print(cli, "  %-24s %s\n", name, text ? text : json_string_value(v));
	free(text);
}

static void print_report(struct cli *cli, const json_t *r)
{
	static const char *const fields[] = { "size", "nonce", "slot", "responder_nonce",
					      "signed_bytes", "signature" };
	const json_t *config = json_object_get(r, "config"), *m = json_object_get(r, "measurements");
	const char *key;
	const json_t *v;
	char index[8];

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		print_value(cli, fields[i], json_object_get(r, fields[i]));
	cli_print(cli, "opaque data\n");
	json_object_foreach((json_t *)config, key, v)
		print_value(cli, key, v);
	cli_print(cli, "measurements (%zu blocks)\n", json_object_size(m));
	for (unsigned i = 1; i <= 255; i++) {
		snprintf(index, sizeof(index), "%u", i);
		if ((v = json_object_get(m, index)))
			cli_print(cli, "  %-4u %s\n", i, json_string_value(v));
	}
}

int cmd_gpu_show(struct cli *cli, int argc, char **argv)
{
	struct gpu_input in = { 0 };
	json_t *devices = json_array();
	int r, rc;

	while ((r = cli_next_option(cli, argc, argv, show_options)) != CLI_DONE)
		if (r < 0) {
			json_decref(devices);
			return cli_stop_code(r);
		}
	if (argc - optind != 1) {
		json_decref(devices);
		return cli_usage_error(cli, "expected one REPORT file");
	}
	if ((rc = gpu_input_read(cli, argv[optind], &in))) {
		json_decref(devices);
		return rc;
	}
	for (size_t i = 0; i < in.e.n; i++)
		json_array_append_new(devices, device_json(&in.e.dev[i], in.report[i]));
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "devices", devices);
		cli_json(cli, doc);
	} else {
		for (size_t i = 0; i < in.e.n; i++) {
			const struct sev_gpu_device *d = &in.e.dev[i];

			cli_print(cli, "%sdevice %zu%s%s%s%s%s%s\n", cli_bold(cli), i, cli_reset(cli),
				  d->arch[0] ? " " : "", d->arch, d->uuid[0] ? " (" : "", d->uuid,
				  d->uuid[0] ? ")" : "");
			print_report(cli, json_object_get(json_array_get(devices, i), "report"));
		}
		json_decref(devices);
	}
	gpu_input_free(&in);
	return 0;
}
