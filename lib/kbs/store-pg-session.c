/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PostgreSQL store's sessions. A nonce is spent by one UPDATE whose WHERE holds every
 * condition: PostgreSQL lets one of several concurrent updates of a row through and makes
 * the others re-check the row as committed, so exactly one caller, on any replica, wins.
 * Only a refusal reads the row again, to say why. (The nonce is compared in SQL, not in
 * constant time: it is no secret, the broker hands it to the session's holder.)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbs/store-pg.h"
#include "util/log.h"

static bool copy_text(char *dst, size_t cap, const char *src)
{
	if (!src || strlen(src) >= cap)
		return false;
	strcpy(dst, src);
	return true;
}

/* Columns nonce, hash_alg, expires, token of row 0 into *out. */
static int session_row(const PGresult *r, const char *id, struct sk_kbs_session *out)
{
	memset(out, 0, sizeof(*out));
	if (!copy_text(out->id, sizeof(out->id), id) ||
	    !copy_text(out->nonce, sizeof(out->nonce), PQgetvalue(r, 0, 0)) ||
	    !copy_text(out->hash_alg, sizeof(out->hash_alg), PQgetvalue(r, 0, 1)))
		return sk_fail(SEV_E_FORMAT, "PostgreSQL: session %s: a stored field is malformed",
			       id);
	out->expires = pg_i64(r, 0, 2);
	if (!PQgetisnull(r, 0, 3) && !(out->token = strdup(PQgetvalue(r, 0, 3))))
		return -ENOMEM;
	return 0;
}

int pg_session_create(struct sk_kbs_store *s, const struct sk_kbs_session *in)
{
	struct pg_params p = { 0 };
	char exp[24];

	pg_param_text(&p, in->id);
	pg_param_text(&p, in->nonce);
	pg_param_text(&p, in->hash_alg);
	pg_param_i64(&p, exp, in->expires);
	pg_param_text(&p, in->token);
	return pg_run(s, "creating a session", "INSERT INTO sessions(id, nonce, hash_alg,"
		      " expires, token) VALUES($1, $2, $3, $4, $5)", &p, 0, NULL);
}

/* The nonce was refused: which condition failed, in the order SQLite's back end checks. */
static int refusal(struct sk_kbs_store *s, const char *id, const char *nonce, int64_t now,
		   enum sk_kbs_consume *why)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int rc;

	pg_param_text(&p, id);
	rc = pg_query(s, "reading a session", "SELECT nonce, expires, consumed FROM sessions"
		      " WHERE id = $1", &p, false, &r);
	if (rc)
		return rc;
	if (PQntuples(r) == 0)
		*why = SK_KBS_NO_SESSION;
	else if (now >= pg_i64(r, 0, 1))
		*why = SK_KBS_EXPIRED;
	else if (strcmp(PQgetvalue(r, 0, 0), nonce) != 0)
		*why = SK_KBS_NONCE_MISMATCH;
	else
		*why = SK_KBS_NONCE_USED;
	PQclear(r);
	return SEV_E_VERIFY;
}

int pg_session_consume(struct sk_kbs_store *s, const char *id, const char *nonce, int64_t now,
		       enum sk_kbs_consume *why, struct sk_kbs_session *out)
{
	struct pg_params p = { 0 };
	PGresult *r;
	char t[24];
	int rc;

	*why = SK_KBS_NO_SESSION;
	pg_param_text(&p, id);
	pg_param_text(&p, nonce);
	pg_param_i64(&p, t, now);
	rc = pg_query(s, "consuming a nonce", "UPDATE sessions SET consumed = true WHERE id = $1"
		      " AND nonce = $2 AND expires > $3 AND NOT consumed"
		      " RETURNING nonce, hash_alg, expires, token", &p, false, &r);
	if (rc)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return refusal(s, id, nonce, now, why);
	}
	*why = SK_KBS_OK;
	if (out && (rc = session_row(r, id, out)))
		sk_kbs_session_clear(out);
	PQclear(r);
	return rc;
}

int pg_session_set_token(struct sk_kbs_store *s, const char *id, const char *token)
{
	struct pg_params p = { 0 };
	int64_t n = 0;
	int rc;

	pg_param_text(&p, id);
	pg_param_text(&p, token);
	rc = pg_run(s, "storing a token", "UPDATE sessions SET token = $2 WHERE id = $1", &p, 0,
		    &n);
	return !rc && n == 0 ? -ENOENT : rc;
}

int pg_session_get(struct sk_kbs_store *s, const char *id, int64_t now,
		   struct sk_kbs_session *out)
{
	struct pg_params p = { 0 };
	PGresult *r;
	char t[24];
	int rc;

	pg_param_text(&p, id);
	pg_param_i64(&p, t, now);
	rc = pg_query(s, "reading a session", "SELECT nonce, hash_alg, expires, token FROM sessions"
		      " WHERE id = $1 AND expires > $2", &p, false, &r);
	if (rc)
		return rc;
	rc = PQntuples(r) == 1 ? session_row(r, id, out) : -ENOENT;
	PQclear(r);
	return rc;
}

int pg_session_purge(struct sk_kbs_store *s, int64_t now)
{
	struct pg_params p = { 0 };
	char t[24];

	pg_param_i64(&p, t, now);
	return pg_run(s, "purging sessions", "DELETE FROM sessions WHERE expires <= $1", &p, 0,
		      NULL);
}
