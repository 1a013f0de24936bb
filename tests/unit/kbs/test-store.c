/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The key broker's store on SQLite: every operation and its errors, the file's
 * mode and journal, the schema version, the append-only audit table, and one
 * winner when many threads or processes consume one nonce.
 */
#include "../test.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "crypto/secure.h"
#include "kbs/store.h"
#include "store-fixture.h"

#define ID1 "0123456789abcdef0123456789abcdef"
#define ID2 "fedcba9876543210fedcba9876543210"
#define NONCE1 "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80="
#define NONCE2 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define NOW 1700000000
#define CHIP "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
	     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct sink {
	char last[512];
	int calls;
};

static void keep(enum sev_log_level level, const char *msg, void *ctx)
{
	struct sink *s = ctx;

	(void)level;
	snprintf(s->last, sizeof(s->last), "%s", msg);
	s->calls++;
}

static struct sk_kbs_store *open_store(const struct fixture *f)
{
	struct sk_kbs_store *s = NULL;

	assert_int_equal(sk_kbs_store_open(f->url, &s), 0);
	assert_non_null(s);
	return s;
}

static void make_session(struct sk_kbs_store *s, const char *id, const char *nonce,
			 int64_t expires)
{
	struct sk_kbs_session in = { .expires = expires };

	strcpy(in.id, id);
	strcpy(in.nonce, nonce);
	strcpy(in.hash_alg, "sha384");
	assert_int_equal(sk_kbs_session_create(s, &in), 0);
}

/* Run one SQL statement on the file directly, as another program would. */
static int raw_sql(const char *path, const char *sql, char *out, size_t cap)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	int rc;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && out)
		snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return rc;
}

/* One statement on the store's database directly, as another program would: 0 if it ran. */
static int raw(const struct fixture *f, const char *sql)
{
	if (!f->pg_db[0])
		return raw_sql(f->path, sql, NULL, 0) == SQLITE_DONE ? 0 : -1;
	/* quiet: some statements are expected to be refused */
	return fixture_pg_exec(f->url, sql, true);
}

static void unknown_scheme_refused(void **state)
{
	struct sk_kbs_store *s = (void *)1;
	struct sink log = { 0 };

	(void)state;
	sev_set_log(keep, &log);
	assert_int_equal(sk_kbs_store_open("mysql://kbs:s3cret@db/kbs", &s), SEV_E_UNSUPPORTED);
	assert_null(s);
	assert_non_null(strstr(log.last, "'mysql': not supported"));
	assert_null(strstr(log.last, "s3cret")); /* a URL may carry a password */
	/* a PostgreSQL server that is not there: the reason, and still no password */
	assert_int_equal(sk_kbs_store_open("postgresql://kbs:s3cret@127.0.0.1:1/kbs", &s),
			 SEV_E_DEVICE);
	assert_null(s);
	assert_non_null(strstr(log.last, "PostgreSQL: connecting: "));
	assert_null(strstr(log.last, "s3cret"));
	assert_int_equal(sk_kbs_store_open("/tmp/kbs.db", &s), SEV_E_UNSUPPORTED);
	assert_int_equal(sk_kbs_store_open("sqlite:", &s), SEV_E_INVALID);
	sev_set_log(NULL, NULL);
}

static void file_is_0600_and_wal(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s;
	struct stat sb;
	char mode[32] = "";
	mode_t old = umask(0); /* even a permissive umask leaves the file private */

	s = open_store(f);
	umask(old);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* SQLite gives the write-ahead log (which holds secrets too) the file's mode */
	{
		char wal[320];

		snprintf(wal, sizeof(wal), "%s-wal", f->path);
		assert_int_equal(stat(wal, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}
	sk_kbs_store_close(s);
	assert_int_equal(raw_sql(f->path, "PRAGMA journal_mode", mode, sizeof(mode)), SQLITE_ROW);
	assert_string_equal(mode, "wal");
	/* reopening a store keeps its contents */
	s = open_store(f);
	assert_int_equal(sk_kbs_policy_put(s, "p", "{}", 2), 0);
	sk_kbs_store_close(s);
	s = open_store(f);
	{
		char *json = NULL;
		size_t len = 0;

		assert_int_equal(sk_kbs_policy_get(s, "p", &json, &len), 0);
		assert_string_equal(json, "{}");
		free(json);
	}
	sk_kbs_store_close(s);
}

static void others_may_not_write(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = NULL;
	struct sink log = { 0 };

	sk_kbs_store_close(open_store(f));
	sev_set_log(keep, &log);
	assert_int_equal(chmod(f->path, 0620), 0);
	assert_int_equal(sk_kbs_store_open(f->url, &s), -EACCES);
	assert_non_null(strstr(log.last, "writable by other users"));
	assert_int_equal(chmod(f->path, 0640), 0);
	log.calls = 0;
	assert_int_equal(sk_kbs_store_open(f->url, &s), 0);
	assert_int_equal(log.calls, 1);
	assert_non_null(strstr(log.last, "readable by other users"));
	sk_kbs_store_close(s);
	sev_set_log(NULL, NULL);
}

static void newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = NULL;

	sk_kbs_store_close(open_store(f));
	assert_int_equal(raw(f, "UPDATE schema_version SET version = 99"), 0);
	assert_int_equal(sk_kbs_store_open(f->url, &s), SEV_E_UNSUPPORTED);
	assert_null(s);
}

static void sessions(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	struct sk_kbs_session in = { .id = ID1, .nonce = NONCE1, .hash_alg = "sha384",
				     .expires = NOW + 300 };
	struct sk_kbs_session out;

	make_session(s, ID1, NONCE1, NOW + 300);
	assert_int_equal(sk_kbs_session_create(s, &in), -EEXIST);
	strcpy(in.id, "0123456789ABCDEF0123456789ABCDEF"); /* upper case: not an id */
	assert_int_equal(sk_kbs_session_create(s, &in), SEV_E_INVALID);

	assert_int_equal(sk_kbs_session_get(s, ID1, NOW, &out), 0);
	assert_string_equal(out.id, ID1);
	assert_string_equal(out.nonce, NONCE1);
	assert_string_equal(out.hash_alg, "sha384");
	assert_int_equal(out.expires, NOW + 300);
	assert_null(out.token);
	assert_int_equal(sk_kbs_session_get(s, ID1, NOW + 300, &out), -ENOENT);
	assert_int_equal(sk_kbs_session_get(s, ID2, NOW, &out), -ENOENT);
	assert_int_equal(sk_kbs_session_get(s, "nope", NOW, &out), -ENOENT);

	assert_int_equal(sk_kbs_session_set_token(s, ID1, "a.b.c"), 0);
	assert_int_equal(sk_kbs_session_set_token(s, ID2, "a.b.c"), -ENOENT);
	assert_int_equal(sk_kbs_session_get(s, ID1, NOW, &out), 0);
	assert_string_equal(out.token, "a.b.c");
	sk_kbs_session_clear(&out);
	assert_null(out.token);
	sk_kbs_store_close(s);
}

static void consume_reasons(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	struct sk_kbs_session out;
	enum sk_kbs_consume why = SK_KBS_OK;

	make_session(s, ID1, NONCE1, NOW + 300);
	assert_int_equal(sk_kbs_session_set_token(s, ID1, "t.o.k"), 0);
	assert_int_equal(sk_kbs_session_consume(s, ID2, NONCE1, NOW, &why, &out), SEV_E_VERIFY);
	assert_int_equal(why, SK_KBS_NO_SESSION);
	assert_int_equal(sk_kbs_session_consume(s, "x", NONCE1, NOW, &why, &out), SEV_E_VERIFY);
	assert_int_equal(why, SK_KBS_NO_SESSION);
	assert_int_equal(sk_kbs_session_consume(s, ID1, NONCE2, NOW, &why, &out), SEV_E_VERIFY);
	assert_int_equal(why, SK_KBS_NONCE_MISMATCH);
	/* a prefix of the nonce is a mismatch too */
	assert_int_equal(sk_kbs_session_consume(s, ID1, "q83v", NOW, &why, &out), SEV_E_VERIFY);
	assert_int_equal(why, SK_KBS_NONCE_MISMATCH);
	assert_int_equal(sk_kbs_session_consume(s, ID1, NONCE1, NOW, &why, &out), 0);
	assert_int_equal(why, SK_KBS_OK);
	assert_string_equal(out.id, ID1);
	assert_string_equal(out.nonce, NONCE1);
	assert_string_equal(out.token, "t.o.k");
	assert_int_equal(out.expires, NOW + 300);
	sk_kbs_session_clear(&out);
	assert_int_equal(sk_kbs_session_consume(s, ID1, NONCE1, NOW, &why, NULL), SEV_E_VERIFY);
	assert_int_equal(why, SK_KBS_NONCE_USED);
	/* the session stays readable (its token) after its nonce is used */
	assert_int_equal(sk_kbs_session_get(s, ID1, NOW, &out), 0);
	sk_kbs_session_clear(&out);
	sk_kbs_store_close(s);
}

/* Past its expiry a session cannot consume, even with the right, unused nonce. */
static void expired_cannot_consume(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	enum sk_kbs_consume why = SK_KBS_OK;

	make_session(s, ID1, NONCE1, NOW + 300);
	assert_int_equal(sk_kbs_session_consume(s, ID1, NONCE1, NOW + 300, &why, NULL),
			 SEV_E_VERIFY);
	assert_int_equal(why, SK_KBS_EXPIRED);
	assert_int_equal(sk_kbs_session_consume(s, ID1, NONCE1, NOW + 9999, &why, NULL),
			 SEV_E_VERIFY);
	assert_int_equal(why, SK_KBS_EXPIRED);
	/* one second earlier it still could: the refusal was the clock's */
	assert_int_equal(sk_kbs_session_consume(s, ID1, NONCE1, NOW + 299, &why, NULL), 0);
	sk_kbs_store_close(s);
}

static void purge_drops_expired_only(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	struct sk_kbs_session out;
	enum sk_kbs_consume why;

	make_session(s, ID1, NONCE1, NOW + 10);
	make_session(s, ID2, NONCE2, NOW + 300);
	assert_int_equal(sk_kbs_session_consume(s, ID2, NONCE2, NOW, &why, NULL), 0);
	assert_int_equal(sk_kbs_session_purge(s, NOW + 10), 0);
	assert_int_equal(sk_kbs_session_get(s, ID1, NOW, &out), -ENOENT);
	assert_int_equal(sk_kbs_session_get(s, ID2, NOW, &out), 0);
	sk_kbs_session_clear(&out);
	/* the live session's consumed nonce stays consumed */
	assert_int_equal(sk_kbs_session_consume(s, ID2, NONCE2, NOW, &why, NULL), SEV_E_VERIFY);
	assert_int_equal(why, SK_KBS_NONCE_USED);
	sk_kbs_store_close(s);
}

struct names {
	char got[8][80];
	int n, stop_at;
};

static int add_name(void *ctx, const char *name)
{
	struct names *l = ctx;

	if (l->n == l->stop_at)
		return 42;
	snprintf(l->got[l->n++], sizeof(l->got[0]), "%s", name);
	return 0;
}

static void policies(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	struct names l = { .stop_at = -1 };
	char *json = NULL;
	size_t len = 0;

	assert_int_equal(sk_kbs_policy_get(s, "p1", &json, &len), -ENOENT);
	assert_int_equal(sk_kbs_policy_put(s, "p1", "{\"a\":1}", 7), 0);
	assert_int_equal(sk_kbs_policy_put(s, "p0", "{\"b\":2}xxx", 7), 0); /* len counts */
	assert_int_equal(sk_kbs_policy_get(s, "p1", &json, &len), 0);
	assert_int_equal(len, 7);
	assert_string_equal(json, "{\"a\":1}");
	free(json);
	assert_int_equal(sk_kbs_policy_put(s, "p1", "{}", 2), 0); /* replaces */
	assert_int_equal(sk_kbs_policy_get(s, "p1", &json, &len), 0);
	assert_string_equal(json, "{}");
	free(json);
	assert_int_equal(sk_kbs_policy_get(s, "p0", &json, &len), 0);
	assert_string_equal(json, "{\"b\":2}");
	free(json);

	assert_int_equal(sk_kbs_policy_list(s, add_name, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.got[0], "p0");
	assert_string_equal(l.got[1], "p1");
	l = (struct names){ .stop_at = 1 };
	assert_int_equal(sk_kbs_policy_list(s, add_name, &l), 42);
	assert_int_equal(l.n, 1);

	assert_int_equal(sk_kbs_policy_put(s, "../x", "{}", 2), SEV_E_INVALID);
	assert_int_equal(sk_kbs_policy_put(s, "a/b", "{}", 2), SEV_E_INVALID);
	assert_int_equal(sk_kbs_policy_put(s, "p2", "{\0}", 3), SEV_E_INVALID);
	assert_int_equal(sk_kbs_policy_delete(s, "p0"), 0);
	assert_int_equal(sk_kbs_policy_delete(s, "p0"), -ENOENT);
	assert_int_equal(sk_kbs_policy_get(s, "p0", &json, &len), -ENOENT);
	assert_null(json);
	sk_kbs_store_close(s);
}

static void resource_paths(void **state)
{
	static const char *const good[] = { "a/b/c", "repo.x/key_1/tag-2", ".../b/c",
					    "A9/..a/.b" };
	static const char *const bad[] = { "", "a/b", "a/b/c/d", "a//c", "./b/c", "a/../c",
					   "a/b/..", "a/b/c/", "/a/b/c", "a b/c/d", "a/b/c\n",
					   "a/b/é" };
	char long_part[80];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(sk_kbs_resource_path_ok(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(sk_kbs_resource_path_ok(bad[i]));
	assert_false(sk_kbs_resource_path_ok(NULL));
	memset(long_part, 'x', 64);
	strcpy(long_part + 64, "/b/c");
	assert_true(sk_kbs_resource_path_ok(long_part));
	long_part[0] = 'y';
	memmove(long_part + 1, long_part, strlen(long_part) + 1); /* 65 x's */
	assert_false(sk_kbs_resource_path_ok(long_part));
}

struct pairs {
	char path[8][80], policy[8][80];
	int n;
};

static int add_pair(void *ctx, const char *path, const char *policy)
{
	struct pairs *p = ctx;

	snprintf(p->path[p->n], sizeof(p->path[0]), "%s", path);
	snprintf(p->policy[p->n++], sizeof(p->policy[0]), "%s", policy);
	return 0;
}

static void resources(void **state)
{
	static const uint8_t secret[] = { 's', 0, 'e', 0xff, 'c', 0 };
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	struct pairs l = { 0 };
	uint8_t *value = NULL, *big;
	char *policy = NULL;
	size_t len = 0;

	/* a resource names a policy that must exist */
	assert_int_equal(sk_kbs_resource_put(s, "r/k/t", secret, sizeof(secret), "p"), -ENOENT);
	assert_int_equal(sk_kbs_resource_get(s, "r/k/t", &value, &len, &policy), -ENOENT);
	assert_int_equal(sk_kbs_policy_put(s, "p", "{}", 2), 0);
	assert_int_equal(sk_kbs_policy_put(s, "q", "{}", 2), 0);
	assert_int_equal(sk_kbs_resource_put(s, "r/k/t", secret, sizeof(secret), "p"), 0);
	assert_int_equal(sk_kbs_resource_put(s, "r/k/empty", NULL, 0, "q"), 0);
	assert_int_equal(sk_kbs_resource_put(s, "r/k", secret, 1, "p"), SEV_E_INVALID);
	assert_int_equal(sk_kbs_resource_put(s, "r/k/u", secret, 1, "no/pe"), SEV_E_INVALID);

	assert_int_equal(sk_kbs_resource_get(s, "r/k/t", &value, &len, &policy), 0);
	assert_int_equal(len, sizeof(secret));
	assert_memory_equal(value, secret, sizeof(secret));
	assert_string_equal(policy, "p");
	sk_secret_free(value);
	free(policy);
	assert_int_equal(sk_kbs_resource_get(s, "r/k/empty", &value, &len, NULL), 0);
	assert_int_equal(len, 0);
	sk_secret_free(value);
	/* the policy alone, and not nothing at all */
	assert_int_equal(sk_kbs_resource_get(s, "r/k/t", NULL, NULL, &policy), 0);
	assert_string_equal(policy, "p");
	free(policy);
	assert_int_equal(sk_kbs_resource_get(s, "r/k/gone", NULL, NULL, &policy), -ENOENT);
	assert_int_equal(sk_kbs_resource_get(s, "r/k/t", NULL, NULL, NULL), SEV_E_INVALID);
	assert_int_equal(sk_kbs_resource_get(s, "r/k/t", &value, NULL, &policy), SEV_E_INVALID);

	/* a referenced policy cannot go; once the resource is gone it can */
	assert_int_equal(sk_kbs_policy_delete(s, "p"), -EBUSY);
	assert_int_equal(sk_kbs_resource_put(s, "r/k/t", secret, 2, "q"), 0); /* replaces */
	assert_int_equal(sk_kbs_resource_get(s, "r/k/t", &value, &len, &policy), 0);
	assert_int_equal(len, 2);
	assert_string_equal(policy, "q");
	sk_secret_free(value);
	free(policy);
	assert_int_equal(sk_kbs_policy_delete(s, "p"), 0);

	assert_int_equal(sk_kbs_resource_list(s, add_pair, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.path[0], "r/k/empty");
	assert_string_equal(l.path[1], "r/k/t");
	assert_string_equal(l.policy[1], "q");

	big = calloc(1, SK_KBS_VALUE_MAX + 1);
	assert_non_null(big);
	assert_int_equal(sk_kbs_resource_put(s, "r/k/big", big, SK_KBS_VALUE_MAX + 1, "q"),
			 SEV_E_TOOBIG);
	assert_int_equal(sk_kbs_resource_put(s, "r/k/big", big, SK_KBS_VALUE_MAX, "q"), 0);
	free(big);

	assert_int_equal(sk_kbs_resource_delete(s, "r/k/t"), 0);
	assert_int_equal(sk_kbs_resource_delete(s, "r/k/t"), -ENOENT);
	assert_int_equal(sk_kbs_resource_get(s, "r/k/t", &value, &len, &policy), -ENOENT);
	assert_null(value);
	sk_kbs_store_close(s);
}

struct rows {
	int n;
	int64_t seq[8];
	char text[8][7][40]; /* "(null)" for NULL */
	int64_t time[8];
};

static void put_text(char *dst, const char *t)
{
	snprintf(dst, 40, "%s", t ? t : "(null)");
}

static int add_row(void *ctx, const struct sk_kbs_audit *a, int64_t seq)
{
	struct rows *r = ctx;

	r->seq[r->n] = seq;
	r->time[r->n] = a->time;
	put_text(r->text[r->n][0], a->session);
	put_text(r->text[r->n][1], a->chip_id);
	put_text(r->text[r->n][2], a->measurement);
	put_text(r->text[r->n][3], a->resource);
	put_text(r->text[r->n][4], a->verdict);
	put_text(r->text[r->n][5], a->reason);
	r->n++;
	return 0;
}

static void audit_append_only(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	struct sk_kbs_audit a = { .time = NOW, .session = ID1, .chip_id = "c0ffee",
				  .measurement = "abcd", .resource = "r/k/t",
				  .verdict = "released", .reason = NULL };
	struct rows r = { 0 };

	assert_int_equal(sk_kbs_audit_append(s, &a), 0);
	a = (struct sk_kbs_audit){ .time = NOW + 1, .verdict = "rejected", .reason = "debug" };
	assert_int_equal(sk_kbs_audit_append(s, &a), 0);
	a.verdict = NULL;
	assert_int_equal(sk_kbs_audit_append(s, &a), SEV_E_INVALID);
	assert_int_equal(sk_kbs_audit_list(s, add_row, &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.seq[0], 1);
	assert_int_equal(r.seq[1], 2);
	assert_int_equal(r.time[0], NOW);
	assert_string_equal(r.text[0][0], ID1);
	assert_string_equal(r.text[0][1], "c0ffee");
	assert_string_equal(r.text[0][2], "abcd");
	assert_string_equal(r.text[0][3], "r/k/t");
	assert_string_equal(r.text[0][4], "released");
	assert_string_equal(r.text[0][5], "(null)");
	assert_string_equal(r.text[1][0], "(null)");
	assert_string_equal(r.text[1][4], "rejected");
	assert_string_equal(r.text[1][5], "debug");
	sk_kbs_store_close(s);
	/* the table itself refuses changes, whoever makes them */
	assert_int_not_equal(raw(f, "UPDATE audit SET verdict = 'x'"), 0);
	assert_int_not_equal(raw(f, "DELETE FROM audit"), 0);
	s = open_store(f);
	r.n = 0;
	assert_int_equal(sk_kbs_audit_list(s, add_row, &r), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.text[0][4], "released");
	sk_kbs_store_close(s);
}

static void keys_first_writer_wins(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	char *v = NULL;

	assert_int_equal(sk_kbs_key_get(s, "token-signing", &v), -ENOENT);
	assert_null(v);
	assert_int_equal(sk_kbs_key_put_if_absent(s, "token-signing", "{\"d\":\"first\"}"), 0);
	assert_int_equal(sk_kbs_key_put_if_absent(s, "token-signing", "{\"d\":\"second\"}"),
			 -EEXIST);
	assert_int_equal(sk_kbs_key_get(s, "token-signing", &v), 0);
	assert_string_equal(v, "{\"d\":\"first\"}");
	sk_secret_free(v);
	assert_int_equal(sk_kbs_key_put_if_absent(s, "bad name", "x"), SEV_E_INVALID);
	sk_kbs_store_close(s);
}

#define THREADS 50

struct race {
	struct sk_kbs_store *s;
	pthread_barrier_t go;
	int wins, used, other;
	pthread_mutex_t lock;
};

static void *consume_once(void *arg)
{
	struct race *r = arg;
	enum sk_kbs_consume why = SK_KBS_OK;
	int rc;

	pthread_barrier_wait(&r->go);
	rc = sk_kbs_session_consume(r->s, ID1, NONCE1, NOW, &why, NULL);
	pthread_mutex_lock(&r->lock);
	if (rc == 0 && why == SK_KBS_OK)
		r->wins++;
	else if (rc == SEV_E_VERIFY && why == SK_KBS_NONCE_USED)
		r->used++;
	else
		r->other++;
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

static void threads_race_one_nonce(void **state)
{
	struct fixture *f = *state;
	struct race r = { .s = open_store(f) };
	pthread_t t[THREADS];

	make_session(r.s, ID1, NONCE1, NOW + 300);
	pthread_barrier_init(&r.go, NULL, THREADS);
	pthread_mutex_init(&r.lock, NULL);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, consume_once, &r), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(r.wins, 1);
	assert_int_equal(r.used, THREADS - 1);
	assert_int_equal(r.other, 0);
	pthread_barrier_destroy(&r.go);
	pthread_mutex_destroy(&r.lock);
	sk_kbs_store_close(r.s);
}

#define WRITERS 8
#define ROWS 10

static void *append_rows(void *arg)
{
	struct sk_kbs_store *s = arg;
	struct sk_kbs_audit a = { .time = NOW, .verdict = "attested" };
	intptr_t bad = 0;

	for (int i = 0; i < ROWS; i++)
		bad += sk_kbs_audit_append(s, &a) != 0;
	return (void *)bad;
}

static int check_seq(void *ctx, const struct sk_kbs_audit *a, int64_t seq)
{
	int64_t *next = ctx;

	(void)a;
	if (seq != *next)
		return 1;
	(*next)++;
	return 0;
}

/* Threads writing at once: every row lands, numbered without a gap. */
static void threads_append_audit(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	pthread_t t[WRITERS];
	int64_t next = 1;

	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, append_rows, s), 0);
	for (int i = 0; i < WRITERS; i++) {
		void *bad;

		pthread_join(t[i], &bad);
		assert_null(bad);
	}
	assert_int_equal(sk_kbs_audit_list(s, check_seq, &next), 0);
	assert_int_equal(next, WRITERS * ROWS + 1);
	sk_kbs_store_close(s);
}

#define PROCS 8

/* A child: open the store itself, wait for the start, consume; exit 0 won, 1 used, 2 else. */
static void consume_child(const char *url, int start_fd)
{
	struct sk_kbs_store *s = NULL;
	enum sk_kbs_consume why = SK_KBS_OK;
	char c;
	int rc;

	if (sk_kbs_store_open(url, &s) != 0)
		_exit(3);
	/* the parent closes its end: every child's read returns at once */
	if (read(start_fd, &c, 1) != 0)
		_exit(4);
	rc = sk_kbs_session_consume(s, ID2, NONCE2, NOW, &why, NULL);
	sk_kbs_store_close(s);
	if (rc == 0 && why == SK_KBS_OK)
		_exit(0);
	_exit(rc == SEV_E_VERIFY && why == SK_KBS_NONCE_USED ? 1 : 2);
}

static void processes_race_one_nonce(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	int counts[6] = { 0 }, fds[2];
	pid_t pid[PROCS];

	make_session(s, ID2, NONCE2, NOW + 300);
	/* no SQLite connection may cross a fork: the children open their own */
	sk_kbs_store_close(s);
	assert_int_equal(pipe(fds), 0);
	for (int i = 0; i < PROCS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			close(fds[1]);
			consume_child(f->url, fds[0]);
		}
	}
	close(fds[0]);
	usleep(100000); /* let them open and block on the pipe */
	close(fds[1]);
	for (int i = 0; i < PROCS; i++) {
		int status;

		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_true(WEXITSTATUS(status) < 6);
		counts[WEXITSTATUS(status)]++;
	}
	assert_int_equal(counts[0], 1);
	assert_int_equal(counts[1], PROCS - 1);
}

/*
 * First start of several brokers on one new file: one creates the schema, the
 * others wait for it; one key wins and all read it. Exit: 100 if this child's
 * put won, plus the number of the child whose value it read; 99 on an error.
 */
static void first_start_child(const char *url, int start_fd, int me)
{
	struct sk_kbs_store *s = NULL;
	char mine[16], *got = NULL, c;
	int rc, code;

	snprintf(mine, sizeof(mine), "key-%d", me);
	if (read(start_fd, &c, 1) != 0 || sk_kbs_store_open(url, &s) != 0)
		_exit(99);
	rc = sk_kbs_key_put_if_absent(s, "token-signing", mine);
	if ((rc != 0 && rc != -EEXIST) || sk_kbs_key_get(s, "token-signing", &got) != 0 ||
	    strncmp(got, "key-", 4) != 0)
		_exit(99);
	code = (rc == 0 ? 100 : 0) + atoi(got + 4);
	sk_secret_free(got);
	sk_kbs_store_close(s);
	_exit(code);
}

static void processes_first_start(void **state)
{
	struct fixture *f = *state;
	int fds[2], winners = 0, read_as = -1;
	pid_t pid[PROCS];

	assert_int_equal(pipe(fds), 0);
	for (int i = 0; i < PROCS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			close(fds[1]);
			first_start_child(f->url, fds[0], i);
		}
	}
	close(fds[0]);
	close(fds[1]);
	for (int i = 0; i < PROCS; i++) {
		int status, code;

		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		code = WEXITSTATUS(status);
		assert_int_not_equal(code, 99);
		if (code >= 100) {
			winners++;
			assert_int_equal(code - 100, i); /* the winner reads its own value */
		}
		if (read_as < 0)
			read_as = code % 100;
		assert_int_equal(code % 100, read_as); /* everyone reads the same */
	}
	assert_int_equal(winners, 1);
}

/* A store left at version 1 (before the VCEK cache) is refused, then migrated, rows kept. */
static void older_schema_migrated(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store_opts o = { .migrate = true };
	struct sk_kbs_store *s = open_store(f);
	struct sink log = { 0 };
	char *json = NULL;
	size_t len;
	int from = -1;

	assert_int_equal(sk_kbs_policy_put(s, "p", "{}", 2), 0);
	sk_kbs_store_close(s);
	assert_int_equal(raw(f, "DROP TABLE vcek"), 0);
	assert_int_equal(raw(f, "DELETE FROM schema_version WHERE version = 2"), 0);
	sev_set_log(keep, &log);
	s = (void *)1;
	assert_int_equal(sk_kbs_store_open(f->url, &s), SEV_E_UNSUPPORTED);
	assert_null(s);
	assert_non_null(strstr(log.last, "schema version 1 is older than this sevkit's (2): run "
				       "`sevkit kbs db migrate"));
	sev_set_log(NULL, NULL);
	assert_int_equal(sk_kbs_store_open_opts(f->url, &o, &from, &s), 0);
	assert_int_equal(from, 1);
	assert_int_equal(sk_kbs_vcek_put(s, CHIP, 7, (const uint8_t *)"x", 1), 0);
	assert_int_equal(sk_kbs_policy_get(s, "p", &json, &len), 0);
	assert_string_equal(json, "{}");
	free(json);
	sk_kbs_store_close(s);
	from = -1;
	assert_int_equal(sk_kbs_store_open_opts(f->url, NULL, &from, &s), 0);
	assert_int_equal(from, 2);
	sk_kbs_store_close(s);
}

struct rows_seen {
	int n;
	char verdict[8][16];
	char session[8][40];
};

static int seen(void *ctx, const struct sk_kbs_audit *a, int64_t seq)
{
	struct rows_seen *r = ctx;

	(void)seq;
	if (r->n < 8) {
		snprintf(r->verdict[r->n], sizeof(r->verdict[0]), "%s", a->verdict);
		snprintf(r->session[r->n], sizeof(r->session[0]), "%s", a->session ? a->session : "");
	}
	r->n++;
	return 0;
}

/* The value comes out with its audit row committed; a changed policy or a gone row: nothing. */
static void release_with_its_audit_row(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	struct sk_kbs_audit a = { .time = NOW, .session = ID1, .resource = "r/k/t",
				  .verdict = "released", .reason = "" };
	struct rows_seen r = { 0 };
	uint8_t *v = (void *)1;
	size_t n = 9;

	assert_int_equal(sk_kbs_policy_put(s, "p", "{}", 2), 0);
	assert_int_equal(sk_kbs_policy_put(s, "q", "{}", 2), 0);
	assert_int_equal(sk_kbs_resource_put(s, "r/k/t", (const uint8_t *)"s3cret", 6, "p"), 0);
	assert_int_equal(sk_kbs_resource_release(s, "r/k/t", "p", &a, &v, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(v, "s3cret", 6);
	sk_secret_free(v);
	/* the policy evaluated is no longer the resource's: nothing, and no row */
	assert_int_equal(sk_kbs_resource_put(s, "r/k/t", (const uint8_t *)"s3cret", 6, "q"), 0);
	a.session = ID2;
	assert_int_equal(sk_kbs_resource_release(s, "r/k/t", "p", &a, &v, &n), -ESTALE);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_int_equal(sk_kbs_resource_release(s, "r/k/gone", "q", &a, &v, &n), -ENOENT);
	assert_null(v);
	assert_int_equal(sk_kbs_audit_list(s, seen, &r), 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.verdict[0], "released");
	assert_string_equal(r.session[0], ID1);
	sk_kbs_store_close(s);
}

static int list_vcek(void *ctx, const char *chip, uint64_t tcb)
{
	char *out = ctx;
	size_t n = strlen(out);

	snprintf(out + n, 512 - n, "%.4s:%llx;", chip, (unsigned long long)tcb);
	return 0;
}

/* Keyed by chip and TCB (a TCB with its top bit set too), replaced by a later put. */
static void vcek_cache(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	const uint64_t high = 0xd500000000000002ull;
	char listed[512] = "";
	uint8_t *c = NULL;
	size_t n = 0;

	assert_int_equal(sk_kbs_vcek_get(s, CHIP, high, &c, &n), -ENOENT);
	assert_int_equal(sk_kbs_vcek_put(s, CHIP, high, (const uint8_t *)"one", 3), 0);
	assert_int_equal(sk_kbs_vcek_put(s, CHIP, 5, (const uint8_t *)"five", 4), 0);
	assert_int_equal(sk_kbs_vcek_put(s, CHIP, high, (const uint8_t *)"two", 3), 0);
	assert_int_equal(sk_kbs_vcek_get(s, CHIP, high, &c, &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(c, "two", 3);
	free(c);
	assert_int_equal(sk_kbs_vcek_get(s, CHIP, 6, &c, &n), -ENOENT);
	assert_int_equal(sk_kbs_vcek_put(s, "c0ffee", 5, (const uint8_t *)"x", 1), SEV_E_INVALID);
	assert_int_equal(sk_kbs_vcek_list(s, list_vcek, listed), 0);
	/* the raw value stored signed: both back ends order it alike */
	assert_string_equal(listed, "0123:d500000000000002;0123:5;");
	sk_kbs_store_close(s);
}

static void ping_and_pool(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store *s = open_store(f);
	struct sk_kbs_pool_stats p;

	assert_int_equal(sk_kbs_store_ping(s), 0);
	sk_kbs_store_pool_stats(s, &p);
	assert_true(p.open >= 1);
	assert_int_equal(p.in_use, 0);
	assert_int_equal(p.max, fixture_pg() ? 8 : 0);
	sk_kbs_store_close(s);
}

/* A list callback that calls the store again, with one connection: it waits, then gives up. */
static int nested_call(void *ctx, const char *name)
{
	struct sk_kbs_store *s = ctx;
	char *json = NULL;
	size_t len;
	int rc = sk_kbs_policy_get(s, name, &json, &len);

	free(json);
	return rc;
}

struct holder {
	struct sk_kbs_store *s;
	int rc;
};

static void *read_policy(void *arg)
{
	struct holder *h = arg;
	char *json = NULL;
	size_t len;

	h->rc = sk_kbs_policy_get(h->s, "p", &json, &len);
	free(json);
	return NULL;
}

/*
 * One connection, held by a read that waits on a lock another program holds: a second
 * caller waits for the pool's wait, then fails with the reason; the first is served once
 * the lock goes. A list gives its connection back before calling back, so a callback that
 * calls the store again does not wait.
 */
static void pool_is_bounded(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store_opts o = { .pool_max = 1, .pool_wait_ms = 300, .timeout_ms = 5000 };
	const struct timespec pause = { 0, 300 * 1000000L };
	struct sk_kbs_store *s = NULL;
	struct sk_kbs_pool_stats p;
	struct sink log = { 0 };
	struct holder h;
	PGconn *other;
	pthread_t t;

	assert_int_equal(sk_kbs_store_open_opts(f->url, &o, NULL, &s), 0);
	assert_int_equal(sk_kbs_policy_put(s, "p", "{}", 2), 0);
	assert_int_equal(sk_kbs_policy_list(s, nested_call, s), 0);
	other = PQconnectdb(f->url);
	PQclear(PQexec(other, "BEGIN; LOCK TABLE policies IN ACCESS EXCLUSIVE MODE"));
	h.s = s;
	assert_int_equal(pthread_create(&t, NULL, read_policy, &h), 0);
	nanosleep(&pause, NULL);
	sev_set_log(keep, &log);
	assert_int_equal(sk_kbs_store_ping(s), SEV_E_DEVICE);
	sev_set_log(NULL, NULL);
	assert_non_null(strstr(log.last, "no database connection free within 300 ms (pool of 1)"));
	PQclear(PQexec(other, "COMMIT"));
	pthread_join(t, NULL);
	PQfinish(other);
	assert_int_equal(h.rc, 0);
	sk_kbs_store_pool_stats(s, &p);
	assert_int_equal(p.max, 1);
	assert_int_equal(p.open, 1);
	assert_int_equal(p.waits, 1);
	assert_int_equal(p.timeouts, 1);
	sk_kbs_store_close(s);
}

static void *hold_a_connection(void *arg)
{
	struct holder *h = arg;

	h->rc = sk_kbs_store_ping(h->s);
	return NULL;
}

/*
 * The server stops: every call fails SEV_E_DEVICE within the timeout with a one-line reason;
 * it starts again: the same handle works, without being reopened.
 */
static void database_down_and_back(void **state)
{
	struct fixture *f = *state;
	struct sk_kbs_store_opts o = { .pool_max = 2, .pool_wait_ms = 500, .timeout_ms = 2000 };
	const char *dir = getenv("SEVKIT_TEST_PG_DIR"), *pg = getenv("SEVKIT_TEST_PG_SERVER");
	struct sk_kbs_store *s = NULL;
	struct sink log = { 0 };
	struct holder h;
	pthread_t t;
	char cmd[600], *json = NULL;
	size_t len;

	assert_non_null(dir);
	assert_non_null(pg);
	assert_int_equal(sk_kbs_store_open_opts(f->url, &o, NULL, &s), 0);
	assert_int_equal(sk_kbs_policy_put(s, "p", "{}", 2), 0);
	snprintf(cmd, sizeof(cmd), "%s stop %s", pg, dir);
	assert_int_equal(system(cmd), 0);
	sev_set_log(keep, &log);
	assert_int_equal(sk_kbs_policy_get(s, "p", &json, &len), SEV_E_DEVICE);
	assert_non_null(strstr(log.last, "PostgreSQL: "));
	assert_null(strchr(log.last, '\n'));
	assert_int_equal(sk_kbs_store_ping(s), SEV_E_DEVICE);
	sev_set_log(NULL, NULL);
	snprintf(cmd, sizeof(cmd), "%s start %s $(cat %s/port) >/dev/null", pg, dir, dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(sk_kbs_policy_get(s, "p", &json, &len), 0);
	assert_string_equal(json, "{}");
	free(json);
	/* and both connections of the pool serve, side by side */
	h.s = s;
	assert_int_equal(pthread_create(&t, NULL, hold_a_connection, &h), 0);
	assert_int_equal(sk_kbs_store_ping(s), 0);
	pthread_join(t, NULL);
	assert_int_equal(h.rc, 0);
	sk_kbs_store_close(s);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	/* the file's own properties: SQLite only */
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(unknown_scheme_refused),
		cmocka_unit_test(resource_paths),
		T(file_is_0600_and_wal),
		T(others_may_not_write),
	};
	/* the database's outage and the pool's bound: PostgreSQL only */
	const struct CMUnitTest pg_tests[] = {
		T(pool_is_bounded),
		T(database_down_and_back),
	};
	const struct CMUnitTest tests[] = {
		T(newer_schema_refused),
		T(older_schema_migrated),
		T(release_with_its_audit_row),
		T(vcek_cache),
		T(ping_and_pool),
		T(sessions),
		T(consume_reasons),
		T(expired_cannot_consume),
		T(purge_drops_expired_only),
		T(policies),
		T(resources),
		T(audit_append_only),
		T(keys_first_writer_wins),
		T(threads_race_one_nonce),
		T(threads_append_audit),
		T(processes_race_one_nonce),
		T(processes_first_start),
#undef T
	};

	signal(SIGPIPE, SIG_IGN);
	if (fixture_pg())
		return cmocka_run_group_tests_name("PostgreSQL", pg_tests, NULL, NULL) |
		       cmocka_run_group_tests_name("store", tests, NULL, NULL);
	return cmocka_run_group_tests_name("SQLite", sqlite_tests, NULL, NULL) |
	       cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
