/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit verity dump: the dm-verity superblock, as veritysetup dump */
#include <getopt.h>

#include <sevkit/verity.h>

#include "commands.h"
#include "verity-common.h"

static const struct cli_option dump_options[] = {
	{ "hash-offset", 0, OPT_HASH_OFFSET, "BYTES", "the superblock is at this byte "
	  "(default 0)" },
	{ 0 },
};

int cmd_verity_dump(struct cli *cli, int argc, char **argv)
{
	struct sev_verity_geometry g;
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct verity_args a;
	int rc = parse_options(cli, argc, argv, dump_options, &a);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one HASH device");
	rc = sev_verity_read_superblock(argv[optind], a.p.hash_offset, &p);
	if (!rc)
		rc = sev_verity_geometry(&p, &g);
	if (rc)
		return cli_exit(rc);
	if (cli->json)
		cli_json(cli, header_json(argv[optind], &p, &g, NULL));
	else
		print_header(cli, argv[optind], &p, &g, NULL, NULL);
	return SEV_EXIT_OK;
}
