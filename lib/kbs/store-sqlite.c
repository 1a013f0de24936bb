/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SQLite back end of the key broker's store: one database file, WAL mode,
 * synchronous=FULL (a commit is on disk when the call returns: an audit row
 * or a consumed nonce survives a kill -9 or a power cut), prepared
 * statements with bound parameters only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kbs/store-sqlite.h"
#include "util/log.h"

/*
 * The migrations, in order: migrations[v] takes a database from version v - 1 to v and
 * records v. A new file gets them all; an older one gets the missing ones only when asked
 * (`sevkit kbs db migrate`).
 */
static const char *const migrations[SK_KBS_SCHEMA_VERSION + 1] = {
	[1] = "CREATE TABLE schema_version(version INTEGER NOT NULL);"
	      "CREATE TABLE sessions(id TEXT PRIMARY KEY NOT NULL, nonce TEXT NOT NULL,"
	      " hash_alg TEXT NOT NULL, expires INTEGER NOT NULL,"
	      " consumed INTEGER NOT NULL DEFAULT 0, token TEXT);"
	      "CREATE INDEX sessions_expires ON sessions(expires);"
	      "CREATE TABLE policies(name TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL);"
	      "CREATE TABLE resources(path TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL,"
	      " policy TEXT NOT NULL REFERENCES policies(name));"
	      "CREATE INDEX resources_policy ON resources(policy);"
	      "CREATE TABLE audit(seq INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL,"
	      " session TEXT, chip_id TEXT, measurement TEXT, resource TEXT,"
	      " verdict TEXT NOT NULL, reason TEXT);"
	      /* append-only even for someone with the sqlite3 shell and no ill intent */
	      "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	      " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	      "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	      " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	      "CREATE TABLE keys(name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);"
	      "INSERT INTO schema_version(version) VALUES(1);",
	/* the tcb is the raw 64-bit value stored as a signed integer */
	[2] = "CREATE TABLE vcek(chip TEXT NOT NULL, tcb INTEGER NOT NULL, certs BLOB NOT NULL,"
	      " PRIMARY KEY(chip, tcb));"
	      "INSERT INTO schema_version(version) VALUES(2);",
};

/* Create the file 0600 ourselves (SQLite would follow the umask), and check its mode. */
static int prepare_file(const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		return sk_fail(-errno, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		int e = errno;

		close(fd);
		return sk_fail(-e, "%s: cannot stat: %s", path, strerror(e));
	}
	close(fd);
	if (!S_ISREG(sb.st_mode))
		return sk_fail(SEV_E_INVALID, "%s: not a regular file", path);
	if (sb.st_mode & (S_IWGRP | S_IWOTH))
		return sk_fail(-EACCES, "%s: writable by other users; refusing (chmod 600)", path);
	if (sb.st_mode & (S_IRGRP | S_IROTH))
		sk_warn("%s: readable by other users, who can read the secrets (chmod 600)", path);
	return 0;
}

/*
 * Switching to WAL needs the file to itself, and SQLite answers "locked" at
 * once rather than calling the busy handler when another process holds it
 * (several brokers starting on a new file): retry within the busy timeout.
 */
static int set_wal(const struct sqlite_store *st, struct conn *c)
{
	const struct timespec pause = { 0, 10 * 1000000L };
	sqlite3_stmt *q = NULL;
	int rc, tries = BUSY_TIMEOUT_MS / 10;

	/* a fixed pragma, prepared once here: it returns the mode now in force */
	if (sqlite3_prepare_v2(c->db, "PRAGMA journal_mode = WAL", -1, &q, NULL) != SQLITE_OK)
		return sq_db_fail(st, c->db, "setting WAL mode");
	while ((rc = sqlite3_step(q)) != SQLITE_ROW && (rc & 0xff) == SQLITE_BUSY && --tries > 0) {
		sqlite3_reset(q);
		nanosleep(&pause, NULL);
	}
	if (rc != SQLITE_ROW)
		rc = sq_db_fail(st, c->db, "setting WAL mode");
	else if (sqlite3_stricmp((const char *)sqlite3_column_text(q, 0), "wal") != 0)
		rc = sk_fail(SEV_E_DEVICE, "%s: the file system refuses WAL mode", st->path);
	else
		rc = 0;
	sqlite3_finalize(q);
	return rc;
}

/* Inside BEGIN IMMEDIATE: the schema's version, 0 when the file is new. */
static int schema_version(const struct sqlite_store *st, struct conn *c, int64_t *v)
{
	sqlite3_stmt *q = sq_stmt(st, c, ST_HAS_SCHEMA);
	int rc;

	if (!q)
		return SEV_E_DEVICE;
	rc = sqlite3_step(q);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sq_done(q);
	if (rc != SQLITE_ROW)
		return sq_db_fail(st, c->db, "reading the schema");
	if (*v == 0)
		return 0;
	if (!(q = sq_stmt(st, c, ST_SCHEMA_VERSION)))
		return SEV_E_DEVICE;
	rc = sqlite3_step(q);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sq_done(q);
	if (rc != SQLITE_ROW)
		return sq_db_fail(st, c->db, "reading the schema version");
	return 0;
}

/* Apply the migrations after version v. */
static int migrate_from(const struct sqlite_store *st, struct conn *c, int64_t v)
{
	for (int64_t i = v + 1; i <= SK_KBS_SCHEMA_VERSION; i++)
		if (sqlite3_exec(c->db, migrations[i], NULL, NULL, NULL) != SQLITE_OK)
			return sq_db_fail(st, c->db, i == 1 ? "creating the tables" : "migrating");
	return 0;
}

/* Create the tables in a new file, migrate when asked; refuse a schema this build does not know. */
static int schema(const struct sqlite_store *st, struct conn *c, bool migrate, int *from)
{
	int64_t v;
	int rc = sq_begin(st, c);

	if (rc)
		return rc;
	rc = schema_version(st, c, &v);
	if (!rc && (v < 0 || v > SK_KBS_SCHEMA_VERSION))
		rc = v < 0 ? sk_fail(SEV_E_FORMAT, "%s: no schema version", st->path) :
		     sk_fail(SEV_E_UNSUPPORTED, "%s: schema version %lld is newer than this sevkit's "
			     "(%d)", st->path, (long long)v, SK_KBS_SCHEMA_VERSION);
	else if (!rc && v > 0 && v < SK_KBS_SCHEMA_VERSION && !migrate)
		rc = sk_fail(SEV_E_UNSUPPORTED, "%s: schema version %lld is older than this "
			     "sevkit's (%d): run `sevkit kbs db migrate --db sqlite:%s` first",
			     st->path, (long long)v, SK_KBS_SCHEMA_VERSION, st->path);
	else if (!rc)
		rc = migrate_from(st, c, v);
	if (rc) {
		sq_rollback(st, c);
		return rc;
	}
	*from = (int)v;
	return sq_commit(st, c);
}

static const struct sk_kbs_store_ops sqlite_ops;

int sk_kbs_store_sqlite_open(const char *path, const struct sk_kbs_store_opts *o, int *from,
			     struct sk_kbs_store **s)
{
	struct sqlite_store *st;
	struct conn *c = NULL;
	int rc;

	*s = NULL;
	if (!sqlite3_threadsafe())
		return sk_fail(SEV_E_UNSUPPORTED, "this SQLite library is built without threads");
	rc = prepare_file(path);
	if (rc)
		return rc;
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return -ENOMEM;
	}
	st->base.ops = &sqlite_ops;
	pthread_mutex_init(&st->lock, NULL);
	rc = sq_conn_get(st, &c);
	if (!rc)
		rc = set_wal(st, c);
	if (!rc)
		rc = schema(st, c, o->migrate, from);
	if (rc) {
		sq_conn_free(c);
		pthread_mutex_destroy(&st->lock);
		free(st->path);
		free(st);
		return rc;
	}
	sq_conn_put(st, c);
	*s = &st->base;
	return 0;
}

static void sq_close(struct sk_kbs_store *s)
{
	struct sqlite_store *st = sq_of(s);

	while (st->idle) {
		struct conn *c = st->idle;

		st->idle = c->next;
		sq_conn_free(c);
	}
	pthread_mutex_destroy(&st->lock);
	free(st->path);
	free(st);
}

static const struct sk_kbs_store_ops sqlite_ops = {
	.close = sq_close,
	.session_create = sq_session_create,
	.session_consume = sq_session_consume,
	.session_set_token = sq_session_set_token,
	.session_get = sq_session_get,
	.session_purge = sq_session_purge,
	.policy_put = sq_policy_put,
	.policy_get = sq_policy_get,
	.policy_list = sq_policy_list,
	.policy_delete = sq_policy_delete,
	.resource_put = sq_resource_put,
	.resource_get = sq_resource_get,
	.resource_list = sq_resource_list,
	.resource_delete = sq_resource_delete,
	.audit_append = sq_audit_append,
	.audit_list = sq_audit_list,
	.key_get = sq_key_get,
	.key_put_if_absent = sq_key_put_if_absent,
	.ping = sq_ping,
	.pool_stats = sq_pool_stats,
	.resource_release = sq_resource_release,
	.vcek_put = sq_vcek_put,
	.vcek_get = sq_vcek_get,
	.vcek_list = sq_vcek_list,
};
