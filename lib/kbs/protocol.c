/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What every endpoint of the broker shares: the reason a request failed as the library
 * said it, responses, the checks of a JSON body, and the audit of each decision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbs/metrics.h"
#include "kbs/protocol-internal.h"
#include "util/hex.h"
#include "util/log.h"

/* ---- what the library said about a request -------------------------------------------- */

static void hold(enum sev_log_level level, const char *msg, void *ctx)
{
	struct sk_kbs_reason *r = ctx;
	char joined[SK_KBS_REASON_MAX];
	size_t n;

	if (level != SEV_LOG_ERROR)
		return;
	/* the outer context is logged last: it goes in front */
	n = strnlen(msg, SK_KBS_REASON_MAX - 1);
	memcpy(joined, msg, n);
	if (r->text[0] && n + 2 < SK_KBS_REASON_MAX) {
		memcpy(joined + n, ": ", 2);
		n += 2;
		size_t m = strnlen(r->text, SK_KBS_REASON_MAX - 1 - n);

		memcpy(joined + n, r->text, m);
		n += m;
	}
	joined[n] = 0;
	memcpy(r->text, joined, sizeof(joined));
}

void sk_kbs_reason_begin(struct sk_kbs_reason *r)
{
	r->text[0] = 0;
	sev_get_thread_log(&r->old_fn, &r->old_ctx);
	sev_set_thread_log(hold, r);
}

void sk_kbs_reason_end(struct sk_kbs_reason *r)
{
	sev_set_thread_log(r->old_fn, r->old_ctx);
}

/* ---- responses ----------------------------------------------------------------------- */

void sk_kbs_respond_problem(struct sk_kbs_response *out, enum sk_kbs_problem p,
			    const char *detail)
{
	free(out->body);
	out->status = sk_kbs_problem_status(p);
	out->body = sk_kbs_problem_body(p, detail, &out->len);
	out->content_type = "application/problem+json";
	if (!out->body)
		out->status = 500, out->len = 0;
}

void sk_kbs_respond_store(struct sk_kbs_response *out, int rc, const char *what)
{
	char msg[200];

	if (rc != SEV_E_DEVICE) {
		sk_kbs_respond_problem(out, SK_KBS_P_INTERNAL, what);
		return;
	}
	snprintf(msg, sizeof(msg), "%s: the database is unavailable", what);
	sk_kbs_respond_problem(out, SK_KBS_P_UNAVAILABLE, msg);
}

void sk_kbs_respond_json(struct sk_kbs_response *out, json_t *doc)
{
	out->body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (!out->body) {
		sk_kbs_respond_problem(out, SK_KBS_P_INTERNAL, "out of memory");
		return;
	}
	out->status = 200;
	out->len = strlen(out->body);
	out->content_type = "application/json";
}

/* ---- input --------------------------------------------------------------------------- */

/* The body as a JSON object, or a 400 in out. */
json_t *sk_kbs_parse_body(const char *body, size_t len, struct sk_kbs_response *out)
{
	json_error_t e;
	json_t *doc;
	char msg[200];

	if (!sk_kbs_json_depth_ok(body, len, SK_KBS_JSON_DEPTH_MAX)) {
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST, "JSON nests too deep");
		return NULL;
	}
	doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &e);
	if (!doc || !json_is_object(doc)) {
		snprintf(msg, sizeof(msg), "body is not a JSON object%s%s", doc ? "" : ": ",
			 doc ? "" : e.text);
		json_decref(doc);
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST, msg);
		return NULL;
	}
	return doc;
}

/* Every key of obj is one of keys; else a 400 naming the first other one. */
bool sk_kbs_only_keys(const json_t *obj, const char *const *keys, size_t n, const char *what,
		      struct sk_kbs_response *out)
{
	const char *k;
	json_t *v;
	char msg[200];

	json_object_foreach((json_t *)obj, k, v) {
		size_t i = 0;

		while (i < n && strcmp(k, keys[i]))
			i++;
		if (i == n) {
			snprintf(msg, sizeof(msg), "%s: unknown member \"%.64s\"", what, k);
			sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST, msg);
			return false;
		}
	}
	return true;
}

void sk_kbs_refuse(struct sk_kbs_ctx *c, int64_t now, const char *session,
		   const struct sev_snp_report *r, const char *resource, const char *verdict,
		   const char *reason, enum sk_kbs_problem p, const char *detail,
		   struct sk_kbs_response *out)
{
	int rc = sk_kbs_decide(c, now, session, r, resource, verdict, reason);

	if (rc)
		sk_kbs_respond_store(out, rc, "cannot record the decision");
	else
		sk_kbs_respond_problem(out, p, detail);
}

void sk_kbs_decision_init(struct sk_kbs_decision *d, int64_t now, const char *session,
			  const struct sev_snp_report *r, const char *resource,
			  const char *verdict, const char *reason)
{
	d->chip[0] = d->meas[0] = 0;
	if (r) {
		sk_hex_encode(d->chip, r->chip_id, sizeof(r->chip_id));
		sk_hex_encode(d->meas, r->measurement, sizeof(r->measurement));
	}
	d->a = (struct sk_kbs_audit){ .time = now, .session = session, .chip_id = d->chip,
				      .measurement = d->meas, .resource = resource,
				      .verdict = verdict, .reason = reason };
}

int sk_kbs_decide(struct sk_kbs_ctx *c, int64_t now, const char *session,
		  const struct sev_snp_report *r, const char *resource, const char *verdict,
		  const char *reason)
{
	struct sk_kbs_decision d;
	int rc;

	sk_kbs_decision_init(&d, now, session, r, resource, verdict, reason);
	if ((rc = sk_kbs_audit_append(c->store, &d.a)))
		sk_warn("key broker: the audit log refused a %s decision", verdict);
	else
		sk_kbs_metrics_verdict(c->metrics, verdict);
	return rc;
}
