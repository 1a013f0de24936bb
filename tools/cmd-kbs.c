/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit kbs: the key broker (serve), its store (policy, resource, token-key, audit) and
 * the guest side (get-resource). */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sevkit/kbs.h>

#include "commands.h"

#define FILE_MAX (1u << 20)
#define ANCHORS_MAX 16

enum {
	OPT_DB = 0x100,
	OPT_LISTEN,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_INSECURE_HTTP,
	OPT_ARK,
	OPT_CRL,
	OPT_SESSION_TTL,
	OPT_ADMIN_KEY,
	OPT_TOKEN_KEY,
	OPT_THREADS,
	OPT_MAX_CONN,
	OPT_IDLE,
	OPT_POLICY,
	OPT_OUT,
	OPT_URL,
	OPT_CA,
	OPT_VIA,
	OPT_TSM_DIR,
	OPT_DEVICE,
	OPT_VMPL,
	OPT_TIMEOUT,
};

#define DB_OPTION { "db", 0, OPT_DB, "URL", "the store (default " SEV_KBS_DEFAULT_DB \
		    ": kbs.db in the current directory)" }

static int parse_uint(struct cli *cli, const char *opt, const char *text, uint32_t min,
		      uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || *end || end == text || text[0] == '-' || v < min || v > max)
		return cli_usage_error(cli, "--%s takes a number from %u to %u", opt, min, max);
	*out = (uint32_t)v;
	return 0;
}

/* ---- serve ------------------------------------------------------------------------------ */

static const struct cli_option serve_options[] = {
	{ "listen", 0, OPT_LISTEN, "ADDR:PORT", "where to listen (default "
	  SEV_KBS_DEFAULT_LISTEN "; port 0: any free port, printed)" },
	DB_OPTION,
	{ "tls-cert", 0, OPT_TLS_CERT, "FILE", "the server's certificate chain (PEM)" },
	{ "tls-key", 0, OPT_TLS_KEY, "FILE", "the server's private key (PEM)" },
	{ "insecure-http", 0, OPT_INSECURE_HTTP, NULL, "plain HTTP instead of TLS (tests, or "
	  "behind a TLS proxy)" },
	{ "ark", 0, OPT_ARK, "FILE", "also trust this ARK (PEM or DER; repeatable)" },
	{ "crl", 0, OPT_CRL, "FILE", "apply this CRL to every chain (repeatable)" },
	{ "session-ttl", 0, OPT_SESSION_TTL, "S", "seconds a session lasts (default 300)" },
	{ "admin-key", 0, OPT_ADMIN_KEY, "FILE", "Ed25519 public key (PEM) of admin tokens; "
	  "without it the admin API is off" },
	{ "token-key", 0, OPT_TOKEN_KEY, "FILE", "token-signing private JWK (default: the "
	  "store's, made on first start)" },
	{ "threads", 0, OPT_THREADS, "N", "worker threads (default 4)" },
	{ "max-connections", 0, OPT_MAX_CONN, "N", "connections at once (default 256)" },
	{ "idle-timeout", 0, OPT_IDLE, "S", "seconds a connection may stay idle (default 10)" },
	{ 0 },
};

struct files {
	size_t n;
	uint8_t *buf[ANCHORS_MAX];
	struct sev_kbs_blob blob[ANCHORS_MAX];
};

static int add_file(struct cli *cli, struct files *f, const char *path, const char *opt)
{
	size_t len;
	int rc;

	if (f->n == ANCHORS_MAX)
		return cli_usage_error(cli, "at most %d --%s", ANCHORS_MAX, opt);
	if ((rc = cli_read_file(cli, path, FILE_MAX, &f->buf[f->n], &len)))
		return cli_exit(rc);
	f->blob[f->n] = (struct sev_kbs_blob){ f->buf[f->n], len };
	f->n++;
	return 0;
}

static void free_files(struct files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->buf[i]);
}

struct serve_inputs {
	const char *cert, *key, *admin, *token;
	struct files ark, crl;
	uint8_t *cert_buf, *key_buf, *admin_buf, *token_buf;
	size_t key_len, token_len;
};

static int read_serve_inputs(struct cli *cli, struct serve_inputs *in,
			     struct sev_kbs_server_config *c)
{
	size_t len;
	int rc;

	if (in->cert) {
		if ((rc = cli_read_file(cli, in->cert, FILE_MAX, &in->cert_buf, &len)))
			return cli_exit(rc);
		c->tls_cert = (struct sev_kbs_blob){ in->cert_buf, len };
	}
	if (in->key) {
		if ((rc = cli_read_secret(cli, in->key, FILE_MAX, &in->key_buf, &in->key_len)))
			return cli_exit(rc);
		c->tls_key = (struct sev_kbs_blob){ in->key_buf, in->key_len };
	}
	if (in->admin) {
		if ((rc = cli_read_file(cli, in->admin, FILE_MAX, &in->admin_buf, &len)))
			return cli_exit(rc);
		c->admin_key = (struct sev_kbs_blob){ in->admin_buf, len };
	}
	if (in->token) {
		if ((rc = cli_read_secret(cli, in->token, FILE_MAX, &in->token_buf,
					  &in->token_len)))
			return cli_exit(rc);
		c->token_key = (struct sev_kbs_blob){ in->token_buf, in->token_len };
	}
	c->ark = in->ark.blob;
	c->n_ark = in->ark.n;
	c->crl = in->crl.blob;
	c->n_crl = in->crl.n;
	return 0;
}

static void free_serve_inputs(struct serve_inputs *in)
{
	free_files(&in->ark);
	free_files(&in->crl);
	free(in->cert_buf);
	free(in->admin_buf);
	if (in->key_buf)
		sk_file_free_secret(in->key_buf, in->key_len);
	if (in->token_buf)
		sk_file_free_secret(in->token_buf, in->token_len);
}

/* Serve until SIGTERM or SIGINT, taken by sigwait: the workers never see them. */
static int serve(struct cli *cli, struct sev_kbs_server_config *c)
{
	struct sev_kbs_server *s;
	sigset_t set;
	int sig = 0, rc;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	rc = sev_kbs_server_start(c, &s);
	if (rc) {
		cli_error(cli, "cannot start the key broker");
		return cli_exit(rc);
	}
	/* scripts read the port from this line */
	printf("listening on %s://%s, port %u\n", c->insecure_http ? "http" : "https",
	       c->listen ? c->listen : SEV_KBS_DEFAULT_LISTEN, sev_kbs_server_port(s));
	fflush(stdout);
	sigwait(&set, &sig);
	sev_kbs_server_stop(s);
	if (!cli->quiet)
		fprintf(stderr, "sevkit kbs serve: stopped by signal %d, requests finished\n", sig);
	return SEV_EXIT_OK;
}

int cmd_kbs_serve(struct cli *cli, int argc, char **argv)
{
	struct sev_kbs_server_config c = SEV_INIT(struct sev_kbs_server_config);
	struct serve_inputs in = { 0 };
	int r, rc = 0;

	while (!rc && (r = cli_next_option(cli, argc, argv, serve_options)) != CLI_DONE) {
		const char *a = cli->optarg;

		if (r < 0)
			return free_serve_inputs(&in), cli_stop_code(r);
		switch (r) {
		case OPT_LISTEN: c.listen = a; break;
		case OPT_DB: c.db = a; break;
		case OPT_TLS_CERT: in.cert = a; break;
		case OPT_TLS_KEY: in.key = a; break;
		case OPT_INSECURE_HTTP: c.insecure_http = 1; break;
		case OPT_ARK: rc = add_file(cli, &in.ark, a, "ark"); break;
		case OPT_CRL: rc = add_file(cli, &in.crl, a, "crl"); break;
		case OPT_SESSION_TTL:
			rc = parse_uint(cli, "session-ttl", a, 1, 86400, &c.session_ttl);
			break;
		case OPT_ADMIN_KEY: in.admin = a; break;
		case OPT_TOKEN_KEY: in.token = a; break;
		case OPT_THREADS: rc = parse_uint(cli, "threads", a, 1, 256, &c.threads); break;
		case OPT_MAX_CONN:
			rc = parse_uint(cli, "max-connections", a, 1, 65536, &c.max_connections);
			break;
		case OPT_IDLE: rc = parse_uint(cli, "idle-timeout", a, 1, 3600, &c.conn_timeout);
			break;
		}
	}
	if (!rc && optind != argc)
		rc = cli_usage_error(cli, "serve takes no operands");
	if (!rc && c.insecure_http && (in.cert || in.key))
		rc = cli_usage_error(cli, "--insecure-http and --tls-cert/--tls-key exclude each "
				     "other");
	if (!rc && !c.insecure_http && (!in.cert || !in.key))
		rc = cli_usage_error(cli, "give --tls-cert and --tls-key, or --insecure-http");
	if (!rc)
		rc = read_serve_inputs(cli, &in, &c);
	if (!rc)
		rc = serve(cli, &c);
	free_serve_inputs(&in);
	return rc;
}

/* ---- the store: policy, resource, token-key, audit --------------------------------------- */

static const struct cli_option db_options[] = {
	DB_OPTION,
	{ 0 },
};

static const struct cli_option resource_options[] = {
	DB_OPTION,
	{ "policy", 0, OPT_POLICY, "NAME", "put: the policy a guest must pass" },
	{ "out", 'o', OPT_OUT, "FILE", "get: where the value goes (0600; - for stdout)" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

/* Options, then ACTION and its operands; db defaults. */
static int store_args(struct cli *cli, int argc, char **argv, const struct cli_option *opts,
		      const char **db, const char **policy, const char **out)
{
	int r;

	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_DB)
			*db = cli->optarg;
		else if (r == OPT_POLICY)
			*policy = cli->optarg;
		else if (r == OPT_OUT)
			*out = cli->optarg;
	}
	return 0;
}

static int open_store(struct cli *cli, const char *db, struct sev_kbs_admin **a)
{
	int rc = sev_kbs_admin_open(db, a);

	if (rc)
		cli_error(cli, "cannot open the store %s", db ? db : SEV_KBS_DEFAULT_DB);
	return rc ? cli_exit(rc) : 0;
}

static int print_name(void *ctx, const char *name)
{
	cli_print(ctx, "%s\n", name);
	return 0;
}

static int json_name(void *ctx, const char *name)
{
	return json_array_append_new(ctx, json_string(name)) ? -ENOMEM : 0;
}

static int not_found(struct cli *cli, int rc, const char *what, const char *name)
{
	if (rc == -ENOENT) {
		cli_error(cli, "no %s %s", what, name);
		return SEV_EXIT_FAIL;
	}
	cli_error(cli, "%s %s", what, name);
	return cli_exit(rc);
}

static int policy_action(struct cli *cli, struct sev_kbs_admin *a, const char *act,
			 int n, char **ops)
{
	uint8_t *buf = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!strcmp(act, "list") && n == 0) {
		json_t *list = json_array();

		rc = sev_kbs_policy_list(a, cli->json ? json_name : print_name,
					 cli->json ? (void *)list : (void *)cli);
		if (!rc && cli->json)
			cli_json(cli, list);
		else
			json_decref(list);
		return rc ? cli_exit(rc) : 0;
	}
	if (!strcmp(act, "show") && n == 1) {
		if ((rc = sev_kbs_policy_get(a, ops[0], &text, &len)))
			return not_found(cli, rc, "policy", ops[0]);
		if (!cli->quiet)
			printf("%s%s", text, len && text[len - 1] == '\n' ? "" : "\n");
		free(text);
		return 0;
	}
	if (!strcmp(act, "put") && n == 2) {
		if ((rc = cli_read_file(cli, ops[1], FILE_MAX, &buf, &len)))
			return cli_exit(rc);
		cli_input_begin(cli, ops[1]);
		rc = cli_input_end(cli, sev_kbs_policy_put(a, ops[0], (char *)buf, len));
		free(buf);
		if (rc)
			return cli_exit(rc);
		cli_print(cli, "stored policy %s\n", ops[0]);
		return 0;
	}
	return cli_usage_error(cli, "expected put NAME FILE, show NAME or list");
}

int cmd_kbs_policy(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL, *unused = NULL;
	struct sev_kbs_admin *a;
	int rc = store_args(cli, argc, argv, db_options, &db, &unused, &unused);

	if (rc)
		return rc;
	if (optind >= argc)
		return cli_usage_error(cli, "expected put, show or list");
	if ((rc = open_store(cli, db, &a)))
		return rc;
	rc = policy_action(cli, a, argv[optind], argc - optind - 1, argv + optind + 1);
	sev_kbs_admin_close(a);
	return rc;
}

static int print_resource(void *ctx, const char *path, const char *policy)
{
	struct cli *cli = ctx;

	cli_print(cli, "%s  %s\n", path, policy ? policy : "(no policy)");
	return 0;
}

static int json_resource(void *ctx, const char *path, const char *policy)
{
	return json_array_append_new(ctx, json_pack("{s:s, s:s?}", "path", path, "policy",
						    policy)) ? -ENOMEM : 0;
}

static int resource_get(struct cli *cli, struct sev_kbs_admin *a, const char *path,
			const char *out)
{
	uint8_t *value = NULL;
	char *policy = NULL;
	size_t len = 0;
	int rc;

	if (!out)
		return cli_usage_error(cli, "get needs --out FILE (- for stdout)");
	if (strcmp(out, "-") && (rc = cli_check_output(cli, out, false)))
		return rc;
	if ((rc = sev_kbs_resource_get(a, path, &value, &len, &policy)))
		return not_found(cli, rc, "resource", path);
	if (!strcmp(out, "-"))
		rc = fwrite(value, 1, len, stdout) == len && !fflush(stdout) ? 0 : SEV_EXIT_ENV;
	else
		rc = cli_write_file(cli, out, value, len, 0600);
	sev_kbs_secret_free(value);
	free(policy);
	return rc;
}

static int resource_action(struct cli *cli, struct sev_kbs_admin *a, const char *act, int n,
			   char **ops, const char *policy, const char *out)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	if (!strcmp(act, "list") && n == 0) {
		json_t *list = json_array();

		rc = sev_kbs_resource_list(a, cli->json ? json_resource : print_resource,
					   cli->json ? (void *)list : (void *)cli);
		if (!rc && cli->json)
			cli_json(cli, list);
		else
			json_decref(list);
		return rc ? cli_exit(rc) : 0;
	}
	if (!strcmp(act, "get") && n == 1)
		return resource_get(cli, a, ops[0], out);
	if (!strcmp(act, "delete") && n == 1) {
		if ((rc = sev_kbs_resource_delete(a, ops[0])))
			return not_found(cli, rc, "resource", ops[0]);
		cli_print(cli, "deleted %s\n", ops[0]);
		return 0;
	}
	if (!strcmp(act, "put") && n == 2) {
		if (!policy)
			return cli_usage_error(cli, "put needs --policy NAME: a resource without "
					       "a policy is never released");
		if ((rc = cli_read_secret(cli, ops[1], FILE_MAX, &buf, &len)))
			return cli_exit(rc);
		rc = sev_kbs_resource_put(a, ops[0], buf, len, policy);
		sk_file_free_secret(buf, len);
		if (rc)
			return not_found(cli, rc, rc == -ENOENT ? "policy" : "cannot store",
					 rc == -ENOENT ? policy : ops[0]);
		cli_print(cli, "stored %s (policy %s)\n", ops[0], policy);
		return 0;
	}
	return cli_usage_error(cli, "expected put PATH FILE --policy NAME, get PATH --out FILE, "
			       "delete PATH or list");
}

int cmd_kbs_resource(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL, *policy = NULL, *out = NULL;
	struct sev_kbs_admin *a;
	int rc = store_args(cli, argc, argv, resource_options, &db, &policy, &out);

	if (rc)
		return rc;
	if (optind >= argc)
		return cli_usage_error(cli, "expected put, get, delete or list");
	if ((rc = open_store(cli, db, &a)))
		return rc;
	rc = resource_action(cli, a, argv[optind], argc - optind - 1, argv + optind + 1, policy,
			     out);
	sev_kbs_admin_close(a);
	return rc;
}

int cmd_kbs_token_key(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL, *unused = NULL;
	struct sev_kbs_admin *a;
	char *jwk = NULL;
	int rc = store_args(cli, argc, argv, db_options, &db, &unused, &unused);

	if (rc)
		return rc;
	if (optind != argc)
		return cli_usage_error(cli, "token-key takes no operands");
	if ((rc = open_store(cli, db, &a)))
		return rc;
	rc = sev_kbs_token_key(a, &jwk);
	sev_kbs_admin_close(a);
	if (rc)
		return cli_exit(rc);
	if (!cli->quiet)
		printf("%s\n", jwk);
	free(jwk);
	return 0;
}

static int print_audit(void *ctx, const struct sev_kbs_audit_entry *e)
{
	struct cli *cli = ctx;
	char when[32];
	time_t t = (time_t)e->time;
	struct tm tm;

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	cli_print(cli, "%" PRId64 "  %s  %-8s  %s  session=%s chip=%.16s measurement=%.16s%s%s\n",
		  e->seq, when, e->verdict, e->resource && *e->resource ? e->resource : "-",
		  e->session && *e->session ? e->session : "-", e->chip_id ? e->chip_id : "",
		  e->measurement ? e->measurement : "", e->reason && *e->reason ? "  " : "",
		  e->reason ? e->reason : "");
	return 0;
}

static int json_audit(void *ctx, const struct sev_kbs_audit_entry *e)
{
	return json_array_append_new(ctx, json_pack(
		"{s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "seq", (json_int_t)e->seq,
		"time", (json_int_t)e->time, "session", e->session, "chip_id", e->chip_id,
		"measurement", e->measurement, "resource", e->resource, "verdict", e->verdict,
		"reason", e->reason)) ? -ENOMEM : 0;
}

int cmd_kbs_audit(struct cli *cli, int argc, char **argv)
{
	const char *db = NULL, *unused = NULL;
	struct sev_kbs_admin *a;
	json_t *list = json_array();
	int rc = store_args(cli, argc, argv, db_options, &db, &unused, &unused);

	if (!rc && optind != argc)
		rc = cli_usage_error(cli, "audit takes no operands");
	if (!rc && !(rc = open_store(cli, db, &a))) {
		rc = cli_exit(sev_kbs_audit_list(a, cli->json ? json_audit : print_audit,
						 cli->json ? (void *)list : (void *)cli));
		sev_kbs_admin_close(a);
		if (!rc && cli->json) {
			cli_json(cli, list);
			list = NULL;
		}
	}
	json_decref(list);
	return rc;
}

/* ---- get-resource (in the guest) ----------------------------------------------------------- */

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
	case OPT_TIMEOUT: rc = parse_uint(cli, "timeout", a, 1, 3600, &o->timeout); break;
	case OPT_VMPL:
		if (!(rc = parse_uint(cli, "vmpl", a, 0, 3, &v)))
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
