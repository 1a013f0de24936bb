/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite store's statements, pool of connections, and the shape of one operation. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbs/store-sqlite.h"
#include "util/log.h"

static const char *const st_sql[ST_COUNT] = {
	[ST_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_HAS_SCHEMA] = "SELECT count(*) FROM sqlite_master"
			  " WHERE type = 'table' AND name = 'schema_version'",
	[ST_SCHEMA_VERSION] = "SELECT max(version) FROM schema_version",
	[ST_SESSION_INSERT] = "INSERT INTO sessions(id, nonce, hash_alg, expires, token)"
			      " VALUES(?1, ?2, ?3, ?4, ?5)",
	[ST_SESSION_SELECT] = "SELECT nonce, hash_alg, expires, consumed, token FROM sessions"
			      " WHERE id = ?1",
	[ST_SESSION_MARK] = "UPDATE sessions SET consumed = 1 WHERE id = ?1 AND consumed = 0",
	[ST_SESSION_LIVE] = "SELECT nonce, hash_alg, expires, consumed, token FROM sessions"
			    " WHERE id = ?1 AND expires > ?2",
	[ST_SESSION_TOKEN] = "UPDATE sessions SET token = ?2 WHERE id = ?1",
	[ST_SESSION_PURGE] = "DELETE FROM sessions WHERE expires <= ?1",
	[ST_POLICY_PUT] = "INSERT INTO policies(name, json) VALUES(?1, ?2)"
			  " ON CONFLICT(name) DO UPDATE SET json = excluded.json",
	[ST_POLICY_GET] = "SELECT json FROM policies WHERE name = ?1",
	[ST_POLICY_LIST] = "SELECT name FROM policies ORDER BY name",
	[ST_POLICY_DELETE] = "DELETE FROM policies WHERE name = ?1",
	[ST_RESOURCE_PUT] = "INSERT INTO resources(path, value, policy) VALUES(?1, ?2, ?3)"
			    " ON CONFLICT(path) DO UPDATE SET value = excluded.value,"
			    " policy = excluded.policy",
	[ST_RESOURCE_GET] = "SELECT value, policy FROM resources WHERE path = ?1",
	[ST_RESOURCE_LIST] = "SELECT path, policy FROM resources ORDER BY path",
	[ST_RESOURCE_DELETE] = "DELETE FROM resources WHERE path = ?1",
	[ST_AUDIT_INSERT] = "INSERT INTO audit(time, session, chip_id, measurement, resource,"
			    " verdict, reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_AUDIT_LIST] = "SELECT seq, time, session, chip_id, measurement, resource, verdict,"
			  " reason FROM audit ORDER BY seq",
	[ST_KEY_GET] = "SELECT value FROM keys WHERE name = ?1",
	[ST_KEY_PUT] = "INSERT INTO keys(name, value) VALUES(?1, ?2)"
		       " ON CONFLICT(name) DO NOTHING",
	[ST_VCEK_PUT] = "INSERT INTO vcek(chip, tcb, certs) VALUES(?1, ?2, ?3)"
			" ON CONFLICT(chip, tcb) DO UPDATE SET certs = excluded.certs",
	[ST_VCEK_GET] = "SELECT certs FROM vcek WHERE chip = ?1 AND tcb = ?2",
	[ST_VCEK_LIST] = "SELECT chip, tcb FROM vcek ORDER BY chip, tcb",
	[ST_PING] = "SELECT 1",
};

int sq_db_fail(const struct sqlite_store *st, sqlite3 *db, const char *what)
{
	/* errmsg names the failure, never a bound value: secrets stay out of logs */
	return sk_fail(SEV_E_DEVICE, "%s: %s: %s", st->path, what,
		       db ? sqlite3_errmsg(db) : "out of memory");
}

void sq_conn_free(struct conn *c)
{
	if (!c)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	sqlite3_close(c->db);
	free(c);
}

/* The statement of this connection, prepared on first use; NULL after logging. */
sqlite3_stmt *sq_stmt(const struct sqlite_store *st, struct conn *c, enum st id)
{
	if (!c->st[id] && sqlite3_prepare_v3(c->db, st_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					     &c->st[id], NULL) != SQLITE_OK) {
		sq_db_fail(st, c->db, "preparing a statement");
		return NULL;
	}
	return c->st[id];
}

/* Ready the statement for its next use and drop references to bound values. */
void sq_done(sqlite3_stmt *q)
{
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
}

/* Run a statement that returns no rows. SQLITE_DONE, or the failure's code. */
int sq_run(const struct sqlite_store *st, struct conn *c, enum st id)
{
	sqlite3_stmt *q = sq_stmt(st, c, id);
	int rc;

	if (!q)
		return SQLITE_ERROR;
	rc = sqlite3_step(q);
	sq_done(q);
	return rc;
}

int sq_bind_text(sqlite3_stmt *q, int i, const char *t)
{
	return t ? sqlite3_bind_text(q, i, t, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i);
}

int sq_begin(const struct sqlite_store *st, struct conn *c)
{
	if (sq_run(st, c, ST_BEGIN_IMMEDIATE) != SQLITE_DONE)
		return sq_db_fail(st, c->db, "starting a transaction");
	return 0;
}

int sq_commit(const struct sqlite_store *st, struct conn *c)
{
	if (sq_run(st, c, ST_COMMIT) != SQLITE_DONE) {
		int rc = sq_db_fail(st, c->db, "committing");

		if (!sqlite3_get_autocommit(c->db))
			sq_run(st, c, ST_ROLLBACK);
		return rc;
	}
	return 0;
}

void sq_rollback(const struct sqlite_store *st, struct conn *c)
{
	if (!sqlite3_get_autocommit(c->db))
		sq_run(st, c, ST_ROLLBACK);
}

/* The pragmas every connection needs; journal_mode is the file's and set at open. */
int sq_conn_open(struct sqlite_store *st, struct conn **out)
{
	static const char pragmas[] = "PRAGMA foreign_keys = ON;"
				      "PRAGMA synchronous = FULL;"
				      "PRAGMA secure_delete = ON;"
				      "PRAGMA trusted_schema = OFF;";
	struct conn *c = calloc(1, sizeof(*c));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	if (sqlite3_open_v2(st->path, &c->db, flags, NULL) != SQLITE_OK) {
		int rc = sq_db_fail(st, c->db, "opening");

		sq_conn_free(c);
		return rc;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	if (sqlite3_exec(c->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		int rc = sq_db_fail(st, c->db, "setting up the connection");

		sq_conn_free(c);
		return rc;
	}
	*out = c;
	pthread_mutex_lock(&st->lock);
	st->open++;
	pthread_mutex_unlock(&st->lock);
	return 0;
}

int sq_conn_get(struct sqlite_store *st, struct conn **c)
{
	int rc = 0;

	pthread_mutex_lock(&st->lock);
	*c = st->idle;
	if (*c)
		st->idle = (*c)->next;
	pthread_mutex_unlock(&st->lock);
	if (!*c && (rc = sq_conn_open(st, c)))
		return rc;
	pthread_mutex_lock(&st->lock);
	st->in_use++;
	pthread_mutex_unlock(&st->lock);
	return 0;
}

void sq_conn_put(struct sqlite_store *st, struct conn *c)
{
	sq_rollback(st, c); /* never hand on an open transaction */
	pthread_mutex_lock(&st->lock);
	c->next = st->idle;
	st->idle = c;
	st->in_use--;
	pthread_mutex_unlock(&st->lock);
}

void sq_pool_stats(struct sk_kbs_store *s, struct sk_kbs_pool_stats *out)
{
	struct sqlite_store *st = sq_of(s);

	/* the pool grows as threads call and never waits: no maximum, no waits */
	pthread_mutex_lock(&st->lock);
	out->open = st->open;
	out->in_use = st->in_use;
	pthread_mutex_unlock(&st->lock);
}

int sq_ping(struct sk_kbs_store *s)
{
	struct op o;
	int rc = sq_op_start(s, ST_PING, &o);

	if (rc)
		return rc;
	rc = sqlite3_step(o.q) == SQLITE_ROW ? 0 : sq_db_fail(o.st, o.c->db, "reading");
	sq_op_end(&o);
	return rc;
}

int sq_op_start(struct sk_kbs_store *s, enum st id, struct op *o)
{
	int rc;

	o->st = sq_of(s);
	o->q = NULL;
	rc = sq_conn_get(o->st, &o->c);
	if (rc)
		return rc;
	o->q = sq_stmt(o->st, o->c, id);
	if (!o->q) {
		sq_conn_put(o->st, o->c);
		return SEV_E_DEVICE;
	}
	return 0;
}

void sq_op_end(struct op *o)
{
	if (o->q)
		sq_done(o->q);
	sq_conn_put(o->st, o->c);
}

/* Step a statement that writes; map constraint failures. */
int sq_op_write(struct op *o, const char *what, int on_fkey)
{
	int rc = sqlite3_step(o->q);

	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
		return -EEXIST;
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY && on_fkey)
		return on_fkey;
	return sq_db_fail(o->st, o->c->db, what);
}

bool sq_copy_text(char *dst, size_t cap, const unsigned char *src)
{
	if (!src || strlen((const char *)src) >= cap)
		return false;
	strcpy(dst, (const char *)src);
	return true;
}

/* Run a listing statement, each row to each(), which stops it by returning non-zero. */
int sq_list_rows(struct sk_kbs_store *s, enum st id, const char *what,
		     int (*each)(sqlite3_stmt *q, void *arg), void *arg)
{
	struct op o;
	int rc = sq_op_start(s, id, &o), step;

	if (rc)
		return rc;
	while ((step = sqlite3_step(o.q)) == SQLITE_ROW && !(rc = each(o.q, arg)))
		;
	if (!rc && step != SQLITE_DONE)
		rc = sq_db_fail(o.st, o.c->db, what);
	sq_op_end(&o);
	return rc;
}

/* Delete the row named key: -ENOENT when there is none, fk when a foreign key refuses. */
int sq_delete_row(struct sk_kbs_store *s, enum st id, const char *key, const char *what,
		      int fk)
{
	struct op o;
	int rc = sq_op_start(s, id, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, key);
	rc = sq_op_write(&o, what, fk);
	if (!rc && sqlite3_changes(o.c->db) == 0)
		rc = -ENOENT;
	sq_op_end(&o);
	return rc;
}
