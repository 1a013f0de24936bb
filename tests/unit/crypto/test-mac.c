/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include "crypto/mac.h"

/* RFC 4231 test case 2. */
static void hmac_rfc4231(void **state)
{
	struct sk_buf msg = { "what do ya want for nothing?", 28 };
	uint8_t out[32];

	(void)state;
	assert_int_equal(sk_hmac_sha256((const uint8_t *)"Jefe", 4, &msg, 1, out), 0);
	assert_hex_equal(out, 32, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

/* virtee/sev session/key.rs: HMAC-SHA256(key 00x16, 00x4). */
static void hmac_sev_vector(void **state)
{
	static const uint8_t key[16], zero4[4];
	struct sk_buf parts[] = { { zero4, 2 }, { zero4 + 2, 2 } };
	uint8_t out[32];

	(void)state;
	assert_int_equal(sk_hmac_sha256(key, 16, parts, 2, out), 0);
	assert_hex_equal(out, 32, "aa7855e13839dd767cd5da7c1ff5036540c9264b7a803029315e55375287b4af");
}

/* virtee/sev session/key.rs: KDF(00x16, "sev-master-secret", 00x16, 16 bytes). */
static void kdf_master_secret_vector(void **state)
{
	static const uint8_t key[16], ctx[16];
	uint8_t out[16];

	(void)state;
	assert_int_equal(sk_kdf_sev(key, 16, "sev-master-secret", ctx, 16, out, 16), 0);
	assert_hex_equal(out, 16, "ab4d269fcc62bedb4511d56c386ce706");
}

static void kdf_longer_output_is_prefix_consistent(void **state)
{
	static const uint8_t key[16];
	uint8_t a[48], b[16];

	(void)state;
	assert_int_equal(sk_kdf_sev(key, 16, "x", NULL, 0, a, sizeof(a)), 0);
	assert_int_equal(sk_kdf_sev(key, 16, "x", NULL, 0, b, sizeof(b)), 0);
	/* L is part of every block, so a shorter output is a different key. */
	assert_memory_not_equal(a, b, 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hmac_rfc4231),
		cmocka_unit_test(hmac_sev_vector),
		cmocka_unit_test(kdf_master_secret_vector),
		cmocka_unit_test(kdf_longer_output_is_prefix_consistent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
