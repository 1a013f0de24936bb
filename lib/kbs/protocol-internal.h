/* SPDX-License-Identifier: Apache-2.0 */
/* What the broker's endpoints (auth.c, attest.c, resource.c, admin.c) share. */
#ifndef SK_KBS_PROTOCOL_INTERNAL_H
#define SK_KBS_PROTOCOL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <sevkit/error.h>
#include <sevkit/snp.h>

#include "kbs/protocol.h"

#define SK_KBS_REASON_MAX 400

/* The errors logged while a request is handled, outermost first, for the audit log. */
struct sk_kbs_reason {
	char text[SK_KBS_REASON_MAX];
	sev_log_fn old_fn;
	void *old_ctx;
};

/* From begin to end, this thread's errors are kept in r->text instead of logged. */
void sk_kbs_reason_begin(struct sk_kbs_reason *r);
void sk_kbs_reason_end(struct sk_kbs_reason *r);

/*
 * A failed store call: 503 when the database failed or cannot be reached (SEV_E_DEVICE; the
 * replica fails closed and the client, or the balancer, may try again), else 500. The
 * detail says what failed and that the database is unavailable, never the database's own
 * message (it names hosts and ports); the server logs that.
 */
void sk_kbs_respond_store(struct sk_kbs_response *out, int rc, const char *what);
/* 200 with doc (taken) as its body, or a 500. */
void sk_kbs_respond_json(struct sk_kbs_response *out, json_t *doc);
/* The body as a JSON object (depth limited, no duplicate keys), or a 400 in out and NULL. */
json_t *sk_kbs_parse_body(const char *body, size_t len, struct sk_kbs_response *out);
/* Every key of obj is one of keys[n]; else a 400 in out naming the first other one. */
bool sk_kbs_only_keys(const json_t *obj, const char *const *keys, size_t n, const char *what,
		      struct sk_kbs_response *out);
/* An audit row and the hex of the report's chip id and measurement it points to. */
struct sk_kbs_decision {
	struct sk_kbs_audit a;
	char chip[129], meas[97];
};
void sk_kbs_decision_init(struct sk_kbs_decision *d, int64_t now, const char *session,
			  const struct sev_snp_report *r, const char *resource,
			  const char *verdict, const char *reason);
/*
 * Write a decision to the audit log (r: the report it was about, or NULL). Not 0 when
 * the log refused it: the caller then releases nothing.
 */
int sk_kbs_decide(struct sk_kbs_ctx *c, int64_t now, const char *session,
		  const struct sev_snp_report *r, const char *resource, const char *verdict,
		  const char *reason);

/* The store behind an administration handle (admin.c). */
struct sev_kbs_admin;
struct sk_kbs_store *sk_kbs_admin_store(struct sev_kbs_admin *a);

/*
 * Refuse: write the decision (verdict "refused" or "rejected", its reason) to the audit log,
 * then answer problem p with detail. A refusal whose row cannot be written is not sent as
 * one: the answer is then the store's (503 when the database is unavailable), so that every
 * refusal a guest sees has its row.
 */
void sk_kbs_refuse(struct sk_kbs_ctx *c, int64_t now, const char *session,
		   const struct sev_snp_report *r, const char *resource, const char *verdict,
		   const char *reason, enum sk_kbs_problem p, const char *detail,
		   struct sk_kbs_response *out);

/* The endpoints. */
void sk_kbs_auth(struct sk_kbs_ctx *c, const char *body, size_t len, int64_t now,
		 struct sk_kbs_response *out);
void sk_kbs_attest(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, const char *body,
		   size_t len, int64_t now, struct sk_kbs_reason *why,
		   struct sk_kbs_response *out);
void sk_kbs_resource(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, int64_t now,
		     struct sk_kbs_reason *why, struct sk_kbs_response *out);
void sk_kbs_admin_handle(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, const char *body,
			 size_t len, int64_t now, struct sk_kbs_response *out);

#endif
