/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit memscan dump: a running QEMU guest's memory, dumped over QMP */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "memscan-common.h"

static const struct cli_option dump_options[] = {
	{ "qmp", 0, MS_OPT_QMP, "SOCKET", "the QMP UNIX socket of the running QEMU (required)" },
	{ "format", 0, MS_OPT_DUMP_FORMAT, "FMT", "elf (default) or kdump-zlib" },
	MS_TIMEOUT_OPTION,
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

/* Returns true when the command must stop with exit code *rc. */
static bool dump_args(struct cli *cli, int argc, char **argv, const char **qmp,
		      struct sev_memscan_dump_options *o, int *rc)
{
	int r;

	*rc = 0;
	while ((r = cli_next_option(cli, argc, argv, dump_options)) != CLI_DONE) {
		if (r < 0)
			*rc = cli_stop_code(r);
		else if (r == MS_OPT_QMP)
			*qmp = cli->optarg;
		else if (r == MS_OPT_DUMP_FORMAT)
			o->format = cli->optarg;
		else if (r == MS_OPT_TIMEOUT)
			*rc = ms_cli_timeout(cli, cli->optarg, &o->timeout_ms);
		if (*rc)
			return true;
	}
	if (!*qmp)
		*rc = cli_usage_error(cli, "--qmp SOCKET is required");
	else if (strcmp(o->format, "elf") && strcmp(o->format, "kdump-zlib"))
		*rc = cli_usage_error(cli, "--format takes elf or kdump-zlib");
	else if (argc - optind != 1)
		*rc = cli_usage_error(cli, "expected one OUT file");
	return *rc != 0;
}

int cmd_memscan_dump(struct cli *cli, int argc, char **argv)
{
	struct sev_memscan_dump_options o = { .size = sizeof(o), .format = "elf" };
	struct progress pr;
	const char *qmp = NULL;
	struct sev_memscan *m = NULL;
	int rc;

	if (dump_args(cli, argc, argv, &qmp, &o, &rc))
		return rc;
	if ((rc = cli_check_output(cli, argv[optind], false)))
		return rc;
	o.flags = cli->force ? SEV_MEMSCAN_REPLACE : 0;
	if (progress_begin(cli, &pr)) {
		o.progress = progress_show;
		o.ctx = &pr;
	}
	rc = sev_memscan_qmp_dump(qmp, argv[optind], &o);
	progress_end(&pr);
	if (rc)
		return cli_exit(rc);
	/* read the dump back: it proves the file is whole and says what it holds */
	rc = sev_memscan_open(argv[optind], SEV_MEMSCAN_AUTO, &m);
	if (rc)
		return cli_exit(rc);
	if (cli->json) {
		json_t *doc = ms_cli_source_json(m, argv[optind]);

		json_object_set_new(doc, "qmp", json_string(qmp));
		cli_json(cli, doc);
	} else {
		struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);

		sev_memscan_get_info(m, &info);
		cli_print(cli, "%s: %s dump, %.1f MiB of guest memory\n", argv[optind],
			  info.format_name, (double)info.bytes / 1048576.0);
	}
	sev_memscan_close(m);
	return SEV_EXIT_OK;
}
