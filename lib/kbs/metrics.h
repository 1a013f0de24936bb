/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The broker's counters for /metrics (Prometheus text format 0.0.4): requests by endpoint
 * and status, decisions by verdict, request latency by endpoint, and what the server adds
 * when it renders them (requests in flight, the database pool). Lock-free: every request
 * of every thread counts with relaxed atomic adds. Nothing here can hold a secret: only
 * counts, durations and fixed label names.
 */
#ifndef SK_KBS_METRICS_H
#define SK_KBS_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "kbs/router.h"
#include "kbs/store.h"

struct sk_kbs_metrics;

struct sk_kbs_metrics *sk_kbs_metrics_new(void);
void sk_kbs_metrics_free(struct sk_kbs_metrics *m);
/* One request answered with status after seconds. m NULL: nothing. */
void sk_kbs_metrics_request(struct sk_kbs_metrics *m, enum sk_kbs_endpoint ep, unsigned status,
			    double seconds);
/* One decision written to the audit log: "attested", "rejected", "released" or "refused". */
void sk_kbs_metrics_verdict(struct sk_kbs_metrics *m, const char *verdict);
/* The exposition text (malloc'd, *len bytes), with the gauges given. NULL: out of memory. */
char *sk_kbs_metrics_render(struct sk_kbs_metrics *m, int in_flight,
			    const struct sk_kbs_pool_stats *pool, size_t *len);

#endif
