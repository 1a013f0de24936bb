/* SPDX-License-Identifier: Apache-2.0 */
/* The broker's counters and their Prometheus exposition. */
#include "kbs/metrics.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* endpoints as labels: the admin ones share one */
enum ep { E_AUTH, E_ATTEST, E_RESOURCE, E_ADMIN, E_HEALTH, E_METRICS, E_OTHER, E_COUNT };
static const char *const ep_names[E_COUNT] = { "auth", "attest", "resource", "admin", "health",
					       "metrics", "other" };
static const unsigned codes[] = { 200, 204, 400, 401, 403, 404, 405, 413, 415, 500, 503 };
#define N_CODES (sizeof(codes) / sizeof(codes[0]) + 1) /* the last: any other */
static const char *const verdicts[] = { "attested", "rejected", "released", "refused" };
#define N_VERDICTS (sizeof(verdicts) / sizeof(verdicts[0]))
static const double bounds[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
				 2.5, 5, 10 };
#define N_BOUNDS (sizeof(bounds) / sizeof(bounds[0]))

struct sk_kbs_metrics {
	atomic_ullong requests[E_COUNT][N_CODES];
	atomic_ullong verdicts[N_VERDICTS];
	atomic_ullong bucket[E_COUNT][N_BOUNDS]; /* not cumulative: each request in one */
	atomic_ullong sum_us[E_COUNT];
	atomic_ullong count[E_COUNT];
};

struct sk_kbs_metrics *sk_kbs_metrics_new(void)
{
	return calloc(1, sizeof(struct sk_kbs_metrics));
}

void sk_kbs_metrics_free(struct sk_kbs_metrics *m)
{
	free(m);
}

static enum ep ep_of(enum sk_kbs_endpoint e)
{
	switch (e) {
	case SK_KBS_EP_AUTH: return E_AUTH;
	case SK_KBS_EP_ATTEST: return E_ATTEST;
	case SK_KBS_EP_RESOURCE: return E_RESOURCE;
	case SK_KBS_EP_ADMIN_RESOURCE:
	case SK_KBS_EP_ADMIN_DELETE:
	case SK_KBS_EP_ADMIN_POLICY:
	case SK_KBS_EP_ADMIN_AUDIT: return E_ADMIN;
	case SK_KBS_EP_HEALTHZ:
	case SK_KBS_EP_READYZ: return E_HEALTH;
	case SK_KBS_EP_METRICS: return E_METRICS;
	default: return E_OTHER;
	}
}

void sk_kbs_metrics_request(struct sk_kbs_metrics *m, enum sk_kbs_endpoint e, unsigned status,
			    double seconds)
{
	enum ep ep = ep_of(e);
	size_t c = 0, b = 0;

	if (!m)
		return;
	while (c < N_CODES - 1 && codes[c] != status)
		c++;
	while (b < N_BOUNDS && seconds > bounds[b])
		b++;
	atomic_fetch_add_explicit(&m->requests[ep][c], 1, memory_order_relaxed);
	if (b < N_BOUNDS)
		atomic_fetch_add_explicit(&m->bucket[ep][b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->sum_us[ep], (unsigned long long)(seconds * 1e6),
				  memory_order_relaxed);
	atomic_fetch_add_explicit(&m->count[ep], 1, memory_order_relaxed);
}

void sk_kbs_metrics_verdict(struct sk_kbs_metrics *m, const char *verdict)
{
	for (size_t i = 0; m && verdict && i < N_VERDICTS; i++)
		if (!strcmp(verdict, verdicts[i]))
			atomic_fetch_add_explicit(&m->verdicts[i], 1, memory_order_relaxed);
}

struct text {
	char *p;
	size_t len, cap;
	int failed;
};

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (int tries = 0; !t->failed && tries < 2; tries++) {
		va_start(ap, fmt);
		n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		char *np = realloc(t->p, t->cap * 2 + (size_t)n + 1);

		if (!np) {
			t->failed = 1;
			return;
		}
		t->p = np;
		t->cap = t->cap * 2 + (size_t)n + 1;
	}
}

static unsigned long long get(atomic_ullong *a)
{
	return atomic_load_explicit(a, memory_order_relaxed);
}

static void render_requests(struct text *t, struct sk_kbs_metrics *m)
{
	put(t, "# HELP sevkit_kbs_requests_total Requests answered, by endpoint and status.\n"
	       "# TYPE sevkit_kbs_requests_total counter\n");
	for (size_t e = 0; e < E_COUNT; e++)
		for (size_t c = 0; c < N_CODES; c++) {
			char code[8] = "other";

			if (!get(&m->requests[e][c]))
				continue;
			if (c < N_CODES - 1)
				snprintf(code, sizeof(code), "%u", codes[c]);
			put(t, "sevkit_kbs_requests_total{endpoint=\"%s\",code=\"%s\"} %llu\n",
			    ep_names[e], code, get(&m->requests[e][c]));
		}
	put(t, "# HELP sevkit_kbs_verdicts_total Decisions written to the audit log, by verdict.\n"
	       "# TYPE sevkit_kbs_verdicts_total counter\n");
	for (size_t v = 0; v < N_VERDICTS; v++)
		put(t, "sevkit_kbs_verdicts_total{verdict=\"%s\"} %llu\n", verdicts[v],
		    get(&m->verdicts[v]));
}

static void render_latency(struct text *t, struct sk_kbs_metrics *m)
{
	put(t, "# HELP sevkit_kbs_request_duration_seconds Time to answer a request, by endpoint.\n"
	       "# TYPE sevkit_kbs_request_duration_seconds histogram\n");
	for (size_t e = 0; e < E_COUNT; e++) {
		unsigned long long cum = 0, count = get(&m->count[e]);

		if (!count)
			continue;
		for (size_t b = 0; b < N_BOUNDS; b++) {
			cum += get(&m->bucket[e][b]);
			put(t, "sevkit_kbs_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} "
			    "%llu\n", ep_names[e], bounds[b], cum);
		}
		put(t, "sevkit_kbs_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} "
		    "%llu\n", ep_names[e], count);
		put(t, "sevkit_kbs_request_duration_seconds_sum{endpoint=\"%s\"} %.6f\n",
		    ep_names[e], (double)get(&m->sum_us[e]) / 1e6);
		put(t, "sevkit_kbs_request_duration_seconds_count{endpoint=\"%s\"} %llu\n",
		    ep_names[e], count);
	}
}

static void render_gauges(struct text *t, int in_flight, const struct sk_kbs_pool_stats *p)
{
	put(t, "# HELP sevkit_kbs_in_flight Requests being handled now.\n"
	       "# TYPE sevkit_kbs_in_flight gauge\nsevkit_kbs_in_flight %d\n", in_flight);
	put(t, "# HELP sevkit_kbs_db_pool_connections Database connections: the pool's bound "
	       "(0: none), open, lent out.\n# TYPE sevkit_kbs_db_pool_connections gauge\n"
	       "sevkit_kbs_db_pool_connections{state=\"max\"} %u\n"
	       "sevkit_kbs_db_pool_connections{state=\"open\"} %u\n"
	       "sevkit_kbs_db_pool_connections{state=\"in_use\"} %u\n", p->max, p->open, p->in_use);
	put(t, "# HELP sevkit_kbs_db_pool_waits_total Requests that waited for a connection.\n"
	       "# TYPE sevkit_kbs_db_pool_waits_total counter\nsevkit_kbs_db_pool_waits_total %llu\n"
	       "# HELP sevkit_kbs_db_pool_timeouts_total Requests that gave up waiting (503).\n"
	       "# TYPE sevkit_kbs_db_pool_timeouts_total counter\n"
	       "sevkit_kbs_db_pool_timeouts_total %llu\n", (unsigned long long)p->waits,
	       (unsigned long long)p->timeouts);
}

char *sk_kbs_metrics_render(struct sk_kbs_metrics *m, int in_flight,
			    const struct sk_kbs_pool_stats *pool, size_t *len)
{
	struct text t = { malloc(4096), 0, 4096, 0 };

	if (!t.p)
		return NULL;
	render_requests(&t, m);
	render_latency(&t, m);
	render_gauges(&t, in_flight, pool);
	if (t.failed) {
		free(t.p);
		return NULL;
	}
	*len = t.len;
	return t.p;
}
