/* SPDX-License-Identifier: Apache-2.0 */
/* The store interface: the argument checks every back end shares. */
#include "kbs/store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

void sk_kbs_store_close(struct sk_kbs_store *s)
{
	if (s)
		s->ops->close(s);
}

/* [A-Za-z0-9._-]{1,64}, not "." or "..", ending at end (a NUL or a '/') */
static bool part_ok(const char *p, const char **end)
{
	size_t n = 0;

	for (; *p && *p != '/'; p++, n++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

		if (!ok || n >= 64)
			return false;
	}
	*end = p;
	if (n == 0)
		return false;
	return !(n == 1 && p[-1] == '.') && !(n == 2 && p[-1] == '.' && p[-2] == '.');
}

static bool name_ok(const char *name)
{
	const char *end;

	return name && part_ok(name, &end) && *end == '\0';
}

bool sk_kbs_resource_path_ok(const char *path)
{
	const char *p = path;

	if (!path)
		return false;
	for (int i = 0; i < 3; i++) {
		if (!part_ok(p, &p))
			return false;
		if (i < 2 && *p++ != '/')
			return false;
	}
	return *p == '\0';
}

static int bad_name(const char *what, const char *name)
{
	if (!name)
		return sk_fail(SEV_E_INVALID, "no %s given", what);
	return sk_fail(SEV_E_INVALID, "%s '%.80s' is not valid", what, name);
}

/* Exactly len lowercase hex digits: a session id (32), a chip id (128). */
static bool lower_hex_ok(const char *s, size_t len)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++)
		if (n >= len || !((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == len;
}

static bool session_id_ok(const char *id)
{
	return lower_hex_ok(id, 32);
}

/* A C string no longer than max (a NULL is fine when null_ok). */
static bool text_ok(const char *t, size_t max, bool null_ok)
{
	return t ? strnlen(t, max + 1) <= max : null_ok;
}

int sk_kbs_session_create(struct sk_kbs_store *s, const struct sk_kbs_session *in)
{
	if (!s || !in)
		return SEV_E_INVALID;
	if (!session_id_ok(in->id))
		return bad_name("session id", in->id);
	if (!memchr(in->nonce, 0, sizeof(in->nonce)) || in->nonce[0] == '\0' ||
	    !memchr(in->hash_alg, 0, sizeof(in->hash_alg)) || in->hash_alg[0] == '\0')
		return sk_fail(SEV_E_INVALID, "session %s: no nonce or hash algorithm", in->id);
	if (!text_ok(in->token, SK_KBS_SESSION_TOKEN_MAX, true))
		return sk_fail(SEV_E_TOOBIG, "session %s: token too long", in->id);
	return s->ops->session_create(s, in);
}

int sk_kbs_session_consume(struct sk_kbs_store *s, const char *id, const char *nonce, int64_t now,
			   enum sk_kbs_consume *why, struct sk_kbs_session *out)
{
	if (!s || !why || !nonce)
		return SEV_E_INVALID;
	if (out)
		memset(out, 0, sizeof(*out));
	if (!session_id_ok(id)) {
		/* a client sends the id: no such session, not a caller's mistake */
		*why = SK_KBS_NO_SESSION;
		return SEV_E_VERIFY;
	}
	return s->ops->session_consume(s, id, nonce, now, why, out);
}

int sk_kbs_session_set_token(struct sk_kbs_store *s, const char *id, const char *token)
{
	if (!s || !token)
		return SEV_E_INVALID;
	if (!session_id_ok(id))
		return bad_name("session id", id);
	if (!text_ok(token, SK_KBS_SESSION_TOKEN_MAX, false))
		return sk_fail(SEV_E_TOOBIG, "session %s: token too long", id);
	return s->ops->session_set_token(s, id, token);
}

int sk_kbs_session_get(struct sk_kbs_store *s, const char *id, int64_t now,
		       struct sk_kbs_session *out)
{
	if (!s || !out)
		return SEV_E_INVALID;
	memset(out, 0, sizeof(*out));
	if (!session_id_ok(id))
		return -ENOENT; /* as for consume: a client's id that names nothing */
	return s->ops->session_get(s, id, now, out);
}

void sk_kbs_session_clear(struct sk_kbs_session *x)
{
	if (!x)
		return;
	free(x->token);
	memset(x, 0, sizeof(*x));
}

int sk_kbs_session_purge(struct sk_kbs_store *s, int64_t now)
{
	if (!s)
		return SEV_E_INVALID;
	return s->ops->session_purge(s, now);
}

int sk_kbs_policy_put(struct sk_kbs_store *s, const char *name, const char *json, size_t len)
{
	if (!s || !json)
		return SEV_E_INVALID;
	if (!name_ok(name))
		return bad_name("policy name", name);
	if (len > SK_KBS_POLICY_MAX)
		return sk_fail(SEV_E_TOOBIG, "policy %s: %zu bytes, more than %u", name, len,
			       SK_KBS_POLICY_MAX);
	if (memchr(json, 0, len))
		return sk_fail(SEV_E_INVALID, "policy %s: contains a NUL byte", name);
	return s->ops->policy_put(s, name, json, len);
}

int sk_kbs_policy_get(struct sk_kbs_store *s, const char *name, char **json, size_t *len)
{
	if (!s || !json || !len)
		return SEV_E_INVALID;
	*json = NULL;
	*len = 0;
	if (!name_ok(name))
		return bad_name("policy name", name);
	return s->ops->policy_get(s, name, json, len);
}

int sk_kbs_policy_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *name), void *ctx)
{
	if (!s || !cb)
		return SEV_E_INVALID;
	return s->ops->policy_list(s, cb, ctx);
}

int sk_kbs_policy_delete(struct sk_kbs_store *s, const char *name)
{
	if (!s)
		return SEV_E_INVALID;
	if (!name_ok(name))
		return bad_name("policy name", name);
	return s->ops->policy_delete(s, name);
}

int sk_kbs_resource_put(struct sk_kbs_store *s, const char *path, const uint8_t *value,
			size_t len, const char *policy)
{
	if (!s || (!value && len))
		return SEV_E_INVALID;
	if (!sk_kbs_resource_path_ok(path))
		return bad_name("resource path", path);
	if (!name_ok(policy))
		return bad_name("policy name", policy);
	if (len > SK_KBS_VALUE_MAX)
		return sk_fail(SEV_E_TOOBIG, "resource %s: %zu bytes, more than %u", path, len,
			       SK_KBS_VALUE_MAX);
	return s->ops->resource_put(s, path, value ? value : (const uint8_t *)"", len, policy);
}

int sk_kbs_resource_get(struct sk_kbs_store *s, const char *path, uint8_t **value, size_t *len,
			char **policy)
{
	if (!s || !value != !len || (!value && !policy))
		return SEV_E_INVALID;
	if (value) {
		*value = NULL;
		*len = 0;
	}
	if (policy)
		*policy = NULL;
	if (!sk_kbs_resource_path_ok(path))
		return bad_name("resource path", path);
	return s->ops->resource_get(s, path, value, len, policy);
}

int sk_kbs_resource_list(struct sk_kbs_store *s,
			 int (*cb)(void *ctx, const char *path, const char *policy), void *ctx)
{
	if (!s || !cb)
		return SEV_E_INVALID;
	return s->ops->resource_list(s, cb, ctx);
}

int sk_kbs_resource_delete(struct sk_kbs_store *s, const char *path)
{
	if (!s)
		return SEV_E_INVALID;
	if (!sk_kbs_resource_path_ok(path))
		return bad_name("resource path", path);
	return s->ops->resource_delete(s, path);
}

static int audit_ok(const struct sk_kbs_audit *a)
{
	const char *t[] = { a->session, a->chip_id, a->measurement, a->resource, a->reason };

	if (!a->verdict || !a->verdict[0])
		return sk_fail(SEV_E_INVALID, "audit row without a verdict");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!text_ok(t[i], SK_KBS_AUDIT_TEXT_MAX, true))
			return sk_fail(SEV_E_TOOBIG, "audit row: a field is over %u bytes",
				       SK_KBS_AUDIT_TEXT_MAX);
	if (!text_ok(a->verdict, 64, false))
		return sk_fail(SEV_E_TOOBIG, "audit row: verdict too long");
	return 0;
}

int sk_kbs_audit_append(struct sk_kbs_store *s, const struct sk_kbs_audit *a)
{
	int rc;

	if (!s || !a)
		return SEV_E_INVALID;
	if ((rc = audit_ok(a)))
		return rc;
	return s->ops->audit_append(s, a);
}

int sk_kbs_resource_release(struct sk_kbs_store *s, const char *path, const char *policy,
			    const struct sk_kbs_audit *a, uint8_t **value, size_t *len)
{
	int rc;

	if (!s || !a || !value || !len)
		return SEV_E_INVALID;
	*value = NULL;
	*len = 0;
	if (!sk_kbs_resource_path_ok(path))
		return bad_name("resource path", path);
	if (!name_ok(policy))
		return bad_name("policy name", policy);
	if ((rc = audit_ok(a)))
		return rc;
	return s->ops->resource_release(s, path, policy, a, value, len);
}

int sk_kbs_audit_list(struct sk_kbs_store *s,
		      int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq), void *ctx)
{
	if (!s || !cb)
		return SEV_E_INVALID;
	return s->ops->audit_list(s, cb, ctx);
}

int sk_kbs_key_get(struct sk_kbs_store *s, const char *name, char **value)
{
	if (!s || !value)
		return SEV_E_INVALID;
	*value = NULL;
	if (!name_ok(name))
		return bad_name("key name", name);
	return s->ops->key_get(s, name, value);
}

int sk_kbs_key_put_if_absent(struct sk_kbs_store *s, const char *name, const char *value)
{
	if (!s || !value)
		return SEV_E_INVALID;
	if (!name_ok(name))
		return bad_name("key name", name);
	if (!text_ok(value, SK_KBS_KEY_MAX, false))
		return sk_fail(SEV_E_TOOBIG, "key %s: value over %u bytes", name, SK_KBS_KEY_MAX);
	return s->ops->key_put_if_absent(s, name, value);
}

int sk_kbs_store_ping(struct sk_kbs_store *s)
{
	return s ? s->ops->ping(s) : SEV_E_INVALID;
}

void sk_kbs_store_pool_stats(struct sk_kbs_store *s, struct sk_kbs_pool_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (s)
		s->ops->pool_stats(s, out);
}

static bool chip_ok(const char *chip)
{
	return lower_hex_ok(chip, 128);
}

int sk_kbs_vcek_put(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb,
		    const uint8_t *certs, size_t len)
{
	if (!s || !certs || !len)
		return SEV_E_INVALID;
	if (!chip_ok(chip_hex))
		return sk_fail(SEV_E_INVALID, "a chip id is 128 lowercase hex digits");
	if (len > SK_KBS_VCEK_CERTS_MAX)
		return sk_fail(SEV_E_TOOBIG, "VCEK certificates: over %u bytes",
			       SK_KBS_VCEK_CERTS_MAX);
	return s->ops->vcek_put(s, chip_hex, tcb, certs, len);
}

int sk_kbs_vcek_get(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb,
		    uint8_t **certs, size_t *len)
{
	if (!s || !certs || !len)
		return SEV_E_INVALID;
	*certs = NULL;
	*len = 0;
	if (!chip_ok(chip_hex))
		return sk_fail(SEV_E_INVALID, "a chip id is 128 lowercase hex digits");
	return s->ops->vcek_get(s, chip_hex, tcb, certs, len);
}

int sk_kbs_vcek_list(struct sk_kbs_store *s,
		     int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb), void *ctx)
{
	if (!s || !cb)
		return SEV_E_INVALID;
	return s->ops->vcek_list(s, cb, ctx);
}
