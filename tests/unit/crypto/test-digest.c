/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <sevkit/error.h>

#include "crypto/digest.h"

/* Published "abc" answers: FIPS 180-4, FIPS 202, RFC 7693, RIPEMD-160 paper, GB/T 32905. */
static const struct {
	const char *name;
	const char *hex;
} abc[] = {
	{ "sha1", "a9993e364706816aba3e25717850c26c9cd0d89d" },
	{ "sha224", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7" },
	{ "sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "sha3-256", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532" },
	{ "blake2b-512", "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
			 "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923" },
	{ "ripemd160", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc" },
	{ "sm3", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" },
};

static void known_answers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(abc) / sizeof(abc[0]); i++) {
		struct sk_digest *d;
		uint8_t out[SK_DIGEST_MAX];
		int size = sk_digest_size(abc[i].name);

		assert_int_equal(size, (int)strlen(abc[i].hex) / 2);
		assert_int_equal(sk_digest_new(&d, abc[i].name), 0);
		assert_int_equal(sk_digest2(d, "a", 1, "bc", 2, out), 0);
		assert_hex_equal(out, (size_t)size, abc[i].hex);
		/* the context is reused: a second digest is not polluted by the first */
		assert_int_equal(sk_digest2(d, "abc", 3, NULL, 0, out), 0);
		assert_hex_equal(out, (size_t)size, abc[i].hex);
		sk_digest_free(d);
	}
}

static void names_are_case_insensitive(void **state)
{
	(void)state;
	assert_int_equal(sk_digest_size("SHA256"), 32);
	assert_int_equal(sk_digest_size("sha512"), 64);
}

static void refuses_unknown_and_weak(void **state)
{
	struct sk_digest *d;

	(void)state;
	assert_int_equal(sk_digest_size("crc32"), SEV_E_UNSUPPORTED);
	assert_int_equal(sk_digest_size("md5"), SEV_E_UNSUPPORTED);
	assert_int_equal(sk_digest_size(""), SEV_E_UNSUPPORTED);
	assert_int_equal(sk_digest_new(&d, "whirlpool"), SEV_E_UNSUPPORTED);
}

static void names_list_ends_with_null(void **state)
{
	const char *const *n = sk_digest_names();
	size_t i = 0;

	(void)state;
	while (n[i])
		assert_true(sk_digest_size(n[i++]) > 0);
	assert_true(i >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_answers),
		cmocka_unit_test(names_are_case_insensitive),
		cmocka_unit_test(refuses_unknown_and_weak),
		cmocka_unit_test(names_list_ends_with_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
