/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside the SQLite back end of the store: its statements, its pool of connections and the
 * shape of an operation (store-sqlite-db.c), shared by the files of the back end:
 * store-sqlite.c (open, close, the operations table, the schema's migrations),
 * store-sqlite-session.c (sessions and nonces), store-sqlite-tables.c (policies, resources,
 * audit, keys) and store-sqlite-vcek.c (the VCEK cache).
 */
#ifndef SK_KBS_STORE_SQLITE_H
#define SK_KBS_STORE_SQLITE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "kbs/store.h"

/* how long a writer waits for another (thread or process) before SEV_E_DEVICE */
#define BUSY_TIMEOUT_MS 10000

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
	ST_VCEK_PUT,
	ST_VCEK_GET,
	ST_VCEK_LIST,
	ST_PING,
	ST_COUNT
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
	unsigned open, in_use; /* under lock, for pool_stats */
};

static inline struct sqlite_store *sq_of(struct sk_kbs_store *s)
{
	return (struct sqlite_store *)(void *)s;
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

/* store-sqlite-db.c */
sqlite3_stmt *sq_stmt(const struct sqlite_store *st, struct conn *c, enum st id);
void sq_done(sqlite3_stmt *q);
int sq_conn_open(struct sqlite_store *st, struct conn **out);
int sq_db_fail(const struct sqlite_store *st, sqlite3 *db, const char *what);
void sq_conn_free(struct conn *c);
int sq_run(const struct sqlite_store *st, struct conn *c, enum st id);
int sq_bind_text(sqlite3_stmt *q, int i, const char *t);
int sq_begin(const struct sqlite_store *st, struct conn *c);
int sq_commit(const struct sqlite_store *st, struct conn *c);
void sq_rollback(const struct sqlite_store *st, struct conn *c);
int sq_conn_get(struct sqlite_store *st, struct conn **c);
void sq_conn_put(struct sqlite_store *st, struct conn *c);
int sq_op_start(struct sk_kbs_store *s, enum st id, struct op *o);
void sq_op_end(struct op *o);
int sq_op_write(struct op *o, const char *what, int on_fkey);
bool sq_copy_text(char *dst, size_t cap, const unsigned char *src);
void sq_pool_stats(struct sk_kbs_store *s, struct sk_kbs_pool_stats *out);
int sq_ping(struct sk_kbs_store *s);
int sq_list_rows(struct sk_kbs_store *s, enum st id, const char *what,
		 int (*each)(sqlite3_stmt *q, void *arg), void *arg);
int sq_delete_row(struct sk_kbs_store *s, enum st id, const char *key, const char *what, int fk);

/* store-sqlite-session.c */
int sq_session_create(struct sk_kbs_store *s, const struct sk_kbs_session *in);
int sq_session_consume(struct sk_kbs_store *s, const char *id, const char *nonce, int64_t now,
		       enum sk_kbs_consume *why, struct sk_kbs_session *out);
int sq_session_set_token(struct sk_kbs_store *s, const char *id, const char *token);
int sq_session_get(struct sk_kbs_store *s, const char *id, int64_t now,
		   struct sk_kbs_session *out);
int sq_session_purge(struct sk_kbs_store *s, int64_t now);

/* store-sqlite-tables.c */
int sq_policy_put(struct sk_kbs_store *s, const char *name, const char *json, size_t len);
int sq_policy_get(struct sk_kbs_store *s, const char *name, char **json, size_t *len);
int sq_policy_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *name), void *ctx);
int sq_policy_delete(struct sk_kbs_store *s, const char *name);
int sq_resource_put(struct sk_kbs_store *s, const char *path, const uint8_t *value, size_t len,
		    const char *policy);
int sq_resource_get(struct sk_kbs_store *s, const char *path, uint8_t **value, size_t *len,
		    char **policy);
int sq_resource_list(struct sk_kbs_store *s,
		     int (*cb)(void *ctx, const char *path, const char *policy), void *ctx);
int sq_resource_delete(struct sk_kbs_store *s, const char *path);
int sq_audit_append(struct sk_kbs_store *s, const struct sk_kbs_audit *a);
int sq_audit_list(struct sk_kbs_store *s,
		  int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq), void *ctx);
int sq_key_get(struct sk_kbs_store *s, const char *name, char **value);
int sq_key_put_if_absent(struct sk_kbs_store *s, const char *name, const char *value);
int sq_resource_release(struct sk_kbs_store *s, const char *path, const char *policy,
			const struct sk_kbs_audit *a, uint8_t **value, size_t *len);
void sq_bind_audit(sqlite3_stmt *q, const struct sk_kbs_audit *a);

/* store-sqlite-vcek.c */
int sq_vcek_put(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb, const uint8_t *certs,
		size_t len);
int sq_vcek_get(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb, uint8_t **certs,
		size_t *len);
int sq_vcek_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb),
		 void *ctx);

#endif
