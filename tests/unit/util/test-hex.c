/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <sevkit/error.h>

static void encodes_lower_and_upper(void **state)
{
	static const uint8_t in[] = { 0x00, 0x9f, 0xa5, 0xff };
	char out[9];

	(void)state;
	sk_hex_encode(out, in, sizeof(in));
	assert_string_equal(out, "009fa5ff");
	sk_hex_encode_upper(out, in, sizeof(in));
	assert_string_equal(out, "009FA5FF");
}

static void decodes_exact_length(void **state)
{
	uint8_t out[3];

	(void)state;
	assert_int_equal(sk_hex_decode(out, 3, "0aBcDe"), 0);
	assert_int_equal(out[0], 0x0a);
	assert_int_equal(out[1], 0xbc);
	assert_int_equal(out[2], 0xde);
	assert_int_equal(sk_hex_decode(out, 3, "0x0abcde"), 0);
	assert_int_equal(sk_hex_decode(out, 3, "0abcd"), SEV_E_INVALID);
	assert_int_equal(sk_hex_decode(out, 3, "0abcdeff"), SEV_E_INVALID);
	assert_int_equal(sk_hex_decode(out, 3, "0abcdg"), SEV_E_INVALID);
}

static void decodes_any_even_length(void **state)
{
	uint8_t *out = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(sk_hex_decode_alloc("deadbeef", &out, &n), 0);
	assert_int_equal(n, 4);
	assert_hex_equal(out, n, "deadbeef");
	free(out);
	assert_int_equal(sk_hex_decode_alloc("abc", &out, &n), SEV_E_INVALID);
	assert_int_equal(sk_hex_decode_alloc("zz", &out, &n), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encodes_lower_and_upper),
		cmocka_unit_test(decodes_exact_length),
		cmocka_unit_test(decodes_any_even_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
