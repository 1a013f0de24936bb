/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <sevkit/error.h>

#include "util/reader.h"

static char last_msg[512];

static void capture(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	snprintf(last_msg, sizeof(last_msg), "%s", msg);
}

static void reads_little_endian(void **state)
{
	static const uint8_t buf[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
				       0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
	struct sk_reader r;
	uint8_t b;
	uint16_t h;
	uint32_t w;
	uint64_t q;

	(void)state;
	sk_reader_init(&r, buf, sizeof(buf), "test");
	assert_int_equal(sk_read_u8(&r, &b, "b"), 0);
	assert_int_equal(b, 0x01);
	assert_int_equal(sk_read_u16(&r, &h, "h"), 0);
	assert_int_equal(h, 0x0302);
	assert_int_equal(sk_read_u32(&r, &w, "w"), 0);
	assert_int_equal(w, 0x07060504);
	assert_int_equal(sk_read_u64(&r, &q, "q"), 0);
	assert_true(q == 0x0f0e0d0c0b0a0908ull);
	assert_int_equal(sk_reader_left(&r), 0);
}

static void truncated_read_names_field_and_offset(void **state)
{
	static const uint8_t buf[6] = { 0 };
	struct sk_reader r;
	uint32_t w;

	(void)state;
	sev_set_log(capture, NULL);
	sk_reader_init(&r, buf, sizeof(buf), "SEV certificate");
	assert_int_equal(sk_read_u32(&r, &w, "version"), 0);
	assert_int_equal(sk_read_u32(&r, &w, "pub_key_usage"), SEV_E_FORMAT);
	assert_string_equal(last_msg, "SEV certificate: pub_key_usage at offset 0x4: "
				      "truncated (need 4 bytes, 2 left)");
	assert_int_equal(r.off, 4); /* a failed read consumes nothing */
	sev_set_log(NULL, NULL);
}

static void reserved_bytes_must_be_zero(void **state)
{
	static const uint8_t buf[] = { 0, 0, 0, 7, 0 };
	struct sk_reader r;

	(void)state;
	sev_set_log(capture, NULL);
	sk_reader_init(&r, buf, sizeof(buf), "blob");
	assert_int_equal(sk_read_zero(&r, 3, "rsvd"), 0);
	assert_int_equal(sk_read_zero(&r, 2, "rsvd2"), SEV_E_FORMAT);
	assert_string_equal(last_msg,
			    "blob: rsvd2 at offset 0x3: reserved byte is 0x07, must be zero");
	sev_set_log(NULL, NULL);
}

static void seek_is_bounded(void **state)
{
	static const uint8_t buf[4] = { 0 };
	struct sk_reader r;

	(void)state;
	sk_reader_init(&r, buf, sizeof(buf), "blob");
	assert_int_equal(sk_read_seek(&r, 4, "end"), 0);
	assert_int_equal(sk_read_seek(&r, 5, "past"), SEV_E_FORMAT);
	assert_int_equal(sk_read_skip(&r, 1, "one"), SEV_E_FORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_little_endian),
		cmocka_unit_test(truncated_read_names_field_and_offset),
		cmocka_unit_test(reserved_bytes_must_be_zero),
		cmocka_unit_test(seek_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
