/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite store's VCEK cache: certificates by chip id and reported TCB. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbs/store-sqlite.h"

int sq_vcek_put(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb, const uint8_t *certs,
		size_t len)
{
	struct op o;
	int rc = sq_op_start(s, ST_VCEK_PUT, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, chip_hex);
	sqlite3_bind_int64(o.q, 2, (sqlite3_int64)tcb);
	sqlite3_bind_blob(o.q, 3, certs, (int)len, SQLITE_STATIC);
	rc = sq_op_write(&o, "storing a VCEK", 0);
	sq_op_end(&o);
	return rc;
}

int sq_vcek_get(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb, uint8_t **certs,
		size_t *len)
{
	struct op o;
	int rc = sq_op_start(s, ST_VCEK_GET, &o);

	if (rc)
		return rc;
	sq_bind_text(o.q, 1, chip_hex);
	sqlite3_bind_int64(o.q, 2, (sqlite3_int64)tcb);
	rc = sqlite3_step(o.q);
	if (rc == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(o.q, 0);

		rc = (*certs = malloc(n ? n : 1)) ? 0 : -ENOMEM;
		if (!rc && n)
			memcpy(*certs, sqlite3_column_blob(o.q, 0), n);
		*len = n;
	} else {
		rc = rc == SQLITE_DONE ? -ENOENT : sq_db_fail(o.st, o.c->db, "reading a VCEK");
	}
	sq_op_end(&o);
	return rc;
}

struct vcek_cb {
	int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb);
	void *ctx;
};

static int each_vcek(sqlite3_stmt *q, void *arg)
{
	struct vcek_cb *v = arg;

	return v->cb(v->ctx, (const char *)sqlite3_column_text(q, 0),
		     (uint64_t)sqlite3_column_int64(q, 1));
}

int sq_vcek_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb),
		 void *ctx)
{
	struct vcek_cb v = { cb, ctx };

	return sq_list_rows(s, ST_VCEK_LIST, "listing VCEKs", each_vcek, &v);
}
