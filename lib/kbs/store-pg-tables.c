/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PostgreSQL store's policies, resources (secrets), audit log, named keys and VCEK
 * cache. Lists read every row first and call back after the connection is given back, so a
 * callback may call the store again without waiting for a connection it holds itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "kbs/store-pg.h"
#include "util/log.h"

int pg_policy_put(struct sk_kbs_store *s, const char *name, const char *json, size_t len)
{
	struct pg_params p = { 0 };
	char *text = strndup(json, len);
	int rc;

	if (!text)
		return -ENOMEM;
	pg_param_text(&p, name);
	pg_param_text(&p, text);
	rc = pg_run(s, "storing a policy", "INSERT INTO policies(name, json) VALUES($1, $2)"
		    " ON CONFLICT(name) DO UPDATE SET json = excluded.json", &p, 0, NULL);
	free(text);
	return rc;
}

int pg_policy_get(struct sk_kbs_store *s, const char *name, char **json, size_t *len)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int rc;

	pg_param_text(&p, name);
	if ((rc = pg_query(s, "reading a policy", "SELECT json FROM policies WHERE name = $1", &p,
			   false, &r)))
		return rc;
	rc = -ENOENT;
	if (PQntuples(r) == 1) {
		*len = (size_t)PQgetlength(r, 0, 0);
		*json = strdup(PQgetvalue(r, 0, 0));
		rc = *json ? 0 : -ENOMEM;
	}
	PQclear(r);
	return rc;
}

/* Each row's first column (and second, or NULL when null) to cb; nonzero stops. */
static int each_row(PGresult *r, int (*cb)(void *ctx, const char *a, const char *b), void *ctx)
{
	int rc = 0;

	for (int i = 0; !rc && i < PQntuples(r); i++)
		rc = cb(ctx, PQgetvalue(r, i, 0),
			PQnfields(r) > 1 && !PQgetisnull(r, i, 1) ? PQgetvalue(r, i, 1) : NULL);
	PQclear(r);
	return rc;
}

struct name_cb {
	int (*cb)(void *ctx, const char *name);
	void *ctx;
};

static int one_name(void *ctx, const char *a, const char *b)
{
	struct name_cb *n = ctx;

	(void)b;
	return n->cb(n->ctx, a);
}

int pg_policy_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *name), void *ctx)
{
	struct name_cb n = { cb, ctx };
	PGresult *r;
	int rc = pg_query(s, "listing policies", "SELECT name FROM policies"
			  " ORDER BY name COLLATE \"C\"", NULL, false, &r);

	return rc ? rc : each_row(r, one_name, &n);
}

static int delete_row(struct sk_kbs_store *s, const char *what, const char *sql,
		      const char *key, int fk)
{
	struct pg_params p = { 0 };
	int64_t n = 0;
	int rc;

	pg_param_text(&p, key);
	rc = pg_run(s, what, sql, &p, fk, &n);
	return !rc && n == 0 ? -ENOENT : rc;
}

int pg_policy_delete(struct sk_kbs_store *s, const char *name)
{
	/* the foreign key of resources(policy) refuses to orphan a resource */
	return delete_row(s, "deleting a policy", "DELETE FROM policies WHERE name = $1", name,
			  -EBUSY);
}

int pg_resource_put(struct sk_kbs_store *s, const char *path, const uint8_t *value, size_t len,
		    const char *policy)
{
	struct pg_params p = { 0 };

	pg_param_text(&p, path);
	pg_param_bin(&p, value, len);
	pg_param_text(&p, policy);
	return pg_run(s, "storing a resource", "INSERT INTO resources(path, value, policy)"
		      " VALUES($1, $2, $3) ON CONFLICT(path) DO UPDATE SET value = excluded.value,"
		      " policy = excluded.policy", &p, -ENOENT, NULL);
}

/* Row 0's value (binary column 0) into secret memory. */
static int take_value(const PGresult *r, uint8_t **value, size_t *len)
{
	size_t n = (size_t)PQgetlength(r, 0, 0);

	if (!(*value = sk_secret_alloc(n ? n : 1)))
		return -ENOMEM;
	memcpy(*value, PQgetvalue(r, 0, 0), n);
	*len = n;
	return 0;
}

int pg_resource_get(struct sk_kbs_store *s, const char *path, uint8_t **value, size_t *len,
		    char **policy)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int rc;

	pg_param_text(&p, path);
	/* binary results: the value as bytes; the policy's text is the same in both formats */
	if ((rc = pg_query(s, "reading a resource", value ? "SELECT value, policy FROM resources"
			   " WHERE path = $1" : "SELECT NULL::bytea, policy FROM resources"
			   " WHERE path = $1", &p, true, &r)))
		return rc;
	rc = PQntuples(r) != 1 ? -ENOENT : value ? take_value(r, value, len) : 0;
	if (!rc && policy && !(*policy = strdup(PQgetvalue(r, 0, 1)))) {
		if (value) {
			sk_secret_free(*value);
			*value = NULL;
		}
		rc = -ENOMEM;
	}
	pg_clear_secret(r);
	return rc;
}

struct resource_cb {
	int (*cb)(void *ctx, const char *path, const char *policy);
	void *ctx;
};

static int one_resource(void *ctx, const char *a, const char *b)
{
	struct resource_cb *x = ctx;

	return x->cb(x->ctx, a, b);
}

int pg_resource_list(struct sk_kbs_store *s,
		     int (*cb)(void *ctx, const char *path, const char *policy), void *ctx)
{
	struct resource_cb x = { cb, ctx };
	PGresult *r;
	int rc = pg_query(s, "listing resources", "SELECT path, policy FROM resources"
			  " ORDER BY path COLLATE \"C\"", NULL, false, &r);

	return rc ? rc : each_row(r, one_resource, &x);
}

int pg_resource_delete(struct sk_kbs_store *s, const char *path)
{
	return delete_row(s, "deleting a resource", "DELETE FROM resources WHERE path = $1", path,
			  0);
}

static const char audit_insert[] = "INSERT INTO audit(time, session, chip_id, measurement,"
				   " resource, verdict, reason) VALUES($1, $2, $3, $4, $5, $6, $7)";

static void audit_params(struct pg_params *p, char t[24], const struct sk_kbs_audit *a)
{
	pg_param_i64(p, t, a->time);
	pg_param_text(p, a->session);
	pg_param_text(p, a->chip_id);
	pg_param_text(p, a->measurement);
	pg_param_text(p, a->resource);
	pg_param_text(p, a->verdict);
	pg_param_text(p, a->reason);
}

int pg_audit_append(struct sk_kbs_store *s, const struct sk_kbs_audit *a)
{
	struct pg_params p = { 0 };
	char t[24];

	audit_params(&p, t, a);
	return pg_run(s, "appending to the audit log", audit_insert, &p, 0, NULL);
}

/* Inside the release's transaction: the row, locked against change until the commit. */
static int release_read(struct pg_conn *c, const char *path,
			const char *policy, uint8_t **value, size_t *len)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int rc;

	pg_param_text(&p, path);
	if ((rc = pg_exec(c, "reading a resource", "SELECT value, policy FROM resources"
			  " WHERE path = $1 FOR SHARE", &p, true, 0, &r)))
		return rc;
	if (PQntuples(r) != 1)
		rc = -ENOENT;
	else if (strcmp(PQgetvalue(r, 0, 1), policy) != 0)
		rc = -ESTALE;
	else
		rc = take_value(r, value, len);
	pg_clear_secret(r);
	return rc;
}

static int exec_simple(struct pg_conn *c, const char *what, const char *sql,
		       const struct pg_params *p)
{
	PGresult *r;
	int rc = pg_exec(c, what, sql, p, false, 0, &r);

	PQclear(r);
	return rc;
}

int pg_resource_release(struct sk_kbs_store *s, const char *path, const char *policy,
			const struct sk_kbs_audit *a, uint8_t **value, size_t *len)
{
	struct pg_store *st = pg_of(s);
	struct pg_params p = { 0 };
	struct pg_conn *c;
	char t[24];
	int rc = pg_conn_get(st, &c);

	if (rc)
		return rc;
	audit_params(&p, t, a);
	rc = exec_simple(c, "starting a transaction", "BEGIN", NULL);
	if (!rc)
		rc = release_read(c, path, policy, value, len);
	if (!rc)
		rc = exec_simple(c, "appending to the audit log", audit_insert, &p);
	/* a COMMIT that fails, or whose answer is lost, releases nothing */
	if (!rc)
		rc = exec_simple(c, "committing a release", "COMMIT", NULL);
	if (rc) {
		sk_secret_free(*value);
		*value = NULL;
		*len = 0;
	}
	pg_conn_put(st, c); /* rolls back what is still open */
	return rc;
}

struct audit_cb {
	int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq);
	void *ctx;
};

static const char *text_or_null(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

int pg_audit_list(struct sk_kbs_store *s,
		  int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq), void *ctx)
{
	PGresult *r;
	int rc = pg_query(s, "reading the audit log", "SELECT seq, time, session, chip_id,"
			  " measurement, resource, verdict, reason FROM audit ORDER BY seq", NULL,
			  false, &r);

	for (int i = 0; !rc && i < PQntuples(r); i++) {
		struct sk_kbs_audit a = {
			.time = pg_i64(r, i, 1),
			.session = text_or_null(r, i, 2),
			.chip_id = text_or_null(r, i, 3),
			.measurement = text_or_null(r, i, 4),
			.resource = text_or_null(r, i, 5),
			.verdict = text_or_null(r, i, 6),
			.reason = text_or_null(r, i, 7),
		};

		rc = cb(ctx, &a, pg_i64(r, i, 0));
	}
	PQclear(r);
	return rc;
}

int pg_key_get(struct sk_kbs_store *s, const char *name, char **value)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int rc;

	pg_param_text(&p, name);
	if ((rc = pg_query(s, "reading a key", "SELECT value FROM keys WHERE name = $1", &p,
			   false, &r)))
		return rc;
	rc = -ENOENT;
	if (PQntuples(r) == 1) {
		size_t n = (size_t)PQgetlength(r, 0, 0);

		/* zeroed memory: already NUL-terminated */
		rc = (*value = sk_secret_alloc(n + 1)) ? 0 : -ENOMEM;
		if (!rc)
			memcpy(*value, PQgetvalue(r, 0, 0), n);
	}
	pg_clear_secret(r);
	return rc;
}

int pg_key_put_if_absent(struct sk_kbs_store *s, const char *name, const char *value)
{
	struct pg_params p = { 0 };
	int64_t n = 0;
	int rc;

	pg_param_text(&p, name);
	pg_param_text(&p, value);
	rc = pg_run(s, "storing a key", "INSERT INTO keys(name, value) VALUES($1, $2)"
		    " ON CONFLICT(name) DO NOTHING", &p, 0, &n);
	return !rc && n == 0 ? -EEXIST : rc; /* DO NOTHING: an earlier writer's value stays */
}

int pg_vcek_put(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb, const uint8_t *certs,
		size_t len)
{
	struct pg_params p = { 0 };
	char t[24];

	pg_param_text(&p, chip_hex);
	pg_param_i64(&p, t, (int64_t)tcb);
	pg_param_bin(&p, certs, len);
	return pg_run(s, "storing a VCEK", "INSERT INTO vcek(chip, tcb, certs) VALUES($1, $2, $3)"
		      " ON CONFLICT(chip, tcb) DO UPDATE SET certs = excluded.certs", &p, 0, NULL);
}

int pg_vcek_get(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb, uint8_t **certs,
		size_t *len)
{
	struct pg_params p = { 0 };
	PGresult *r;
	char t[24];
	int rc;

	pg_param_text(&p, chip_hex);
	pg_param_i64(&p, t, (int64_t)tcb);
	if ((rc = pg_query(s, "reading a VCEK", "SELECT certs FROM vcek WHERE chip = $1"
			   " AND tcb = $2", &p, true, &r)))
		return rc;
	rc = -ENOENT;
	if (PQntuples(r) == 1) {
		*len = (size_t)PQgetlength(r, 0, 0);
		rc = (*certs = malloc(*len ? *len : 1)) ? 0 : -ENOMEM;
		if (!rc)
			memcpy(*certs, PQgetvalue(r, 0, 0), *len);
	}
	PQclear(r);
	return rc;
}

int pg_vcek_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb),
		 void *ctx)
{
	PGresult *r;
	int rc = pg_query(s, "listing VCEKs", "SELECT chip, tcb FROM vcek"
			  " ORDER BY chip COLLATE \"C\", tcb", NULL, false, &r);

	for (int i = 0; !rc && i < PQntuples(r); i++)
		rc = cb(ctx, PQgetvalue(r, i, 0), (uint64_t)pg_i64(r, i, 1));
	PQclear(r);
	return rc;
}
