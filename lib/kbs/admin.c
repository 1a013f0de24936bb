/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Administration: the store operations the command line offers (include/sevkit/kbs.h), and
 * the same over HTTP for requests that carry an admin token: a JWT signed with Ed25519
 * (alg EdDSA, as trustee's admin tokens), valid for at most SK_KBS_ADMIN_TOKEN_MAX_LIFE
 * seconds, verified with the key given to the server.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/kbs.h>

#include "crypto/base64.h"
#include "crypto/eddsa.h"
#include "crypto/secure.h"
#include "kbs/jwk.h"
#include "kbs/protocol-internal.h"
#include "kbs/router.h"
#include "kbs/store.h"
#include "util/log.h"

struct sev_kbs_admin {
	struct sk_kbs_store *store;
};

int sev_kbs_admin_open(const char *db, struct sev_kbs_admin **a)
{
	struct sev_kbs_admin *x = calloc(1, sizeof(*x));
	int rc;

	if (!x)
		return -ENOMEM;
	rc = sk_kbs_store_open(db ? db : SEV_KBS_DEFAULT_DB, &x->store);
	if (rc) {
		free(x);
		return rc;
	}
	*a = x;
	return 0;
}

struct sk_kbs_store *sk_kbs_admin_store(struct sev_kbs_admin *a)
{
	return a->store;
}

int sev_kbs_db_migrate(const char *db, int *from, int *to)
{
	struct sk_kbs_store_opts o = { .migrate = true };
	struct sk_kbs_store *s = NULL;
	int rc;

	if (!from || !to)
		return SEV_E_INVALID;
	rc = sk_kbs_store_open_opts(db ? db : SEV_KBS_DEFAULT_DB, &o, from, &s);
	*to = rc ? *from : SK_KBS_SCHEMA_VERSION;
	sk_kbs_store_close(s);
	return rc;
}

void sev_kbs_admin_close(struct sev_kbs_admin *a)
{
	if (!a)
		return;
	sk_kbs_store_close(a->store);
	free(a);
}

static int check_name(const char *name)
{
	return name && sk_kbs_name_ok(name, strlen(name)) ? 0 :
		sk_fail(SEV_E_INVALID, "policy name must be [A-Za-z0-9._-]{1,64}");
}

static int policy_put(struct sk_kbs_store *s, const char *name, const char *text, size_t len)
{
	struct sev_snp_checks c;
	int rc;

	if ((rc = check_name(name)))
		return rc;
	if ((rc = sk_kbs_policy_checks(text, len, &c, NULL)))
		return rc == SEV_E_INVALID ? SEV_E_FORMAT : rc;
	return sk_kbs_policy_put(s, name, text, len);
}

int sev_kbs_policy_put(struct sev_kbs_admin *a, const char *name, const char *text, size_t len)
{
	return policy_put(a->store, name, text, len);
}

int sev_kbs_policy_get(struct sev_kbs_admin *a, const char *name, char **text, size_t *len)
{
	return sk_kbs_policy_get(a->store, name, text, len);
}

int sev_kbs_policy_list(struct sev_kbs_admin *a, int (*cb)(void *ctx, const char *name),
			void *ctx)
{
	return sk_kbs_policy_list(a->store, cb, ctx);
}

int sev_kbs_resource_put(struct sev_kbs_admin *a, const char *path, const uint8_t *value,
			 size_t len, const char *policy)
{
	int rc = check_name(policy);

	return rc ? rc : sk_kbs_resource_put(a->store, path, value, len, policy);
}

int sev_kbs_resource_get(struct sev_kbs_admin *a, const char *path, uint8_t **value,
			 size_t *len, char **policy)
{
	return sk_kbs_resource_get(a->store, path, value, len, policy);
}

int sev_kbs_resource_list(struct sev_kbs_admin *a,
			  int (*cb)(void *ctx, const char *path, const char *policy), void *ctx)
{
	return sk_kbs_resource_list(a->store, cb, ctx);
}

int sev_kbs_resource_delete(struct sev_kbs_admin *a, const char *path)
{
	return sk_kbs_resource_delete(a->store, path);
}

int sev_kbs_token_key(struct sev_kbs_admin *a, char **jwk)
{
	json_t *priv = NULL, *pub;
	int rc = sk_kbs_token_key_load(a->store, NULL, 0, &priv);

	if (rc)
		return rc;
	pub = sk_kbs_jwk_public(priv);
	json_decref(priv);
	if (pub)
		json_object_set_new(pub, "alg", json_string("ES256"));
	*jwk = pub ? json_dumps(pub, JSON_INDENT(2)) : NULL;
	json_decref(pub);
	return *jwk ? 0 : -ENOMEM;
}

struct audit_fwd {
	int (*cb)(void *ctx, const struct sev_kbs_audit_entry *e);
	void *ctx;
};

static int audit_one(void *ctx, const struct sk_kbs_audit *a, int64_t seq)
{
	struct audit_fwd *f = ctx;
	struct sev_kbs_audit_entry e = { seq, a->time, a->session, a->chip_id, a->measurement,
					 a->resource, a->verdict, a->reason };

	return f->cb(f->ctx, &e);
}

int sev_kbs_audit_list(struct sev_kbs_admin *a,
		       int (*cb)(void *ctx, const struct sev_kbs_audit_entry *e), void *ctx)
{
	struct audit_fwd f = { cb, ctx };

	return sk_kbs_audit_list(a->store, audit_one, &f);
}

void sev_kbs_secret_free(void *p)
{
	sk_secret_free(p);
}

/* ---- over HTTP --------------------------------------------------------------------------- */

/* base64url without padding -> bytes */
static int b64url(const char *s, size_t n, uint8_t **out, size_t *len)
{
	char *t = malloc(n + 4);
	size_t m = n;
	int rc;

	if (!t)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		t[i] = s[i] == '-' ? '+' : s[i] == '_' ? '/' : s[i];
	while (m % 4)
		t[m++] = '=';
	rc = sk_base64_try_decode(t, m, out, len);
	free(t);
	return rc;
}

static json_t *b64url_json(const char *s, size_t n)
{
	uint8_t *b = NULL;
	size_t len = 0;
	json_t *v = NULL;

	if (!b64url(s, n, &b, &len))
		v = json_loadb((const char *)b, len, JSON_REJECT_DUPLICATES, NULL);
	free(b);
	return v;
}

/* The admin token: signature, alg, and a short validity that has not passed. */
static int admin_token_ok(const struct sk_kbs_ctx *c, const struct sk_kbs_route *rt,
			  int64_t now, const char **why)
{
	const char *t = rt->bearer, *d1, *d2;
	json_t *hdr = NULL, *claims = NULL;
	uint8_t *sig = NULL;
	size_t sig_len = 0;
	int rc = SEV_E_VERIFY;

	*why = "no admin token (Authorization: Bearer)";
	if (!t)
		return rc;
	*why = "admin token: not a JWS";
	d1 = memchr(t, '.', rt->bearer_len);
	d2 = d1 ? memchr(d1 + 1, '.', rt->bearer_len - (size_t)(d1 + 1 - t)) : NULL;
	if (!d2 || memchr(d2 + 1, '.', rt->bearer_len - (size_t)(d2 + 1 - t)))
		return rc;
	hdr = b64url_json(t, (size_t)(d1 - t));
	claims = b64url_json(d1 + 1, (size_t)(d2 - d1 - 1));
	if (!json_is_object(hdr) || !json_is_object(claims) ||
	    b64url(d2 + 1, rt->bearer_len - (size_t)(d2 + 1 - t), &sig, &sig_len))
		goto done;
	*why = "admin token: alg must be EdDSA";
	if (!json_is_string(json_object_get(hdr, "alg")) ||
	    strcmp(json_string_value(json_object_get(hdr, "alg")), "EdDSA"))
		goto done;
	*why = "admin token: bad signature";
	if (sk_ed25519_verify(c->admin_key, c->admin_key_len, t, (size_t)(d2 - t), sig, sig_len))
		goto done;
	*why = "admin token: needs exp, not passed, at most 600 s ahead";
	if (!json_is_integer(json_object_get(claims, "exp")))
		goto done;
	json_int_t exp = json_integer_value(json_object_get(claims, "exp"));
	if (exp <= now || exp > now + SK_KBS_ADMIN_TOKEN_MAX_LIFE)
		goto done;
	rc = 0;
done:
	free(sig);
	json_decref(hdr);
	json_decref(claims);
	return rc;
}

static void put_resource(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, const char *body,
			 size_t len, struct sk_kbs_response *out)
{
	json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	const char *policy = json_string_value(json_object_get(doc, "policy"));
	const char *value = json_string_value(json_object_get(doc, "value"));
	uint8_t *v = NULL;
	size_t n = 0;
	int rc;

	if (!policy || !value || json_object_size(doc) != 2 ||
	    sk_base64_try_decode(value, strlen(value), &v, &n)) {
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST,
				       "body must be {\"policy\": NAME, \"value\": base64}");
	} else if ((rc = check_name(policy)) ||
		   (rc = sk_kbs_resource_put(c->store, rt->path, v, n, policy))) {
		sk_kbs_respond_problem(out, rc == -ENOENT ? SK_KBS_P_NOT_FOUND :
				       SK_KBS_P_INVALID_REQUEST, rc == -ENOENT ?
				       "no such policy" : "cannot store the resource");
	} else {
		out->status = 204;
	}
	if (v)
		sk_wipe_free(v, n);
	json_decref(doc);
}

static int audit_json(void *ctx, const struct sk_kbs_audit *a, int64_t seq)
{
	return json_array_append_new(ctx, json_pack(
		"{s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "seq", (json_int_t)seq, "time",
		(json_int_t)a->time, "session", a->session, "chip_id", a->chip_id, "measurement",
		a->measurement, "resource", a->resource, "verdict", a->verdict, "reason",
		a->reason)) ? -ENOMEM : 0;
}

void sk_kbs_admin_handle(struct sk_kbs_ctx *c, const struct sk_kbs_route *rt, const char *body,
			 size_t len, int64_t now, struct sk_kbs_response *out)
{
	const char *why;
	json_t *list;
	int rc;

	if (!c->admin_key) {
		sk_kbs_respond_problem(out, SK_KBS_P_NOT_FOUND, "the admin API is off");
		return;
	}
	if (admin_token_ok(c, rt, now, &why)) {
		sk_kbs_respond_problem(out, SK_KBS_P_ADMIN_DENIED, why);
		return;
	}
	switch (rt->ep) {
	case SK_KBS_EP_ADMIN_POLICY:
		rc = policy_put(c->store, rt->path, body, len);
		if (rc)
			sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST,
					       "not a policy file or a reference document");
		else
			out->status = 204;
		break;
	case SK_KBS_EP_ADMIN_DELETE:
		rc = sk_kbs_resource_delete(c->store, rt->path);
		if (rc)
			sk_kbs_respond_problem(out, SK_KBS_P_NOT_FOUND, "no such resource");
		else
			out->status = 204;
		break;
	case SK_KBS_EP_ADMIN_RESOURCE:
		put_resource(c, rt, body, len, out);
		break;
	default:
		list = json_array();
		if (!list || sk_kbs_audit_list(c->store, audit_json, list)) {
			json_decref(list);
			sk_kbs_respond_problem(out, SK_KBS_P_INTERNAL, "cannot read the audit log");
			return;
		}
		out->body = json_dumps(list, JSON_COMPACT);
		json_decref(list);
		out->status = out->body ? 200 : 500;
		out->len = out->body ? strlen(out->body) : 0;
		out->content_type = "application/json";
	}
}
