/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Growable public structs: a caller built against an older header (v1), the
 * same release (v2) or a newer one (v3) exchanges exactly the fields both know.
 */
#include "../test.h"

#include <sevkit/error.h>

#include "util/struct.h"

/* no padding anywhere (the rule): a later field never lands where a caller had padding */
struct v1 {
	size_t size;
	int a;
	int reserved; /* zero; v2 names it */
};

struct v2 {
	size_t size;
	int a;
	int b;
};

struct v3 {
	size_t size;
	int a;
	int b;
	int c;
	int reserved;
};

static void test_in_older_caller(void **state)
{
	struct v1 old = { sizeof(old), 7, 0 };
	struct v2 mine;

	(void)state;
	memset(&mine, 0xff, sizeof(mine));
	assert_int_equal(sk_struct_in(&mine, sizeof(mine), &old, "v"), 0);
	assert_int_equal(mine.size, sizeof(mine));
	assert_int_equal(mine.a, 7);
	assert_int_equal(mine.b, 0); /* unknown to the caller: its default */
}

static void test_in_newer_caller(void **state)
{
	struct v3 newer = SEV_INIT(struct v3);
	struct v2 mine;

	(void)state;
	newer.a = 1;
	newer.b = 2;
	assert_int_equal(sk_struct_in(&mine, sizeof(mine), &newer, "v"), 0);
	assert_int_equal(mine.b, 2);
	newer.c = 3; /* a field this library cannot honour */
	assert_int_equal(sk_struct_in(&mine, sizeof(mine), &newer, "v"), SEV_E_UNSUPPORTED);
}

static void test_not_initialised(void **state)
{
	struct v2 zero = { 0 }, mine;

	(void)state;
	assert_int_equal(sk_struct_in(&mine, sizeof(mine), &zero, "v"), SEV_E_INVALID);
	assert_int_equal(sk_struct_check_out(&zero, sizeof(mine), "v"), SEV_E_INVALID);
}

static void test_out(void **state)
{
	struct v2 mine = { sizeof(mine), 5, 6 };
	struct {
		struct v1 v;
		int guard; /* the caller's memory past its struct */
	} old = { { sizeof(struct v1), 0, 0 }, 0x5a5a };
	struct v3 newer;

	(void)state;
	assert_int_equal(sk_struct_check_out(&old.v, sizeof(mine), "v"), 0);
	sk_struct_out(&old.v, &mine, sizeof(mine));
	assert_int_equal(old.v.size, sizeof(struct v1));
	assert_int_equal(old.v.a, 5);
	assert_int_equal(old.v.reserved, 6); /* v2's b, where v1 has its reserved field */
	assert_int_equal(old.guard, 0x5a5a); /* never written past the caller's size */
	memset(&newer, 0xff, sizeof(newer));
	newer.size = sizeof(newer);
	assert_int_equal(sk_struct_check_out(&newer, sizeof(mine), "v"), 0);
	sk_struct_out(&newer, &mine, sizeof(mine));
	assert_int_equal(newer.size, sizeof(newer));
	assert_int_equal(newer.a, 5);
	assert_int_equal(newer.b, 6);
	assert_int_equal(newer.c, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_older_caller),
		cmocka_unit_test(test_in_newer_caller),
		cmocka_unit_test(test_not_initialised),
		cmocka_unit_test(test_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
