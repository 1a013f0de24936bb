/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit cert generate-oca: a self-signed owner (OCA) certificate and its private key */
#include <getopt.h>

#include <sevkit/cert.h>
#include <sevkit/file.h>
#include <sevkit/launch.h>

#include "cert-common.h"
#include "commands.h"

int cmd_cert_generate_oca(struct cli *cli, int argc, char **argv)
{
	struct sev_chain c = { .present = 0 };
	uint8_t oca[SEV_CERT_SIZE], *pem = NULL;
	struct sev_outset *o = NULL;
	size_t pem_len = 0;
	int rc;

	if (parse_force(cli, argc, argv, &rc))
		return rc;
	if (argc - optind != 2)
		return cli_usage_error(cli, "expected CERT and KEY");
	rc = cli_check_output(cli, argv[optind], false);
	if (!rc)
		rc = cli_check_output(cli, argv[optind + 1], false);
	if (rc)
		return rc;
	rc = cli_exit(sev_oca_generate(oca, &pem, &pem_len));
	if (!rc)
		rc = cli_outset_new(cli, &o);
	if (!rc)
		rc = cli_outset_add(cli, o, argv[optind], oca, SEV_CERT_SIZE, 0644);
	if (!rc)
		rc = cli_outset_add(cli, o, argv[optind + 1], pem, pem_len, 0600);
	if (!rc)
		rc = cli_exit(sev_outset_commit(o));
	sev_outset_free(o);
	sev_secret_free(pem, pem_len);
	if (rc)
		return rc;
	if (sev_cert_parse(oca, SEV_CERT_SIZE, &c.oca))
		return SEV_EXIT_INTERNAL;
	c.present = 1u << SEV_CHAIN_OCA;
	if (cli->json)
		cli_json(cli, json_pack("{s:s,s:s,s:o}", "certificate", argv[optind], "key",
					argv[optind + 1], "fingerprint",
					fingerprint_json(&c, SEV_CHAIN_OCA)));
	else
		print_cert_line(cli, &c, SEV_CHAIN_OCA);
	return 0;
}
