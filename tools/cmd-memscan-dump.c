/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit memscan dump: a running QEMU guest's memory, dumped over QMP or through libvirt */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/libvirt.h>

#include "commands.h"
#include "memscan-common.h"

static const struct cli_option dump_options[] = {
	{ "qmp", 0, MS_OPT_QMP, "SOCKET", "the QMP UNIX socket of the running QEMU" },
	MS_LIBVIRT_OPTIONS("or dump"),
	{ "format", 0, MS_OPT_DUMP_FORMAT, "FMT", "elf (default) or kdump-zlib" },
	MS_TIMEOUT_OPTION,
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

struct dump_target {
	const char *qmp, *uri, *domain;
};

/* Returns true when the command must stop with exit code *rc. */
static bool dump_args(struct cli *cli, int argc, char **argv, struct dump_target *t,
		      struct sev_memscan_dump_options *o, int *rc)
{
	int r;

	*rc = 0;
	while ((r = cli_next_option(cli, argc, argv, dump_options)) != CLI_DONE) {
		if (r < 0)
			*rc = cli_stop_code(r);
		else if (r == MS_OPT_QMP)
			t->qmp = cli->optarg;
		else if (r == MS_OPT_CONNECT)
			t->uri = cli->optarg;
		else if (r == MS_OPT_DOMAIN)
			t->domain = cli->optarg;
		else if (r == MS_OPT_DUMP_FORMAT)
			o->format = cli->optarg;
		else if (r == MS_OPT_TIMEOUT)
			*rc = ms_cli_timeout(cli, cli->optarg, &o->timeout_ms);
		if (*rc)
			return true;
	}
	if (!t->qmp == !t->domain)
		*rc = cli_usage_error(cli, "give --qmp SOCKET or --domain NAME");
	else if (t->uri && !t->domain)
		*rc = cli_usage_error(cli, "--connect needs --domain");
	else if (strcmp(o->format, "elf") && strcmp(o->format, "kdump-zlib"))
		*rc = cli_usage_error(cli, "--format takes elf or kdump-zlib");
	else if (argc - optind != 1)
		*rc = cli_usage_error(cli, "expected one OUT file");
	return *rc != 0;
}

static int dump(const struct dump_target *t, const char *out,
		const struct sev_memscan_dump_options *o)
{
	struct sev_libvirt *v = NULL;
	int rc;

	if (t->qmp)
		return cli_exit(sev_memscan_qmp_dump(t->qmp, out, o));
	rc = sev_libvirt_open(t->uri, t->domain, &v);
	if (!rc)
		rc = sev_memscan_libvirt_dump(v, out, o);
	sev_libvirt_close(v);
	return cli_exit(rc);
}

int cmd_memscan_dump(struct cli *cli, int argc, char **argv)
{
	struct sev_memscan_dump_options o = { .size = sizeof(o), .format = "elf" };
	struct dump_target t = { 0 };
	struct progress pr;
	struct sev_memscan *m = NULL;
	int rc;

	if (dump_args(cli, argc, argv, &t, &o, &rc))
		return rc;
	if ((rc = cli_check_output(cli, argv[optind], false)))
		return rc;
	o.flags = cli->force ? SEV_MEMSCAN_REPLACE : 0;
	if (progress_begin(cli, &pr)) {
		o.progress = progress_show;
		o.ctx = &pr;
	}
	rc = dump(&t, argv[optind], &o);
	progress_end(&pr);
	if (rc)
		return rc;
	/* read the dump back: it proves the file is whole and says what it holds */
	rc = sev_memscan_open(argv[optind], SEV_MEMSCAN_AUTO, &m);
	if (rc)
		return cli_exit(rc);
	if (cli->json) {
		json_t *doc = ms_cli_source_json(m, argv[optind]);

		json_object_set_new(doc, t.qmp ? "qmp" : "domain",
				    json_string(t.qmp ? t.qmp : t.domain));
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
