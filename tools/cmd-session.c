/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit session: the launch session files of sevctl session. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sevkit/crypto.h>
#include <sevkit/file.h>
#include <sevkit/session.h>
#include <sevkit/util.h>

#include "commands.h"

enum { OPT_PDH = 1, OPT_POLICY, OPT_NAME, OPT_OUT, OPT_NO_VERIFY, OPT_TK };

static const struct cli_option options[] = {
	{ "pdh", 0, OPT_PDH, "FILE",
	  "platform PDH: one certificate, a chain starting with it, or its base64" },
	{ "policy", 0, OPT_POLICY, "POLICY", "guest policy, decimal or 0x-hex (all 32 bits kept)" },
	{ "name", 'n', OPT_NAME, "NAME", "prefix of the output files (default: vm)" },
	{ "out", 'o', OPT_OUT, "DIR", "directory for the output files (default: .)" },
	{ "no-verify", 0, OPT_NO_VERIFY, NULL, "use a chain's PDH without verifying the chain" },
	{ "tk", 0, OPT_TK, "FILE", "also write TEK|TIK as one 32-byte file (sev-tool's tmp_tk.bin)" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

struct session_args {
	const char *pdh, *policy, *name, *out, *tk;
	int no_verify;
};

/* The PDH input as raw certificate bytes: raw files are used as they are, base64 is decoded. */
static int load_pdh(struct cli *cli, const char *path, uint8_t **buf, size_t *len)
{
	uint8_t *raw, *dec;
	size_t n, dn;
	int rc = cli_read_file(cli, path, 64 * 1024, &raw, &n);

	if (rc)
		return rc;
	/* text that is not base64 is taken as raw bytes, which the parser then judges */
	if (n % SEV_CERT_SIZE != 0 && sev_base64_decode((char *)raw, n, &dec, &dn) == 0) {
		free(raw);
		raw = dec;
		n = dn;
	}
	*buf = raw;
	*len = n;
	return 0;
}

/* A PDH that comes with its chain is used only if the chain verifies up to AMD's root. */
static int verify_pdh_chain(struct cli *cli, const char *path, const uint8_t *buf, size_t len)
{
	struct sev_chain_result result = SEV_INIT(struct sev_chain_result);
	struct sev_chain chain;
	int rc;

	cli_input_begin(cli, path);
	rc = cli_input_end(cli, sev_chain_parse(buf, len, &chain));
	if (rc)
		return rc;
	rc = sev_chain_verify(&chain, NULL, &result);
	for (int i = 0; rc == SEV_E_VERIFY && i < SEV_LINKS; i++) {
		const struct sev_link *l = &result.link[i];

		if (l->status != SEV_LINK_OK)
			cli_error(cli, "%s: %s -> %s: %s%s%s", path, sev_chain_role_name(l->signer),
				  sev_chain_role_name(l->signee), sev_link_status_name(l->status),
				  l->reason ? ": " : "", l->reason ? l->reason : "");
	}
	if (rc == SEV_E_VERIFY)
		cli_error(cli, "the PDH's chain does not verify; not starting a session "
			  "(--no-verify to use it anyway)");
	return rc;
}

static int pdh_of(struct cli *cli, const struct session_args *a, struct sev_cert *pdh)
{
	uint8_t *buf;
	size_t len;
	int rc = load_pdh(cli, a->pdh, &buf, &len);

	if (rc)
		return cli_exit(rc);
	if (len < SEV_CERT_SIZE) {
		free(buf);
		cli_error(cli, "%s: %zu bytes, too short for a PDH certificate", a->pdh, len);
		return SEV_EXIT_INPUT;
	}
	cli_input_begin(cli, a->pdh);
	rc = cli_input_end(cli, sev_cert_parse(buf, SEV_CERT_SIZE, pdh));
	if (!rc && len > SEV_CERT_SIZE && !a->no_verify)
		rc = verify_pdh_chain(cli, a->pdh, buf, len);
	else if (!rc && !a->no_verify)
		cli_warn(cli, "%s: a PDH alone cannot be traced to AMD; give the whole chain "
			"('sevkit host export', 'sevctl export') to have it verified", a->pdh);
	free(buf);
	if (rc)
		return cli_exit(rc);
	if (pdh->usage != SEV_USAGE_PDH) {
		cli_error(cli, "%s: the first certificate is a %s, not a PDH", a->pdh,
			  sev_usage_name(pdh->usage));
		return SEV_EXIT_INPUT;
	}
	return 0;
}

static char *out_path(const struct session_args *a, const char *suffix)
{
	size_t n = strlen(a->out) + strlen(a->name) + strlen(suffix) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s%s", a->out, a->name, suffix);
	return p;
}

/* An exit code. */
static int add(struct cli *cli, struct sev_outset *o, const struct session_args *a,
	       const char *suffix, const void *data, size_t len, mode_t mode)
{
	char *path = out_path(a, suffix);
	int rc = path ? cli_outset_add(cli, o, path, data, len, mode) : SEV_EXIT_INTERNAL;

	free(path);
	return rc;
}

/* An exit code. */
static int write_session(struct cli *cli, const struct session_args *a,
			 const struct sev_session *s)
{
	char *godh = sev_base64_encode(s->godh.raw, SEV_CERT_SIZE);
	char *blob = sev_base64_encode(s->blob, SEV_SESSION_BLOB_SIZE);
	uint8_t *tk = sev_secure_alloc(32);
	struct sev_outset *o = NULL;
	int rc = godh && blob && tk ? 0 : SEV_EXIT_INTERNAL;

	if (tk) {
		memcpy(tk, s->tek, 16);
		memcpy(tk + 16, s->tik, 16);
	}
	if (!rc)
		rc = cli_outset_new(cli, &o);
	if (!rc)
		rc = add(cli, o, a, "_godh.b64", godh, strlen(godh), 0644);
	if (!rc)
		rc = add(cli, o, a, "_session.b64", blob, strlen(blob), 0644);
	if (!rc)
		rc = add(cli, o, a, "_tek.bin", s->tek, 16, 0600);
	if (!rc)
		rc = add(cli, o, a, "_tik.bin", s->tik, 16, 0600);
	if (!rc && a->tk)
		rc = cli_outset_add(cli, o, a->tk, tk, 32, 0600);
	if (!rc)
		rc = cli_exit(sev_outset_commit(o));
	sev_outset_free(o);
	sev_secure_free(tk);
	free(godh);
	free(blob);
	return rc;
}

/* Returns -1 to go on, or the exit code to stop with (--help, usage error). */
static int parse_args(struct cli *cli, int argc, char **argv, struct session_args *a)
{
	int r;

	while ((r = cli_next_option(cli, argc, argv, options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		switch (r) {
		case OPT_PDH: a->pdh = cli->optarg; break;
		case OPT_POLICY: a->policy = cli->optarg; break;
		case OPT_NAME: a->name = cli->optarg; break;
		case OPT_OUT: a->out = cli->optarg; break;
		case OPT_NO_VERIFY: a->no_verify = 1; break;
		case OPT_TK: a->tk = cli->optarg; break;
		}
	}
	/* sevctl's form: sevctl session [--name N] PDH POLICY */
	if (!a->pdh && optind < argc)
		a->pdh = argv[optind++];
	if (!a->policy && optind < argc)
		a->policy = argv[optind++];
	if (optind < argc)
		return cli_usage_error(cli, "unexpected operand '%s'", argv[optind]);
	if (!a->pdh || !a->policy)
		return cli_usage_error(cli, "--pdh FILE and --policy POLICY are required");
	if (!*a->name || strchr(a->name, '/'))
		return cli_usage_error(cli, "--name must be a plain file name prefix");
	return -1;
}

int cmd_session(struct cli *cli, int argc, char **argv)
{
	struct session_args a = { .name = "vm", .out = "." };
	struct sev_session *s;
	struct sev_cert pdh;
	uint32_t policy;
	int rc = parse_args(cli, argc, argv, &a);

	if (rc >= 0)
		return rc;
	if (sev_parse_u32(a.policy, &policy))
		return cli_usage_error(cli, "POLICY must be a 32-bit number, decimal or 0x-hex");
	rc = pdh_of(cli, &a, &pdh);
	if (rc)
		return rc;
	/* the TEK and TIK live in locked memory that core dumps leave out */
	s = sev_secure_alloc(sizeof(*s));
	rc = s ? cli_exit(sev_session_create(&pdh, policy, s)) : SEV_EXIT_INTERNAL;
	if (!rc)
		rc = write_session(cli, &a, s);
	sev_secure_free(s);
	if (rc)
		return rc;
	if (cli->json) {
		json_t *doc = json_object();
		char *godh = out_path(&a, "_godh.b64"), *sess = out_path(&a, "_session.b64");
		char *tek = out_path(&a, "_tek.bin"), *tik = out_path(&a, "_tik.bin");

		json_object_set_new(doc, "godh", json_string(godh));
		json_object_set_new(doc, "session", json_string(sess));
		json_object_set_new(doc, "tek", json_string(tek));
		json_object_set_new(doc, "tik", json_string(tik));
		json_object_set_new(doc, "policy", json_integer(policy));
		cli_json(cli, doc);
		free(godh);
		free(sess);
		free(tek);
		free(tik);
	} else {
		cli_print(cli, "wrote %s/%s_godh.b64, %s_session.b64, %s_tek.bin, %s_tik.bin\n",
			  a.out, a.name, a.name, a.name, a.name);
	}
	return SEV_EXIT_OK;
}
