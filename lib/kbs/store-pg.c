/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PostgreSQL back end of the key broker's store (libpq): every replica of a broker
 * opens the same database, and everything a request needs is in it. Statements take bound
 * parameters only. Durability is the server's (a commit returns once it is flushed, with
 * PostgreSQL's default synchronous_commit).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "kbs/store-pg.h"
#include "util/log.h"

/* Any fixed number: the lock that serialises schema changes between replicas. */
#define SCHEMA_LOCK "7315440102"

/*
 * The migrations, numbered as the SQLite back end's: migrations[v] takes a database from
 * v - 1 to v and records v. Names are ordered as bytes (COLLATE "C" in the queries), as
 * SQLite orders them.
 */
static const char *const migrations[SK_KBS_SCHEMA_VERSION + 1] = {
	[1] = "CREATE TABLE schema_version(version INTEGER NOT NULL);"
	      "CREATE TABLE sessions(id TEXT PRIMARY KEY, nonce TEXT NOT NULL,"
	      " hash_alg TEXT NOT NULL, expires BIGINT NOT NULL,"
	      " consumed BOOLEAN NOT NULL DEFAULT false, token TEXT);"
	      "CREATE INDEX sessions_expires ON sessions(expires);"
	      "CREATE TABLE policies(name TEXT PRIMARY KEY, json TEXT NOT NULL);"
	      "CREATE TABLE resources(path TEXT PRIMARY KEY, value BYTEA NOT NULL,"
	      " policy TEXT NOT NULL REFERENCES policies(name));"
	      "CREATE INDEX resources_policy ON resources(policy);"
	      "CREATE TABLE audit(seq BIGSERIAL PRIMARY KEY, time BIGINT NOT NULL,"
	      " session TEXT, chip_id TEXT, measurement TEXT, resource TEXT,"
	      " verdict TEXT NOT NULL, reason TEXT);"
	      /* append-only even for someone with psql and no ill intent */
	      "CREATE FUNCTION sevkit_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS"
	      " $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;"
	      "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit"
	      " FOR EACH ROW EXECUTE FUNCTION sevkit_audit_append_only();"
	      "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit"
	      " FOR EACH STATEMENT EXECUTE FUNCTION sevkit_audit_append_only();"
	      "CREATE TABLE keys(name TEXT PRIMARY KEY, value TEXT NOT NULL);"
	      "INSERT INTO schema_version(version) VALUES(1);",
	/* the tcb is the raw 64-bit value stored as a signed one */
	[2] = "CREATE TABLE vcek(chip TEXT NOT NULL, tcb BIGINT NOT NULL, certs BYTEA NOT NULL,"
	      " PRIMARY KEY(chip, tcb));"
	      "INSERT INTO schema_version(version) VALUES(2);",
};

/* Inside the schema transaction: the version found, 0 for an empty database. */
static int schema_version(struct pg_conn *c, int64_t *v)
{
	PGresult *r;
	int rc = pg_exec(c, "reading the schema",
			 "SELECT to_regclass('schema_version') IS NOT NULL", NULL, false, 0, &r);

	if (rc)
		return rc;
	*v = 0;
	if (PQgetvalue(r, 0, 0)[0] == 't') {
		PQclear(r);
		rc = pg_exec(c, "reading the schema version",
			     "SELECT coalesce(max(version), -1) FROM schema_version", NULL, false, 0,
			     &r);
		if (rc)
			return rc;
		*v = pg_i64(r, 0, 0);
	}
	PQclear(r);
	return 0;
}

static int migrate_from(struct pg_conn *c, int64_t v)
{
	PGresult *r;
	int rc = 0;

	/* PQexec, not PQexecParams: a migration is several statements and binds nothing */
	for (int64_t i = v + 1; !rc && i <= SK_KBS_SCHEMA_VERSION; i++) {
		r = PQexec(c->db, migrations[i]);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);

			rc = sk_fail(SEV_E_DEVICE, "PostgreSQL: %s: %s", i == 1 ?
				     "creating the tables" : "migrating", m ? m : "no message");
		}
		PQclear(r);
	}
	return rc;
}

/* The version checks of SQLite's back end, in one transaction under the schema lock. */
static int judge(struct pg_store *st, struct pg_conn *c, int64_t v)
{
	if (v < 0)
		return sk_fail(SEV_E_FORMAT, "PostgreSQL: the database has no schema version");
	if (v > SK_KBS_SCHEMA_VERSION)
		return sk_fail(SEV_E_UNSUPPORTED, "PostgreSQL: schema version %lld is newer than "
			       "this sevkit's (%d)", (long long)v, SK_KBS_SCHEMA_VERSION);
	if (v > 0 && v < SK_KBS_SCHEMA_VERSION && !st->o.migrate)
		return sk_fail(SEV_E_UNSUPPORTED, "PostgreSQL: schema version %lld is older than "
			       "this sevkit's (%d): run `sevkit kbs db migrate` on this database "
			       "first", (long long)v, SK_KBS_SCHEMA_VERSION);
	return migrate_from(c, v);
}

/* A statement whose result is not needed. */
static int simple(struct pg_conn *c, const char *what, const char *sql)
{
	PGresult *r;
	int rc = pg_exec(c, what, sql, NULL, false, 0, &r);

	PQclear(r);
	return rc;
}

static int schema(struct pg_store *st, int *from)
{
	struct pg_conn *c;
	int64_t v = 0;
	int rc = pg_conn_get(st, &c);

	if (rc)
		return rc;
	rc = simple(c, "starting a transaction", "BEGIN");
	/* two replicas starting on an empty database: one creates, the other waits, then sees */
	if (!rc)
		rc = simple(c, "locking the schema",
			    "SELECT pg_advisory_xact_lock(" SCHEMA_LOCK ")");
	if (!rc)
		rc = schema_version(c, &v);
	if (!rc)
		rc = judge(st, c, v);
	if (!rc)
		rc = simple(c, "committing the schema", "COMMIT");
	if (!rc)
		*from = (int)v;
	pg_conn_put(st, c); /* rolls back what is still open */
	return rc;
}

static const struct sk_kbs_store_ops pg_ops;

static void pg_free(struct pg_store *st)
{
	pg_conn_close_all(st);
	pthread_cond_destroy(&st->freed);
	pthread_mutex_destroy(&st->lock);
	if (st->url)
		sk_wipe(st->url, strlen(st->url));
	free(st->url);
	free(st);
}

int sk_kbs_store_pg_open(const char *url, const struct sk_kbs_store_opts *o, int *from,
			 struct sk_kbs_store **s)
{
	struct pg_store *st = calloc(1, sizeof(*st));
	pthread_condattr_t ca;
	int rc;

	*s = NULL;
	if (!st || !(st->url = strdup(url))) {
		free(st);
		return -ENOMEM;
	}
	st->base.ops = &pg_ops;
	st->o = *o;
	pthread_mutex_init(&st->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&st->freed, &ca);
	pthread_condattr_destroy(&ca);
	if ((rc = schema(st, from))) {
		pg_free(st);
		return rc;
	}
	*s = &st->base;
	return 0;
}

static void pg_close(struct sk_kbs_store *s)
{
	pg_free(pg_of(s));
}

static int pg_ping(struct sk_kbs_store *s)
{
	return pg_run(s, "reading", "SELECT 1", NULL, 0, NULL);
}

static void pg_pool_stats(struct sk_kbs_store *s, struct sk_kbs_pool_stats *out)
{
	struct pg_store *st = pg_of(s);

	pthread_mutex_lock(&st->lock);
	out->max = st->o.pool_max;
	out->open = st->open;
	out->in_use = st->in_use;
	out->waits = st->waits;
	out->timeouts = st->timeouts;
	pthread_mutex_unlock(&st->lock);
}

static const struct sk_kbs_store_ops pg_ops = {
	.close = pg_close,
	.session_create = pg_session_create,
	.session_consume = pg_session_consume,
	.session_set_token = pg_session_set_token,
	.session_get = pg_session_get,
	.session_purge = pg_session_purge,
	.policy_put = pg_policy_put,
	.policy_get = pg_policy_get,
	.policy_list = pg_policy_list,
	.policy_delete = pg_policy_delete,
	.resource_put = pg_resource_put,
	.resource_get = pg_resource_get,
	.resource_list = pg_resource_list,
	.resource_delete = pg_resource_delete,
	.audit_append = pg_audit_append,
	.audit_list = pg_audit_list,
	.key_get = pg_key_get,
	.key_put_if_absent = pg_key_put_if_absent,
	.ping = pg_ping,
	.pool_stats = pg_pool_stats,
	.resource_release = pg_resource_release,
	.vcek_put = pg_vcek_put,
	.vcek_get = pg_vcek_get,
	.vcek_list = pg_vcek_list,
};
