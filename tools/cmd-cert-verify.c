/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit cert verify: a SEV certificate chain up to AMD's root key, as sevctl verify */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/cert.h>

#include "cert-common.h"
#include "commands.h"

/* Marks of `sevctl verify`: signs, invalid signs, self signed, invalid self sign. */
#define MARK_SIGNS "\u2b11"
#define MARK_BAD_SIGNS "\u2b11\u0338"
#define MARK_SELF "\u2022"
#define MARK_BAD_SELF "\u2022\u0337"
#define LEGEND " " MARK_SELF " = self signed, " MARK_SIGNS " = signs, " MARK_BAD_SELF \
	" = invalid self sign, " MARK_BAD_SIGNS " = invalid signs"

enum {
	OPT_SEV = 0x100,
	OPT_PDH,
	OPT_PEK,
	OPT_OCA,
	OPT_CEK,
	OPT_CA,
};

static const struct cli_option verify_options[] = {
	{ "sev", 0, OPT_SEV, "FILE", "the chain to verify (same as the CHAIN operand)" },
	{ "pdh", 0, OPT_PDH, "FILE", "take the PDH from FILE" },
	{ "pek", 0, OPT_PEK, "FILE", "take the PEK from FILE" },
	{ "oca", 0, OPT_OCA, "FILE", "take the OCA from FILE (e.g. your own owner certificate)" },
	{ "cek", 0, OPT_CEK, "FILE", "take the CEK from FILE (e.g. the one AMD's KDS signed)" },
	{ "ca", 0, OPT_CA, "FILE",
	  "trust the ARK (and ASK) in FILE instead of the builtin AMD ones" },
	{ 0 },
};

struct verify_args {
	const char *chain;
	const char *part[SEV_CHAIN_ROLES]; /* --pdh .. --cek */
	const char *ca;
};

/* Replace one certificate of c by the one of that role in path. */
static int take_part(struct cli *cli, struct sev_chain *c, enum sev_chain_role r,
		     const char *path)
{
	struct sev_chain part;
	int rc = load_chain(cli, path, &part, NULL, NULL);

	if (rc)
		return rc;
	if (!sev_chain_has(&part, r)) {
		cli_error(cli, "%s: holds no %s certificate", path, sev_chain_role_name(r));
		return SEV_EXIT_INPUT;
	}
	if (r == SEV_CHAIN_PDH)
		c->pdh = part.pdh;
	else if (r == SEV_CHAIN_PEK)
		c->pek = part.pek;
	else if (r == SEV_CHAIN_OCA)
		c->oca = part.oca;
	else
		c->cek = part.cek;
	c->present |= 1u << r;
	return 0;
}

static const char *mark(const struct cli *cli, enum sev_link_status st, bool self, char *buf,
			size_t n)
{
	bool ok = st == SEV_LINK_OK;
	const char *m = self ? (ok ? MARK_SELF : MARK_BAD_SELF)
			     : (ok ? MARK_SIGNS : MARK_BAD_SIGNS);

	snprintf(buf, n, "%s%s%s", ok ? cli_green(cli) : cli_red(cli), m, cli_reset(cli));
	return buf;
}

/* One tree line as sevctl prints it: indent, self-sign mark or a space, signs mark, certificate. */
static void tree_line(struct cli *cli, const struct sev_chain_result *res, const char *indent,
		      int self_link, enum sev_link_id link, enum sev_chain_role r)
{
	char self[32] = " ", signs[32];

	if (self_link >= 0)
		mark(cli, res->link[self_link].status, true, self, sizeof(self));
	cli_print(cli, "%s%s%s ", indent, self,
		  mark(cli, res->link[link].status, false, signs, sizeof(signs)));
	print_cert_line(cli, &res->used, r);
}

static void verify_text(struct cli *cli, const struct sev_chain_result *res)
{
	print_cert_line(cli, &res->used, SEV_CHAIN_PDH);
	tree_line(cli, res, "", -1, SEV_LINK_PEK_PDH, SEV_CHAIN_PEK);
	tree_line(cli, res, "   ", SEV_LINK_OCA_SELF, SEV_LINK_OCA_PEK, SEV_CHAIN_OCA);
	tree_line(cli, res, "   ", -1, SEV_LINK_CEK_PEK, SEV_CHAIN_CEK);
	tree_line(cli, res, "      ", -1, SEV_LINK_ASK_CEK, SEV_CHAIN_ASK);
	tree_line(cli, res, "         ", SEV_LINK_ARK_SELF, SEV_LINK_ARK_ASK, SEV_CHAIN_ARK);
	cli_print(cli, "\n%s\n", LEGEND);
}

static json_t *verify_json(const struct sev_chain_result *res, bool builtin, int rc)
{
	json_t *doc = json_object(), *links = json_array();

	json_object_set_new(doc, "verified", json_boolean(rc == 0));
	json_object_set_new(doc, "generation",
			    res->generation ? json_string(res->generation) : json_null());
	json_object_set_new(doc, "roots", json_string(builtin ? "builtin" : "file"));
	for (int i = 0; i < SEV_LINKS; i++) {
		const struct sev_link *l = &res->link[i];
		json_t *o = json_object();

		json_object_set_new(o, "signer", json_string(sev_chain_role_name(l->signer)));
		json_object_set_new(o, "signee", json_string(sev_chain_role_name(l->signee)));
		json_object_set_new(o, "status", json_string(sev_link_status_name(l->status)));
		json_object_set_new(o, "signer_fingerprint",
				    fingerprint_json(&res->used, l->signer));
		json_object_set_new(o, "signee_fingerprint",
				    fingerprint_json(&res->used, l->signee));
		json_object_set_new(o, "reason", l->reason ? json_string(l->reason) : json_null());
		json_array_append_new(links, o);
	}
	json_object_set_new(doc, "links", links);
	return doc;
}

/* Returns true when the command must stop (--help, usage error) with exit code *code. */
static bool parse_verify_args(struct cli *cli, int argc, char **argv, struct verify_args *a,
			      int *code)
{
	int r;

	memset(a, 0, sizeof(*a));
	while ((r = cli_next_option(cli, argc, argv, verify_options)) != CLI_DONE) {
		if (r < 0) {
			*code = cli_stop_code(r);
			return true;
		}
		if (r == OPT_SEV)
			a->chain = cli->optarg;
		else if (r == OPT_CA)
			a->ca = cli->optarg;
		else
			a->part[r - OPT_PDH] = cli->optarg;
	}
	*code = 0;
	if (argc - optind > 1 || (argc - optind == 1 && a->chain))
		*code = cli_usage_error(cli, "expected one CHAIN (or --sev FILE)");
	if (argc - optind == 1)
		a->chain = argv[optind];
	if (!*code && !a->chain && !a->part[SEV_CHAIN_PDH] && !a->part[SEV_CHAIN_PEK] &&
	    !a->part[SEV_CHAIN_OCA] && !a->part[SEV_CHAIN_CEK])
		*code = cli_usage_error(cli, "nothing to verify: give a CHAIN or certificates");
	return *code != 0;
}

static int gather(struct cli *cli, const struct verify_args *a, struct sev_chain *c,
		  struct sev_chain *ca)
{
	int rc = 0;

	memset(c, 0, sizeof(*c));
	if (a->chain)
		rc = load_chain(cli, a->chain, c, NULL, NULL);
	for (int r = SEV_CHAIN_PDH; !rc && r <= SEV_CHAIN_CEK; r++)
		if (a->part[r])
			rc = take_part(cli, c, (enum sev_chain_role)r, a->part[r]);
	if (!rc && a->ca)
		rc = load_chain(cli, a->ca, ca, NULL, NULL);
	if (!rc && a->ca && !sev_chain_has(ca, SEV_CHAIN_ARK)) {
		cli_error(cli, "%s: holds no ARK to trust", a->ca);
		rc = SEV_EXIT_INPUT;
	}
	return rc;
}

int cmd_cert_verify(struct cli *cli, int argc, char **argv)
{
	struct sev_chain_result *res = NULL;
	struct sev_chain chain, ca;
	struct verify_args a;
	int rc;

	if (parse_verify_args(cli, argc, argv, &a, &rc))
		return rc;
	rc = gather(cli, &a, &chain, &ca);
	if (rc)
		return rc;
	res = malloc(sizeof(*res));
	if (!res)
		return cli_exit(-ENOMEM);
	*res = SEV_INIT(struct sev_chain_result);
	rc = sev_chain_verify(&chain, a.ca ? &ca : NULL, res);
	if (rc && rc != SEV_E_VERIFY) {
		free(res);
		return cli_exit(rc);
	}
	if (cli->json)
		cli_json(cli, verify_json(res, !a.ca, rc));
	else
		verify_text(cli, res);
	for (int i = 0; i < SEV_LINKS; i++)
		if (res->link[i].status != SEV_LINK_OK)
			cli_error(cli, "%s -> %s: %s: %s", sev_chain_role_name(res->link[i].signer),
				  sev_chain_role_name(res->link[i].signee),
				  sev_link_status_name(res->link[i].status), res->link[i].reason);
	free(res);
	return cli_exit(rc);
}
