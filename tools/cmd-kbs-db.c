/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit kbs db migrate: bring the broker's store to this sevkit's schema. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/kbs.h>

#include "commands.h"
#include "kbs-common.h"

static const struct cli_option db_options[] = {
	DB_OPTION,
	{ 0 },
};

int cmd_kbs_db(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL;
	char label[512];
	int r, from = 0, to = 0;

	while ((r = cli_next_option(cli, argc, argv, db_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_DB)
			db = cli->optarg;
	}
	if (optind + 1 != argc || strcmp(argv[optind], "migrate"))
		return cli_usage_error(cli, "expected migrate");
	if ((r = sev_kbs_db_migrate(db, &from, &to))) {
		cli_error(cli, "cannot migrate the store %s", kbs_db_label(db, label, sizeof(label)));
		return cli_exit(r);
	}
	if (cli->json) {
		cli_json(cli, json_pack("{s:i, s:i}", "from", from, "to", to));
		return 0;
	}
	if (from == to)
		cli_print(cli, "the store is at schema version %d: nothing to do\n", to);
	else if (from == 0)
		cli_print(cli, "created the store at schema version %d\n", to);
	else
		cli_print(cli, "migrated the store from schema version %d to %d\n", from, to);
	return 0;
}
