/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include "crypto/hash.h"

/* FIPS 180-2 appendix examples for "abc". */
static void known_answers_abc(void **state)
{
	uint8_t out[SK_HASH_MAX];

	(void)state;
	assert_int_equal(sk_sha256("abc", 3, out), 0);
	assert_hex_equal(out, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(sk_sha384("abc", 3, out), 0);
	assert_hex_equal(out, 48,
			 "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
			 "8086072ba1e7cc2358baeca134c825a7");
	assert_int_equal(sk_hash(SK_SHA1, "abc", 3, out), 0);
	assert_hex_equal(out, 20, "a9993e364706816aba3e25717850c26c9cd0d89d");
}

static void incremental_equals_one_shot(void **state)
{
	struct sk_hash_ctx *ctx;
	uint8_t a[48], b[48];

	(void)state;
	assert_int_equal(sk_hash_init(&ctx, SK_SHA384), 0);
	assert_int_equal(sk_hash_update(ctx, "a", 1), 0);
	assert_int_equal(sk_hash_update(ctx, "bc", 2), 0);
	assert_int_equal(sk_hash_final(ctx, a), 0);
	sk_hash_free(ctx);
	assert_int_equal(sk_sha384("abc", 3, b), 0);
	assert_memory_equal(a, b, 48);
	assert_int_equal(sk_hash_len(SK_SHA512), 64);
}

/* A reset context starts over: FIPS 180-2 "abc" after unrelated input. */
static void reset_starts_over(void **state)
{
	struct sk_hash_ctx *ctx;
	uint8_t out[48];

	(void)state;
	assert_int_equal(sk_hash_init(&ctx, SK_SHA384), 0);
	assert_int_equal(sk_hash_update(ctx, "xyz", 3), 0);
	assert_int_equal(sk_hash_reset(ctx), 0);
	assert_int_equal(sk_hash_update(ctx, "abc", 3), 0);
	assert_int_equal(sk_hash_final(ctx, out), 0);
	assert_hex_equal(out, 48,
			 "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
			 "8086072ba1e7cc2358baeca134c825a7");
	/* and again after a final */
	assert_int_equal(sk_hash_reset(ctx), 0);
	assert_int_equal(sk_hash_update(ctx, "abc", 3), 0);
	assert_int_equal(sk_hash_final(ctx, out), 0);
	assert_hex_equal(out, 48,
			 "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
			 "8086072ba1e7cc2358baeca134c825a7");
	sk_hash_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_answers_abc),
		cmocka_unit_test(incremental_equals_one_shot),
		cmocka_unit_test(reset_starts_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
