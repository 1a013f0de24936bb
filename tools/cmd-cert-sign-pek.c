/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit cert sign-pek: the platform's PEK signing request, signed with the OCA key */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/cert.h>
#include <sevkit/crypto.h>

#include "cert-common.h"
#include "commands.h"

/* Exactly one SEV certificate from a file; returns an exit code. */
static int read_one_cert(struct cli *cli, const char *path, uint8_t out[SEV_CERT_SIZE])
{
	struct sev_cert c;
	uint8_t *buf;
	size_t len;
	int rc = cli_read_file(cli, path, SEV_CERT_SIZE + 1, &buf, &len);

	if (rc)
		return cli_exit(rc);
	cli_input_begin(cli, path);
	rc = sev_cert_parse(buf, len, &c);
	if (!rc)
		memcpy(out, buf, SEV_CERT_SIZE);
	free(buf);
	return cli_exit(cli_input_end(cli, rc));
}

static int sign_pek(struct cli *cli, char **files, uint8_t out[SEV_CERT_SIZE],
		    uint8_t oca[SEV_CERT_SIZE])
{
	uint8_t csr[SEV_CERT_SIZE], *key = NULL;
	size_t key_len = 0;
	int rc;

	if ((rc = read_one_cert(cli, files[0], csr)) || (rc = read_one_cert(cli, files[1], oca)))
		return rc;
	if ((rc = cli_read_secret(cli, files[2], 64 << 10, &key, &key_len)))
		return cli_exit(rc);
	rc = sev_pek_sign(csr, oca, key, key_len, out);
	sev_file_free_secret(key, key_len);
	/* the library names the fault, not the files it came from */
	if (rc == SEV_E_VERIFY || rc == SEV_E_FORMAT || rc == SEV_E_UNSUPPORTED)
		cli_error(cli, "%s signed by %s with %s", files[0], files[1], files[2]);
	return cli_exit(rc);
}

int cmd_cert_sign_pek(struct cli *cli, int argc, char **argv)
{
	struct sev_chain c = { .present = 1u << SEV_CHAIN_PEK | 1u << SEV_CHAIN_OCA };
	uint8_t pek[SEV_CERT_SIZE], oca[SEV_CERT_SIZE];
	int rc;

	if (parse_force(cli, argc, argv, &rc))
		return rc;
	if (argc - optind != 4)
		return cli_usage_error(cli, "expected CSR, OCA-CERT, OCA-KEY and OUT");
	if ((rc = cli_check_output(cli, argv[optind + 3], false)) ||
	    (rc = sign_pek(cli, argv + optind, pek, oca)) ||
	    (rc = cli_write_file(cli, argv[optind + 3], pek, SEV_CERT_SIZE, 0644)))
		return rc;
	sev_cert_parse(pek, SEV_CERT_SIZE, &c.pek);
	sev_cert_parse(oca, SEV_CERT_SIZE, &c.oca);
	if (cli->json) {
		cli_json(cli, json_pack("{s:s,s:o,s:o}", "written", argv[optind + 3],
					"pek_fingerprint", fingerprint_json(&c, SEV_CHAIN_PEK),
					"oca_fingerprint", fingerprint_json(&c, SEV_CHAIN_OCA)));
		return 0;
	}
	cli_print(cli, "%s: the PEK, signed by the OCA\n", argv[optind + 3]);
	print_cert_line(cli, &c, SEV_CHAIN_PEK);
	print_cert_line(cli, &c, SEV_CHAIN_OCA);
	return 0;
}
