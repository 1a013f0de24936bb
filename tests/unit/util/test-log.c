/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where a message goes: the thread's own callback before the process-wide
 * one, named by the thread's innermost subject, and the library's workers
 * speaking as the thread that started them.
 */
#include "../test.h"

#include <pthread.h>

#include <sevkit/error.h>

#include "util/log.h"

/* What one callback context received. */
struct sink {
	char last[256];
	int calls;
};

static void keep(enum sev_log_level level, const char *msg, void *ctx)
{
	struct sink *s = ctx;

	(void)level;
	snprintf(s->last, sizeof(s->last), "%s", msg);
	s->calls++;
}

static void subjects_nest_and_pop(void **state)
{
	struct sink s = { 0 };

	(void)state;
	sev_set_log(keep, &s);
	sk_err("plain");
	assert_string_equal(s.last, "plain");
	sk_log_subject_push("outer.bin");
	sk_err("one");
	assert_string_equal(s.last, "outer.bin: one");
	sk_log_subject_push("inner.bin");
	sk_warn("two");
	assert_string_equal(s.last, "inner.bin: two");
	sk_log_subject_push(NULL); /* a scope that names nothing */
	sk_err("three");
	assert_string_equal(s.last, "three");
	sk_log_subject_pop();
	sk_err("four");
	assert_string_equal(s.last, "inner.bin: four");
	sk_log_subject_pop();
	sk_err("five");
	assert_string_equal(s.last, "outer.bin: five");
	sk_log_subject_pop();
	sk_log_subject_pop(); /* one pop too many changes nothing */
	sk_err("six");
	assert_string_equal(s.last, "six");
	assert_int_equal(s.calls, 7);
	sev_set_log(NULL, NULL);
}

/* Past the stack's depth the deepest stored subject names; the pops still match. */
static void deep_subjects_still_balance(void **state)
{
	static const char *const names[] = { "s0", "s1", "s2", "s3", "s4", "s5",
					     "s6", "s7", "s8", "s9", "s10", "s11" };
	struct sink s = { 0 };

	(void)state;
	sev_set_log(keep, &s);
	for (size_t i = 0; i < 12; i++)
		sk_log_subject_push(names[i]);
	sk_err("deep");
	assert_string_equal(s.last, "s7: deep");
	for (size_t i = 0; i < 10; i++)
		sk_log_subject_pop();
	sk_err("back");
	assert_string_equal(s.last, "s1: back");
	sk_log_subject_pop();
	sk_log_subject_pop();
	sk_err("out");
	assert_string_equal(s.last, "out");
	sev_set_log(NULL, NULL);
}

static void thread_callback_overrides_default(void **state)
{
	struct sink def = { 0 }, mine = { 0 };
	sev_log_fn fn;
	void *ctx;

	(void)state;
	sev_set_log(keep, &def);
	sev_get_thread_log(&fn, &ctx);
	assert_null(fn); /* nothing of its own yet */
	sev_set_thread_log(keep, &mine);
	sev_get_thread_log(&fn, &ctx);
	assert_ptr_equal(fn, keep);
	assert_ptr_equal(ctx, &mine);
	sk_err("to mine");
	assert_string_equal(mine.last, "to mine");
	assert_int_equal(def.calls, 0);
	sev_set_thread_log(NULL, &mine); /* back to the default */
	sev_get_thread_log(&fn, &ctx);
	assert_null(fn);
	assert_null(ctx);
	sk_err("to default");
	assert_string_equal(def.last, "to default");
	assert_int_equal(mine.calls, 1);
	sev_set_log(NULL, NULL);
	sk_err("to nobody");
	assert_int_equal(def.calls, 1);
}

/* A thread the test starts itself keeps the default and no subject. */
static void *say_plain(void *arg)
{
	(void)arg;
	sk_err("from a stranger");
	return NULL;
}

static void other_threads_keep_the_default(void **state)
{
	struct sink def = { 0 }, mine = { 0 };
	pthread_t t;

	(void)state;
	sev_set_log(keep, &def);
	sev_set_thread_log(keep, &mine);
	sk_log_subject_push("mine.bin");
	assert_int_equal(pthread_create(&t, NULL, say_plain, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_string_equal(def.last, "from a stranger");
	assert_int_equal(mine.calls, 0);
	sk_log_subject_pop();
	sev_set_thread_log(NULL, NULL);
	sev_set_log(NULL, NULL);
}

static void *say_worker(void *arg)
{
	(void)arg;
	sk_warn("from a worker");
	return NULL;
}

/* A library worker speaks through its creator's callback and subject, not the default. */
static void workers_speak_as_their_creator(void **state)
{
	struct sink def = { 0 }, mine = { 0 };
	pthread_t t;

	(void)state;
	sev_set_log(keep, &def);
	sev_set_thread_log(keep, &mine);
	sk_log_subject_push("image.raw");
	assert_int_equal(sk_thread_create(&t, say_worker, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_string_equal(mine.last, "image.raw: from a worker");
	assert_int_equal(def.calls, 0);
	sk_log_subject_pop();
	/* a creator on the default hands the default on */
	sev_set_thread_log(NULL, NULL);
	assert_int_equal(sk_thread_create(&t, say_worker, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_string_equal(def.last, "from a worker");
	assert_int_equal(mine.calls, 1);
	sev_set_log(NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(subjects_nest_and_pop),
		cmocka_unit_test(deep_subjects_still_balance),
		cmocka_unit_test(thread_callback_overrides_default),
		cmocka_unit_test(other_threads_keep_the_default),
		cmocka_unit_test(workers_speak_as_their_creator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
