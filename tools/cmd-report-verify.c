/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevkit report verify: a report's signature, its chain to AMD's roots and the
 * checks the relying party asks for. The check options come from the library's
 * table of checks, as do policy files: each check is named once, there.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/crypto.h>
#include <sevkit/file.h>
#include <sevkit/snp.h>

#include "commands.h"
#include "report-common.h"
#include "report-gpu.h"

/* The options before the checks; the checks follow, one per row of the check table. */
static const struct cli_option base_options[] = {
	{ "vcek", 0, OPT_VCEK, "FILE", "the VCEK (DER or PEM) that signed the report" },
	{ "vlek", 0, OPT_VLEK, "FILE", "the VLEK (DER or PEM) that signed the report" },
	{ "certs", 0, OPT_CERTS, "DIR", "a directory of certificates and CRLs (*.pem, *.der, "
	  "*.crt, *.cer, *.crl; each recognised by its contents, not its name), e.g. from snpguest "
	  "or KDS; it may hold both the VCEK chain (ASK) and the VLEK chain (ASVK)" },
	{ "cert-table", 0, OPT_CERT_TABLE, "FILE", "an extended-report certificate table (GHCB "
	  "format, e.g. configfs auxblob)" },
	{ "ark", 0, OPT_ARK, "FILE", "trust this ARK instead of the builtin AMD root" },
	{ "ask", 0, OPT_ASK, "FILE", "the ASK or ASVK (default: the builtin one)" },
	{ "product", 0, OPT_PRODUCT, "NAME", "use the roots of Milan, Genoa or Turin (default: "
	  "from the VCEK)" },
	{ "crl", 0, OPT_CRL, "FILE", "a CRL signed by the ARK (PEM may hold several); repeatable: "
	  "every CRL given is applied, and a revoked ASK/ASVK or VCEK/VLEK fails" },
	{ "require-crl", 0, OPT_REQUIRE_CRL, NULL, "fail unless at least one current CRL was "
	  "given" },
	{ "at", 0, OPT_AT, "TIME", "check certificate validity at YYYY-MM-DD[THH:MM:SSZ] or "
	  "@SECONDS instead of now" },
	{ "format", 0, OPT_FORMAT, "FMT", "input encoding: auto (default), bin, hex or base64" },
	{ "gpu-evidence", 0, OPT_GPU_EVIDENCE, "FILE", "the GPU evidence REPORT_DATA binds: "
	  "the additional evidence {\"nvidia\": ...} exactly as the guest sent it" },
	{ "kbs-nonce", 0, OPT_KBS_NONCE, "TEXT", "with --gpu-evidence: the key broker's nonce" },
	{ "tee-pubkey", 0, OPT_TEE_PUBKEY, "FILE", "with --gpu-evidence: the guest's key (JWK)" },
	{ "kbs-hash", 0, OPT_KBS_HASH, "NAME", "with --gpu-evidence: the REPORT_DATA hash, sha384 "
	  "(default), sha256 or sha512" },
	{ "gpu-root", 0, OPT_GPU_ROOT, "PEM", "with --gpu-evidence: trust this GPU root instead of "
	  "NVIDIA's (a test PKI)" },
	{ "gpu-rim", 0, OPT_GPU_RIM, "FILE", "with --gpu-evidence: a driver or VBIOS RIM "
	  "(repeatable)" },
	{ "policy-file", 0, OPT_POLICY_FILE, "FILE", "checks from a JSON file (keys above; "
	  "an unknown key is refused)" },
	{ "reference", 0, OPT_REFERENCE, "FILE", "expected measurement (and policy) from a "
	  "reference-values document (sevkit measure --json; an unknown key is refused)" },
};

/* The options of the verb: base_options, then an option for each check that has one. */
static struct cli_option *verify_options(void)
{
	size_t n = ARRAY_SIZE(base_options), i;
	const struct sev_snp_check_info *c;
	struct cli_option *o;

	for (i = 0; sev_snp_check_info_at(i); i++)
		;
	o = calloc(n + i + 1, sizeof(*o));
	if (!o)
		return NULL;
	memcpy(o, base_options, sizeof(base_options));
	for (i = 0; (c = sev_snp_check_info_at(i)); i++)
		if (c->option)
			o[n++] = (struct cli_option){ c->option, 0, OPT_CHECK_FIRST + (int)i,
						      c->arg, c->help };
	return o;
}

struct verify_args {
	enum sev_snp_input_format format;
	enum sev_snp_product product;
	const char *vcek, *vlek, *certs, *cert_table, *ark, *ask, *at;
	const char *crl[SEV_SNP_CRL_MAX];
	size_t n_crl;
	const char *policy_file, *reference;
	struct report_gpu_args gpu;
	bool require_crl;
	size_t n_checks;
	struct {
		int id;
		const char *arg;
	} checks[128];
};

static int take_verify_option(struct cli *cli, struct verify_args *a, int id)
{
	const char *arg = cli->optarg;

	if (id >= OPT_CHECK_FIRST) {
		if (a->n_checks == ARRAY_SIZE(a->checks))
			return cli_usage_error(cli, "too many check options");
		a->checks[a->n_checks].id = id;
		a->checks[a->n_checks++].arg = arg;
		return 0;
	}
	switch (id) {
	case OPT_FORMAT:
	case OPT_PRODUCT: return take_report_option(cli, id, &a->format, &a->product);
	case OPT_VCEK: a->vcek = arg; break;
	case OPT_VLEK: a->vlek = arg; break;
	case OPT_CERTS: a->certs = arg; break;
	case OPT_CERT_TABLE: a->cert_table = arg; break;
	case OPT_ARK: a->ark = arg; break;
	case OPT_ASK: a->ask = arg; break;
	case OPT_CRL:
		if (a->n_crl == SEV_SNP_CRL_MAX)
			return cli_usage_error(cli, "at most %d --crl", SEV_SNP_CRL_MAX);
		a->crl[a->n_crl++] = arg;
		break;
	case OPT_REQUIRE_CRL: a->require_crl = true; break;
	case OPT_AT: a->at = arg; break;
	case OPT_POLICY_FILE: a->policy_file = arg; break;
	case OPT_REFERENCE: a->reference = arg; break;
	case OPT_GPU_EVIDENCE: a->gpu.evidence = arg; break;
	case OPT_KBS_NONCE: a->gpu.nonce = arg; break;
	case OPT_TEE_PUBKEY: a->gpu.tee_pubkey = arg; break;
	case OPT_KBS_HASH: a->gpu.hash = arg; break;
	case OPT_GPU_ROOT: a->gpu.v.root = arg; break;
	case OPT_GPU_RIM:
		if (a->gpu.v.n_rim == GPU_MAX_FILES)
			return cli_usage_error(cli, "at most %d --gpu-rim", GPU_MAX_FILES);
		a->gpu.v.rim[a->gpu.v.n_rim++] = arg;
		break;
	}
	return 0;
}

typedef int (*file_fn)(struct sev_snp_verifier *v, const uint8_t *buf, size_t len);

struct feed {
	struct sev_snp_verifier *v;
	file_fn fn;
	enum sev_snp_signing_key want; /* --vcek, --vlek */
	struct sev_snp_vek_info info;
};

static int feed_one(const uint8_t *buf, size_t len, void *ctx)
{
	struct feed *f = ctx;

	return f->fn(f->v, buf, len);
}

static int feed_file(struct cli *cli, struct sev_snp_verifier *v, const char *path, file_fn fn)
{
	struct feed f = { .v = v, .fn = fn };

	return parse_input(cli, path, feed_one, &f);
}

/* The certificate is taken only when it is of the kind wanted. */
static int feed_vek_cert(const uint8_t *buf, size_t len, void *ctx)
{
	struct feed *f = ctx;
	int rc = sev_snp_vek_parse(buf, len, &f->info);

	if (!rc && f->info.kind == f->want)
		rc = sev_snp_verifier_add_certs(f->v, buf, len);
	return rc;
}

/* --vcek / --vlek: the certificate must be of the kind the option names. */
static int feed_vek(struct cli *cli, struct sev_snp_verifier *v, const char *path,
		    enum sev_snp_signing_key want)
{
	struct feed f = { .v = v, .want = want };
	int rc = parse_input(cli, path, feed_vek_cert, &f);

	/* the wrong certificate is bad input, not a wrong option */
	if (!rc && f.info.kind != want) {
		cli_error(cli, "%s: a %s certificate, not a %s", path,
			  f.info.kind ? "VLEK" : "VCEK", want ? "VLEK" : "VCEK");
		rc = SEV_E_FORMAT;
	}
	return rc;
}

/* The file each CRL came from, in the order the verifier lists them. */
struct crl_sources {
	char *name[SEV_SNP_CRL_MAX];
};

static int note_crls(struct crl_sources *src, const struct sev_snp_verifier *v, const char *path)
{
	for (size_t i = 0; i < sev_snp_verifier_crl_count(v) && i < SEV_SNP_CRL_MAX; i++)
		if (!src->name[i] && !(src->name[i] = strdup(path)))
			return -ENOMEM;
	return 0;
}

static void crl_sources_free(struct crl_sources *src)
{
	for (size_t i = 0; i < SEV_SNP_CRL_MAX; i++)
		free(src->name[i]);
}

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && strcmp(name + n - k, suffix) == 0;
}

static int pki_file(const struct dirent *e)
{
	static const char *const suffixes[] = { ".pem", ".der", ".crt", ".cer", ".crl" };

	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++)
		if (has_suffix(e->d_name, suffixes[i]))
			return 1;
	return 0;
}

/*
 * Each file is taken for what it holds (certificates, CRLs or both), not for
 * its name; files are read in name order so that messages come out the same
 * way each time (the verdict does not depend on the order).
 */
static int feed_dir(struct cli *cli, struct sev_snp_verifier *v, const char *dir,
		    struct crl_sources *crls)
{
	struct dirent **list;
	int n = scandir(dir, &list, pki_file, alphasort), rc = 0;

	if (n < 0) /* the rule of every input: a wrong name is a usage error */
		return sev_file_input_error(dir, errno);
	for (int i = 0; i < n; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (!rc)
			rc = feed_file(cli, v, path, sev_snp_verifier_add_file);
		if (!rc)
			rc = note_crls(crls, v, path);
		free(list[i]);
	}
	free(list);
	return rc;
}

/* Where the VCEK/VLEK should have come from when none was found: bad input, or none given. */
static int no_vek(struct cli *cli, const struct verify_args *a, const char *path,
		  const struct input *in)
{
	const char *table = a->cert_table ? a->cert_table :
			    in->len > SEV_SNP_REPORT_SIZE ? path : NULL;

	if (table) {
		cli_error(cli, "%s: the certificate table has no VCEK or VLEK", table);
		return SEV_E_FORMAT;
	}
	if (a->certs) {
		cli_error(cli, "%s: no VCEK or VLEK certificate in the directory", a->certs);
		return SEV_E_FORMAT;
	}
	cli_usage_error(cli, "give the VCEK or VLEK: --vcek, --vlek, --certs or --cert-table");
	return SEV_E_INVALID;
}

static int feed_crls(struct cli *cli, const struct verify_args *a, struct sev_snp_verifier *v,
		     struct crl_sources *crls)
{
	int rc = 0;

	for (size_t i = 0; i < a->n_crl && !rc; i++)
		if (!(rc = feed_file(cli, v, a->crl[i], sev_snp_verifier_add_crl)))
			rc = note_crls(crls, v, a->crl[i]);
	return rc;
}

static int setup_verifier(struct cli *cli, const struct verify_args *a, const char *path,
			  const struct input *in, struct sev_snp_verifier *v,
			  struct crl_sources *crls)
{
	time_t at;
	int rc = 0;

	if (a->at && sev_time_parse(a->at, &at))
		return SEV_E_INVALID;
	if (a->at)
		sev_snp_verifier_set_time(v, at);
	sev_snp_verifier_require_crl(v, a->require_crl);
	if ((a->product && (rc = sev_snp_verifier_set_product(v, a->product))) ||
	    (a->ark && (rc = feed_file(cli, v, a->ark, sev_snp_verifier_set_ark))) ||
	    (a->ask && (rc = feed_file(cli, v, a->ask, sev_snp_verifier_add_certs))) ||
	    (a->vcek && (rc = feed_vek(cli, v, a->vcek, SEV_SNP_KEY_VCEK))) ||
	    (a->vlek && (rc = feed_vek(cli, v, a->vlek, SEV_SNP_KEY_VLEK))) ||
	    (a->certs && (rc = feed_dir(cli, v, a->certs, crls))) ||
	    (a->cert_table && (rc = feed_file(cli, v, a->cert_table,
					      sev_snp_verifier_add_cert_table))) ||
	    (rc = feed_crls(cli, a, v, crls)))
		return rc;
	if (in->len > SEV_SNP_REPORT_SIZE) {
		cli_input_begin(cli, path);
		rc = sev_snp_verifier_add_cert_table(v, in->bytes + SEV_SNP_REPORT_SIZE,
						     in->len - SEV_SNP_REPORT_SIZE);
		rc = cli_input_end(cli, rc);
	}
	if (!rc && !sev_snp_verifier_has_vek(v))
		rc = no_vek(cli, a, path, in);
	return rc;
}

typedef int (*checks_fn)(struct sev_snp_checks *c, const char *text, size_t len);

struct checks_file {
	checks_fn fn;
	struct sev_snp_checks *c;
};

static int parse_checks(const uint8_t *buf, size_t len, void *ctx)
{
	struct checks_file *f = ctx;

	return f->fn(f->c, (const char *)buf, len);
}

static int load_checks_file(struct cli *cli, const char *path, checks_fn fn,
			    struct sev_snp_checks *c)
{
	struct checks_file f = { fn, c };

	return cli_exit(parse_input(cli, path, parse_checks, &f));
}

/* Where a check came from: a policy file, a reference document or one option. */
struct check_source {
	char name[160];
	struct sev_snp_checks c;
};

/* The library says what is wrong with the value of a check option: a usage error. */
static int apply_check(struct cli *cli, struct sev_snp_checks *c, const char *option,
		       const char *arg)
{
	char msg[sizeof(cli->held)];
	int rc;

	cli_input_begin(cli, option); /* holds the library's message instead of printing it */
	rc = sev_snp_checks_set(c, option, arg);
	snprintf(msg, sizeof(msg), "%s", cli->held);
	cli_input_end(cli, 0);
	if (rc == SEV_E_INVALID)
		return cli_usage_error(cli, "%s", msg);
	return cli_exit(rc);
}

/* Each source in order; sources[0..n) are kept so that a conflict can name both sides. */
static int load_source(struct cli *cli, const struct verify_args *a, size_t i,
		       struct check_source *s)
{
	const char *option;

	sev_snp_checks_init(&s->c);
	if (i == 0 && a->policy_file) {
		snprintf(s->name, sizeof(s->name), "policy file %s", a->policy_file);
		return load_checks_file(cli, a->policy_file, sev_snp_checks_from_json, &s->c);
	}
	if (i == 1 && a->reference) {
		snprintf(s->name, sizeof(s->name), "reference values %s", a->reference);
		return load_checks_file(cli, a->reference, sev_snp_checks_from_reference, &s->c);
	}
	if (i < 2)
		return 0; /* not given: no checks */
	i -= 2;
	option = sev_snp_check_info_at((size_t)(a->checks[i].id - OPT_CHECK_FIRST))->option;
	snprintf(s->name, sizeof(s->name), "--%s%s%s", option, a->checks[i].arg ? " " : "",
		 a->checks[i].arg ? a->checks[i].arg : "");
	return apply_check(cli, &s->c, option, a->checks[i].arg);
}

/* Two sources pin different values for one check: name the field and both sources. */
static int conflict(struct cli *cli, const struct check_source *src, size_t k, const char *field)
{
	for (size_t j = 0; j < k; j++) {
		struct sev_snp_checks probe = src[j].c;
		const char *f = NULL;

		if (sev_snp_checks_merge(&probe, &src[k].c, &f) == SEV_E_INVALID && f &&
		    !strcmp(f, field))
			return cli_usage_error(cli, "%s: %s and %s pin different values", field,
					       src[j].name, src[k].name);
	}
	return cli_usage_error(cli, "%s: %s pins another value than before", field, src[k].name);
}

static int load_checks(struct cli *cli, const struct verify_args *a, struct sev_snp_checks *c)
{
	size_t n = a->n_checks + 2;
	struct check_source *src = calloc(n, sizeof(*src));
	const char *field = NULL;
	int rc = src ? 0 : SEV_EXIT_INTERNAL;

	sev_snp_checks_init(c);
	for (size_t i = 0; i < n && !rc; i++) {
		if ((rc = load_source(cli, a, i, &src[i])))
			break;
		rc = sev_snp_checks_merge(c, &src[i].c, &field);
		if (rc == SEV_E_INVALID)
			rc = conflict(cli, src, i, field);
		else if (rc)
			rc = cli_usage_error(cli, "%s: too many checks (%s)", src[i].name, field);
	}
	free(src);
	return rc;
}

static json_t *crls_json(const struct sev_snp_verify_info *info, const struct crl_sources *src)
{
	const char *ask = info->key ? "ASVK" : "ASK", *vek = info->key ? "VLEK" : "VCEK";
	json_t *a = json_array();
	char t[32], serial[84];

	for (size_t i = 0; i < info->n_crl; i++) {
		const struct sev_snp_crl_info *ci = &info->crl[i];
		json_t *e = json_object(), *checked = json_array(), *c;

		json_object_set_new(e, "file", src->name[i] ? json_string(src->name[i]) :
				    json_null());
		json_object_set_new(e, "issuer", json_string(ci->issuer));
		sev_time_format(ci->this_update, t, sizeof(t));
		json_object_set_new(e, "this_update", json_string(t));
		sev_time_format(ci->next_update, t, sizeof(t));
		json_object_set_new(e, "next_update", ci->next_update ? json_string(t) :
				    json_null());
		json_object_set_new(e, "current", json_boolean(ci->current));
		for (int k = 0; k < 2; k++) {
			c = json_object();
			snprintf(serial, sizeof(serial), "0x%s",
				 k ? info->vek_serial : info->ask_serial);
			json_object_set_new(c, "certificate", json_string(k ? vek : ask));
			json_object_set_new(c, "serial", json_string(serial));
			json_object_set_new(c, "revoked", json_boolean(k ? ci->vek_revoked :
									 ci->ask_revoked));
			json_array_append_new(checked, c);
		}
		json_object_set_new(e, "checked", checked);
		json_array_append_new(a, e);
	}
	return a;
}

struct verdict {
	bool signature_valid; /* chain, signature and certificate binding */
	bool checks_run;
	const struct sev_snp_check_result *res;
};

static json_t *verify_json(const struct sev_snp_verify_info *info, const struct verdict *vd,
			   const struct crl_sources *crls)
{
	const struct sev_snp_check_result *res = vd->res;
	json_t *doc = json_object(), *fails = json_array(), *vek = json_object();
	bool passed = vd->checks_run && res->n == 0;
	char t[32];

	/* the whole verdict, as the exit status: signature and every check */
	json_object_set_new(doc, "verified", json_boolean(vd->signature_valid && passed));
	json_object_set_new(doc, "signature_valid", json_boolean(vd->signature_valid));
	json_object_set_new(doc, "product", json_string(sev_snp_product_name(info->product)));
	json_object_set_new(doc, "signing_key", json_string(key_name(info->key)));
	json_object_set_new(doc, "crl_checked", json_boolean(info->crl_checked));
	json_object_set_new(doc, "crls", crls_json(info, crls));
	json_object_set_new(vek, "product_name", json_string(info->vek.product_name));
	json_object_set_new(vek, "tcb", tcb_json(sev_snp_vek_tcb(&info->vek), info->product));
	sev_time_format(info->vek.not_before, t, sizeof(t));
	json_object_set_new(vek, "not_before", json_string(t));
	sev_time_format(info->vek.not_after, t, sizeof(t));
	json_object_set_new(vek, "not_after", json_string(t));
	json_object_set_new(doc, "vek", vek);
	for (size_t i = 0; i < res->n; i++) {
		json_t *f = json_object();

		json_object_set_new(f, "check", json_string(res->fail[i].check));
		json_object_set_new(f, "expected", json_string(res->fail[i].expected));
		json_object_set_new(f, "actual", json_string(res->fail[i].actual));
		json_array_append_new(fails, f);
	}
	json_object_set_new(doc, "checks_passed", json_boolean(passed));
	json_object_set_new(doc, "failures", fails);
	return doc;
}

static void crls_text(struct cli *cli, const struct sev_snp_verify_info *info,
		      const struct crl_sources *src)
{
	for (size_t i = 0; i < info->n_crl; i++) {
		const struct sev_snp_crl_info *ci = &info->crl[i];
		char t[32];

		sev_time_format(ci->this_update, t, sizeof(t));
		cli_print(cli, "CRL %s (%s, issued %s%s): %s 0x%s and %s 0x%s not revoked\n",
			  src->name[i] ? src->name[i] : "?", ci->issuer, t,
			  ci->current ? "" : ", out of date", info->key ? "ASVK" : "ASK",
			  info->ask_serial, info->key ? "VLEK" : "VCEK", info->vek_serial);
	}
}

static void verify_text(struct cli *cli, const struct sev_snp_verify_info *info,
			const struct sev_snp_check_result *res, const struct crl_sources *crls)
{
	char tcb[64];

	sev_snp_tcb_format(sev_snp_vek_tcb(&info->vek), info->product, tcb, sizeof(tcb));
	cli_print(cli, "%sreport signature verified%s with the %s (%s, %s) chained to ARK-%s%s\n",
		  cli_green(cli), cli_reset(cli), info->key ? "VLEK" : "VCEK",
		  info->vek.product_name, tcb, sev_snp_product_name(info->product),
		  info->crl_checked ? ", CRL checked" : ", no CRL given");
	crls_text(cli, info, crls);
	if (!res->n) {
		cli_print(cli, "%sall checks passed%s\n", cli_green(cli), cli_reset(cli));
		return;
	}
	for (size_t i = 0; i < res->n; i++)
		cli_print(cli, "%sFAIL%s %s: expected %s, got %s\n", cli_red(cli), cli_reset(cli),
			  res->fail[i].check, res->fail[i].expected, res->fail[i].actual);
}

/*
 * The GPUs the report binds: their JSON joins doc's, and the verdict is both. An exit code:
 * the GPUs' usage or input error, else 0 or 1 from both verdicts (rc: the report's).
 */
static int gpu_part(struct cli *cli, const struct verify_args *a, const struct sev_snp_report *r,
		    json_t *doc, int rc)
{
	json_t *gpu = NULL;
	time_t at = 0;
	bool ok = false;
	int code;

	if (a->at)
		sev_time_parse(a->at, &at);
	code = report_gpu_check(cli, &a->gpu, r, at, &gpu, &ok);
	if (code)
		return code;
	if (doc) {
		json_object_set_new(doc, "gpu", gpu);
		json_object_set_new(doc, "verified", json_boolean(!rc && ok &&
			json_is_true(json_object_get(doc, "verified"))));
	} else {
		json_decref(gpu);
	}
	return !rc && ok ? SEV_EXIT_OK : SEV_EXIT_FAIL;
}

static int run_verify(struct cli *cli, const struct verify_args *a, const char *path)
{
	json_t *doc = NULL;
	int code = -1;
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	struct crl_sources crls = { 0 };
	struct sev_snp_verifier *v = NULL;
	struct sev_snp_checks checks = SEV_INIT(struct sev_snp_checks);
	struct input in = { 0 };
	int rc;

	if ((rc = load_checks(cli, a, &checks)) || (rc = read_report(cli, path, a->format, &in)))
		return rc;
	rc = sev_snp_verifier_new(&v);
	if (!rc)
		rc = setup_verifier(cli, a, path, &in, v, &crls);
	if (!rc)
		rc = sev_snp_verify(v, &in.r, &info);
	if (rc == 0 || rc == SEV_E_VERIFY) {
		struct verdict vd = { rc == 0, rc == 0, &res };

		if (vd.signature_valid)
			rc = sev_snp_check(&checks, &in.r, info.product, info.vek.product_name,
					   &res);
		if (cli->json && rc != -ENOMEM)
			doc = verify_json(&info, &vd, &crls);
		else if (vd.signature_valid && rc != -ENOMEM)
			verify_text(cli, &info, &res, &crls);
		if (a->gpu.evidence && (rc == 0 || rc == SEV_E_VERIFY))
			code = gpu_part(cli, a, &in.r, doc, rc);
	}
	if (doc)
		cli_json(cli, doc);
	sev_snp_check_result_free(&res);
	sev_snp_verifier_free(v);
	crl_sources_free(&crls);
	free(in.bytes);
	return code >= 0 ? code : cli_exit(rc);
}

int cmd_report_verify(struct cli *cli, int argc, char **argv)
{
	struct verify_args *a = calloc(1, sizeof(*a));
	struct cli_option *opts = verify_options();
	int r, rc = a && opts ? 0 : SEV_EXIT_INTERNAL;

	while (!rc && (r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE)
		/* a negative r: --help, or a usage error already reported */
		rc = r < 0 ? cli_stop_code(r) : take_verify_option(cli, a, r);
	if (!rc && argc - optind != 1)
		rc = cli_usage_error(cli, "expected one REPORT file");
	if (!rc && a->vcek && a->vlek)
		rc = cli_usage_error(cli, "give --vcek or --vlek, not both");
	if (!rc && a->gpu.evidence && (!a->gpu.nonce || !a->gpu.tee_pubkey))
		rc = cli_usage_error(cli, "--gpu-evidence needs --kbs-nonce and --tee-pubkey: the "
				     "binding is to them");
	if (!rc && !a->gpu.evidence && (a->gpu.nonce || a->gpu.tee_pubkey || a->gpu.v.root ||
					a->gpu.v.n_rim || a->gpu.hash))
		rc = cli_usage_error(cli, "--kbs-nonce, --tee-pubkey, --kbs-hash, --gpu-root and "
				     "--gpu-rim go with --gpu-evidence");
	if (!rc)
		rc = run_verify(cli, a, argv[optind]);
	free(opts);
	free(a);
	return rc;
}
