/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <sevkit/error.h>

#include "crypto/base64.h"

static void rfc4648_vectors(void **state)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const coded[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=",
					     "Zm9vYmFy" };

	(void)state;
	for (size_t i = 0; i < 7; i++) {
		char *e = sk_base64_encode((const uint8_t *)plain[i], strlen(plain[i]));
		uint8_t *d;
		size_t n;

		assert_string_equal(e, coded[i]);
		free(e);
		assert_int_equal(sk_base64_decode(coded[i], strlen(coded[i]), &d, &n), 0);
		assert_int_equal(n, strlen(plain[i]));
		assert_memory_equal(d, plain[i], n);
		free(d);
	}
}

static void ignores_line_breaks(void **state)
{
	uint8_t *d;
	size_t n;

	(void)state;
	assert_int_equal(sk_base64_decode("Zm9v\nYmFy\n", 10, &d, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(d, "foobar", 6);
	free(d);
}

static void rejects_malformed(void **state)
{
	static const char *const bad[] = { "Zm9", "Zm9v!", "Zg=a", "Z===", "Zg==Zg==", "=Zg=" };
	uint8_t *d;
	size_t n;

	(void)state;
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(sk_base64_decode(bad[i], strlen(bad[i]), &d, &n), SEV_E_FORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc4648_vectors),
		cmocka_unit_test(ignores_line_breaks),
		cmocka_unit_test(rejects_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
