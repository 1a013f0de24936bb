/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit report derive-key: a key derived by the firmware, from inside the guest */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/crypto.h>
#include <sevkit/snp.h>
#include <sevkit/util.h>

#include "commands.h"
#include "report-common.h"

static const struct cli_option key_options[] = {
	{ "root-key", 0, OPT_ROOT_KEY, "KEY", "vcek (default) or vmrk" },
	{ "guest-field-select", 0, OPT_GFS, "LIST", "fields mixed into the key: a number, or "
	  "names from policy,image_id,family_id,measurement,guest_svn,tcb_version" },
	{ "vmpl", 0, OPT_VMPL, "N", "VMPL of the key (0-3, default 0)" },
	{ "guest-svn", 0, OPT_GUEST_SVN, "N", "GUEST_SVN to mix in (default 0)" },
	{ "tcb-version", 0, OPT_TCB_VERSION, "TCB", "TCB to derive for: a 64-bit number or "
	  "bl=N,tee=N,snp=N,ucode=N[,fmc=N] (default 0)" },
	{ "product", 0, OPT_PRODUCT, "NAME", "TCB layout for --tcb-version SPLs (default Milan)" },
	{ "device", 0, OPT_DEVICE, "PATH", "SEV guest device (default /dev/sev-guest)" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

static int parse_gfs(struct cli *cli, const char *arg, uint64_t *gfs)
{
	char *copy, *save = NULL;
	int rc = 0;

	if (arg[0] >= '0' && arg[0] <= '9') {
		if (sev_parse_uint(arg, SEV_SNP_GFS_KNOWN, gfs))
			return cli_usage_error(cli, "--guest-field-select: 0x%x at most",
					       SEV_SNP_GFS_KNOWN);
		return 0;
	}
	copy = strdup(arg);
	if (!copy)
		return SEV_EXIT_INTERNAL;
	*gfs = 0;
	for (char *t = strtok_r(copy, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
		uint64_t m = 0;

		if (sev_snp_gfs_by_name(t, &m))
			rc = cli_usage_error(cli, "--guest-field-select: unknown field '%s'", t);
		*gfs |= m;
	}
	free(copy);
	return rc;
}

int cmd_report_derive_key(struct cli *cli, int argc, char **argv)
{
	struct sev_snp_key_request req = SEV_INIT(struct sev_snp_key_request);
	enum sev_snp_product p = SEV_SNP_PRODUCT_MILAN;
	const char *device = NULL, *tcb = NULL;
	uint8_t *key;
	int vmpl = 0, r, rc;

	while ((r = cli_next_option(cli, argc, argv, key_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		rc = 0;
		if (r == OPT_ROOT_KEY && !strcmp(cli->optarg, "vmrk"))
			req.root_key = SEV_SNP_ROOT_VMRK;
		else if (r == OPT_ROOT_KEY && strcmp(cli->optarg, "vcek"))
			return cli_usage_error(cli, "--root-key takes vcek or vmrk");
		else if (r == OPT_GFS)
			rc = parse_gfs(cli, cli->optarg, &req.guest_field_select);
		else if (r == OPT_VMPL)
			rc = parse_vmpl(cli, cli->optarg, &vmpl);
		else if (r == OPT_GUEST_SVN && sev_parse_u32(cli->optarg, &req.guest_svn))
			return cli_usage_error(cli, "--guest-svn takes a 32-bit number");
		else if (r == OPT_TCB_VERSION)
			tcb = cli->optarg;
		else if (r == OPT_PRODUCT)
			rc = parse_product(cli, cli->optarg, &p);
		else if (r == OPT_DEVICE)
			device = cli->optarg;
		if (rc)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one OUT file for the key");
	if (tcb && sev_snp_tcb_parse(tcb, p, &req.tcb_version))
		return cli_usage_error(cli, "--tcb-version: not a TCB");
	req.vmpl = (uint32_t)vmpl;
	if ((rc = cli_check_output(cli, argv[optind], false)))
		return rc;
	/* the key lives in locked memory that core dumps leave out, wiped when freed */
	if (!(key = sev_secure_alloc(SEV_SNP_DERIVED_KEY_SIZE)))
		return SEV_EXIT_INTERNAL;
	rc = cli_exit(sev_snp_derive_key(device, &req, key));
	if (!rc)
		rc = cli_write_file(cli, argv[optind], key, SEV_SNP_DERIVED_KEY_SIZE, 0600);
	sev_secure_free(key);
	if (!rc)
		cli_print(cli, "wrote the derived key to %s (mode 0600)\n", argv[optind]);
	return rc;
}
