/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite store's policies, resources (secrets), audit log and named keys. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "kbs/store-sqlite.h"

int sq_policy_put(struct sk_kbs_store *s, const char *name, const char *json, size_t len)
{
	struct op o;
	int rc = sq_op_start(s, ST_POLICY_PUT, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, name);
	sqlite3_bind_text(o.q, 2, json, (int)len, SQLITE_STATIC);
	rc = sq_op_write(&o, "storing a policy", 0);
	sq_op_end(&o);
	return rc;
}

int sq_policy_get(struct sk_kbs_store *s, const char *name, char **json, size_t *len)
{
	struct op o;
	int rc = sq_op_start(s, ST_POLICY_GET, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, name);
	rc = sqlite3_step(o.q);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(o.q, 0);
		size_t n = (size_t)sqlite3_column_bytes(o.q, 0);

		rc = -ENOMEM;
		if ((*json = malloc(n + 1))) {
			memcpy(*json, t ? (const char *)t : "", n);
			(*json)[n] = '\0';
			*len = n;
			rc = 0;
		}
	} else {
		rc = rc == SQLITE_DONE ? -ENOENT : sq_db_fail(o.st, o.c->db, "reading a policy");
	}
	sq_op_end(&o);
	return rc;
}

/* Step a listing, handing each row to each(); a nonzero return stops it. */

struct name_cb {
	int (*cb)(void *ctx, const char *name);
	void *ctx;
};

static int each_name(sqlite3_stmt *q, void *arg)
{
	struct name_cb *n = arg;

	return n->cb(n->ctx, (const char *)sqlite3_column_text(q, 0));
}

int sq_policy_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *name),
			  void *ctx)
{
	struct name_cb n = { cb, ctx };

	return sq_list_rows(s, ST_POLICY_LIST, "listing policies", each_name, &n);
}

int sq_policy_delete(struct sk_kbs_store *s, const char *name)
{
	/* the foreign key of resources(policy) refuses to orphan a resource */
	return sq_delete_row(s, ST_POLICY_DELETE, name, "deleting a policy", -EBUSY);
}

int sq_resource_put(struct sk_kbs_store *s, const char *path, const uint8_t *value,
			   size_t len, const char *policy)
{
	struct op o;
	int rc = sq_op_start(s, ST_RESOURCE_PUT, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, path);
	/* SQLITE_STATIC: no copy of the secret of ours; sq_done() drops the reference */
	sqlite3_bind_blob(o.q, 2, value, (int)len, SQLITE_STATIC);
	sq_bind_text(o.q, 3, policy);
	/* the foreign key refuses a policy that does not exist */
	rc = sq_op_write(&o, "storing a resource", -ENOENT);
	sq_op_end(&o);
	return rc;
}

/* The current row's value (column 0) into secret memory. */
static int copy_value(sqlite3_stmt *q, uint8_t **value, size_t *len)
{
	size_t n = (size_t)sqlite3_column_bytes(q, 0);

	if (!(*value = sk_secret_alloc(n ? n : 1)))
		return -ENOMEM;
	if (n)
		memcpy(*value, sqlite3_column_blob(q, 0), n);
	*len = n;
	return 0;
}

int sq_resource_get(struct sk_kbs_store *s, const char *path, uint8_t **value,
			   size_t *len, char **policy)
{
	struct op o;
	int rc = sq_op_start(s, ST_RESOURCE_GET, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, path);
	rc = sqlite3_step(o.q);
	if (rc == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_text(o.q, 1);

		rc = value ? copy_value(o.q, value, len) : 0;
		if (!rc && policy && !(*policy = strdup(p ? (const char *)p : ""))) {
			if (value) {
				sk_secret_free(*value);
				*value = NULL;
			}
			rc = -ENOMEM;
		}
	} else {
		rc = rc == SQLITE_DONE ? -ENOENT : sq_db_fail(o.st, o.c->db, "reading a resource");
	}
	sq_op_end(&o);
	return rc;
}

/* Inside the release's transaction: the value, if the policy is still the one evaluated. */
static int release_read(struct sqlite_store *st, struct conn *c, const char *path,
			const char *policy, uint8_t **value, size_t *len)
{
	sqlite3_stmt *q = sq_stmt(st, c, ST_RESOURCE_GET);
	int rc;

	if (!q)
		return SEV_E_DEVICE;
	sq_bind_text(q, 1, path);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? -ENOENT : sq_db_fail(st, c->db, "reading a resource");
	} else if (strcmp((const char *)sqlite3_column_text(q, 1), policy) != 0) {
		rc = -ESTALE;
	} else {
		rc = copy_value(q, value, len);
	}
	sq_done(q);
	return rc;
}

int sq_resource_release(struct sk_kbs_store *s, const char *path, const char *policy,
			const struct sk_kbs_audit *a, uint8_t **value, size_t *len)
{
	struct sqlite_store *st = sq_of(s);
	struct conn *c;
	sqlite3_stmt *q;
	int rc = sq_conn_get(st, &c);

	if (rc)
		return rc;
	/* BEGIN IMMEDIATE: nobody changes the row between the read and the audit row */
	if (!(rc = sq_begin(st, c)))
		rc = release_read(st, c, path, policy, value, len);
	if (!rc && !(q = sq_stmt(st, c, ST_AUDIT_INSERT)))
		rc = SEV_E_DEVICE;
	if (!rc) {
		sq_bind_audit(q, a);
		if (sqlite3_step(q) != SQLITE_DONE)
			rc = sq_db_fail(st, c->db, "appending to the audit log");
		sq_done(q);
	}
	if (!rc)
		rc = sq_commit(st, c);
	if (rc) {
		sq_rollback(st, c);
		sk_secret_free(*value);
		*value = NULL;
		*len = 0;
	}
	sq_conn_put(st, c);
	return rc;
}

struct resource_cb {
	int (*cb)(void *ctx, const char *path, const char *policy);
	void *ctx;
};

static int each_resource(sqlite3_stmt *q, void *arg)
{
	struct resource_cb *r = arg;

	return r->cb(r->ctx, (const char *)sqlite3_column_text(q, 0),
		     (const char *)sqlite3_column_text(q, 1));
}

int sq_resource_list(struct sk_kbs_store *s,
			    int (*cb)(void *ctx, const char *path, const char *policy), void *ctx)
{
	struct resource_cb r = { cb, ctx };

	return sq_list_rows(s, ST_RESOURCE_LIST, "listing resources", each_resource, &r);
}

int sq_resource_delete(struct sk_kbs_store *s, const char *path)
{
	return sq_delete_row(s, ST_RESOURCE_DELETE, path, "deleting a resource", 0);
}

void sq_bind_audit(sqlite3_stmt *q, const struct sk_kbs_audit *a)
{
	sqlite3_bind_int64(q, 1, a->time);
	sq_bind_text(q, 2, a->session);
	sq_bind_text(q, 3, a->chip_id);
	sq_bind_text(q, 4, a->measurement);
	sq_bind_text(q, 5, a->resource);
	sq_bind_text(q, 6, a->verdict);
	sq_bind_text(q, 7, a->reason);
}

int sq_audit_append(struct sk_kbs_store *s, const struct sk_kbs_audit *a)
{
	struct op o;
	int rc = sq_op_start(s, ST_AUDIT_INSERT, &o);

	if (rc)
		return rc;
	sq_bind_audit(o.q, a);
	/* autocommit with synchronous=FULL: on disk when the step returns */
	rc = sq_op_write(&o, "appending to the audit log", 0);
	sq_op_end(&o);
	return rc;
}

struct audit_cb {
	int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq);
	void *ctx;
};

static int each_audit(sqlite3_stmt *q, void *arg)
{
	struct audit_cb *r = arg;
	struct sk_kbs_audit a = {
		.time = sqlite3_column_int64(q, 1),
		.session = (const char *)sqlite3_column_text(q, 2),
		.chip_id = (const char *)sqlite3_column_text(q, 3),
		.measurement = (const char *)sqlite3_column_text(q, 4),
		.resource = (const char *)sqlite3_column_text(q, 5),
		.verdict = (const char *)sqlite3_column_text(q, 6),
		.reason = (const char *)sqlite3_column_text(q, 7),
	};

	return r->cb(r->ctx, &a, sqlite3_column_int64(q, 0));
}

int sq_audit_list(struct sk_kbs_store *s,
			 int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq), void *ctx)
{
	struct audit_cb r = { cb, ctx };

	return sq_list_rows(s, ST_AUDIT_LIST, "reading the audit log", each_audit, &r);
}

int sq_key_get(struct sk_kbs_store *s, const char *name, char **value)
{
	struct op o;
	int rc = sq_op_start(s, ST_KEY_GET, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, name);
	rc = sqlite3_step(o.q);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(o.q, 0);
		size_t n = (size_t)sqlite3_column_bytes(o.q, 0);

		rc = -ENOMEM;
		if ((*value = sk_secret_alloc(n + 1))) {
			memcpy(*value, t ? (const char *)t : "", n);
			rc = 0; /* zeroed memory: already NUL-terminated */
		}
	} else {
		rc = rc == SQLITE_DONE ? -ENOENT : sq_db_fail(o.st, o.c->db, "reading a key");
	}
	sq_op_end(&o);
	return rc;
}

int sq_key_put_if_absent(struct sk_kbs_store *s, const char *name, const char *value)
{
	struct op o;
	int rc = sq_op_start(s, ST_KEY_PUT, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, name);
	sq_bind_text(o.q, 2, value);
	rc = sq_op_write(&o, "storing a key", 0);
	if (!rc && sqlite3_changes(o.c->db) == 0)
		rc = -EEXIST; /* DO NOTHING: an earlier writer's value stays */
	sq_op_end(&o);
	return rc;
}
