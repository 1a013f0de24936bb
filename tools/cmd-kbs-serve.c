/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit kbs serve: the key broker, until SIGTERM or SIGINT. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sevkit/crypto.h>
#include <sevkit/kbs.h>

#include "commands.h"
#include "kbs-common.h"

#define ANCHORS_MAX 16

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
	{ "gpu-rim", 0, OPT_GPU_RIM, "FILE", "compare every GPU's measurements with this driver "
	  "or VBIOS RIM (repeatable)" },
	{ "gpu-root", 0, OPT_GPU_ROOT, "PEM", "trust this GPU root instead of NVIDIA's Device "
	  "Identity CA (a test PKI)" },
	{ "session-ttl", 0, OPT_SESSION_TTL, "S", "seconds a session lasts (default 300)" },
	{ "admin-key", 0, OPT_ADMIN_KEY, "FILE", "Ed25519 public key (PEM) of admin tokens; "
	  "without it the admin API is off" },
	{ "token-key", 0, OPT_TOKEN_KEY, "FILE", "token-signing private JWK (default: the "
	  "store's, made on first start)" },
	{ "threads", 0, OPT_THREADS, "N", "worker threads (default 4)" },
	{ "max-connections", 0, OPT_MAX_CONN, "N", "connections at once (default 256)" },
	{ "idle-timeout", 0, OPT_IDLE, "S", "seconds a connection may stay idle (default 10)" },
	{ "db-pool", 0, OPT_DB_POOL, "N", "database connections at most (PostgreSQL; default 8)" },
	{ "db-timeout", 0, OPT_DB_TIMEOUT, "MS",
	  "bound on connecting, a statement and the wait for a connection (default 5000)" },
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
	struct files ark, crl, gpu_rim, gpu_root;
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
	c->gpu_rim = in->gpu_rim.blob;
	c->n_gpu_rim = in->gpu_rim.n;
	c->gpu_root = in->gpu_root.n ? in->gpu_root.blob[0] : (struct sev_kbs_blob){ 0 };
	return 0;
}

static void free_serve_inputs(struct serve_inputs *in)
{
	free_files(&in->ark);
	free_files(&in->crl);
	free_files(&in->gpu_rim);
	free_files(&in->gpu_root);
	free(in->cert_buf);
	free(in->admin_buf);
	if (in->key_buf)
		sev_file_free_secret(in->key_buf, in->key_len);
	if (in->token_buf)
		sev_file_free_secret(in->token_buf, in->token_len);
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
		case OPT_GPU_RIM: rc = add_file(cli, &in.gpu_rim, a, "gpu-rim"); break;
		case OPT_GPU_ROOT:
			rc = in.gpu_root.n ? cli_usage_error(cli, "one --gpu-root") :
					     add_file(cli, &in.gpu_root, a, "gpu-root");
			break;
		case OPT_SESSION_TTL:
			rc = kbs_uint_option(cli, "session-ttl", a, 1, 86400, &c.session_ttl);
			break;
		case OPT_ADMIN_KEY: in.admin = a; break;
		case OPT_TOKEN_KEY: in.token = a; break;
		case OPT_THREADS:
			rc = kbs_uint_option(cli, "threads", a, 1, 256, &c.threads);
			break;
		case OPT_MAX_CONN:
			rc = kbs_uint_option(cli, "max-connections", a, 1, 65536,
					     &c.max_connections);
			break;
		case OPT_IDLE:
			rc = kbs_uint_option(cli, "idle-timeout", a, 1, 3600, &c.conn_timeout);
			break;
		case OPT_DB_POOL:
			rc = kbs_uint_option(cli, "db-pool", a, 1, 1000, &c.db_pool);
			break;
		case OPT_DB_TIMEOUT:
			rc = kbs_uint_option(cli, "db-timeout", a, 100, 600000, &c.db_timeout_ms);
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
