/* SPDX-License-Identifier: Apache-2.0 */
/* The PostgreSQL store's pool of connections and the shape of one statement. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/secure.h"
#include "kbs/store-pg.h"
#include "util/log.h"

/* The first line of the database's message: it names no bound value and no password. */
static int pg_fail(const char *what, const char *msg)
{
	size_t n;

	msg = msg && *msg ? msg : "no message";
	n = strcspn(msg, "\n");
	return sk_fail(SEV_E_DEVICE, "PostgreSQL: %s: %.*s", what, (int)(n > 300 ? 300 : n), msg);
}

/*
 * The user's URL first, then what this store needs, which wins (libpq keeps the last value
 * of a key): a bounded connect, statements and lock waits bounded by the same timeout.
 */
static int conn_open(const struct pg_store *st, struct pg_conn **out)
{
	char timeout[16], options[96];
	const char *keys[] = { "dbname", "connect_timeout", "options", "application_name",
			       "client_encoding", NULL };
	const char *vals[] = { st->url, timeout, options, "sevkit-kbs", "UTF8", NULL };
	struct pg_conn *c = calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return -ENOMEM;
	snprintf(timeout, sizeof(timeout), "%u", (st->o.timeout_ms + 999) / 1000);
	snprintf(options, sizeof(options), "-c statement_timeout=%u -c lock_timeout=%u",
		 st->o.timeout_ms, st->o.timeout_ms);
	c->db = PQconnectdbParams(keys, vals, 1);
	if (!c->db || PQstatus(c->db) != CONNECTION_OK) {
		rc = c->db ? pg_fail("connecting", PQerrorMessage(c->db)) : -ENOMEM;
		PQfinish(c->db);
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static void conn_free(struct pg_conn *c)
{
	PQfinish(c->db);
	free(c);
}

/*
 * An idle connection has nothing to read: a server that went away (a restart, a terminated
 * backend) left a FATAL message or an end of file on it. Such a connection is dropped before
 * a statement is sent on it, rather than failing that statement.
 */
static bool still_open(struct pg_conn *c)
{
	struct pollfd p = { .fd = PQsocket(c->db), .events = POLLIN };

	return PQstatus(c->db) == CONNECTION_OK && p.fd >= 0 && poll(&p, 1, 0) == 0;
}

static void deadline_in(struct timespec *t, unsigned ms)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += ms / 1000;
	t->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

/* Under the lock: an idle connection, or a reserved place for a new one, or a timeout. */
static int take(struct pg_store *st, struct pg_conn **c)
{
	struct timespec deadline;
	bool waited = false;

	deadline_in(&deadline, st->o.pool_wait_ms);
	while (!st->idle && st->open >= st->o.pool_max) {
		if (!waited)
			st->waits++;
		waited = true;
		if (pthread_cond_timedwait(&st->freed, &st->lock, &deadline) == ETIMEDOUT &&
		    !st->idle && st->open >= st->o.pool_max) {
			st->timeouts++;
			return sk_fail(SEV_E_DEVICE, "PostgreSQL: no database connection free within "
				       "%u ms (pool of %u)", st->o.pool_wait_ms, st->o.pool_max);
		}
	}
	*c = st->idle;
	if (*c)
		st->idle = (*c)->next;
	else
		st->open++;
	st->in_use++;
	return 0;
}

/* Give back a place taken for a connection that is gone. */
static void release_place(struct pg_store *st)
{
	pthread_mutex_lock(&st->lock);
	st->open--;
	st->in_use--;
	pthread_cond_signal(&st->freed);
	pthread_mutex_unlock(&st->lock);
}

int pg_conn_get(struct pg_store *st, struct pg_conn **c)
{
	int rc;

	pthread_mutex_lock(&st->lock);
	rc = take(st, c);
	pthread_mutex_unlock(&st->lock);
	if (rc)
		return rc;
	if (*c && still_open(*c))
		return 0;
	if (*c)
		conn_free(*c);
	if ((rc = conn_open(st, c)))
		release_place(st);
	return rc;
}

void pg_conn_put(struct pg_store *st, struct pg_conn *c)
{
	/* never hand on an open transaction: roll it back, or drop the connection */
	if (!c->broken && PQtransactionStatus(c->db) != PQTRANS_IDLE)
		PQclear(PQexec(c->db, "ROLLBACK"));
	if (c->broken || PQstatus(c->db) != CONNECTION_OK ||
	    PQtransactionStatus(c->db) != PQTRANS_IDLE) {
		conn_free(c);
		release_place(st);
		return;
	}
	pthread_mutex_lock(&st->lock);
	c->next = st->idle;
	st->idle = c;
	st->in_use--;
	pthread_cond_signal(&st->freed);
	pthread_mutex_unlock(&st->lock);
}

void pg_conn_close_all(struct pg_store *st)
{
	while (st->idle) {
		struct pg_conn *c = st->idle;

		st->idle = c->next;
		conn_free(c);
	}
}

void pg_param_text(struct pg_params *p, const char *t)
{
	p->v[p->n] = t;
	p->len[p->n] = 0;
	p->fmt[p->n++] = 0;
}

void pg_param_i64(struct pg_params *p, char buf[24], int64_t v)
{
	snprintf(buf, 24, "%lld", (long long)v);
	pg_param_text(p, buf);
}

void pg_param_bin(struct pg_params *p, const uint8_t *b, size_t len)
{
	p->v[p->n] = (const char *)b;
	p->len[p->n] = (int)len;
	p->fmt[p->n++] = 1;
}

/* SQLSTATE classes that mean the connection, not the statement, failed. */
static bool connection_lost(const char *state)
{
	return state && (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3));
}

int pg_exec(struct pg_conn *c, const char *what, const char *sql, const struct pg_params *p,
	    bool binary, int fk, PGresult **res)
{
	PGresult *r = PQexecParams(c->db, sql, p ? p->n : 0, NULL, p ? p->v : NULL,
				   p ? p->len : NULL, p ? p->fmt : NULL, binary ? 1 : 0);
	ExecStatusType t = PQresultStatus(r);
	const char *state;
	int rc;

	*res = NULL;
	if (r && (t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK)) {
		*res = r;
		return 0;
	}
	state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state && !strcmp(state, "23505"))
		rc = -EEXIST;
	else if (state && !strcmp(state, "23503") && fk)
		rc = fk;
	else
		rc = pg_fail(what, r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) :
			     PQerrorMessage(c->db));
	if (!r || connection_lost(state) || PQstatus(c->db) != CONNECTION_OK)
		c->broken = true;
	PQclear(r);
	return rc;
}

int pg_run(struct sk_kbs_store *s, const char *what, const char *sql,
	   const struct pg_params *p, int fk, int64_t *changed)
{
	struct pg_store *st = pg_of(s);
	struct pg_conn *c;
	PGresult *r;
	int rc = pg_conn_get(st, &c);

	if (rc)
		return rc;
	rc = pg_exec(c, what, sql, p, false, fk, &r);
	if (!rc && changed)
		*changed = strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	pg_conn_put(st, c);
	return rc;
}

int pg_query(struct sk_kbs_store *s, const char *what, const char *sql,
	     const struct pg_params *p, bool binary, PGresult **res)
{
	struct pg_store *st = pg_of(s);
	struct pg_conn *c;
	int rc = pg_conn_get(st, &c);

	if (rc)
		return rc;
	rc = pg_exec(c, what, sql, p, binary, 0, res);
	pg_conn_put(st, c);
	return rc;
}

int64_t pg_i64(const PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

void pg_clear_secret(PGresult *r)
{
	for (int i = 0; r && i < PQntuples(r); i++)
		for (int j = 0; j < PQnfields(r); j++)
			sk_wipe(PQgetvalue(r, i, j), (size_t)PQgetlength(r, i, j));
	PQclear(r);
}
