/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The trustee KBS protocol 0.4.0 (auth, attest, resource) and the admin endpoints.
 * Stricter than trustee: a nonce is consumed by the first attest that names it, whatever
 * its outcome, so no report is ever checked twice against one nonce; a resource is only
 * released by the policy it names.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/snp.h>

#include "crypto/base64.h"
#include "crypto/secure.h"
#include "kbs/binding.h"
#include "kbs/evidence-snp.h"
#include "kbs/jwe.h"
#include "kbs/jwk.h"
#include "kbs/protocol.h"
#include "kbs/token.h"
#include "util/hex.h"
#include "util/log.h"

#define PROTOCOL_VERSION "0.4.0"
#define REASON_MAX 400
#define TOKEN_KEY_NAME "token-signing"

/* ---- what the library said about a request -------------------------------------------- */

/* The errors logged while a request is handled, outermost first, for the audit log. */
struct reason {
	char text[REASON_MAX];
	sev_log_fn old_fn;
	void *old_ctx;
};

static void hold(enum sev_log_level level, const char *msg, void *ctx)
{
	struct reason *r = ctx;
	char joined[REASON_MAX];
	size_t n;

	if (level != SEV_LOG_ERROR)
		return;
	/* the outer context is logged last: it goes in front */
	n = strnlen(msg, REASON_MAX - 1);
	memcpy(joined, msg, n);
	if (r->text[0] && n + 2 < REASON_MAX) {
		memcpy(joined + n, ": ", 2);
		n += 2;
		size_t m = strnlen(r->text, REASON_MAX - 1 - n);

		memcpy(joined + n, r->text, m);
		n += m;
	}
	joined[n] = 0;
	memcpy(r->text, joined, sizeof(joined));
}

static void reason_begin(struct reason *r)
{
	r->text[0] = 0;
	sev_get_thread_log(&r->old_fn, &r->old_ctx);
	sev_set_thread_log(hold, r);
}

static void reason_end(struct reason *r)
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

static void respond_json(struct sk_kbs_response *out, json_t *doc)
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
static json_t *parse_body(const char *body, size_t len, struct sk_kbs_response *out)
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
static bool only_keys(const json_t *obj, const char *const *keys, size_t n, const char *what,
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

static void audit(struct sk_kbs_ctx *c, int64_t now, const char *session,
		  const struct sev_snp_report *r, const char *resource, const char *verdict,
		  const char *reason)
{
	char chip[129] = "", meas[97] = "";
	struct sk_kbs_audit a = { .time = now, .session = session, .chip_id = chip,
				  .measurement = meas, .resource = resource, .verdict = verdict,
				  .reason = reason };

	if (r) {
		sk_hex_encode(chip, r->chip_id, sizeof(r->chip_id));
		sk_hex_encode(meas, r->measurement, sizeof(r->measurement));
	}
	if (sk_kbs_audit_append(c->store, &a))
		sk_warn("key broker: the audit log refused a %s decision", verdict);
}

/* ---- POST /kbs/v0/auth ---------------------------------------------------------------- */

/* sha384 unless the guest lists the algorithms it has and sha384 is not among them */
static int pick_hash(const json_t *extra, enum sk_kbs_hash *h)
{
	static const enum sk_kbs_hash order[] = { SK_KBS_SHA384, SK_KBS_SHA512, SK_KBS_SHA256 };
	const json_t *list = json_is_object(extra) ?
		json_object_get(extra, "supported-hash-algorithms") : NULL;

	*h = SK_KBS_SHA384;
	if (!list)
		return 0;
	if (!json_is_array(list))
		return -1;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		size_t j;
		json_t *v;

		json_array_foreach(list, j, v)
			if (json_is_string(v) &&
			    !strcasecmp(json_string_value(v), sk_kbs_hash_name(order[i]))) {
				*h = order[i];
				return 0;
			}
	}
	return -1;
}

/* uuid v4 without dashes */
static int new_session_id(char id[33])
{
	uint8_t b[16];
	int rc = sk_random(b, sizeof(b));

	if (rc)
		return rc;
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	sk_hex_encode(id, b, sizeof(b));
	return 0;
}

static void do_auth(struct sk_kbs_ctx *c, const char *body, size_t len, int64_t now,
		    struct sk_kbs_response *out)
{
	static const char *const keys[] = { "version", "tee", "extra-params" };
	struct sk_kbs_session s = { .expires = now + c->session_ttl };
	json_t *doc = parse_body(body, len, out), *extra, *reply;
	const char *version, *tee;
	enum sk_kbs_hash h;
	uint8_t n[32];
	char *nonce = NULL;

	if (!doc || !only_keys(doc, keys, 3, "auth", out))
		goto done;
	version = json_string_value(json_object_get(doc, "version"));
	tee = json_string_value(json_object_get(doc, "tee"));
	extra = json_object_get(doc, "extra-params");
	if (!version || strcmp(version, PROTOCOL_VERSION)) {
		sk_kbs_respond_problem(out, SK_KBS_P_PROTOCOL_VERSION,
				       "KBS Client Protocol Version Mismatch: want " PROTOCOL_VERSION);
		goto done;
	}
	if (!tee || strcmp(tee, "snp")) {
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST, "tee must be \"snp\"");
		goto done;
	}
	if ((extra && !json_is_object(extra) && !json_is_string(extra)) || pick_hash(extra, &h)) {
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST,
				       "extra-params: no supported hash algorithm");
		goto done;
	}
	if (new_session_id(s.id) || sk_random(n, sizeof(n)) ||
	    !(nonce = sk_base64_encode(n, sizeof(n))) || strlen(nonce) != 44) {
		sk_kbs_respond_problem(out, SK_KBS_P_INTERNAL, "no random numbers");
		goto done;
	}
	memcpy(s.nonce, nonce, 45);
	snprintf(s.hash_alg, sizeof(s.hash_alg), "%s", sk_kbs_hash_name(h));
	if (sk_kbs_session_create(c->store, &s)) {
		sk_kbs_respond_problem(out, SK_KBS_P_INTERNAL, "the session store failed");
		goto done;
	}
	if (h == SK_KBS_SHA384)
		reply = json_pack("{s:s, s:s}", "nonce", nonce, "extra-params", "");
	else
		reply = json_pack("{s:s, s:{s:s}}", "nonce", nonce, "extra-params",
				  "selected-hash-algorithm", sk_kbs_hash_name(h));
	respond_json(out, reply);
	snprintf(out->cookie, sizeof(out->cookie), "kbs-session-id=%s; Path=/kbs/v0; Max-Age=%lld;"
		 " HttpOnly%s", s.id, (long long)c->session_ttl, c->secure_cookie ? "; Secure" : "");
done:
	free(nonce);
	json_decref(doc);
}

/* ---- POST /kbs/v0/attest -------------------------------------------------------------- */

struct attest_in {
	const char *nonce, *additional;
	json_t *tee_pubkey, *primary;
};

static bool attest_shape(json_t *doc, struct attest_in *in, struct sk_kbs_response *out)
{
	static const char *const keys[] = { "init-data", "runtime-data", "tee-evidence" };
	static const char *const rt_keys[] = { "nonce", "tee-pubkey" };
	static const char *const ev_keys[] = { "primary_evidence", "additional_evidence" };
	json_t *rt = json_object_get(doc, "runtime-data");
	json_t *ev = json_object_get(doc, "tee-evidence"), *add;
	json_t *init = json_object_get(doc, "init-data");

	if (!only_keys(doc, keys, 3, "attest", out))
		return false;
	if (!json_is_object(rt) || !json_is_object(ev) ||
	    (init && !json_is_null(init) && !json_is_object(init))) {
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST,
				       "attest: runtime-data and tee-evidence must be objects");
		return false;
	}
	if (!only_keys(rt, rt_keys, 2, "runtime-data", out) ||
	    !only_keys(ev, ev_keys, 2, "tee-evidence", out))
		return false;
	in->nonce = json_string_value(json_object_get(rt, "nonce"));
	in->tee_pubkey = json_object_get(rt, "tee-pubkey");
	in->primary = json_object_get(ev, "primary_evidence");
	add = json_object_get(ev, "additional_evidence");
	in->additional = add ? json_string_value(add) : "";
	if (!in->nonce || !json_is_object(in->tee_pubkey) || !json_is_object(in->primary) ||
	    !in->additional) {
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST,
				       "attest: needs runtime-data.nonce (string), runtime-data."
				       "tee-pubkey (JWK), tee-evidence.primary_evidence (object), "
				       "additional_evidence (string)");
		return false;
	}
	return true;
}

static const char *consume_reason(enum sk_kbs_consume why, enum sk_kbs_problem *p)
{
	*p = SK_KBS_P_ATTESTATION_FAILED;
	switch (why) {
	case SK_KBS_NO_SESSION: *p = SK_KBS_P_UNAUTHENTICATED; return "unknown session";
	case SK_KBS_EXPIRED: *p = SK_KBS_P_EXPIRED; return "session expired";
	case SK_KBS_NONCE_MISMATCH: return "nonce is not this session's";
	case SK_KBS_NONCE_USED: return "nonce already used";
	default: return "nonce refused";
	}
}

/* One anchor: NULL is AMD's builtin roots. */
static int verify_with(struct sk_kbs_ctx *c, const uint8_t *ark, size_t ark_len,
		       const struct sk_kbs_snp_evidence *e, const struct sev_snp_report *r)
{
	struct sev_snp_verifier *v;
	struct sev_snp_verify_info info;
	int rc = sev_snp_verifier_new(&v);

	if (rc)
		return rc;
	if (ark)
		rc = sev_snp_verifier_set_ark(v, ark, ark_len);
	for (size_t i = 0; !rc && i < e->ncerts; i++)
		rc = sev_snp_verifier_add_certs(v, e->certs[i].der, e->certs[i].len);
	for (size_t i = 0; !rc && i < c->crl.n; i++)
		rc = sev_snp_verifier_add_crl(v, c->crl.b[i].data, c->crl.b[i].len);
	if (!rc && !sev_snp_verifier_has_vek(v))
		rc = sk_fail(SEV_E_VERIFY, "the evidence has no VCEK or VLEK");
	if (!rc)
		rc = sev_snp_verify(v, r, &info);
	sev_snp_verifier_free(v);
	return rc;
}

/*
 * The chain, to AMD's roots or one of the configured anchors. The reason kept is that of
 * the anchor the chain names (its ARK's CN), which is the last one tried that got past the
 * chain; a report that fails with every anchor fails.
 */
static int verify_report(struct sk_kbs_ctx *c, const struct sk_kbs_snp_evidence *e,
			 const struct sev_snp_report *r, struct reason *why)
{
	char first[REASON_MAX];
	int rc = verify_with(c, NULL, 0, e, r);

	if (rc != SEV_E_VERIFY || !c->ark.n)
		return rc;
	memcpy(first, why->text, sizeof(first));
	for (size_t i = 0; i < c->ark.n && rc == SEV_E_VERIFY; i++) {
		why->text[0] = 0;
		rc = verify_with(c, c->ark.b[i].data, c->ark.b[i].len, e, r);
	}
	/* an anchor that does not even sign the chain says less than the builtin roots */
	if (rc && strstr(why->text, "does not verify") && !strstr(first, "does not verify"))
		memcpy(why->text, first, sizeof(first));
	return rc;
}

static void attest_fail(struct sk_kbs_ctx *c, int64_t now, const char *session,
			const struct sev_snp_report *r, enum sk_kbs_problem p, const char *what,
			struct reason *why, struct sk_kbs_response *out)
{
	char msg[REASON_MAX + 64];

	snprintf(msg, sizeof(msg), "%s%s%s", what, why->text[0] ? ": " : "", why->text);
	audit(c, now, session, r, NULL, "rejected", msg);
	sk_kbs_respond_problem(out, p, msg);
}

static void attest_checked(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt,
			   const struct attest_in *in, const struct sk_kbs_session *s,
			   int64_t now, struct reason *why, struct sk_kbs_response *out)
{
	struct sk_kbs_snp_evidence e = { 0 };
	struct sev_snp_report r;
	enum sk_kbs_hash h;
	uint8_t expect[64];
	json_t *claims = NULL;
	char *jwt = NULL;
	const char *sid = rt->session;

	if (sk_kbs_snp_evidence_parse(in->primary, &e)) {
		attest_fail(c, now, sid, NULL, SK_KBS_P_INVALID_REQUEST, "malformed evidence", why,
			    out);
		goto done;
	}
	if (sev_snp_report_parse(e.report, sizeof(e.report), &r)) {
		attest_fail(c, now, sid, NULL, SK_KBS_P_INVALID_REQUEST, "malformed report", why,
			    out);
		goto done;
	}
	if (sk_kbs_hash_parse(s->hash_alg, &h) ||
	    sk_kbs_report_data(h, in->nonce, in->tee_pubkey, in->additional, expect)) {
		attest_fail(c, now, sid, &r, SK_KBS_P_INVALID_REQUEST, "cannot bind", why, out);
		goto done;
	}
	if (!sk_ct_equal(expect, r.report_data, sizeof(expect))) {
		why->text[0] = 0;
		attest_fail(c, now, sid, &r, SK_KBS_P_ATTESTATION_FAILED,
			    "REPORT_DATA is not bound to this nonce and tee-pubkey", why, out);
		goto done;
	}
	if (r.vmpl != 0) {
		attest_fail(c, now, sid, &r, SK_KBS_P_ATTESTATION_FAILED,
			    "VMPL Check Failed: the report is not from VMPL 0", why, out);
		goto done;
	}
	if (verify_report(c, &e, &r, why)) {
		attest_fail(c, now, sid, &r, SK_KBS_P_ATTESTATION_FAILED, "report refused", why,
			    out);
		goto done;
	}
	if (sk_kbs_ear_claims(e.report, sizeof(e.report), in->tee_pubkey, now, c->token_ttl,
			      &claims) || sk_kbs_token_sign(c->token_jwk, claims, &jwt) ||
	    sk_kbs_session_set_token(c->store, sid, jwt)) {
		attest_fail(c, now, sid, &r, SK_KBS_P_INTERNAL, "cannot issue the token", why,
			    out);
		goto done;
	}
	audit(c, now, sid, &r, NULL, "attested", "");
	respond_json(out, json_pack("{s:s}", "token", jwt));
done:
	free(jwt);
	json_decref(claims);
	sk_kbs_snp_evidence_clear(&e);
}

static void do_attest(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, const char *body,
		      size_t len, int64_t now, struct reason *why, struct sk_kbs_response *out)
{
	struct sk_kbs_session s = { 0 };
	struct attest_in in;
	enum sk_kbs_consume cw = SK_KBS_OK;
	enum sk_kbs_problem p;
	json_t *doc;
	int rc;

	if (!rt->has_session) {
		sk_kbs_respond_problem(out, SK_KBS_P_UNAUTHENTICATED,
				       "no kbs-session-id cookie: POST /kbs/v0/auth first");
		return;
	}
	if (!(doc = parse_body(body, len, out)))
		return;
	if (!attest_shape(doc, &in, out))
		goto done;
	if (sk_kbs_jwk_check_public(in.tee_pubkey)) {
		attest_fail(c, now, rt->session, NULL, SK_KBS_P_INVALID_REQUEST,
			    "unusable tee-pubkey", why, out);
		goto done;
	}
	/* the nonce is spent here, before any work: it never serves a second report */
	rc = sk_kbs_session_consume(c->store, rt->session, in.nonce, now, &cw, &s);
	if (rc == SEV_E_VERIFY || (!rc && cw != SK_KBS_OK)) {
		const char *what = consume_reason(cw, &p);

		why->text[0] = 0;
		attest_fail(c, now, rt->session, NULL, p, what, why, out);
		goto done;
	}
	if (rc) {
		attest_fail(c, now, rt->session, NULL, rc == -ENOENT ? SK_KBS_P_UNAUTHENTICATED :
			    SK_KBS_P_INTERNAL, rc == -ENOENT ? "unknown session" :
			    "the session store failed", why, out);
		goto done;
	}
	attest_checked(c, rt, &in, &s, now, why, out);
	sk_kbs_session_clear(&s);
done:
	json_decref(doc);
}

/* ---- GET /kbs/v0/resource/<repo>/<type>/<tag> ----------------------------------------- */

int sk_kbs_policy_checks(const char *text, size_t len, struct sev_snp_checks *c)
{
	json_t *doc = json_loadb(text, len, 0, NULL);
	bool reference = json_is_object(doc) && json_object_get(doc, "sevkit_reference_values");

	json_decref(doc);
	sev_snp_checks_init(c);
	return reference ? sev_snp_checks_from_reference(c, text, len) :
		sev_snp_checks_from_json(c, text, len);
}

/* The token of the request: its Bearer header, else its session's. */
static int request_token(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, int64_t now,
			 char **jwt, struct sk_kbs_response *out)
{
	struct sk_kbs_session s = { 0 };
	int rc;

	if (rt->bearer) {
		*jwt = strndup(rt->bearer, rt->bearer_len);
		return *jwt ? 0 : -ENOMEM;
	}
	if (!rt->has_session) {
		sk_kbs_respond_problem(out, SK_KBS_P_UNAUTHENTICATED,
				       "no kbs-session-id cookie and no Bearer token");
		return SEV_E_VERIFY;
	}
	rc = sk_kbs_session_get(c->store, rt->session, now, &s);
	if (rc == -ENOENT || (!rc && !s.token)) {
		sk_kbs_session_clear(&s);
		sk_kbs_respond_problem(out, rc ? SK_KBS_P_EXPIRED : SK_KBS_P_UNAUTHENTICATED,
				       rc ? "session unknown or expired" : "session not attested");
		return SEV_E_VERIFY;
	}
	if (rc) {
		sk_kbs_respond_problem(out, SK_KBS_P_INTERNAL, "the session store failed");
		return rc;
	}
	*jwt = s.token;
	s.token = NULL;
	sk_kbs_session_clear(&s);
	return 0;
}

/* "measurement: expected X, got Y; ..." for the audit, and the check names for the guest */
static void failures(const struct sev_snp_check_result *res, char *full, size_t nfull,
		     char *names, size_t nnames)
{
	size_t a = 0, b = 0;

	full[0] = names[0] = 0;
	for (size_t i = 0; i < res->n; i++) {
		const struct sev_snp_check_failure *f = &res->fail[i];

		if (a < nfull)
			a += (size_t)snprintf(full + a, nfull - a, "%s%s: expected %s, got %s",
					      i ? "; " : "", f->check, f->expected, f->actual);
		if (b < nnames)
			b += (size_t)snprintf(names + b, nnames - b, "%s%s", i ? ", " : "",
					      f->check);
	}
}

/* Run the resource's policy on the report. 0 when it passes; else out holds the refusal. */
static int evaluate(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, const char *policy,
		    const struct sev_snp_report *r, int64_t now, struct reason *why,
		    struct sk_kbs_response *out)
{
	struct sev_snp_check_result res = { 0 };
	struct sev_snp_checks ch;
	char *text = NULL, full[REASON_MAX], names[200], msg[300];
	size_t len;
	int rc;

	if (!policy || !*policy) {
		audit(c, now, rt->session, r, rt->path, "refused", "the resource has no policy");
		sk_kbs_respond_problem(out, SK_KBS_P_POLICY_DENY, "the resource has no policy");
		return SEV_E_VERIFY;
	}
	rc = sk_kbs_policy_get(c->store, policy, &text, &len);
	if (!rc)
		rc = sk_kbs_policy_checks(text, len, &ch);
	free(text);
	if (rc) {
		snprintf(msg, sizeof(msg), "policy %s unusable: %s", policy, why->text);
		audit(c, now, rt->session, r, rt->path, "refused", msg);
		sk_kbs_respond_problem(out, SK_KBS_P_POLICY_DENY, "the resource's policy is unusable");
		return SEV_E_VERIFY;
	}
	rc = sev_snp_check(&ch, r, sev_snp_report_product(r), NULL, &res);
	if (rc) {
		failures(&res, full, sizeof(full), names, sizeof(names));
		snprintf(msg, sizeof(msg), "policy %s: %s", policy, full);
		audit(c, now, rt->session, r, rt->path, "refused", msg);
		snprintf(msg, sizeof(msg), "policy %s refused: %s", policy,
			 rc == SEV_E_VERIFY ? names : "cannot run the checks");
		sk_kbs_respond_problem(out, SK_KBS_P_POLICY_DENY, msg);
	}
	sev_snp_check_result_free(&res);
	return rc;
}

static void do_resource(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, int64_t now,
			struct reason *why, struct sk_kbs_response *out)
{
	json_t *claims = NULL, *pub = NULL;
	uint8_t report[1184], *value = NULL;
	struct sev_snp_report r;
	char *jwt = NULL, *policy = NULL, *jwe = NULL;
	size_t len = 0;
	int rc;

	if (request_token(c, rt, now, &jwt, out))
		goto done;
	if (sk_kbs_token_verify(c->token_pub, jwt, now, &claims) ||
	    sk_kbs_ear_extract(claims, report, &pub) ||
	    sev_snp_report_parse(report, sizeof(report), &r)) {
		char msg[REASON_MAX + 32];

		snprintf(msg, sizeof(msg), "token refused: %s", why->text);
		audit(c, now, rt->session, NULL, rt->path, "refused", msg);
		sk_kbs_respond_problem(out, SK_KBS_P_TOKEN_INVALID, msg);
		goto done;
	}
	rc = sk_kbs_resource_get(c->store, rt->path, &value, &len, &policy);
	if (rc) {
		audit(c, now, rt->session, &r, rt->path, "refused",
		      rc == -ENOENT ? "no such resource" : "the store failed");
		sk_kbs_respond_problem(out, rc == -ENOENT ? SK_KBS_P_NOT_FOUND : SK_KBS_P_INTERNAL,
				       rc == -ENOENT ? "no such resource" : "the store failed");
		goto done;
	}
	if (evaluate(c, rt, policy, &r, now, why, out))
		goto done;
	if (sk_kbs_jwe_encrypt(pub, value, len, &jwe)) {
		audit(c, now, rt->session, &r, rt->path, "refused", "cannot encrypt to tee-pubkey");
		sk_kbs_respond_problem(out, SK_KBS_P_INTERNAL, "cannot encrypt to the tee-pubkey");
		goto done;
	}
	audit(c, now, rt->session, &r, rt->path, "released", "");
	out->status = 200;
	out->body = jwe;
	out->len = strlen(jwe);
	out->content_type = "application/json";
	jwe = NULL;
done:
	sk_secret_free(value);
	free(policy);
	free(jwe);
	free(jwt);
	json_decref(claims);
	json_decref(pub);
}

/* ---- the token key --------------------------------------------------------------------- */

int sk_kbs_token_key_load(struct sk_kbs_store *s, const uint8_t *given, size_t len,
			  json_t **priv)
{
	char *text = NULL, *dump;
	json_t *k;
	int rc;

	if (given) {
		*priv = json_loadb((const char *)given, len, 0, NULL);
		if (!json_is_object(*priv) || !json_object_get(*priv, "d")) {
			json_decref(*priv);
			return sk_fail(SEV_E_FORMAT, "token key: not a private JWK");
		}
		return 0;
	}
	rc = sk_kbs_key_get(s, TOKEN_KEY_NAME, &text);
	if (rc == -ENOENT) {
		/* first start: generate one; of several replicas starting at once, one wins */
		if ((rc = sk_kbs_jwk_generate("P-256", &k)))
			return rc;
		dump = json_dumps(k, JSON_COMPACT);
		json_decref(k);
		if (!dump)
			return -ENOMEM;
		rc = sk_kbs_key_put_if_absent(s, TOKEN_KEY_NAME, dump);
		sk_wipe_free(dump, strlen(dump));
		if (rc && rc != -EEXIST)
			return rc;
		rc = sk_kbs_key_get(s, TOKEN_KEY_NAME, &text);
	}
	if (rc)
		return rc;
	*priv = json_loads(text, 0, NULL);
	sk_wipe(text, strlen(text));
	sk_secret_free(text);
	return *priv ? 0 : sk_fail(SEV_E_FORMAT, "token key in the store: not JSON");
}

/* ---- dispatch ------------------------------------------------------------------------- */

void sk_kbs_admin_handle(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, const char *body,
			 size_t len, int64_t now, struct sk_kbs_response *out);

void sk_kbs_handle(struct sk_kbs_ctx *c, const struct sk_kbs_route *r, const char *body,
		   size_t len, int64_t now, struct sk_kbs_response *out)
{
	struct reason why;

	memset(out, 0, sizeof(*out));
	reason_begin(&why);
	switch (r->ep) {
	case SK_KBS_EP_AUTH: do_auth(c, body, len, now, out); break;
	case SK_KBS_EP_ATTEST: do_attest(c, r, body, len, now, &why, out); break;
	case SK_KBS_EP_RESOURCE: do_resource(c, r, now, &why, out); break;
	case SK_KBS_EP_ADMIN_RESOURCE:
	case SK_KBS_EP_ADMIN_DELETE:
	case SK_KBS_EP_ADMIN_POLICY:
	case SK_KBS_EP_ADMIN_AUDIT: sk_kbs_admin_handle(c, r, body, len, now, out); break;
	default: sk_kbs_respond_problem(out, r->problem, r->why); break;
	}
	reason_end(&why);
}
