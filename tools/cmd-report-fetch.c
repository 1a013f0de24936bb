/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit report fetch: an attestation report from inside the guest */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/file.h>
#include <sevkit/snp.h>
#include <sevkit/util.h>

#include "commands.h"
#include "report-common.h"

static const struct cli_option fetch_options[] = {
	{ "data", 0, OPT_DATA, "HEX", "REPORT_DATA: up to 64 bytes of hex, zero-padded" },
	{ "data-file", 0, OPT_DATA_FILE, "FILE", "REPORT_DATA from a file of up to 64 bytes" },
	{ "vmpl", 0, OPT_VMPL, "N", "request the report at VMPL N (0-3); default: the lowest "
	  "allowed (configfs privlevel_floor), else 0" },
	{ "extended", 0, OPT_EXTENDED, NULL, "also fetch the host's certificate table" },
	{ "certs-out", 0, OPT_CERTS_OUT, "FILE", "where --extended writes the certificate table "
	  "(default: OUT.certs)" },
	{ "via", 0, OPT_VIA, "HOW", "auto (configfs-tsm, else the device), tsm or ioctl" },
	{ "tsm-dir", 0, OPT_TSM_DIR, "DIR", "configfs-tsm report directory (default "
	  "/sys/kernel/config/tsm/report)" },
	{ "device", 0, OPT_DEVICE, "PATH", "SEV guest device (default /dev/sev-guest)" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

static int report_data_arg(struct cli *cli, const char *hex, const char *file, uint8_t out[64])
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	if (!!hex == !!file)
		return cli_usage_error(cli, "give exactly one of --data and --data-file");
	if (hex && (sev_hex_decode_alloc(hex, &buf, &len) || len > 64)) {
		free(buf);
		return cli_usage_error(cli, "--data takes up to 64 bytes of hex");
	}
	if (file && (rc = cli_read_file(cli, file, 64, &buf, &len)))
		return cli_exit(rc);
	memset(out, 0, 64);
	memcpy(out, buf, len);
	free(buf);
	return 0;
}

static int write_fetched(struct cli *cli, const char *out, const char *certs_out,
			 const uint8_t *report, const uint8_t *certs, size_t certs_len,
			 bool extended)
{
	struct sev_outset *set = NULL;
	char path[4096];
	int rc;

	rc = cli_outset_new(cli, &set);
	if (!rc)
		rc = cli_outset_add(cli, set, out, report, SEV_SNP_REPORT_SIZE, 0644);
	if (!rc && extended) {
		if (!certs_out) {
			snprintf(path, sizeof(path), "%s.certs", out);
			certs_out = path;
		}
		rc = cli_outset_add(cli, set, certs_out, certs, certs_len, 0644);
	}
	if (!rc)
		rc = cli_exit(sev_outset_commit(set));
	sev_outset_free(set);
	if (!rc)
		cli_print(cli, "wrote %s%s%s\n", out, extended ? " and " : "",
			  extended ? certs_out : "");
	return rc;
}

int cmd_report_fetch(struct cli *cli, int argc, char **argv)
{
	struct sev_snp_fetch_opts o = { .size = sizeof(o), .vmpl = -1 };
	const char *hex = NULL, *file = NULL, *certs_out = NULL;
	uint8_t report[SEV_SNP_REPORT_SIZE], *certs = NULL;
	size_t certs_len = 0;
	int r, rc;

	while ((r = cli_next_option(cli, argc, argv, fetch_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		switch (r) {
		case OPT_DATA: hex = cli->optarg; break;
		case OPT_DATA_FILE: file = cli->optarg; break;
		case OPT_VMPL:
			if ((rc = parse_vmpl(cli, cli->optarg, &o.vmpl)))
				return rc;
			break;
		case OPT_EXTENDED: o.extended = true; break;
		case OPT_CERTS_OUT: certs_out = cli->optarg; break;
		case OPT_TSM_DIR: o.tsm_dir = cli->optarg; break;
		case OPT_DEVICE: o.device = cli->optarg; break;
		case OPT_VIA:
			if (!strcmp(cli->optarg, "auto"))
				o.via = SEV_SNP_VIA_AUTO;
			else if (!strcmp(cli->optarg, "tsm"))
				o.via = SEV_SNP_VIA_TSM;
			else if (!strcmp(cli->optarg, "ioctl"))
				o.via = SEV_SNP_VIA_IOCTL;
			else
				return cli_usage_error(cli, "--via takes auto, tsm or ioctl");
			break;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one OUT file");
	if (certs_out && !o.extended)
		return cli_usage_error(cli, "--certs-out needs --extended");
	if ((rc = report_data_arg(cli, hex, file, o.report_data)) ||
	    (rc = cli_check_output(cli, argv[optind], false)) ||
	    (certs_out && (rc = cli_check_output(cli, certs_out, false))))
		return rc;
	rc = sev_snp_fetch_report(&o, report, &certs, &certs_len);
	if (rc)
		return cli_exit(rc);
	rc = write_fetched(cli, argv[optind], certs_out, report, certs, certs_len, o.extended);
	free(certs);
	return rc;
}
