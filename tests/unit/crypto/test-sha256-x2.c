/* SPDX-License-Identifier: Apache-2.0 */
/* The interleaved SHA-256 against OpenSSL's, on every shape a verity block can take and more. */
#include "../test.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto/sha256-x2.h"

static void openssl_sha256(const struct sk_sha256_x2_shape *s, const uint8_t *m, uint8_t out[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	assert_non_null(c);
	assert_int_equal(EVP_DigestInit_ex(c, EVP_sha256(), NULL), 1);
	assert_int_equal(EVP_DigestUpdate(c, s->prefix, s->prefix_len), 1);
	assert_int_equal(EVP_DigestUpdate(c, m, s->len), 1);
	assert_int_equal(EVP_DigestUpdate(c, s->suffix, s->suffix_len), 1);
	assert_int_equal(EVP_DigestFinal_ex(c, out, NULL), 1);
	EVP_MD_CTX_free(c);
}

static void check(size_t prefix, size_t len, size_t suffix)
{
	static uint8_t pre[300], suf[300], a[9000], b[9000];
	struct sk_sha256_x2_shape s = { pre, prefix, suf, suffix, len };
	uint8_t got_a[32], got_b[32], want_a[32], want_b[32];

	assert_int_equal(RAND_bytes(pre, sizeof(pre)), 1);
	assert_int_equal(RAND_bytes(suf, sizeof(suf)), 1);
	assert_int_equal(RAND_bytes(a, sizeof(a)), 1);
	assert_int_equal(RAND_bytes(b, sizeof(b)), 1);
	sk_sha256_x2(&s, a, b, got_a, got_b);
	openssl_sha256(&s, a, want_a);
	openssl_sha256(&s, b, want_b);
	if (memcmp(got_a, want_a, 32) || memcmp(got_b, want_b, 32))
		fail_msg("prefix %zu, len %zu, suffix %zu: not OpenSSL's digest", prefix, len, suffix);
}

/* Every padding case: lengths around each 64-byte boundary, parts empty or not. */
static void all_shapes(void **state)
{
	(void)state;
	if (!sk_sha256_x2_available())
		skip();
	for (size_t len = 0; len <= 200; len++)
		for (size_t part = 0; part <= 70; part += 1) {
			check(part, len, 0);
			check(0, len, part);
			check(part / 2, len, part - part / 2);
		}
}

/* dm-verity's: 512 to 64 KiB blocks, salts of 0 to 256 bytes in front (format 1) or behind. */
static void verity_shapes(void **state)
{
	static const size_t blocks[] = { 512, 1024, 4096, 8192 };
	static const size_t salts[] = { 0, 1, 16, 32, 55, 56, 63, 64, 65, 100, 255, 256 };

	(void)state;
	if (!sk_sha256_x2_available())
		skip();
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		for (size_t j = 0; j < sizeof(salts) / sizeof(salts[0]); j++) {
			check(salts[j], blocks[i], 0);
			check(0, blocks[i], salts[j]);
		}
}

/* FIPS 180-4's two-block example "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq". */
static void known_answer(void **state)
{
	static const char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	struct sk_sha256_x2_shape s = { (const uint8_t *)"abcd", 4, NULL, 0, sizeof(msg) - 5 };
	uint8_t a[32], b[32];

	(void)state;
	if (!sk_sha256_x2_available())
		skip();
	sk_sha256_x2(&s, (const uint8_t *)msg + 4, (const uint8_t *)msg + 4, a, b);
	assert_hex_equal(a, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	assert_memory_equal(a, b, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_answer),
		cmocka_unit_test(all_shapes),
		cmocka_unit_test(verity_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
