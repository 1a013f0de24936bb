/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit kbs vcek put|list: the VCEK cache every broker on the store shares. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/kbs.h>

#include "commands.h"
#include "kbs-common.h"

static const struct cli_option vcek_options[] = {
	DB_OPTION,
	{ "chain", 0, OPT_CHAIN, "PEM", "put: the ASK and ARK the VCEK came with (KDS cert_chain)" },
	{ 0 },
};

static int print_vcek(void *ctx, const char *chip_hex, uint64_t tcb)
{
	cli_print(ctx, "%s  tcb 0x%016" PRIx64 "\n", chip_hex, tcb);
	return 0;
}

static int json_vcek(void *ctx, const char *chip_hex, uint64_t tcb)
{
	char t[19];

	snprintf(t, sizeof(t), "0x%016" PRIx64, tcb);
	return json_array_append_new(ctx, json_pack("{s:s, s:s}", "chip_id", chip_hex, "tcb", t))
		? -1 : 0;
}

static int vcek_list(struct cli *cli, struct sev_kbs_admin *a)
{
	json_t *list = json_array();
	int rc = sev_kbs_vcek_list(a, cli->json ? json_vcek : print_vcek,
				   cli->json ? (void *)list : (void *)cli);

	if (!rc && cli->json)
		cli_json(cli, list);
	else
		json_decref(list);
	return rc ? cli_exit(rc) : 0;
}

static int vcek_put(struct cli *cli, struct sev_kbs_admin *a, const char *file, const char *chain)
{
	uint8_t *v = NULL, *c = NULL;
	size_t vn = 0, cn = 0;
	char chip[129], t[19];
	uint64_t tcb = 0;
	int rc;

	if ((rc = cli_read_file(cli, file, FILE_MAX, &v, &vn)) ||
	    (chain && (rc = cli_read_file(cli, chain, FILE_MAX, &c, &cn))))
		goto done;
	cli_input_begin(cli, file);
	rc = cli_input_end(cli, sev_kbs_vcek_put(a, (struct sev_kbs_blob){ v, vn },
						 (struct sev_kbs_blob){ c, cn }, chip, &tcb));
	snprintf(t, sizeof(t), "0x%016" PRIx64, tcb);
	if (!rc && cli->json)
		cli_json(cli, json_pack("{s:s, s:s, s:s}", "stored", file, "chip_id", chip, "tcb", t));
	else if (!rc)
		cli_print(cli, "stored the VCEK of chip %.16s... at tcb %s\n", chip, t);
done:
	free(v);
	free(c);
	return rc ? cli_exit(rc) : 0;
}

int cmd_kbs_vcek(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL, *chain = NULL, *act;
	struct sev_kbs_admin *a;
	int r, n;

	while ((r = cli_next_option(cli, argc, argv, vcek_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_DB)
			db = cli->optarg;
		else if (r == OPT_CHAIN)
			chain = cli->optarg;
	}
	n = argc - optind - 1;
	act = optind < argc ? argv[optind] : "";
	if (!((!strcmp(act, "put") && n == 1) || (!strcmp(act, "list") && n == 0)))
		return cli_usage_error(cli, "expected put VCEK [--chain PEM] or list");
	if ((r = kbs_open_store(cli, db, &a)))
		return r;
	r = act[0] == 'p' ? vcek_put(cli, a, argv[optind + 1], chain) : vcek_list(cli, a);
	sev_kbs_admin_close(a);
	return r;
}
