/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include "crypto/aes.h"

/* NIST SP 800-38A F.5.1 CTR-AES128.Encrypt, blocks 1-2. */
static void sp800_38a_ctr(void **state)
{
	uint8_t key[16], iv[16], pt[32], ct[32], back[32];

	(void)state;
	assert_int_equal(sk_hex_decode(key, 16, "2b7e151628aed2a6abf7158809cf4f3c"), 0);
	assert_int_equal(sk_hex_decode(iv, 16, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"), 0);
	assert_int_equal(sk_hex_decode(pt, 32, "6bc1bee22e409f96e93d7e117393172a"
					       "ae2d8a571e03ac9c9eb76fac45af8e51"),
			 0);
	assert_int_equal(sk_aes128_ctr(key, iv, pt, 32, ct), 0);
	assert_hex_equal(ct, 32, "874d6191b620e3261bef6864990db6ce"
				 "9806f66b7970fdff8617187bb9fffdff");
	assert_int_equal(sk_aes128_ctr(key, iv, ct, 32, back), 0);
	assert_memory_equal(back, pt, 32);
}

/* Odd lengths work: LAUNCH_SECRET payloads need not be block multiples. */
static void partial_block(void **state)
{
	uint8_t key[16] = { 1 }, iv[16] = { 2 }, pt[5] = "hello", ct[5], ct_full[16], full[16] = { 0 };

	(void)state;
	memcpy(full, pt, 5);
	assert_int_equal(sk_aes128_ctr(key, iv, pt, 5, ct), 0);
	assert_int_equal(sk_aes128_ctr(key, iv, full, 16, ct_full), 0);
	assert_memory_equal(ct, ct_full, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sp800_38a_ctr),
		cmocka_unit_test(partial_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
