/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit kbs get-resource: attest from the guest and receive a secret. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/kbs.h>

#include "commands.h"
#include "kbs-common.h"

static const struct cli_option get_options[] = {
	{ "url", 0, OPT_URL, "URL", "the key broker (https://HOST:PORT)" },
	{ "ca", 0, OPT_CA, "FILE", "CA certificates (PEM) for the broker's TLS certificate" },
	{ "out", 'o', OPT_OUT, "FILE", "where the secret goes (0600; - for stdout)" },
	{ "via", 0, OPT_VIA, "HOW", "report from auto (configfs-tsm, else the device), tsm or "
	  "ioctl" },
	{ "tsm-dir", 0, OPT_TSM_DIR, "DIR", "configfs-tsm report directory" },
	{ "device", 0, OPT_DEVICE, "PATH", "SEV guest device (default /dev/sev-guest)" },
	{ "vmpl", 0, OPT_VMPL, "N", "request the report at VMPL N (0-3)" },
	{ "timeout", 0, OPT_TIMEOUT, "S", "seconds per request (default 30)" },
	{ "gpu-evidence-cmd", 0, OPT_GPU_EVIDENCE_CMD, "CMD", "with GPUs: the command that prints "
	  "their evidence JSON for the nonce (64 hex digits) given as its last argument" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

static int get_option(struct cli *cli, int r, struct sev_kbs_client_opts *o, const char **out)
{
	const char *a = cli->optarg;
	uint32_t v;
	int rc = 0;

	switch (r) {
	case OPT_URL: o->url = a; break;
	case OPT_CA: o->ca_file = a; break;
	case OPT_OUT: *out = a; break;
	case OPT_TSM_DIR: o->tsm_dir = a; break;
	case OPT_DEVICE: o->device = a; break;
	case OPT_GPU_EVIDENCE_CMD: o->gpu_evidence_cmd = a; break;
	case OPT_TIMEOUT: rc = kbs_uint_option(cli, "timeout", a, 1, 3600, &o->timeout); break;
	case OPT_VMPL:
		if (!(rc = kbs_uint_option(cli, "vmpl", a, 0, 3, &v)))
			o->vmpl = (int32_t)v;
		break;
	case OPT_VIA:
		if (!strcmp(a, "auto"))
			o->via = SEV_SNP_VIA_AUTO;
		else if (!strcmp(a, "tsm"))
			o->via = SEV_SNP_VIA_TSM;
		else if (!strcmp(a, "ioctl"))
			o->via = SEV_SNP_VIA_IOCTL;
		else
			rc = cli_usage_error(cli, "--via takes auto, tsm or ioctl");
		break;
	}
	return rc;
}

int cmd_kbs_get_resource(struct cli *cli, int argc, char **argv)
{
	struct sev_kbs_client_opts o = SEV_INIT(struct sev_kbs_client_opts);
	const char *out = NULL;
	uint8_t *secret = NULL;
	size_t len = 0;
	int r, rc;

	o.vmpl = -1;
	while ((r = cli_next_option(cli, argc, argv, get_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if ((rc = get_option(cli, r, &o, &out)))
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one REPOSITORY/TYPE/TAG");
	if (!o.url || !out)
		return cli_usage_error(cli, "--url and --out are required");
	if (strcmp(out, "-") && (rc = cli_check_output(cli, out, false)))
		return rc;
	rc = sev_kbs_get_resource(&o, argv[optind], &secret, &len);
	if (rc) {
		cli_error(cli, "%s", argv[optind]);
		return cli_exit(rc);
	}
	if (!strcmp(out, "-"))
		rc = fwrite(secret, 1, len, stdout) == len && !fflush(stdout) ? 0 : SEV_EXIT_ENV;
	else
		rc = cli_write_file(cli, out, secret, len, 0600);
	sev_kbs_secret_free(secret);
	return rc;
}
