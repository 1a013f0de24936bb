/* SPDX-License-Identifier: Apache-2.0 */
/* Shannon entropy: exact values for constructed pages, ciphertext above the threshold. */
#include "ms-test.h"

#include <math.h>

#include "crypto/aes.h"
#include "memscan/memscan-internal.h"

static void exact_values(void **state)
{
	uint8_t page[4096];
	double bits;

	(void)state;
	memset(page, 0, sizeof(page));
	assert_int_equal(sk_ms_page_entropy(page, sizeof(page), &bits), SEV_MEMSCAN_ZERO);
	assert_true(bits < 0);
	memset(page, 'A', sizeof(page));
	assert_true(sev_memscan_entropy(page, sizeof(page)) == 0.0);
	for (size_t i = 0; i < sizeof(page); i++)
		page[i] = (uint8_t)i; /* every value 16 times */
	assert_true(fabs(sev_memscan_entropy(page, sizeof(page)) - 8.0) < 1e-9);
	assert_int_equal(sk_ms_page_entropy(page, sizeof(page), &bits), 240);
	for (size_t i = 0; i < sizeof(page); i++)
		page[i] = (uint8_t)(i % 2); /* two values, equally often: 1 bit */
	assert_true(fabs(sev_memscan_entropy(page, sizeof(page)) - 1.0) < 1e-9);
	/* longer than a page takes the general path */
	assert_true(sev_memscan_entropy(page, 100) > 0.99);
	assert_true(sev_memscan_entropy(page, 0) == 0.0);
}

/* 256 pages of AES-128-CTR keystream: all above 7.9 bits per byte. */
static void keystream_looks_encrypted(void **state)
{
	static uint8_t zero[4096 * 256], ks[4096 * 256];
	uint8_t key[16] = { 1, 2, 3 }, iv[16] = { 0 };
	double bits, min = 8;

	(void)state;
	assert_int_equal(sk_aes128_ctr(key, iv, zero, sizeof(zero), ks), 0);
	for (size_t i = 0; i < 256; i++) {
		sk_ms_page_entropy(ks + 4096 * i, 4096, &bits);
		if (bits < min)
			min = bits;
	}
	assert_true(min >= SEV_MEMSCAN_ENCRYPTED_BITS);
	assert_true(min < 8.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_values),
		cmocka_unit_test(keystream_looks_encrypted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
