/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite store's sessions: a nonce is consumed once, by one caller, ever. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "kbs/store-sqlite.h"
#include "util/log.h"

/* Columns nonce, hash_alg, expires, consumed, token of the current row into *out. */
static int session_row(const struct sqlite_store *st, sqlite3_stmt *q, const char *id,
		       struct sk_kbs_session *out)
{
	const unsigned char *token = sqlite3_column_text(q, 4);

	memset(out, 0, sizeof(*out));
	if (!sq_copy_text(out->id, sizeof(out->id), (const unsigned char *)id) ||
	    !sq_copy_text(out->nonce, sizeof(out->nonce), sqlite3_column_text(q, 0)) ||
	    !sq_copy_text(out->hash_alg, sizeof(out->hash_alg), sqlite3_column_text(q, 1)))
		return sk_fail(SEV_E_FORMAT, "%s: session %s: a stored field is malformed",
			       st->path, id);
	out->expires = sqlite3_column_int64(q, 2);
	if (token && !(out->token = strdup((const char *)token)))
		return -ENOMEM;
	return 0;
}

int sq_session_create(struct sk_kbs_store *s, const struct sk_kbs_session *in)
{
	struct op o;
	int rc = sq_op_start(s, ST_SESSION_INSERT, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, in->id);
	sq_bind_text(o.q, 2, in->nonce);
	sq_bind_text(o.q, 3, in->hash_alg);
	sqlite3_bind_int64(o.q, 4, in->expires);
	sq_bind_text(o.q, 5, in->token);
	rc = sq_op_write(&o, "creating a session", 0);
	sq_op_end(&o);
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
		return sq_db_fail(o->st, o->c->db, "reading a session");
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
	sqlite3_stmt *q = sq_stmt(o->st, o->c, ST_SESSION_MARK);
	int rc;

	if (!q)
		return SEV_E_DEVICE;
	sq_bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE && sqlite3_changes(o->c->db) != 1) {
		/* cannot happen under BEGIN IMMEDIATE; the guard makes it certain */
		*why = SK_KBS_NONCE_USED;
		rc = SEV_E_VERIFY;
	} else {
		rc = rc == SQLITE_DONE ? 0 : sq_db_fail(o->st, o->c->db, "consuming a nonce");
	}
	sq_done(q);
	return rc;
}

/*
 * BEGIN IMMEDIATE takes the database's write lock before the read: no other
 * thread or process can consume between our read and our update.
 */
int sq_session_consume(struct sk_kbs_store *s, const char *id, const char *nonce,
			      int64_t now, enum sk_kbs_consume *why, struct sk_kbs_session *out)
{
	struct op o;
	int rc = sq_op_start(s, ST_SESSION_SELECT, &o);

	*why = SK_KBS_NO_SESSION;
	if (rc)
		return rc;
	rc = sq_begin(o.st, o.c);
	if (!rc) {
		sq_bind_text(o.q, 1, id);
		rc = judge(&o, id, nonce, now, why, out);
		sq_done(o.q);
	}
	if (!rc)
		rc = mark_consumed(&o, id, why);
	if (!rc)
		rc = sq_commit(o.st, o.c);
	if (rc && out)
		sk_kbs_session_clear(out);
	if (rc && rc != SEV_E_VERIFY)
		*why = SK_KBS_NO_SESSION;
	sq_op_end(&o); /* rolls back whatever is still open */
	return rc;
}

int sq_session_set_token(struct sk_kbs_store *s, const char *id, const char *token)
{
	struct op o;
	int rc = sq_op_start(s, ST_SESSION_TOKEN, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, id);
	sq_bind_text(o.q, 2, token);
	rc = sq_op_write(&o, "storing a token", 0);
	if (!rc && sqlite3_changes(o.c->db) == 0)
		rc = -ENOENT;
	sq_op_end(&o);
	return rc;
}

int sq_session_get(struct sk_kbs_store *s, const char *id, int64_t now,
			  struct sk_kbs_session *out)
{
	struct op o;
	int rc = sq_op_start(s, ST_SESSION_LIVE, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, id);
	sqlite3_bind_int64(o.q, 2, now);
	rc = sqlite3_step(o.q);
	if (rc == SQLITE_ROW)
		rc = session_row(o.st, o.q, id, out);
	else if (rc == SQLITE_DONE)
		rc = -ENOENT;
	else
		rc = sq_db_fail(o.st, o.c->db, "reading a session");
	sq_op_end(&o);
	return rc;
}

int sq_session_purge(struct sk_kbs_store *s, int64_t now)
{
	struct op o;
	int rc = sq_op_start(s, ST_SESSION_PURGE, &o);

	if (rc)
		return rc;
	sqlite3_bind_int64(o.q, 1, now);
	rc = sq_op_write(&o, "purging sessions", 0);
	sq_op_end(&o);
	return rc;
}
