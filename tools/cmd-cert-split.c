/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit cert split: each certificate of a chain file to its own file */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <sevkit/cert.h>
#include <sevkit/file.h>

#include "cert-common.h"
#include "commands.h"

static int split_add(struct cli *cli, struct sev_outset *o, const char *dir,
		     enum sev_chain_role r, const uint8_t *data, size_t len, json_t *files)
{
	static const char *const names[] = { "pdh", "pek", "oca", "cek", "ask", "ark" };
	char path[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/%s.cert", dir, names[r]);
	rc = cli_outset_add(cli, o, path, data, len, 0644);
	if (rc)
		return rc;
	json_array_append_new(files, json_pack("{s:s,s:s,s:I}", "usage", sev_chain_role_name(r),
					       "path", path, "size", (json_int_t)len));
	return 0;
}

int cmd_cert_split(struct cli *cli, int argc, char **argv)
{
	struct sev_chain c;
	struct sev_outset *o = NULL;
	json_t *files;
	uint8_t *buf;
	size_t len;
	int rc;

	if (parse_force(cli, argc, argv, &rc))
		return rc;
	if (argc - optind != 2)
		return cli_usage_error(cli, "expected FILE and DIR");
	rc = load_chain(cli, argv[optind], &c, &buf, &len);
	if (rc)
		return rc;
	rc = cli_outset_new(cli, &o);
	files = json_array();
	for (int i = 0; !rc && i < SEV_CHAIN_ROLES; i++)
		if (sev_chain_has(&c, (enum sev_chain_role)i))
			rc = split_add(cli, o, argv[optind + 1], (enum sev_chain_role)i,
				       buf + c.offset[i], c.size[i], files);
	if (!rc)
		rc = cli_exit(sev_outset_commit(o));
	sev_outset_free(o);
	free(buf);
	if (!rc && cli->json) {
		cli_json(cli, json_pack("{s:o}", "files", files));
		return 0;
	}
	for (size_t i = 0; !rc && i < json_array_size(files); i++) {
		json_t *f = json_array_get(files, i);

		cli_print(cli, "%s: %s, %" JSON_INTEGER_FORMAT " bytes\n",
			  json_string_value(json_object_get(f, "path")),
			  json_string_value(json_object_get(f, "usage")),
			  json_integer_value(json_object_get(f, "size")));
	}
	json_decref(files);
	return rc;
}
