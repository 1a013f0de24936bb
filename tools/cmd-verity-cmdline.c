/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit verity cmdline: the kernel command line that opens the verified root */
#include <getopt.h>
#include <stdlib.h>

#include <sevkit/verity.h>

#include "commands.h"
#include "verity-common.h"

static const struct cli_option cmdline_options[] = {
	PARAM_OPTIONS,
	{ "root-hash-file", 0, OPT_ROOT_FILE, "FILE", "read the root hash from FILE instead of "
	  "the ROOT operand" },
	{ "data-device", 0, OPT_DATA_DEV, "DEV", "data device as the guest kernel names it, "
	  "e.g. /dev/vda1 or PARTUUID=... (required)" },
	{ "hash-device", 0, OPT_HASH_DEV, "DEV", "hash device as the guest names it (default: "
	  "the data device when --hash-offset is set)" },
	BOOT_OPTIONS,
	{ 0 },
};

static int cmdline_devices(struct cli *cli, struct verity_args *a)
{
	struct sev_verity_boot *b = &a->boot;

	if (!b->data_device)
		return cli_usage_error(cli, "--data-device is required: the data device as the "
				       "guest names it");
	if (!b->hash_device && a->p.hash_offset)
		b->hash_device = b->data_device;
	if (!b->hash_device)
		return cli_usage_error(cli, "--hash-device is required when the hash area is on "
				       "another device");
	if (!a->p.superblock && !(a->set & SET_DATA_BLOCKS))
		return cli_usage_error(cli, "--data-blocks is required with --no-superblock");
	return 0;
}

static json_t *cmdline_json(const struct verity_args *a, const uint8_t *root, size_t root_len)
{
	json_t *doc = json_object();
	char *table = NULL, *dm = NULL, *sd = NULL;

	sev_verity_table(&a->p, root, root_len, &a->boot, &table);
	sev_verity_cmdline_dm(&a->p, root, root_len, &a->boot, &dm);
	sev_verity_cmdline_systemd(&a->p, root, root_len, &a->boot, &sd);
	json_object_set_new(doc, "table", table ? json_string(table) : json_null());
	json_object_set_new(doc, "dm_mod", dm ? json_string(dm) : json_null());
	json_object_set_new(doc, "systemd", sd ? json_string(sd) : json_null());
	free(table);
	free(dm);
	free(sd);
	return doc;
}

int cmd_verity_cmdline(struct cli *cli, int argc, char **argv)
{
	struct verity_args a;
	uint8_t *root;
	size_t root_len;
	char *line = NULL;
	int rc = parse_options(cli, argc, argv, cmdline_options, &a);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1 && argc - optind != 2)
		return cli_usage_error(cli, "expected HASH and ROOT");
	rc = cmdline_devices(cli, &a);
	if (!rc)
		rc = load_params(cli, &a, argv[optind]);
	if (!rc)
		rc = load_root(cli, &a, argc - optind == 2 ? argv[optind + 1] : NULL, &root,
			       &root_len);
	if (rc)
		return rc;
	if (a.systemd)
		rc = sev_verity_cmdline_systemd(&a.p, root, root_len, &a.boot, &line);
	else
		rc = sev_verity_cmdline_dm(&a.p, root, root_len, &a.boot, &line);
	if (!rc && cli->json)
		cli_json(cli, cmdline_json(&a, root, root_len));
	else if (!rc)
		cli_print(cli, "%s\n", line);
	free(line);
	free(root);
	return cli_exit(rc);
}
