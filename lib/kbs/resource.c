/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GET /kbs/v0/resource/<repository>/<type>/<tag>: the token checked, the resource's
 * policy evaluated on the report the token carries, the secret encrypted to its key.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/snp.h>

#include "crypto/secure.h"
#include "kbs/evidence-gpu.h"
#include "kbs/jwe.h"
#include "kbs/metrics.h"
#include "kbs/protocol-internal.h"
#include "kbs/token.h"
#include "util/log.h"

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
		sk_kbs_respond_store(out, rc, "cannot read the session");
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
		    const struct sev_snp_report *r, const json_t *gpus, int64_t now,
		    struct sk_kbs_reason *why, struct sk_kbs_response *out)
{
	struct sev_snp_check_result res = SEV_INIT(struct sev_snp_check_result);
	struct sk_kbs_gpu_policy gpu;
	struct sev_snp_checks ch;
	char *text = NULL, full[SK_KBS_REASON_MAX], names[200], msg[SK_KBS_REASON_MAX + 100];
	char detail[SK_KBS_REASON_MAX + 100];
	size_t len;
	int rc;

	if (!policy || !*policy) {
		sk_kbs_refuse(c, now, rt->session, r, rt->path, "refused",
			      "the resource has no policy", SK_KBS_P_POLICY_DENY,
			      "the resource has no policy", out);
		return SEV_E_VERIFY;
	}
	rc = sk_kbs_policy_get(c->store, policy, &text, &len);
	if (rc == SEV_E_DEVICE) {
		sk_kbs_respond_store(out, rc, "cannot read the policy");
		return rc;
	}
	if (!rc)
		rc = sk_kbs_policy_checks(text, len, &ch, &gpu);
	free(text);
	if (rc) {
		snprintf(msg, sizeof(msg), "policy %s unusable: %s", policy, why->text);
		sk_kbs_refuse(c, now, rt->session, r, rt->path, "refused", msg,
			      SK_KBS_P_POLICY_DENY, "the resource's policy is unusable", out);
		return SEV_E_VERIFY;
	}
	rc = sev_snp_check(&ch, r, sev_snp_report_product(r), NULL, &res);
	if (!rc)
		why->text[0] = 0;
	if (!rc && (rc = sk_kbs_gpu_policy_check(&gpu, gpus))) {
		snprintf(msg, sizeof(msg), "policy %s: %s", policy, why->text);
		snprintf(detail, sizeof(detail), "policy %s refused: gpu", policy);
		sk_kbs_refuse(c, now, rt->session, r, rt->path, "refused", msg,
			      SK_KBS_P_POLICY_DENY, detail, out);
	} else if (rc) {
		failures(&res, full, sizeof(full), names, sizeof(names));
		snprintf(msg, sizeof(msg), "policy %s: %s", policy, full);
		snprintf(detail, sizeof(detail), "policy %s refused: %s", policy,
			 rc == SEV_E_VERIFY ? names : "cannot run the checks");
		sk_kbs_refuse(c, now, rt->session, r, rt->path, "refused", msg,
			      SK_KBS_P_POLICY_DENY, detail, out);
	}
	sev_snp_check_result_free(&res);
	sk_kbs_gpu_policy_free(&gpu);
	return rc;
}

/*
 * Hand out the value: read again, with the check that its policy is still the one just
 * evaluated, in the transaction that commits the "released" audit row.
 */
static int release(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, const char *policy,
		   const struct sev_snp_report *r, int64_t now, uint8_t **value, size_t *len,
		   struct sk_kbs_response *out)
{
	struct sk_kbs_decision d;
	int rc;

	sk_kbs_decision_init(&d, now, rt->session, r, rt->path, "released", "");
	rc = sk_kbs_resource_release(c->store, rt->path, policy, &d.a, value, len);
	if (rc == -ENOENT || rc == -ESTALE) {
		const char *what = rc == -ENOENT ? "the resource was deleted while it was "
			"evaluated" : "the resource's policy changed while it was evaluated";

		sk_kbs_refuse(c, now, rt->session, r, rt->path, "refused", what,
			      SK_KBS_P_POLICY_DENY, what, out);
	} else if (rc) {
		sk_kbs_respond_store(out, rc, "cannot release the resource");
	} else {
		sk_kbs_metrics_verdict(c->metrics, "released");
	}
	return rc;
}

void sk_kbs_resource(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, int64_t now,
			struct sk_kbs_reason *why, struct sk_kbs_response *out)
{
	json_t *claims = NULL, *pub = NULL, *gpus = NULL;
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
		char msg[SK_KBS_REASON_MAX + 32];

		snprintf(msg, sizeof(msg), "token refused: %s", why->text);
		sk_kbs_refuse(c, now, rt->session, NULL, rt->path, "refused", msg,
			      SK_KBS_P_TOKEN_INVALID, msg, out);
		goto done;
	}
	/* the policy alone: the value is read once, by the release, if the policy passes */
	rc = sk_kbs_resource_get(c->store, rt->path, NULL, NULL, &policy);
	if (rc == -ENOENT) {
		sk_kbs_refuse(c, now, rt->session, &r, rt->path, "refused", "no such resource",
			      SK_KBS_P_NOT_FOUND, "no such resource", out);
		goto done;
	}
	if (rc) {
		sk_kbs_respond_store(out, rc, "cannot read the resource");
		goto done;
	}
	gpus = sk_kbs_ear_gpus(claims);
	if (evaluate(c, rt, policy, &r, gpus, now, why, out) ||
	    release(c, rt, policy, &r, now, &value, &len, out))
		goto done;
	/*
	 * The "released" row is committed: a failure from here on is recorded beside it, so
	 * the log still says that the secret did not leave.
	 */
	if (sk_kbs_jwe_encrypt(pub, value, len, &jwe)) {
		sk_kbs_refuse(c, now, rt->session, &r, rt->path, "refused",
			      "released, then could not encrypt to the tee-pubkey: not sent",
			      SK_KBS_P_INTERNAL, "cannot encrypt to the tee-pubkey", out);
		goto done;
	}
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
	json_decref(gpus);
	json_decref(pub);
}
