/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit domain convert | lint: a domain from an XML file or from libvirt */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/crypto.h>
#include <sevkit/domain.h>
#include <sevkit/libvirt.h>
#include <sevkit/util.h>

#include "commands.h"

#define SEV_GODH_LEN 2084    /* a SEV certificate */
#define SEV_SESSION_LEN 128  /* the LAUNCH_START session blob */
#define DOMAIN_MAX (16u << 20) /* larger than any domain definition */

enum {
	OPT_SEV = 0x100,
	OPT_SEV_ES,
	OPT_SEV_SNP,
	OPT_POLICY,
	OPT_SESSION,
	OPT_KERNEL_HASHES,
	OPT_FIRMWARE,
	OPT_CBITPOS,
	OPT_RPB,
	OPT_ID_BLOCK,
	OPT_ID_AUTH,
	OPT_HOST_DATA,
	OPT_AUTHOR_KEY,
	OPT_OUTPUT,
	OPT_NO_READ,
	OPT_CONNECT,
	OPT_DOMAIN,
	OPT_DEFINE,
};

#define LIBVIRT_SOURCE_OPTIONS                                                                 \
	{ "connect", 'c', OPT_CONNECT, "URI", "libvirt connection URI (default: libvirt's "    \
	  "default)" },                                                                          \
	{ "domain", 0, OPT_DOMAIN, "NAME", "read the domain NAME (id, name or UUID) from "     \
	  "libvirt instead of a file" }

static const struct cli_option convert_options[] = {
	{ "sev", 0, OPT_SEV, NULL, "SEV guest (the default)" },
	{ "sev-es", 0, OPT_SEV_ES, NULL, "SEV-ES guest (encrypted register state)" },
	{ "sev-snp", 0, OPT_SEV_SNP, NULL, "SEV-SNP guest (<launchSecurity type='sev-snp'>)" },
	{ "policy", 0, OPT_POLICY, "P",
	  "guest policy; default: kept from the domain, else 0x0003 / 0x0007 / 0x30000" },
	{ "session", 0, OPT_SESSION, "NAME",
	  "put NAME_godh.b64 and NAME_session.b64 (sevkit session) in <dhCert>, <session>" },
	{ "kernel-hashes", 0, OPT_KERNEL_HASHES, NULL,
	  "measure kernel, initrd and command line (kernelHashes='yes'; needs <kernel>)" },
	{ "firmware", 0, OPT_FIRMWARE, "PATH",
	  "OVMF image for <loader>; default: keep the domain's, else a Debian OVMF" },
	{ "cbitpos", 0, OPT_CBITPOS, "N", "C-bit position; default: this host's CPUID" },
	{ "reduced-phys-bits", 0, OPT_RPB, "N", "physical address bit reduction (with --cbitpos)" },
	{ "id-block", 0, OPT_ID_BLOCK, "B64", "SEV-SNP ID block (96 bytes, base64) for <idBlock>" },
	{ "id-auth", 0, OPT_ID_AUTH, "B64", "SEV-SNP ID auth (4096 bytes, base64) for <idAuth>" },
	{ "host-data", 0, OPT_HOST_DATA, "B64", "SEV-SNP host data (32 bytes, base64) for <hostData>" },
	{ "author-key", 0, OPT_AUTHOR_KEY, NULL, "the ID auth holds an author key (authorKey='yes')" },
	{ "output", 'o', OPT_OUTPUT, "OUT", "write the domain to OUT (atomically) instead of stdout" },
	LIBVIRT_SOURCE_OPTIONS,
	{ "define", 0, OPT_DEFINE, NULL, "with --domain: redefine the domain with the result "
	  "instead of printing it" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

static const struct cli_option lint_options[] = {
	{ "no-read", 0, OPT_NO_READ, NULL, "do not open cloud-init seed files the domain names" },
	LIBVIRT_SOURCE_OPTIONS,
	{ 0 },
};

/* Read NAME_<what>.b64, check its decoded size, return the base64 text trimmed. */
static int read_b64(struct cli *cli, const char *name, const char *what, size_t want, char **text)
{
	char path[4096];
	uint8_t *buf = NULL, *raw = NULL;
	size_t len, n = 0;
	int rc;

	snprintf(path, sizeof(path), "%s_%s.b64", name, what);
	if ((rc = cli_read_file(cli, path, 1u << 16, &buf, &len)))
		return rc;
	while (len && isspace(buf[len - 1]))
		buf[--len] = 0;
	rc = sev_base64_decode((const char *)buf, len, &raw, &n);
	free(raw);
	if (rc || n != want) {
		free(buf);
		if (rc)
			cli_error(cli, "%s: not base64 text", path);
		else
			cli_error(cli, "%s: %zu bytes after base64 decoding, expected %zu", path, n,
				  want);
		return SEV_E_FORMAT;
	}
	*text = (char *)buf;
	return 0;
}

static int parse_policy(struct cli *cli, bool *have, uint64_t *policy)
{
	if (sev_parse_uint(cli->optarg, UINT64_MAX, policy))
		return cli_usage_error(cli, "--policy must be a number, decimal or 0x-hex");
	*have = true;
	return 0;
}

static int parse_u6(struct cli *cli, const char *opt, uint32_t *v)
{
	if (sev_parse_u32(cli->optarg, v) || *v > 63)
		return cli_usage_error(cli, "%s must be a number from 0 to 63", opt);
	return 0;
}

/* Where the domain comes from: a file, or a libvirt daemon. */
struct domain_source {
	const char *file, *uri, *domain;
	struct sev_libvirt *v;
	char label[300]; /* names the input in messages */
};

/* Take --connect or --domain: 0, or -1 when id is neither. */
static int source_option(struct domain_source *src, int id, const char *arg)
{
	if (id == OPT_CONNECT)
		src->uri = arg;
	else if (id == OPT_DOMAIN)
		src->domain = arg;
	else
		return -1;
	return 0;
}

/* Exactly one of a FILE operand and --domain. */
static int source_check(struct cli *cli, struct domain_source *src, int argc, char **argv)
{
	if (src->uri && !src->domain)
		return cli_usage_error(cli, "--connect needs --domain");
	if (argc - optind != (src->domain ? 0 : 1))
		return cli_usage_error(cli, src->domain ? "--domain takes no domain XML file too"
							: "expected one domain XML file");
	src->file = src->domain ? NULL : argv[optind];
	if (src->domain)
		snprintf(src->label, sizeof(src->label), "libvirt domain %s", src->domain);
	else
		snprintf(src->label, sizeof(src->label), "%s", src->file);
	return 0;
}

/* The domain's XML; flags are sev_libvirt_xml()'s. Returns 0 or an exit code. */
static int source_read(struct cli *cli, struct domain_source *src, unsigned flags, uint8_t **xml,
		       size_t *len)
{
	char *text = NULL;
	int rc;

	if (src->file)
		return cli_exit(cli_read_file(cli, src->file, DOMAIN_MAX, xml, len));
	if ((rc = sev_libvirt_open(src->uri, src->domain, &src->v)) ||
	    (rc = sev_libvirt_xml(src->v, flags, &text)))
		return cli_exit(rc);
	*xml = (uint8_t *)text;
	*len = strlen(text);
	return 0;
}

struct convert_args {
	struct sev_domain_options o;
	const char *session, *output;
	bool have_rpb, define;
	struct domain_source src;
};

static int convert_option(struct cli *cli, int id, struct convert_args *a)
{
	switch (id) {
	case OPT_SEV: a->o.mode = SEV_MODE_SEV; return 0;
	case OPT_SEV_ES: a->o.mode = SEV_MODE_SEV_ES; return 0;
	case OPT_SEV_SNP: a->o.mode = SEV_MODE_SEV_SNP; return 0;
	case OPT_POLICY: return parse_policy(cli, &a->o.have_policy, &a->o.policy);
	case OPT_SESSION: a->session = cli->optarg; return 0;
	case OPT_KERNEL_HASHES: a->o.kernel_hashes = true; return 0;
	case OPT_FIRMWARE: a->o.firmware = cli->optarg; return 0;
	case OPT_CBITPOS: a->o.have_cbitpos = true; return parse_u6(cli, "--cbitpos", &a->o.cbitpos);
	case OPT_RPB:
		a->have_rpb = true;
		return parse_u6(cli, "--reduced-phys-bits", &a->o.reduced_phys_bits);
	case OPT_ID_BLOCK: a->o.id_block = cli->optarg; return 0;
	case OPT_ID_AUTH: a->o.id_auth = cli->optarg; return 0;
	case OPT_HOST_DATA: a->o.host_data = cli->optarg; return 0;
	case OPT_AUTHOR_KEY: a->o.author_key = true; return 0;
	case OPT_OUTPUT: a->output = cli->optarg; return 0;
	case OPT_DEFINE: a->define = true; return 0;
	}
	if (source_option(&a->src, id, cli->optarg) == 0)
		return 0;
	return cli_usage_error(cli, "unexpected option");
}

struct change_log {
	struct cli *cli;
	json_t *list;
};

static void on_change(const char *what, const char *why, void *ctx)
{
	struct change_log *log = ctx;

	if (log->list) {
		json_t *c = json_object();

		json_object_set_new(c, "change", json_string(what));
		json_object_set_new(c, "reason", json_string(why));
		json_array_append_new(log->list, c);
	}
	if (!log->cli->quiet)
		fprintf(stderr, "sevkit domain convert: %s\n    why: %s\n", what, why);
}

/* The converted domain: written to -o OUT, defined in libvirt, or printed. */
static int convert_emit(struct cli *cli, struct convert_args *a, const char *out, size_t out_len)
{
	int rc;

	if (a->output)
		return cli_write_file(cli, a->output, out, out_len, 0644);
	if (a->define) {
		if ((rc = sev_libvirt_define(a->src.v, out)))
			return cli_exit(rc);
		cli_print(cli, "OK: %s redefined\n", a->src.label);
		return 0;
	}
	fwrite(out, 1, out_len, stdout); /* the domain is the product: -q only silences the log */
	return 0;
}

static int convert_run(struct cli *cli, struct convert_args *a)
{
	struct change_log log = { cli, cli->json ? json_array() : NULL };
	uint8_t *xml = NULL;
	char *out = NULL, *dh = NULL, *session = NULL;
	size_t len, out_len;
	int rc, code = 0;

	if (a->session && ((rc = read_b64(cli, a->session, "godh", SEV_GODH_LEN, &dh)) ||
			   (rc = read_b64(cli, a->session, "session", SEV_SESSION_LEN, &session))))
		goto out;
	a->o.dh_cert = dh;
	a->o.session = session;
	a->o.use_host_cpuid = true;
	if ((code = source_read(cli, &a->src, SEV_LIBVIRT_XML_INACTIVE, &xml, &len)))
		goto out;
	cli_input_begin(cli, a->src.label);
	rc = sev_domain_convert((const char *)xml, len, &a->o, on_change, &log, &out, &out_len);
	if (cli_input_end(cli, rc))
		goto out;
	code = convert_emit(cli, a, out, out_len);
	if (!code && cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "output", json_string(a->output));
		json_object_set_new(doc, "mode", json_string(sev_mode_name(a->o.mode)));
		json_object_set_new(doc, "changes", log.list);
		log.list = NULL;
		cli_json(cli, doc);
	}
out:
	json_decref(log.list);
	free(xml);
	free(out);
	free(dh);
	free(session);
	sev_libvirt_close(a->src.v);
	return code ? code : cli_exit(rc);
}

int cmd_domain_convert(struct cli *cli, int argc, char **argv)
{
	struct convert_args a = { .o = { .size = sizeof(a.o), .mode = SEV_MODE_SEV } };
	int r, modes = 0;

	while ((r = cli_next_option(cli, argc, argv, convert_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		modes += r == OPT_SEV || r == OPT_SEV_ES || r == OPT_SEV_SNP;
		if ((r = convert_option(cli, r, &a)))
			return r;
	}
	if ((r = source_check(cli, &a.src, argc, argv)))
		return r;
	if (a.define && !a.src.domain)
		return cli_usage_error(cli, "--define needs --domain");
	if (a.define && a.output)
		return cli_usage_error(cli, "--define and -o exclude each other");
	if (modes > 1)
		return cli_usage_error(cli, "give one of --sev, --sev-es, --sev-snp");
	if (a.o.have_cbitpos != a.have_rpb)
		return cli_usage_error(cli, "--cbitpos and --reduced-phys-bits go together");
	if (a.session && a.o.mode == SEV_MODE_SEV_SNP)
		return cli_usage_error(cli, "--session is for SEV and SEV-ES (SNP has no session)");
	if (cli->json && !a.output && !a.define)
		return cli_usage_error(cli, "--json prints the changes: it needs -o OUT or --define");
	return convert_run(cli, &a);
}

static json_t *findings_json(const char *file, const struct sev_findings *f, size_t count[3])
{
	json_t *doc = json_object(), *list = json_array();

	for (size_t i = 0; i < f->n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "id", json_string(f->v[i].id));
		json_object_set_new(e, "level", json_string(sev_finding_level_name(f->v[i].level)));
		json_object_set_new(e, "message", json_string(f->v[i].message));
		json_object_set_new(e, "fix", json_string(f->v[i].fix));
		json_array_append_new(list, e);
	}
	json_object_set_new(doc, "file", json_string(file));
	json_object_set_new(doc, "findings", list);
	json_object_set_new(doc, "errors", json_integer((json_int_t)count[SEV_FINDING_ERROR]));
	json_object_set_new(doc, "warnings", json_integer((json_int_t)count[SEV_FINDING_WARNING]));
	json_object_set_new(doc, "infos", json_integer((json_int_t)count[SEV_FINDING_INFO]));
	return doc;
}

static void findings_text(struct cli *cli, const struct sev_findings *f, const size_t count[3])
{
	for (size_t i = 0; i < f->n; i++) {
		const struct sev_finding *x = &f->v[i];
		const char *color = x->level == SEV_FINDING_ERROR ? cli_red(cli) :
				    x->level == SEV_FINDING_WARNING ? cli_yellow(cli) : "";

		cli_print(cli, "%s%-7s%s %s: %s\n        fix: %s\n", color,
			  sev_finding_level_name(x->level), cli_reset(cli), x->id, x->message, x->fix);
	}
	cli_print(cli, "%zu error(s), %zu warning(s), %zu info(s)\n", count[SEV_FINDING_ERROR],
		  count[SEV_FINDING_WARNING], count[SEV_FINDING_INFO]);
}

int cmd_domain_lint(struct cli *cli, int argc, char **argv)
{
	struct sev_lint_options opt = { .size = sizeof(opt), .read_files = true };
	struct sev_findings f = SEV_INIT(struct sev_findings);
	struct domain_source src = { 0 };
	size_t count[3] = { 0 }, len;
	uint8_t *xml = NULL;
	int r;

	while ((r = cli_next_option(cli, argc, argv, lint_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_NO_READ)
			opt.read_files = false;
		else
			source_option(&src, r, cli->optarg);
	}
	if ((r = source_check(cli, &src, argc, argv)))
		return r;
	r = source_read(cli, &src, 0, &xml, &len);
	sev_libvirt_close(src.v);
	if (r)
		return r;
	cli_input_begin(cli, src.label);
	r = cli_input_end(cli, sev_domain_lint((const char *)xml, len, &opt, &f));
	free(xml);
	if (r)
		return cli_exit(r);
	for (size_t i = 0; i < f.n; i++)
		count[f.v[i].level]++;
	if (cli->json)
		cli_json(cli, findings_json(src.label, &f, count));
	else
		findings_text(cli, &f, count);
	sev_findings_free(&f);
	return count[SEV_FINDING_ERROR] ? SEV_EXIT_FAIL : SEV_EXIT_OK;
}
