/* SPDX-License-Identifier: Apache-2.0 */
#include "verity-test.h"

static void defaults_are_veritysetups(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);

	(void)state;
	sev_verity_params_init(&p);
	assert_int_equal(p.hash_type, 1);
	assert_string_equal(p.hash_name, "sha256");
	assert_int_equal(p.data_block_size, 4096);
	assert_int_equal(p.hash_block_size, 4096);
	assert_int_equal(p.hash_offset, 0);
	assert_int_equal(p.salt_size, 0);
	assert_true(p.superblock);
	assert_int_equal(sev_verity_params_check(&p), 0);
}

static void randomize_gives_32_byte_salt_and_v4_uuid(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_params q = SEV_INIT(struct sev_verity_params);

	(void)state;
	sev_verity_params_init(&p);
	assert_int_equal(sev_verity_params_randomize(&p), 0);
	assert_int_equal(p.salt_size, 32);
	assert_int_equal(p.uuid[6] >> 4, 4);
	assert_int_equal(p.uuid[8] >> 6, 2);
	q = p;
	assert_int_equal(sev_verity_params_randomize(&q), 0);
	assert_memory_not_equal(p.salt, q.salt, 32);
}

static void check_rejects_each_bad_field(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);

	(void)state;
	sev_verity_params_init(&p);
	p.hash_type = 2;
	assert_int_equal(sev_verity_params_check(&p), SEV_E_UNSUPPORTED);
	sev_verity_params_init(&p);
	strcpy(p.hash_name, "crc32");
	assert_int_equal(sev_verity_params_check(&p), SEV_E_UNSUPPORTED);
	sev_verity_params_init(&p);
	p.hash_name[0] = '\0';
	assert_int_equal(sev_verity_params_check(&p), SEV_E_INVALID);
	sev_verity_params_init(&p);
	memset(p.hash_name, 'a', sizeof(p.hash_name));
	assert_int_equal(sev_verity_params_check(&p), SEV_E_INVALID);
	sev_verity_params_init(&p);
	p.data_block_size = 3000;
	assert_int_equal(sev_verity_params_check(&p), SEV_E_INVALID);
	sev_verity_params_init(&p);
	p.data_block_size = 256;
	assert_int_equal(sev_verity_params_check(&p), SEV_E_INVALID);
	sev_verity_params_init(&p);
	p.hash_block_size = 1u << 20;
	assert_int_equal(sev_verity_params_check(&p), SEV_E_INVALID);
	sev_verity_params_init(&p);
	p.salt_size = 257;
	assert_int_equal(sev_verity_params_check(&p), SEV_E_INVALID);
	sev_verity_params_init(&p);
	p.hash_offset = 1000;
	assert_int_equal(sev_verity_params_check(&p), SEV_E_INVALID);
	sev_verity_params_init(&p);
	p.data_blocks = UINT64_MAX / 4096;
	assert_int_equal(sev_verity_params_check(&p), SEV_E_INVALID);
}

static void uuid_round_trip(void **state)
{
	uint8_t u[16];
	char text[37];

	(void)state;
	assert_int_equal(sev_verity_uuid_parse("12345678-1234-1234-1234-123456789ABC", u), 0);
	assert_hex_equal(u, 16, "12345678123412341234123456789abc");
	sev_verity_uuid_format(u, text);
	assert_string_equal(text, "12345678-1234-1234-1234-123456789abc");
}

static void uuid_rejects_malformed(void **state)
{
	uint8_t u[16];

	(void)state;
	assert_int_equal(sev_verity_uuid_parse("xyz", u), SEV_E_INVALID);
	assert_int_equal(sev_verity_uuid_parse("12345678-1234-1234-1234-123456789abg", u),
			 SEV_E_INVALID);
	assert_int_equal(sev_verity_uuid_parse("12345678+1234-1234-1234-123456789abc", u),
			 SEV_E_INVALID);
	assert_int_equal(sev_verity_uuid_parse("123456781234-1234-1234-123456789abcd", u),
			 SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_are_veritysetups),
		cmocka_unit_test(randomize_gives_32_byte_salt_and_v4_uuid),
		cmocka_unit_test(check_rejects_each_bad_field),
		cmocka_unit_test(uuid_round_trip),
		cmocka_unit_test(uuid_rejects_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
