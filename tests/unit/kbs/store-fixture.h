/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fresh store for each store test, removed afterwards: a SQLite file in a new directory,
 * or, when SEVKIT_TEST_PG_URL names a PostgreSQL server (tests/services/with-pg), a new
 * database on it, dropped afterwards.
 */
#ifndef SEVKIT_TEST_STORE_FIXTURE_H
#define SEVKIT_TEST_STORE_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

struct fixture {
	char dir[256];
	char path[300];
	char url[320];
	char pg_db[64]; /* the database made for this test; "" on SQLite */
};

static const char *fixture_pg(void)
{
	const char *u = getenv("SEVKIT_TEST_PG_URL");

	return u && *u ? u : NULL;
}

/* One statement on the database at url, as another program would; 0 when it ran. */
static int fixture_pg_exec(const char *url, const char *sql, bool quiet)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;

	if (rc && !quiet)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return rc;
}

/* One statement on the server's own database, as its administrator. */
static int fixture_pg_admin(const char *sql)
{
	return fixture_pg_exec(fixture_pg(), sql, false);
}

static int fixture_setup_pg(struct fixture *f)
{
	static int n;
	const char *base = fixture_pg(), *slash = strrchr(base, '/');
	char sql[128];

	snprintf(f->pg_db, sizeof(f->pg_db), "t%d_%d", (int)getpid(), n++);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", f->pg_db);
	if (!slash || fixture_pg_admin(sql))
		return -1;
	snprintf(f->url, sizeof(f->url), "%.*s/%s", (int)(slash - base), base, f->pg_db);
	return 0;
}

static int fixture_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	*state = f;
	if (fixture_pg())
		return fixture_setup_pg(f);
	snprintf(f->dir, sizeof(f->dir), "%s/sk-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/kbs.db", f->dir);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->path);
	return 0;
}

static int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	static const char *const tails[] = { "", "-wal", "-shm", "-journal" };
	char p[320];

	if (f->pg_db[0]) {
		snprintf(p, sizeof(p), "DROP DATABASE %s WITH (FORCE)", f->pg_db);
		fixture_pg_admin(p);
		free(f);
		return 0;
	}
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, tails[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

#endif
