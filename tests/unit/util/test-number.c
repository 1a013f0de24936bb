/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <sevkit/error.h>

#include "util/number.h"

static void parses_decimal_and_hex(void **state)
{
	uint32_t v;
	uint8_t b;

	(void)state;
	assert_int_equal(sk_parse_u32("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(sk_parse_u32("4294967295", &v), 0);
	assert_int_equal(v, 0xffffffffu);
	assert_int_equal(sk_parse_u32("0x00030005", &v), 0);
	assert_int_equal(v, 0x30005);
	assert_int_equal(sk_parse_u8("0xff", &b), 0);
	assert_int_equal(b, 0xff);
}

static void rejects_garbage_and_overflow(void **state)
{
	uint32_t v;
	uint8_t b;

	(void)state;
	assert_int_equal(sk_parse_u32("4294967296", &v), SEV_E_INVALID);
	assert_int_equal(sk_parse_u32("0x100000000", &v), SEV_E_INVALID);
	assert_int_equal(sk_parse_u32("-1", &v), SEV_E_INVALID);
	assert_int_equal(sk_parse_u32("12a", &v), SEV_E_INVALID);
	assert_int_equal(sk_parse_u32("0x", &v), SEV_E_INVALID);
	assert_int_equal(sk_parse_u32("", &v), SEV_E_INVALID);
	assert_int_equal(sk_parse_u32(" 1", &v), SEV_E_INVALID);
	assert_int_equal(sk_parse_u8("256", &b), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_decimal_and_hex),
		cmocka_unit_test(rejects_garbage_and_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
