/* SPDX-License-Identifier: Apache-2.0 */
/*
 * POST /kbs/v0/attest: the nonce spent first, whatever follows, so that no report is
 * ever checked twice against one nonce; then the binding, VMPL 0 and the chain; then the
 * additional evidence the binding covers (GPUs); then the token.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/snp.h>

#include "crypto/secure.h"
#include "crypto/hash.h"
#include "kbs/binding.h"
#include "kbs/chain-cache.h"
#include "kbs/evidence-gpu.h"
#include "kbs/evidence-snp.h"
#include "kbs/jwk.h"
#include "kbs/protocol-internal.h"
#include "kbs/token.h"
#include "util/hex.h"
#include "util/log.h"

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

	if (!sk_kbs_only_keys(doc, keys, 3, "attest", out))
		return false;
	if (!json_is_object(rt) || !json_is_object(ev) ||
	    (init && !json_is_null(init) && !json_is_object(init))) {
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST,
				       "attest: runtime-data and tee-evidence must be objects");
		return false;
	}
	if (!sk_kbs_only_keys(rt, rt_keys, 2, "runtime-data", out) ||
	    !sk_kbs_only_keys(ev, ev_keys, 2, "tee-evidence", out))
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

/* A VCEK or VLEK in the evidence's certificates? */
static bool has_vek(const struct sk_kbs_snp_evidence *e)
{
	for (size_t i = 0; i < e->ncerts; i++)
		if (!strcmp(e->certs[i].kind, "VCEK") || !strcmp(e->certs[i].kind, "VLEK"))
			return true;
	return false;
}

/*
 * Evidence without a VCEK (a host that serves no extended reports): the one an operator
 * put in the shared cache for this chip at the report's reported TCB (`kbs vcek put`).
 * It is verified like one the guest sent. Nothing cached: the evidence has no VCEK.
 */
static int cached_vcek(struct sk_kbs_ctx *c, const struct sev_snp_report *r, uint8_t **certs,
		       size_t *len)
{
	char chip[129];
	int rc;

	sk_hex_encode(chip, r->chip_id, sizeof(r->chip_id));
	rc = sk_kbs_vcek_get(c->store, chip, r->reported_tcb, certs, len);
	if (rc == -ENOENT)
		return sk_fail(SEV_E_VERIFY, "the evidence has no VCEK or VLEK and none is cached "
			       "for this chip at its reported TCB (sevkit kbs vcek put)");
	return rc;
}

/* The chain cache's key: every certificate given, each with its length. */
static int chain_key(const struct sk_kbs_snp_evidence *e, const uint8_t *cached,
		     size_t cached_len, uint8_t key[SK_SHA256_LEN])
{
	struct sk_hash_ctx *h;
	int rc = sk_hash_init(&h, SK_SHA256);

	for (size_t i = 0; !rc && i <= e->ncerts; i++) {
		const uint8_t *p = i < e->ncerts ? e->certs[i].der : cached;
		uint64_t n = i < e->ncerts ? e->certs[i].len : (p ? cached_len : 0);

		rc = sk_hash_update(h, &n, sizeof(n));
		if (!rc && n)
			rc = sk_hash_update(h, p, n);
	}
	if (!rc)
		rc = sk_hash_final(h, key);
	sk_hash_free(h);
	return rc;
}

/*
 * One anchor: NULL is AMD's builtin roots; cached: the cache's VCEK and chain, or NULL.
 * On success the verifier goes to *keep, for the chain cache.
 */
static int verify_with(struct sk_kbs_ctx *c, const uint8_t *ark, size_t ark_len,
		       const struct sk_kbs_snp_evidence *e, const struct sev_snp_report *r,
		       const uint8_t *cached, size_t cached_len, struct sev_snp_verifier **keep)
{
	struct sev_snp_verifier *v;
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	int rc = sev_snp_verifier_new(&v);

	if (rc)
		return rc;
	if (ark)
		rc = sev_snp_verifier_set_ark(v, ark, ark_len);
	for (size_t i = 0; !rc && i < e->ncerts; i++)
		rc = sev_snp_verifier_add_certs(v, e->certs[i].der, e->certs[i].len);
	if (!rc && cached)
		rc = sev_snp_verifier_add_certs(v, cached, cached_len);
	for (size_t i = 0; !rc && i < c->crl.n; i++)
		rc = sev_snp_verifier_add_crl(v, c->crl.b[i].data, c->crl.b[i].len);
	if (!rc && !sev_snp_verifier_has_vek(v))
		rc = sk_fail(SEV_E_VERIFY, "the evidence has no VCEK or VLEK");
	if (!rc)
		rc = sev_snp_verify(v, r, &info);
	if (!rc)
		*keep = v;
	else
		sev_snp_verifier_free(v);
	return rc;
}

/*
 * The chain, to AMD's roots or one of the configured anchors. The reason kept is that of
 * the anchor the chain names (its ARK's CN), which is the last one tried that got past the
 * chain; a report that fails with every anchor fails.
 */
static int verify_anchors(struct sk_kbs_ctx *c, const struct sk_kbs_snp_evidence *e,
			  const struct sev_snp_report *r, const uint8_t *cached, size_t cached_len,
			  struct sk_kbs_reason *why, struct sev_snp_verifier **keep)
{
	char first[SK_KBS_REASON_MAX];
	int rc = verify_with(c, NULL, 0, e, r, cached, cached_len, keep);

	if (rc != SEV_E_VERIFY || !c->ark.n)
		return rc;
	memcpy(first, why->text, sizeof(first));
	for (size_t i = 0; i < c->ark.n && rc == SEV_E_VERIFY; i++) {
		why->text[0] = 0;
		rc = verify_with(c, c->ark.b[i].data, c->ark.b[i].len, e, r, cached, cached_len,
				 keep);
	}
	/* an anchor that does not even sign the chain says less than the builtin roots */
	if (rc && strstr(why->text, "signature by the ARK") && !strstr(first, "signature by the ARK"))
		memcpy(why->text, first, sizeof(first));
	return rc;
}

/* A chain seen within the cache's TTL needs only the report's own checks. */
static int verify_report(struct sk_kbs_ctx *c, const struct sk_kbs_snp_evidence *e,
			 const struct sev_snp_report *r, int64_t now, struct sk_kbs_reason *why)
{
	struct sev_snp_verifier *keep = NULL;
	uint8_t *cached = NULL, key[SK_SHA256_LEN];
	size_t cached_len = 0;
	int rc = has_vek(e) ? 0 : cached_vcek(c, r, &cached, &cached_len);
	bool keyed = !rc && !chain_key(e, cached, cached_len, key);

	if (keyed) {
		if (sk_kbs_chain_cache_verify(c->chains, key, now, r) == 0)
			goto done;
		/* a refusal is checked again in full, for the reason the whole check gives */
		why->text[0] = 0;
	}
	if (!rc)
		rc = verify_anchors(c, e, r, cached, cached_len, why, &keep);
	if (!rc && keyed)
		sk_kbs_chain_cache_keep(c->chains, key, now, keep);
	else
		sev_snp_verifier_free(keep);
done:
	free(cached);
	return rc;
}

static void attest_fail(struct sk_kbs_ctx *c, int64_t now, const char *session,
			const struct sev_snp_report *r, enum sk_kbs_problem p, const char *what,
			struct sk_kbs_reason *why, struct sk_kbs_response *out)
{
	char msg[SK_KBS_REASON_MAX + 64];

	snprintf(msg, sizeof(msg), "%s%s%s", what, why->text[0] ? ": " : "", why->text);
	sk_kbs_refuse(c, now, session, r, NULL, "rejected", msg, p, msg, out);
}

static void attest_checked(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt,
			   const struct attest_in *in, const struct sk_kbs_session *s,
			   int64_t now, struct sk_kbs_reason *why, struct sk_kbs_response *out)
{
	struct sk_kbs_snp_evidence e = { 0 };
	struct sev_snp_report r;
	enum sk_kbs_hash h;
	uint8_t expect[64];
	json_t *claims = NULL, *gpus = NULL;
	char *jwt = NULL;
	const char *sid = rt->session;
	int rc;

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
	if ((rc = verify_report(c, &e, &r, now, why))) {
		if (rc == SEV_E_DEVICE)
			sk_kbs_respond_store(out, rc, "cannot read the VCEK cache");
		else
			attest_fail(c, now, sid, &r, SK_KBS_P_ATTESTATION_FAILED,
				    "report refused", why, out);
		goto done;
	}
	/* the additional evidence REPORT_DATA binds: each device in it must prove itself */
	why->text[0] = 0;
	if (sk_kbs_gpu_evidence_verify(c, in->additional, in->nonce, in->tee_pubkey, now, &gpus)) {
		attest_fail(c, now, sid, &r, SK_KBS_P_ATTESTATION_FAILED,
			    "additional evidence refused", why, out);
		goto done;
	}
	if (sk_kbs_ear_claims(e.report, sizeof(e.report), in->tee_pubkey, gpus, now,
			      c->token_ttl, &claims) ||
	    sk_kbs_token_sign(c->token_jwk, claims, &jwt)) {
		attest_fail(c, now, sid, &r, SK_KBS_P_INTERNAL, "cannot issue the token", why,
			    out);
		goto done;
	}
	/* no token without its audit row: the decision is recorded before it takes effect */
	if ((rc = sk_kbs_decide(c, now, sid, &r, NULL, "attested", ""))) {
		sk_kbs_respond_store(out, rc, "cannot record the decision");
		goto done;
	}
	if ((rc = sk_kbs_session_set_token(c->store, sid, jwt))) {
		sk_kbs_respond_store(out, rc, "cannot keep the token");
		goto done;
	}
	sk_kbs_respond_json(out, json_pack("{s:s}", "token", jwt));
done:
	free(jwt);
	json_decref(claims);
	json_decref(gpus);
	sk_kbs_snp_evidence_clear(&e);
}

void sk_kbs_attest(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, const char *body,
		   size_t len, int64_t now, struct sk_kbs_reason *why,
		   struct sk_kbs_response *out)
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
	if (!(doc = sk_kbs_parse_body(body, len, out)))
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
	if (rc == -ENOENT) {
		attest_fail(c, now, rt->session, NULL, SK_KBS_P_UNAUTHENTICATED, "unknown session",
			    why, out);
		goto done;
	}
	if (rc) {
		sk_kbs_respond_store(out, rc, "cannot spend the nonce");
		goto done;
	}
	attest_checked(c, rt, &in, &s, now, why, out);
	sk_kbs_session_clear(&s);
done:
	json_decref(doc);
}
