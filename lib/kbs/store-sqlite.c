/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SQLite back end of the key broker's store: one database file, WAL mode,
 * synchronous=FULL (a commit is on disk when the call returns: an audit row
 * or a consumed nonce survives a kill -9 or a power cut), prepared
 * statements with bound parameters only.
 */
#include "kbs/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "crypto/secure.h"
#include "util/log.h"

#define SCHEMA_VERSION 1
/* how long a writer waits for another (thread or process) before SEV_E_DEVICE */
#define BUSY_TIMEOUT_MS 10000

static const char schema_sql[] =
	"CREATE TABLE schema_version(version INTEGER NOT NULL);"
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
	"INSERT INTO schema_version(version) VALUES(1);";

enum st {
	ST_BEGIN_IMMEDIATE,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_HAS_SCHEMA,
	ST_SCHEMA_VERSION,
	ST_SESSION_INSERT,
	ST_SESSION_SELECT,
	ST_SESSION_MARK,
	ST_SESSION_LIVE,
	ST_SESSION_TOKEN,
	ST_SESSION_PURGE,
	ST_POLICY_PUT,
	ST_POLICY_GET,
	ST_POLICY_LIST,
	ST_POLICY_DELETE,
	ST_RESOURCE_PUT,
	ST_RESOURCE_GET,
	ST_RESOURCE_LIST,
	ST_RESOURCE_DELETE,
	ST_AUDIT_INSERT,
	ST_AUDIT_LIST,
	ST_KEY_GET,
	ST_KEY_PUT,
	ST_COUNT
};

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
};

/* One connection and its prepared statements; used by one thread at a time. */
struct conn {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	struct conn *next;
};

/*
 * Why a pool of connections rather than one shared connection: a SQLite
 * connection runs one statement at a time (a shared one would serialise every
 * reader behind the slowest call, and its prepared statements could not be
 * stepped by two threads), and a transaction belongs to a connection, so two
 * threads' BEGIN IMMEDIATE on one connection would mix. Why a pool rather
 * than one connection per thread (thread-local): the server's threads come
 * and go, and a pool lets close() finalise every connection it opened. The
 * pool grows to the number of threads that call at once and never waits, so
 * a list callback that calls the store again cannot deadlock. Connections are
 * opened SQLITE_OPEN_NOMUTEX: the pool hands each to one thread at a time.
 * Between processes, SQLite's file locks (and BEGIN IMMEDIATE where a read
 * decides a write) keep updates atomic.
 */
struct sqlite_store {
	struct sk_kbs_store base;
	char *path;
	pthread_mutex_t lock;
	struct conn *idle;
};

static struct sqlite_store *of(struct sk_kbs_store *s)
{
	return (struct sqlite_store *)(void *)s;
}

static int db_fail(const struct sqlite_store *st, sqlite3 *db, const char *what)
{
	/* errmsg names the failure, never a bound value: secrets stay out of logs */
	return sk_fail(SEV_E_DEVICE, "%s: %s: %s", st->path, what,
		       db ? sqlite3_errmsg(db) : "out of memory");
}

static void conn_free(struct conn *c)
{
	if (!c)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	sqlite3_close(c->db);
	free(c);
}

/* The statement of this connection, prepared on first use; NULL after logging. */
static sqlite3_stmt *stmt(const struct sqlite_store *st, struct conn *c, enum st id)
{
	if (!c->st[id] && sqlite3_prepare_v3(c->db, st_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					     &c->st[id], NULL) != SQLITE_OK) {
		db_fail(st, c->db, "preparing a statement");
		return NULL;
	}
	return c->st[id];
}

/* Ready the statement for its next use and drop references to bound values. */
static void done(sqlite3_stmt *q)
{
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
}

/* Run a statement that returns no rows. SQLITE_DONE, or the failure's code. */
static int run(const struct sqlite_store *st, struct conn *c, enum st id)
{
	sqlite3_stmt *q = stmt(st, c, id);
	int rc;

	if (!q)
		return SQLITE_ERROR;
	rc = sqlite3_step(q);
	done(q);
	return rc;
}

static int bind_text(sqlite3_stmt *q, int i, const char *t)
{
	return t ? sqlite3_bind_text(q, i, t, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i);
}

static int begin(const struct sqlite_store *st, struct conn *c)
{
	if (run(st, c, ST_BEGIN_IMMEDIATE) != SQLITE_DONE)
		return db_fail(st, c->db, "starting a transaction");
	return 0;
}

static int commit(const struct sqlite_store *st, struct conn *c)
{
	if (run(st, c, ST_COMMIT) != SQLITE_DONE) {
		int rc = db_fail(st, c->db, "committing");

		if (!sqlite3_get_autocommit(c->db))
			run(st, c, ST_ROLLBACK);
		return rc;
	}
	return 0;
}

static void rollback(const struct sqlite_store *st, struct conn *c)
{
	if (!sqlite3_get_autocommit(c->db))
		run(st, c, ST_ROLLBACK);
}

/* The pragmas every connection needs; journal_mode is the file's and set at open. */
static int conn_open(const struct sqlite_store *st, struct conn **out)
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
		int rc = db_fail(st, c->db, "opening");

		conn_free(c);
		return rc;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	if (sqlite3_exec(c->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		int rc = db_fail(st, c->db, "setting up the connection");

		conn_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static int conn_get(struct sqlite_store *st, struct conn **c)
{
	pthread_mutex_lock(&st->lock);
	*c = st->idle;
	if (*c)
		st->idle = (*c)->next;
	pthread_mutex_unlock(&st->lock);
	if (*c)
		return 0;
	return conn_open(st, c);
}

static void conn_put(struct sqlite_store *st, struct conn *c)
{
	rollback(st, c); /* never hand on an open transaction */
	pthread_mutex_lock(&st->lock);
	c->next = st->idle;
	st->idle = c;
	pthread_mutex_unlock(&st->lock);
}

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
		return db_fail(st, c->db, "setting WAL mode");
	while ((rc = sqlite3_step(q)) != SQLITE_ROW && (rc & 0xff) == SQLITE_BUSY && --tries > 0) {
		sqlite3_reset(q);
		nanosleep(&pause, NULL);
	}
	if (rc != SQLITE_ROW)
		rc = db_fail(st, c->db, "setting WAL mode");
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
	sqlite3_stmt *q = stmt(st, c, ST_HAS_SCHEMA);
	int rc;

	if (!q)
		return SEV_E_DEVICE;
	rc = sqlite3_step(q);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	done(q);
	if (rc != SQLITE_ROW)
		return db_fail(st, c->db, "reading the schema");
	if (*v == 0)
		return 0;
	if (!(q = stmt(st, c, ST_SCHEMA_VERSION)))
		return SEV_E_DEVICE;
	rc = sqlite3_step(q);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	done(q);
	if (rc != SQLITE_ROW)
		return db_fail(st, c->db, "reading the schema version");
	return 0;
}

/* Create the tables in a new file; refuse a schema this build does not know. */
static int schema(const struct sqlite_store *st, struct conn *c)
{
	int64_t v;
	int rc = begin(st, c);

	if (rc)
		return rc;
	rc = schema_version(st, c, &v);
	if (!rc && v == 0 && sqlite3_exec(c->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
		rc = db_fail(st, c->db, "creating the tables");
	else if (!rc && v > SCHEMA_VERSION)
		rc = sk_fail(SEV_E_UNSUPPORTED, "%s: schema version %lld is newer than this "
			     "sevkit's (%d)", st->path, (long long)v, SCHEMA_VERSION);
	else if (!rc && v < 1 && v != 0)
		rc = sk_fail(SEV_E_FORMAT, "%s: no schema version", st->path);
	if (rc) {
		rollback(st, c);
		return rc;
	}
	return commit(st, c);
}

static const struct sk_kbs_store_ops sqlite_ops;

int sk_kbs_store_sqlite_open(const char *path, struct sk_kbs_store **s)
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
	rc = conn_open(st, &c);
	if (!rc)
		rc = set_wal(st, c);
	if (!rc)
		rc = schema(st, c);
	if (rc) {
		conn_free(c);
		pthread_mutex_destroy(&st->lock);
		free(st->path);
		free(st);
		return rc;
	}
	conn_put(st, c);
	*s = &st->base;
	return 0;
}

static void sq_close(struct sk_kbs_store *s)
{
	struct sqlite_store *st = of(s);

	while (st->idle) {
		struct conn *c = st->idle;

		st->idle = c->next;
		conn_free(c);
	}
	pthread_mutex_destroy(&st->lock);
	free(st->path);
	free(st);
}

/*
 * The usual shape of an operation: take a connection, prepare, bind, step,
 * reset, give it back. A macro-free helper pair keeps each operation short.
 */
struct op {
	struct sqlite_store *st;
	struct conn *c;
	sqlite3_stmt *q;
};

static int op_start(struct sk_kbs_store *s, enum st id, struct op *o)
{
	int rc;

	o->st = of(s);
	o->q = NULL;
	rc = conn_get(o->st, &o->c);
	if (rc)
		return rc;
	o->q = stmt(o->st, o->c, id);
	if (!o->q) {
		conn_put(o->st, o->c);
		return SEV_E_DEVICE;
	}
	return 0;
}

static void op_end(struct op *o)
{
	if (o->q)
		done(o->q);
	conn_put(o->st, o->c);
}

/* Step a statement that writes; map constraint failures. */
static int op_write(struct op *o, const char *what, int on_fkey)
{
	int rc = sqlite3_step(o->q);

	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
		return -EEXIST;
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY && on_fkey)
		return on_fkey;
	return db_fail(o->st, o->c->db, what);
}

static bool copy_text(char *dst, size_t cap, const unsigned char *src)
{
	if (!src || strlen((const char *)src) >= cap)
		return false;
	strcpy(dst, (const char *)src);
	return true;
}

/* Columns nonce, hash_alg, expires, consumed, token of the current row into *out. */
static int session_row(const struct sqlite_store *st, sqlite3_stmt *q, const char *id,
		       struct sk_kbs_session *out)
{
	const unsigned char *token = sqlite3_column_text(q, 4);

	memset(out, 0, sizeof(*out));
	if (!copy_text(out->id, sizeof(out->id), (const unsigned char *)id) ||
	    !copy_text(out->nonce, sizeof(out->nonce), sqlite3_column_text(q, 0)) ||
	    !copy_text(out->hash_alg, sizeof(out->hash_alg), sqlite3_column_text(q, 1)))
		return sk_fail(SEV_E_FORMAT, "%s: session %s: a stored field is malformed",
			       st->path, id);
	out->expires = sqlite3_column_int64(q, 2);
	if (token && !(out->token = strdup((const char *)token)))
		return -ENOMEM;
	return 0;
}

static int sq_session_create(struct sk_kbs_store *s, const struct sk_kbs_session *in)
{
	struct op o;
	int rc = op_start(s, ST_SESSION_INSERT, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, in->id);
	bind_text(o.q, 2, in->nonce);
	bind_text(o.q, 3, in->hash_alg);
	sqlite3_bind_int64(o.q, 4, in->expires);
	bind_text(o.q, 5, in->token);
	rc = op_write(&o, "creating a session", 0);
	op_end(&o);
	return rc;
}

/* Inside the transaction: decide from the session's row whether the nonce may go. */
static int judge(struct op *o, const char *id, const char *nonce, int64_t now,
		 enum sk_kbs_consume *why, struct sk_kbs_session *out)
{
	struct sk_kbs_session row;
	size_t n = strlen(nonce);
	int rc = sqlite3_step(o->q);

	if (rc == SQLITE_DONE) {
		*why = SK_KBS_NO_SESSION;
		return SEV_E_VERIFY;
	}
	if (rc != SQLITE_ROW)
		return db_fail(o->st, o->c->db, "reading a session");
	rc = session_row(o->st, o->q, id, &row);
	if (rc)
		return rc;
	if (now >= row.expires)
		*why = SK_KBS_EXPIRED;
	else if (n != strlen(row.nonce) || !sk_ct_equal(nonce, row.nonce, n))
		*why = SK_KBS_NONCE_MISMATCH;
	else if (sqlite3_column_int64(o->q, 3) != 0)
		*why = SK_KBS_NONCE_USED;
	else
		*why = SK_KBS_OK;
	if (*why != SK_KBS_OK || !out) {
		sk_kbs_session_clear(&row);
		return *why == SK_KBS_OK ? 0 : SEV_E_VERIFY;
	}
	*out = row;
	return 0;
}

static int mark_consumed(struct op *o, const char *id, enum sk_kbs_consume *why)
{
	sqlite3_stmt *q = stmt(o->st, o->c, ST_SESSION_MARK);
	int rc;

	if (!q)
		return SEV_E_DEVICE;
	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE && sqlite3_changes(o->c->db) != 1) {
		/* cannot happen under BEGIN IMMEDIATE; the guard makes it certain */
		*why = SK_KBS_NONCE_USED;
		rc = SEV_E_VERIFY;
	} else {
		rc = rc == SQLITE_DONE ? 0 : db_fail(o->st, o->c->db, "consuming a nonce");
	}
	done(q);
	return rc;
}

/*
 * BEGIN IMMEDIATE takes the database's write lock before the read: no other
 * thread or process can consume between our read and our update.
 */
static int sq_session_consume(struct sk_kbs_store *s, const char *id, const char *nonce,
			      int64_t now, enum sk_kbs_consume *why, struct sk_kbs_session *out)
{
	struct op o;
	int rc = op_start(s, ST_SESSION_SELECT, &o);

	*why = SK_KBS_NO_SESSION;
	if (rc)
		return rc;
	rc = begin(o.st, o.c);
	if (!rc) {
		bind_text(o.q, 1, id);
		rc = judge(&o, id, nonce, now, why, out);
		done(o.q);
	}
	if (!rc)
		rc = mark_consumed(&o, id, why);
	if (!rc)
		rc = commit(o.st, o.c);
	if (rc && out)
		sk_kbs_session_clear(out);
	if (rc && rc != SEV_E_VERIFY)
		*why = SK_KBS_NO_SESSION;
	op_end(&o); /* rolls back whatever is still open */
	return rc;
}

static int sq_session_set_token(struct sk_kbs_store *s, const char *id, const char *token)
{
	struct op o;
	int rc = op_start(s, ST_SESSION_TOKEN, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, id);
	bind_text(o.q, 2, token);
	rc = op_write(&o, "storing a token", 0);
	if (!rc && sqlite3_changes(o.c->db) == 0)
		rc = -ENOENT;
	op_end(&o);
	return rc;
}

static int sq_session_get(struct sk_kbs_store *s, const char *id, int64_t now,
			  struct sk_kbs_session *out)
{
	struct op o;
	int rc = op_start(s, ST_SESSION_LIVE, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, id);
	sqlite3_bind_int64(o.q, 2, now);
	rc = sqlite3_step(o.q);
	if (rc == SQLITE_ROW)
		rc = session_row(o.st, o.q, id, out);
	else if (rc == SQLITE_DONE)
		rc = -ENOENT;
	else
		rc = db_fail(o.st, o.c->db, "reading a session");
	op_end(&o);
	return rc;
}

static int sq_session_purge(struct sk_kbs_store *s, int64_t now)
{
	struct op o;
	int rc = op_start(s, ST_SESSION_PURGE, &o);

	if (rc)
		return rc;
	sqlite3_bind_int64(o.q, 1, now);
	rc = op_write(&o, "purging sessions", 0);
	op_end(&o);
	return rc;
}

static int sq_policy_put(struct sk_kbs_store *s, const char *name, const char *json, size_t len)
{
	struct op o;
	int rc = op_start(s, ST_POLICY_PUT, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, name);
	sqlite3_bind_text(o.q, 2, json, (int)len, SQLITE_STATIC);
	rc = op_write(&o, "storing a policy", 0);
	op_end(&o);
	return rc;
}

static int sq_policy_get(struct sk_kbs_store *s, const char *name, char **json, size_t *len)
{
	struct op o;
	int rc = op_start(s, ST_POLICY_GET, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, name);
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
		rc = rc == SQLITE_DONE ? -ENOENT : db_fail(o.st, o.c->db, "reading a policy");
	}
	op_end(&o);
	return rc;
}

/* Step a listing, handing each row to each(); a nonzero return stops it. */
/* Run a listing statement, each row to each(), which stops it by returning non-zero. */
static int list_rows(struct sk_kbs_store *s, enum st id, const char *what,
		     int (*each)(sqlite3_stmt *q, void *arg), void *arg)
{
	struct op o;
	int rc = op_start(s, id, &o), step;

	if (rc)
		return rc;
	while ((step = sqlite3_step(o.q)) == SQLITE_ROW && !(rc = each(o.q, arg)))
		;
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(o.st, o.c->db, what);
	op_end(&o);
	return rc;
}

/* Delete the row named key: -ENOENT when there is none, fk when a foreign key refuses. */
static int delete_row(struct sk_kbs_store *s, enum st id, const char *key, const char *what,
		      int fk)
{
	struct op o;
	int rc = op_start(s, id, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, key);
	rc = op_write(&o, what, fk);
	if (!rc && sqlite3_changes(o.c->db) == 0)
		rc = -ENOENT;
	op_end(&o);
	return rc;
}

struct name_cb {
	int (*cb)(void *ctx, const char *name);
	void *ctx;
};

static int each_name(sqlite3_stmt *q, void *arg)
{
	struct name_cb *n = arg;

	return n->cb(n->ctx, (const char *)sqlite3_column_text(q, 0));
}

static int sq_policy_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *name),
			  void *ctx)
{
	struct name_cb n = { cb, ctx };

	return list_rows(s, ST_POLICY_LIST, "listing policies", each_name, &n);
}

static int sq_policy_delete(struct sk_kbs_store *s, const char *name)
{
	/* the foreign key of resources(policy) refuses to orphan a resource */
	return delete_row(s, ST_POLICY_DELETE, name, "deleting a policy", -EBUSY);
}

static int sq_resource_put(struct sk_kbs_store *s, const char *path, const uint8_t *value,
			   size_t len, const char *policy)
{
	struct op o;
	int rc = op_start(s, ST_RESOURCE_PUT, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, path);
	/* SQLITE_STATIC: no copy of the secret of ours; done() drops the reference */
	sqlite3_bind_blob(o.q, 2, value, (int)len, SQLITE_STATIC);
	bind_text(o.q, 3, policy);
	/* the foreign key refuses a policy that does not exist */
	rc = op_write(&o, "storing a resource", -ENOENT);
	op_end(&o);
	return rc;
}

static int sq_resource_get(struct sk_kbs_store *s, const char *path, uint8_t **value,
			   size_t *len, char **policy)
{
	struct op o;
	int rc = op_start(s, ST_RESOURCE_GET, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, path);
	rc = sqlite3_step(o.q);
	if (rc == SQLITE_ROW) {
		const void *v = sqlite3_column_blob(o.q, 0);
		size_t n = (size_t)sqlite3_column_bytes(o.q, 0);
		const unsigned char *p = sqlite3_column_text(o.q, 1);

		rc = -ENOMEM;
		*value = sk_secret_alloc(n ? n : 1);
		if (*value && (!policy || (*policy = strdup(p ? (const char *)p : "")))) {
			if (n)
				memcpy(*value, v, n);
			*len = n;
			rc = 0;
		} else {
			sk_secret_free(*value);
			*value = NULL;
		}
	} else {
		rc = rc == SQLITE_DONE ? -ENOENT : db_fail(o.st, o.c->db, "reading a resource");
	}
	op_end(&o);
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

static int sq_resource_list(struct sk_kbs_store *s,
			    int (*cb)(void *ctx, const char *path, const char *policy), void *ctx)
{
	struct resource_cb r = { cb, ctx };

	return list_rows(s, ST_RESOURCE_LIST, "listing resources", each_resource, &r);
}

static int sq_resource_delete(struct sk_kbs_store *s, const char *path)
{
	return delete_row(s, ST_RESOURCE_DELETE, path, "deleting a resource", 0);
}

static int sq_audit_append(struct sk_kbs_store *s, const struct sk_kbs_audit *a)
{
	struct op o;
	int rc = op_start(s, ST_AUDIT_INSERT, &o);

	if (rc)
		return rc;
	sqlite3_bind_int64(o.q, 1, a->time);
	bind_text(o.q, 2, a->session);
	bind_text(o.q, 3, a->chip_id);
	bind_text(o.q, 4, a->measurement);
	bind_text(o.q, 5, a->resource);
	bind_text(o.q, 6, a->verdict);
	bind_text(o.q, 7, a->reason);
	/* autocommit with synchronous=FULL: on disk when the step returns */
	rc = op_write(&o, "appending to the audit log", 0);
	op_end(&o);
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

static int sq_audit_list(struct sk_kbs_store *s,
			 int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq), void *ctx)
{
	struct audit_cb r = { cb, ctx };

	return list_rows(s, ST_AUDIT_LIST, "reading the audit log", each_audit, &r);
}

static int sq_key_get(struct sk_kbs_store *s, const char *name, char **value)
{
	struct op o;
	int rc = op_start(s, ST_KEY_GET, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, name);
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
		rc = rc == SQLITE_DONE ? -ENOENT : db_fail(o.st, o.c->db, "reading a key");
	}
	op_end(&o);
	return rc;
}

static int sq_key_put_if_absent(struct sk_kbs_store *s, const char *name, const char *value)
{
	struct op o;
	int rc = op_start(s, ST_KEY_PUT, &o);

	if (rc)
		return rc;
	bind_text(o.q, 1, name);
	bind_text(o.q, 2, value);
	rc = op_write(&o, "storing a key", 0);
	if (!rc && sqlite3_changes(o.c->db) == 0)
		rc = -EEXIST; /* DO NOTHING: an earlier writer's value stays */
	op_end(&o);
	return rc;
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
};
