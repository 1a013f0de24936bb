/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The request router: method, URL path and the two headers that carry credentials
 * (Cookie, Authorization) to an endpoint and its parameters. Pure: no I/O, no state, so
 * that every byte a client sends before the body is checked here (and fuzzed).
 */
#ifndef SK_KBS_ROUTER_H
#define SK_KBS_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "kbs/problem.h"

enum sk_kbs_endpoint {
	SK_KBS_EP_NONE,           /* refused: see problem and why */
	SK_KBS_EP_AUTH,           /* POST /kbs/v0/auth */
	SK_KBS_EP_ATTEST,         /* POST /kbs/v0/attest */
	SK_KBS_EP_RESOURCE,       /* GET  /kbs/v0/resource/<repo>/<type>/<tag> */
	SK_KBS_EP_ADMIN_RESOURCE, /* PUT  /kbs/v0/admin/resource/<repo>/<type>/<tag> */
	SK_KBS_EP_ADMIN_DELETE,   /* DELETE the same */
	SK_KBS_EP_ADMIN_POLICY,   /* PUT  /kbs/v0/admin/policy/<name> */
	SK_KBS_EP_ADMIN_AUDIT,    /* GET  /kbs/v0/admin/audit */
	/* the server's own endpoints, last (server.c tells them apart by that) */
	SK_KBS_EP_HEALTHZ,        /* GET  /healthz: the process serves */
	SK_KBS_EP_READYZ,         /* GET  /readyz: and its database answers */
	SK_KBS_EP_METRICS,        /* GET  /metrics: Prometheus text */
};

#define SK_KBS_PART_MAX 64
#define SK_KBS_PATH_MAX (3 * SK_KBS_PART_MAX + 2)
#define SK_KBS_SESSION_LEN 32
#define SK_KBS_BEARER_MAX 16384 /* a Bearer token in a header; tokens we sign are far shorter */

struct sk_kbs_route {
	enum sk_kbs_endpoint ep;
	enum sk_kbs_problem problem; /* when ep is NONE */
	const char *why;             /* when ep is NONE: a static one-line reason */
	char path[SK_KBS_PATH_MAX + 1]; /* "repo/type/tag" (resources) or a policy name */
	bool has_session;
	char session[SK_KBS_SESSION_LEN + 1];   /* from Cookie: kbs-session-id=... */
	const char *bearer;          /* points into the Authorization header, NUL-terminated */
	size_t bearer_len;
};

/*
 * Route a request. url is the path as received (no query: libmicrohttpd takes it off);
 * cookie and authorization are the header values or NULL. Always fills r; returns
 * r->ep.
 */
enum sk_kbs_endpoint sk_kbs_route(const char *method, const char *url, const char *cookie,
				  const char *authorization, struct sk_kbs_route *r);

/* One name of a resource path or a policy name: [A-Za-z0-9._-]{1,64}, not "." or "..". */
bool sk_kbs_name_ok(const char *s, size_t n);

/* Whether JSON text nests arrays and objects no deeper than max (strings are skipped). */
bool sk_kbs_json_depth_ok(const char *s, size_t n, unsigned max);

#endif
