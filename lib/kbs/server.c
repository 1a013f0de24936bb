/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The broker's HTTP front (libmicrohttpd): a pool of threads that each poll many
 * connections, so a client that sends nothing holds a socket until the idle timeout, never
 * a thread; limits on connections, body size and JSON depth; TLS unless told otherwise.
 * Everything a second replica needs is in the store.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sevkit/kbs.h>

#include "crypto/eddsa.h"
#include "crypto/secure.h"
#include "kbs/chain-cache.h"
#include "kbs/evidence-gpu.h"
#include "kbs/jwk.h"
#include "kbs/metrics.h"
#include "kbs/protocol-internal.h"
#include "kbs/protocol.h"
#include "kbs/router.h"
#include "kbs/store.h"
#include "util/log.h"
#include "util/struct.h"

#define DRAIN_SECONDS 10
#define PURGE_EVERY 60

struct sev_kbs_server {
	struct MHD_Daemon *d;
	struct sk_kbs_ctx ctx;
	size_t max_body;
	unsigned port;
	atomic_int in_flight;
	atomic_llong last_purge;
	atomic_bool draining;       /* stopping: /readyz says 503 */
	atomic_bool unready;        /* the last /readyz found no database: logged once */
	char *tls_cert, *tls_key; /* NUL-terminated copies for libmicrohttpd */
};

/* One request's state across the calls libmicrohttpd makes for it. */
struct request {
	struct sk_kbs_route route;
	struct timespec start;
	char *body;
	size_t len;
	bool refused;   /* answered before the body (too large, no route) */
};

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct sk_kbs_response *r)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->len, r->body,
								    MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ok;

	if (!resp) {
		free(r->body);
		return MHD_NO;
	}
	r->body = NULL;
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	if (r->cookie[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookie);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	ok = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static double since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Count the request, then send its answer. */
static enum MHD_Result answer(struct sev_kbs_server *s, struct request *q,
			      struct MHD_Connection *conn, struct sk_kbs_response *r)
{
	sk_kbs_metrics_request(s->ctx.metrics, q->route.ep, r->status, since(&q->start));
	return send_response(conn, r);
}

static enum MHD_Result problem(struct sev_kbs_server *s, struct request *q,
			       struct MHD_Connection *conn, enum sk_kbs_problem p,
			       const char *detail)
{
	struct sk_kbs_response r = { 0 };

	sk_kbs_respond_problem(&r, p, detail);
	return answer(s, q, conn, &r);
}

static void respond_text(struct sk_kbs_response *r, unsigned status, const char *text,
			 const char *type)
{
	r->status = status;
	r->body = strdup(text);
	r->len = r->body ? strlen(text) : 0;
	r->content_type = type;
	if (!r->body)
		r->status = 500;
}

/* /healthz, /readyz, /metrics: the server's own state, no session, no body. */
static void serve_health(struct sev_kbs_server *s, enum sk_kbs_endpoint ep,
			 struct sk_kbs_response *r)
{
	struct sk_kbs_pool_stats pool;
	struct sk_kbs_reason why;
	int rc;

	if (ep == SK_KBS_EP_HEALTHZ) {
		respond_text(r, 200, "ok\n", "text/plain; charset=utf-8");
	} else if (ep == SK_KBS_EP_READYZ) {
		if (atomic_load(&s->draining)) {
			sk_kbs_respond_problem(r, SK_KBS_P_UNAVAILABLE, "stopping");
			return;
		}
		sk_kbs_reason_begin(&why);
		rc = sk_kbs_store_ping(s->ctx.store);
		sk_kbs_reason_end(&why);
		/* a balancer asks several times a second: say when readiness changes */
		if (rc) {
			if (!atomic_exchange(&s->unready, true))
				sk_warn("key broker: not ready: %s", why.text);
			sk_kbs_respond_problem(r, SK_KBS_P_UNAVAILABLE,
					       "the database is unavailable");
		} else {
			if (atomic_exchange(&s->unready, false))
				sk_warn("key broker: ready again: the database answers");
			respond_text(r, 200, "ready\n", "text/plain; charset=utf-8");
		}
	} else {
		sk_kbs_store_pool_stats(s->ctx.store, &pool);
		r->body = sk_kbs_metrics_render(s->ctx.metrics, atomic_load(&s->in_flight), &pool,
						&r->len);
		r->status = r->body ? 200 : 500;
		r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	}
}

static void maybe_purge(struct sev_kbs_server *s, int64_t now)
{
	long long last = atomic_load(&s->last_purge);

	if (now - last >= PURGE_EVERY &&
	    atomic_compare_exchange_strong(&s->last_purge, &last, (long long)now))
		sk_kbs_session_purge(s->ctx.store, now);
}

/* The first call for a request: route it, check its declared size. */
static enum MHD_Result begin(struct sev_kbs_server *s, struct MHD_Connection *conn,
			     const char *url, const char *method, void **req_cls)
{
	struct request *q = calloc(1, sizeof(*q));
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);

	if (!q)
		return MHD_NO;
	*req_cls = q;
	clock_gettime(CLOCK_MONOTONIC, &q->start);
	atomic_fetch_add(&s->in_flight, 1);
	sk_kbs_route(method, url, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie"),
		     MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						 MHD_HTTP_HEADER_AUTHORIZATION), &q->route);
	if (cl && strtoull(cl, NULL, 10) > s->max_body) {
		q->refused = true;
		return problem(s, q, conn, SK_KBS_P_TOO_LARGE, "request body too large");
	}
	return MHD_YES;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
			       const char *method, const char *version, const char *upload,
			       size_t *upload_size, void **req_cls)
{
	struct sev_kbs_server *s = cls;
	struct request *q = *req_cls;
	struct sk_kbs_response r;
	int64_t now;

	(void)version;
	if (!q)
		return begin(s, conn, url, method, req_cls);
	if (q->refused) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		/* chunked bodies have no Content-Length: the limit holds as they come */
		if (q->len + *upload_size > s->max_body) {
			q->refused = true;
			*upload_size = 0;
			return problem(s, q, conn, SK_KBS_P_TOO_LARGE, "request body too large");
		}
		char *nb = realloc(q->body, q->len + *upload_size + 1);

		if (!nb)
			return MHD_NO;
		memcpy(nb + q->len, upload, *upload_size);
		q->body = nb;
		q->len += *upload_size;
		q->body[q->len] = 0;
		*upload_size = 0;
		return MHD_YES;
	}
	now = now_s();
	if (q->route.ep == SK_KBS_EP_AUTH)
		maybe_purge(s, now);
	if (q->route.ep >= SK_KBS_EP_HEALTHZ) { /* the server's own endpoints come last */
		memset(&r, 0, sizeof(r));
		serve_health(s, q->route.ep, &r);
		return answer(s, q, conn, &r);
	}
	sk_kbs_handle(&s->ctx, &q->route, q->body ? q->body : "", q->len, now, &r);
	if (r.status == 204) {
		free(r.body);
		r.body = NULL;
		r.len = 0;
	}
	return answer(s, q, conn, &r);
}

static void completed(void *cls, struct MHD_Connection *conn, void **req_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct sev_kbs_server *s = cls;
	struct request *q = *req_cls;

	(void)conn;
	(void)toe;
	if (!q)
		return;
	if (q->body)
		sk_wipe_free(q->body, q->len); /* an admin request may carry a secret */
	free(q);
	*req_cls = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

static int parse_listen(const char *text, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *colon = strrchr(text, ':');
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	unsigned long port;
	char *end;
	size_t n;

	if (!colon)
		return sk_fail(SEV_E_INVALID, "listen address %s: expected ADDR:PORT", text);
	n = (size_t)(colon - text);
	port = strtoul(colon + 1, &end, 10);
	if (n == 0 || n >= sizeof(host) || *end || colon[1] == 0 || port > 65535)
		return sk_fail(SEV_E_INVALID, "listen address %s: expected ADDR:PORT", text);
	memcpy(host, text, n);
	host[n] = 0;
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && host[n - 1] == ']') {
		host[n - 1] = 0;
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*v6);
		if (inet_pton(AF_INET6, host + 1, &v6->sin6_addr) == 1)
			return 0;
	} else {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		*len = sizeof(*v4);
		if (inet_pton(AF_INET, host, &v4->sin_addr) == 1)
			return 0;
	}
	return sk_fail(SEV_E_INVALID, "listen address %s: not a numeric IP address", text);
}

static int copy_blobs(struct sk_kbs_blobs *dst, const struct sev_kbs_blob *src, size_t n)
{
	dst->b = calloc(n ? n : 1, sizeof(*dst->b));
	if (!dst->b)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		dst->b[i].data = malloc(src[i].len ? src[i].len : 1);
		if (!dst->b[i].data)
			return -ENOMEM;
		memcpy(dst->b[i].data, src[i].data, src[i].len);
		dst->b[i].len = src[i].len;
		dst->n++;
	}
	return 0;
}

static void free_blobs(struct sk_kbs_blobs *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->b[i].data);
	free(b->b);
}

static char *strndup_secret(const struct sev_kbs_blob *b)
{
	char *s = sk_secret_alloc(b->len + 1);

	if (s)
		memcpy(s, b->data, b->len);
	return s;
}

static void server_free(struct sev_kbs_server *s)
{
	sk_kbs_store_close(s->ctx.store);
	json_decref(s->ctx.token_jwk);
	json_decref(s->ctx.token_pub);
	free_blobs(&s->ctx.ark);
	free_blobs(&s->ctx.crl);
	free_blobs(&s->ctx.gpu_rim);
	free_blobs(&s->ctx.gpu_root);
	sk_kbs_chain_cache_free(s->ctx.chains);
	sk_kbs_metrics_free(s->ctx.metrics);
	free(s->ctx.admin_key);
	free(s->tls_cert);
	sk_secret_free(s->tls_key);
	free(s);
}

static int setup(struct sev_kbs_server *s, const struct sev_kbs_server_config *c)
{
	/* a request waits for a connection no longer than for the database itself */
	struct sk_kbs_store_opts store = { .pool_max = c->db_pool, .timeout_ms = c->db_timeout_ms,
					   .pool_wait_ms = c->db_timeout_ms };
	int rc;

	s->ctx.session_ttl = c->session_ttl ? c->session_ttl : 300;
	s->ctx.token_ttl = c->token_ttl ? c->token_ttl : 300;
	s->ctx.secure_cookie = !c->insecure_http;
	s->max_body = c->max_body ? c->max_body : 1 << 20;
	if (!c->insecure_http && (!c->tls_cert.len || !c->tls_key.len))
		return sk_fail(SEV_E_INVALID, "TLS needs a certificate and a key "
			       "(or plain HTTP, when asked for)");
	if ((rc = copy_blobs(&s->ctx.ark, c->ark, c->n_ark)) ||
	    (rc = copy_blobs(&s->ctx.crl, c->crl, c->n_crl)) ||
	    (rc = copy_blobs(&s->ctx.gpu_rim, c->gpu_rim, c->n_gpu_rim)) ||
	    (rc = copy_blobs(&s->ctx.gpu_root, &c->gpu_root, c->gpu_root.len ? 1 : 0)) ||
	    (rc = sk_kbs_gpu_config_check(&s->ctx)) ||
	    (rc = sk_kbs_chain_cache_new(&s->ctx.chains)))
		return rc;
	if (!(s->ctx.metrics = sk_kbs_metrics_new()))
		return -ENOMEM;
	if (c->admin_key.len) {
		if ((rc = sk_ed25519_check_pem(c->admin_key.data, c->admin_key.len)))
			return sk_fail(rc, "admin key");
		if (!(s->ctx.admin_key = malloc(c->admin_key.len)))
			return -ENOMEM;
		memcpy(s->ctx.admin_key, c->admin_key.data, c->admin_key.len);
		s->ctx.admin_key_len = c->admin_key.len;
	}
	if ((rc = sk_kbs_store_open_opts(c->db ? c->db : SEV_KBS_DEFAULT_DB, &store, NULL,
					 &s->ctx.store)) ||
	    (rc = sk_kbs_token_key_load(s->ctx.store, c->token_key.len ? c->token_key.data : NULL,
					c->token_key.len, &s->ctx.token_jwk)))
		return rc;
	if (!(s->ctx.token_pub = sk_kbs_jwk_public(s->ctx.token_jwk)))
		return sk_fail(SEV_E_FORMAT, "token key: no public part");
	if (!c->insecure_http) {
		struct sev_kbs_blob cert = c->tls_cert;

		s->tls_cert = calloc(1, cert.len + 1);
		s->tls_key = strndup_secret(&c->tls_key);
		if (!s->tls_cert || !s->tls_key)
			return -ENOMEM;
		memcpy(s->tls_cert, cert.data, cert.len);
	}
	return 0;
}

int sev_kbs_server_start(const struct sev_kbs_server_config *given, struct sev_kbs_server **out)
{
	struct sev_kbs_server_config cfg, *c = &cfg;
	struct sev_kbs_server *s;
	struct sockaddr_storage ss;
	socklen_t sslen;
	/*
	 * poll(2), not epoll: libmicrohttpd 0.9.75 aborts the process when a quiesce (our
	 * graceful stop) races a worker that took the listening socket out of its epoll set
	 * (seen under load: "Failed to remove listen FD from epoll set").
	 */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_POLL |
			 MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *info;
	int rc = sk_struct_in(&cfg, sizeof(cfg), given, "struct sev_kbs_server_config");

	if (rc)
		return rc;
	if (!(s = calloc(1, sizeof(*s))))
		return -ENOMEM;
	rc = parse_listen(c->listen ? c->listen : SEV_KBS_DEFAULT_LISTEN, &ss, &sslen);
	if (!rc)
		rc = setup(s, c);
	if (rc) {
		server_free(s);
		return rc;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (!c->insecure_http)
		flags |= MHD_USE_TLS;
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, handler, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, c->threads ? c->threads : 4u,
		MHD_OPTION_CONNECTION_LIMIT, c->max_connections ? c->max_connections : 256u,
		MHD_OPTION_CONNECTION_TIMEOUT, c->conn_timeout ? c->conn_timeout : 10u,
		MHD_OPTION_NOTIFY_COMPLETED, completed, s,
		c->insecure_http ? MHD_OPTION_END : MHD_OPTION_HTTPS_MEM_CERT, s->tls_cert,
		MHD_OPTION_HTTPS_MEM_KEY, s->tls_key,
		MHD_OPTION_END);
	if (!s->d) {
		server_free(s);
		return sk_fail(SEV_E_DEVICE, "cannot listen on %s (address in use, or a bad "
			       "TLS certificate or key)",
			       c->listen ? c->listen : SEV_KBS_DEFAULT_LISTEN);
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	(void)sslen;
	*out = s;
	return 0;
}

unsigned sev_kbs_server_port(const struct sev_kbs_server *s)
{
	return s->port;
}

void sev_kbs_server_stop(struct sev_kbs_server *s)
{
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	MHD_socket fd;

	if (!s)
		return;
	/* no new connections; the requests under way finish before the store closes */
	atomic_store(&s->draining, true);
	fd = MHD_quiesce_daemon(s->d);
	for (int i = 0; i < DRAIN_SECONDS * 20 && atomic_load(&s->in_flight) > 0; i++)
		nanosleep(&tick, NULL);
	MHD_stop_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	server_free(s);
}
