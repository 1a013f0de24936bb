/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kill -9 durability of the SQLite store. A child writes resources, audit
 * rows and consumes nonces in a loop, telling the parent over a pipe after
 * each call has returned; the parent kills it with SIGKILL at a random moment,
 * reopens the database and checks: integrity_check is ok, every resource is
 * whole, nothing the child reported is lost (audit rows without a gap, the
 * newest reported resource versions, consumed nonces stay consumed).
 */
#include "../test.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include <sqlite3.h>

#include "crypto/secure.h"
#include "kbs/store.h"
#include "store-fixture.h"

#define ROUNDS 4
#define SLOTS 16
#define NOW 1700000000
#define MAX_REPORTS 100000

enum kind { PUT = 1, AUDIT, CONSUMED };

/* One report: a single write() under PIPE_BUF, so it arrives whole or not at all. */
struct report {
	uint32_t kind, pad;
	uint64_t i;
};

/* What resource number i holds: its number, then a pattern; 1 to 65536 bytes. */
static size_t value_len(uint64_t i)
{
	return 1 + (size_t)((i * 7919u) % 65536u);
}

static void value_fill(uint64_t i, uint8_t *v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		v[k] = (uint8_t)(i * 31u + k * 7u);
	memcpy(v, &i, n < sizeof(i) ? n : sizeof(i));
}

static void names(uint64_t i, char path[64], char id[33], char nonce[45])
{
	snprintf(path, 64, "crash/r/s%02u", (unsigned)(i % SLOTS));
	snprintf(id, 33, "%032llx", (unsigned long long)i);
	snprintf(nonce, 45, "n%043llu", (unsigned long long)i);
}

static void tell(int fd, enum kind k, uint64_t i)
{
	struct report r = { .kind = k, .i = i };

	if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(5);
}

static void writer(const char *url, uint64_t base, int fd)
{
	static uint8_t v[65536];
	struct sk_kbs_store *s = NULL;
	char path[64], id[33], nonce[45];

	if (sk_kbs_store_open(url, &s) != 0 || sk_kbs_policy_put(s, "p", "{}", 2) != 0)
		_exit(3);
	/* bounded, in case no kill comes */
	for (uint64_t i = base; i < base + 100000; i++) {
		struct sk_kbs_session in = { .expires = NOW + 300, .hash_alg = "sha384" };
		struct sk_kbs_audit a = { .time = (int64_t)i, .verdict = "released" };
		enum sk_kbs_consume why;
		size_t n = value_len(i);

		names(i, path, id, nonce);
		value_fill(i, v, n);
		if (sk_kbs_resource_put(s, path, v, n, "p") != 0)
			_exit(4);
		tell(fd, PUT, i);
		a.resource = path;
		if (sk_kbs_audit_append(s, &a) != 0)
			_exit(4);
		tell(fd, AUDIT, i);
		strcpy(in.id, id);
		strcpy(in.nonce, nonce);
		if (sk_kbs_session_create(s, &in) != 0 ||
		    sk_kbs_session_consume(s, id, nonce, NOW, &why, NULL) != 0)
			_exit(4);
		tell(fd, CONSUMED, i);
	}
	_exit(0);
}

struct reported {
	uint64_t consumed[MAX_REPORTS];
	size_t nconsumed, audits;
	int64_t last_put[SLOTS]; /* -1: none reported */
	int64_t last_audit;
};

static void note(struct reported *r, const struct report *m)
{
	if (m->kind == PUT) {
		r->last_put[m->i % SLOTS] = (int64_t)m->i;
	} else if (m->kind == AUDIT) {
		r->audits++;
		r->last_audit = (int64_t)m->i;
	} else if (m->kind == CONSUMED && r->nconsumed < MAX_REPORTS) {
		r->consumed[r->nconsumed++] = m->i;
	}
}

static void collect(int fd, struct reported *r)
{
	struct report m;
	ssize_t got;

	while ((got = read(fd, &m, sizeof(m))) == (ssize_t)sizeof(m))
		note(r, &m);
	assert_int_equal(got, 0); /* the child is dead: the pipe ends on a whole report */
}

static void integrity_ok(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* Every slot holds a whole value, no older than the last one reported for it. */
static void resources_whole(struct sk_kbs_store *s, const struct reported *r)
{
	static uint8_t want[65536];
	char path[64], id[33], nonce[45];

	for (unsigned slot = 0; slot < SLOTS; slot++) {
		uint8_t *v = NULL;
		size_t len = 0;
		uint64_t i;
		int rc;

		names(slot, path, id, nonce);
		rc = sk_kbs_resource_get(s, path, &v, &len, NULL);
		if (r->last_put[slot] < 0 && rc == -ENOENT)
			continue;
		assert_int_equal(rc, 0);
		assert_true(len >= 1);
		i = 0;
		memcpy(&i, v, len < sizeof(i) ? len : sizeof(i));
		assert_int_equal(i % SLOTS, slot);
		assert_true((int64_t)i >= r->last_put[slot]);
		assert_int_equal(len, value_len(i));
		value_fill(i, want, len);
		assert_memory_equal(v, want, len);
		sk_secret_free(v);
	}
}

struct seqs {
	int64_t next, last_time;
};

static int seq_step(void *ctx, const struct sk_kbs_audit *a, int64_t seq)
{
	struct seqs *q = ctx;

	if (seq != q->next)
		return 1;
	q->next++;
	q->last_time = a->time;
	return 0;
}

static void check(const struct fixture *f, const struct reported *r)
{
	struct sk_kbs_store *s = NULL;
	struct seqs q = { .next = 1, .last_time = -1 };
	char path[64], id[33], nonce[45];

	integrity_ok(f->path);
	assert_int_equal(sk_kbs_store_open(f->url, &s), 0);
	resources_whole(s, r);
	assert_int_equal(sk_kbs_audit_list(s, seq_step, &q), 0);
	assert_true((size_t)(q.next - 1) >= r->audits);
	assert_true(q.last_time >= r->last_audit);
	for (size_t k = 0; k < r->nconsumed; k++) {
		enum sk_kbs_consume why = SK_KBS_OK;

		names(r->consumed[k], path, id, nonce);
		assert_int_equal(sk_kbs_session_consume(s, id, nonce, NOW, &why, NULL),
				 SEV_E_VERIFY);
		assert_int_equal(why, SK_KBS_NONCE_USED);
	}
	sk_kbs_store_close(s);
}

static void kill9_loses_nothing(void **state)
{
	struct fixture *f = *state;
	static struct reported r;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();

	print_message("seed %u\n", seed);
	srand(seed);
	memset(&r, 0, sizeof(r));
	for (int s = 0; s < SLOTS; s++)
		r.last_put[s] = -1;
	r.last_audit = -1;
	for (int round = 0; round < ROUNDS; round++) {
		struct timespec wait = { 0, (rand() % 300) * 1000000L };
		size_t before = r.audits;
		struct report first;
		int fds[2], status;
		pid_t child;

		assert_int_equal(pipe(fds), 0);
		/* no store is open here: a SQLite connection must not cross a fork */
		child = fork();
		assert_true(child >= 0);
		if (child == 0) {
			close(fds[0]);
			writer(f->url, (uint64_t)round * 1000000u, fds[1]);
		}
		close(fds[1]);
		/* the clock starts at its first write, however slowly it started */
		assert_int_equal(read(fds[0], &first, sizeof(first)), (ssize_t)sizeof(first));
		note(&r, &first);
		nanosleep(&wait, NULL);
		assert_int_equal(kill(child, SIGKILL), 0);
		assert_int_equal(waitpid(child, &status, 0), child);
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		collect(fds[0], &r);
		close(fds[0]);
		print_message("round %d: killed after %zu audit rows\n", round, r.audits - before);
		check(f, &r);
	}
	/* the rounds did write: the checks above had something to check */
	assert_true(r.audits > 0);
	assert_true(r.nconsumed > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(kill9_loses_nothing, fixture_setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
