/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside the PostgreSQL back end of the store: its pool of connections and the shape of a
 * statement (store-pg-db.c), shared by store-pg.c (open, close, the schema's migrations, the
 * operations table), store-pg-session.c (sessions and nonces) and store-pg-tables.c
 * (policies, resources, audit, keys, the VCEK cache).
 */
#ifndef SK_KBS_STORE_PG_H
#define SK_KBS_STORE_PG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "kbs/store.h"

struct pg_conn {
	PGconn *db;
	bool broken; /* a statement failed at the connection's level: close, never reuse */
	struct pg_conn *next;
};

/*
 * A bounded pool: at most opts.pool_max connections, opened when needed; a caller waits up
 * to opts.pool_wait_ms for one, then fails (SEV_E_DEVICE) rather than queue without end. A
 * connection that broke is closed, never lent again: the next caller opens a new one, so a
 * replica recovers by itself when the database is back.
 */
struct pg_store {
	struct sk_kbs_store base;
	char *url;                 /* never logged: it may hold a password */
	struct sk_kbs_store_opts o;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	struct pg_conn *idle;
	unsigned open, in_use;
	uint64_t waits, timeouts;
};

static inline struct pg_store *pg_of(struct sk_kbs_store *s)
{
	return (struct pg_store *)(void *)s;
}

/* Parameters of one statement: text, or binary (bytea) where len says so. */
struct pg_params {
	int n;
	const char *v[8];
	int len[8];
	int fmt[8]; /* 0 text, 1 binary */
};

void pg_param_text(struct pg_params *p, const char *t);
void pg_param_i64(struct pg_params *p, char buf[24], int64_t v);
void pg_param_bin(struct pg_params *p, const uint8_t *b, size_t len);

/* store-pg-db.c */
int pg_conn_get(struct pg_store *st, struct pg_conn **c);
void pg_conn_put(struct pg_store *st, struct pg_conn *c);
void pg_conn_close_all(struct pg_store *st);
/*
 * Run sql with p (NULL: none) on c; binary: results in binary format. On success *res holds
 * the result (PGRES_TUPLES_OK or PGRES_COMMAND_OK; caller PQclear). On failure: -EEXIST for a
 * unique violation, fk for a foreign-key one (when not 0), else SEV_E_DEVICE with the first
 * line of the database's message; a connection that broke is marked for closing.
 */
int pg_exec(struct pg_conn *c, const char *what, const char *sql, const struct pg_params *p,
	    bool binary, int fk, PGresult **res);
/* pg_exec on a pooled connection, the result cleared: for statements that return nothing. */
int pg_run(struct sk_kbs_store *s, const char *what, const char *sql,
	   const struct pg_params *p, int fk, int64_t *changed);
/* pg_exec on a pooled connection, the result kept (caller PQclear). */
int pg_query(struct sk_kbs_store *s, const char *what, const char *sql,
	     const struct pg_params *p, bool binary, PGresult **res);
int64_t pg_i64(const PGresult *r, int row, int col);
/* Wipe what a result holds (a secret value) before it is cleared. */
void pg_clear_secret(PGresult *r);

/* store-pg-session.c */
int pg_session_create(struct sk_kbs_store *s, const struct sk_kbs_session *in);
int pg_session_consume(struct sk_kbs_store *s, const char *id, const char *nonce, int64_t now,
		       enum sk_kbs_consume *why, struct sk_kbs_session *out);
int pg_session_set_token(struct sk_kbs_store *s, const char *id, const char *token);
int pg_session_get(struct sk_kbs_store *s, const char *id, int64_t now,
		   struct sk_kbs_session *out);
int pg_session_purge(struct sk_kbs_store *s, int64_t now);

/* store-pg-tables.c */
int pg_policy_put(struct sk_kbs_store *s, const char *name, const char *json, size_t len);
int pg_policy_get(struct sk_kbs_store *s, const char *name, char **json, size_t *len);
int pg_policy_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *name), void *ctx);
int pg_policy_delete(struct sk_kbs_store *s, const char *name);
int pg_resource_put(struct sk_kbs_store *s, const char *path, const uint8_t *value, size_t len,
		    const char *policy);
int pg_resource_get(struct sk_kbs_store *s, const char *path, uint8_t **value, size_t *len,
		    char **policy);
int pg_resource_list(struct sk_kbs_store *s,
		     int (*cb)(void *ctx, const char *path, const char *policy), void *ctx);
int pg_resource_delete(struct sk_kbs_store *s, const char *path);
int pg_resource_release(struct sk_kbs_store *s, const char *path, const char *policy,
			const struct sk_kbs_audit *a, uint8_t **value, size_t *len);
int pg_audit_append(struct sk_kbs_store *s, const struct sk_kbs_audit *a);
int pg_audit_list(struct sk_kbs_store *s,
		  int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq), void *ctx);
int pg_key_get(struct sk_kbs_store *s, const char *name, char **value);
int pg_key_put_if_absent(struct sk_kbs_store *s, const char *name, const char *value);
int pg_vcek_put(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb, const uint8_t *certs,
		size_t len);
int pg_vcek_get(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb, uint8_t **certs,
		size_t *len);
int pg_vcek_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb),
		 void *ctx);

#endif
