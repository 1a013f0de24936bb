/* SPDX-License-Identifier: Apache-2.0 */
/* What the cert verbs share: reading a chain file, fingerprints, sevctl's certificate line. */
#include "cert-common.h"

#include <stdio.h>
#include <stdlib.h>

/* Parse a chain file's contents; returns an exit code. */
int parse_chain(struct cli *cli, const char *path, const uint8_t *data, size_t n,
		struct sev_chain *c)
{
	cli_input_begin(cli, path);
	return cli_exit(cli_input_end(cli, sev_chain_parse(data, n, c)));
}

/* Read and parse a chain file; returns an exit code. */
int load_chain(struct cli *cli, const char *path, struct sev_chain *c, uint8_t **buf,
	       size_t *len)
{
	uint8_t *data;
	size_t n;
	int rc = cli_read_file(cli, path, CHAIN_MAX, &data, &n);

	if (rc)
		return cli_exit(rc);
	rc = parse_chain(cli, path, data, n, c);
	if (rc || !buf) {
		free(data);
		return rc;
	}
	*buf = data;
	*len = n;
	return 0;
}

const struct sev_cert *sev_cert_of(const struct sev_chain *c, enum sev_chain_role r)
{
	const struct sev_cert *certs[] = { &c->pdh, &c->pek, &c->oca, &c->cek };

	return certs[r];
}

bool is_ca(enum sev_chain_role r)
{
	return r == SEV_CHAIN_ASK || r == SEV_CHAIN_ARK;
}

const struct sev_ca_cert *ca_cert_of(const struct sev_chain *c, enum sev_chain_role r)
{
	return r == SEV_CHAIN_ASK ? &c->ask : &c->ark;
}

/* Lower-case hex fingerprint (caller frees), NULL when out of memory or on failure. */
char *fingerprint_hex(const struct sev_chain *c, enum sev_chain_role r)
{
	uint8_t fp[48];
	size_t n;
	int rc = is_ca(r) ? sev_ca_cert_fingerprint(ca_cert_of(c, r), fp, &n)
			  : sev_cert_fingerprint(sev_cert_of(c, r), fp, &n);

	return rc ? NULL : cli_hex(fp, n);
}

void key_desc(const struct sev_chain *c, enum sev_chain_role r, char *buf, size_t n)
{
	if (is_ca(r))
		sev_ca_cert_key_desc(ca_cert_of(c, r), buf, n);
	else
		sev_cert_key_desc(sev_cert_of(c, r), buf, n);
}

/* sevctl's one-line form: "PEK EP384 E256 <fingerprint>", or "PEK missing". */
void print_cert_line(struct cli *cli, const struct sev_chain *c, enum sev_chain_role r)
{
	char desc[16];
	char *fp;

	if (!sev_chain_has(c, r)) {
		cli_print(cli, "%s missing\n", sev_chain_role_name(r));
		return;
	}
	key_desc(c, r, desc, sizeof(desc));
	fp = fingerprint_hex(c, r);
	cli_print(cli, "%s %s %s\n", sev_chain_role_name(r), desc, fp ? fp : "?");
	free(fp);
}

json_t *fingerprint_json(const struct sev_chain *c, enum sev_chain_role r)
{
	char *fp = sev_chain_has(c, r) ? fingerprint_hex(c, r) : NULL;
	json_t *j = fp ? json_string(fp) : json_null();

	free(fp);
	return j;
}

static const struct cli_option force_options[] = {
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

/* Returns true when the command must stop (--help, usage error) with exit code *code. */
bool parse_force(struct cli *cli, int argc, char **argv, int *code)
{
	int r;

	*code = 0;
	while ((r = cli_next_option(cli, argc, argv, force_options)) != CLI_DONE) {
		if (r < 0) {
			*code = cli_stop_code(r);
			return true;
		}
	}
	return false;
}
