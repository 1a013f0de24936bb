/* SPDX-License-Identifier: Apache-2.0 */
#include "host-common.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

static const struct cli_option device_options[] = {
	HOST_DEVICE_OPTION,
	{ 0 },
};

static const struct cli_option device_out_options[] = {
	HOST_DEVICE_OPTION,
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

int host_open_platform(struct cli *cli, const char *device, struct sev_platform **p)
{
	int r = sev_platform_open(device, p);
	const char *hint = "";

	if (!r)
		return 0;
	if (r <= SEV_E_BASE)
		return cli_exit(r); /* the library said what is wrong */
	if (strncmp(device, "fake:", 5) != 0) {
		if (r == -ENOENT || r == -ENXIO || r == -ENODEV)
			hint = " (is the ccp/kvm_amd driver loaded on an AMD host?)";
		else if (r == -EACCES || r == -EPERM)
			hint = " (needs root, or read-write access to the device)";
	}
	cli_error(cli, "%s: %s%s", device, strerror(-r), hint);
	return SEV_EXIT_ENV;
}

int host_platform_args(struct cli *cli, int argc, char **argv, int operands,
		       const char **device)
{
	const struct cli_option *opts = operands == 1 ? device_out_options : device_options;
	int r;

	*device = SEV_DEVICE_DEFAULT;
	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_HOST_DEVICE)
			*device = cli->optarg;
	}
	if (argc - optind != operands)
		return cli_usage_error(cli, "expected %d operand%s", operands,
				       operands == 1 ? "" : "s");
	return -1;
}

void host_report_done(struct cli *cli, const char *verb, const char *done)
{
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "command", json_string(verb));
		json_object_set_new(doc, "ok", json_true());
		cli_json(cli, doc);
		return;
	}
	cli_print(cli, "%s\n", done);
}
