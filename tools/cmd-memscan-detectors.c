/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit memscan detectors: the built-in secret detectors */
#include <getopt.h>

#include "commands.h"
#include "memscan-common.h"

int cmd_memscan_detectors(struct cli *cli, int argc, char **argv)
{
	const struct sev_memscan_detector *d;
	size_t n;
	int r;

	while ((r = cli_next_option(cli, argc, argv, NULL)) != CLI_DONE)
		if (r < 0)
			return cli_stop_code(r);
	if (argc - optind != 0)
		return cli_usage_error(cli, "takes no operand");
	d = sev_memscan_detectors(&n);
	if (cli->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:s,s:s}", "name", d[i].name,
							   "description", d[i].description));
		cli_json(cli, a);
		return SEV_EXIT_OK;
	}
	for (size_t i = 0; i < n; i++)
		cli_print(cli, "%-24s %s\n", d[i].name, d[i].description);
	return SEV_EXIT_OK;
}
