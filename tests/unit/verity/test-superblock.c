/* SPDX-License-Identifier: Apache-2.0 */
#include "verity-test.h"

#include "util/bytes.h"

/* The first 512 bytes of a superblock written by veritysetup 2.6.1. */
static uint8_t *vector_sb(const char *variant)
{
	char rel[128];
	size_t len;
	uint8_t *buf;

	snprintf(rel, sizeof(rel), "verity/hash/%s.hash", variant);
	buf = test_vector(rel, &len);
	assert_true(len >= SEV_VERITY_SB_SIZE);
	return buf;
}

static void parses_veritysetup_superblock(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t *sb = vector_sb("blk129.seed");
	char uuid[37];

	(void)state;
	assert_int_equal(sev_verity_sb_parse(sb, SEV_VERITY_SB_SIZE, &p), 0);
	assert_int_equal(p.hash_type, 1);
	assert_string_equal(p.hash_name, "sha256");
	assert_int_equal(p.data_block_size, 4096);
	assert_int_equal(p.hash_block_size, 4096);
	assert_int_equal(p.data_blocks, 129);
	assert_int_equal(p.salt_size, 32);
	assert_true(sk_all_zero(p.salt, 32));
	assert_true(p.superblock);
	sev_verity_uuid_format(p.uuid, uuid);
	assert_string_equal(uuid, "12345678-1234-1234-1234-123456789abc");
	free(sb);
}

/* Parsing then building gives back veritysetup's exact bytes. */
static void builds_identical_bytes(void **state)
{
	static const char *const variants[] = {
		"blk129.seed", "blk129.sha1", "blk129.fmt0", "blk129.nosalt",
		"blk129.salt-deadbeef", "blk129.sha3-256", "blk129.d4096-h512",
		"blk128.datablocks100",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
		uint8_t *sb = vector_sb(variants[i]), out[SEV_VERITY_SB_SIZE];

		assert_int_equal(sev_verity_sb_parse(sb, SEV_VERITY_SB_SIZE, &p), 0);
		assert_int_equal(sev_verity_sb_build(&p, out), 0);
		assert_memory_equal(out, sb, SEV_VERITY_SB_SIZE);
		free(sb);
	}
}

static void build_lower_cases_the_algorithm(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t out[SEV_VERITY_SB_SIZE];

	(void)state;
	sev_verity_params_init(&p);
	strcpy(p.hash_name, "SHA256");
	p.data_blocks = 1;
	assert_int_equal(sev_verity_sb_build(&p, out), 0);
	assert_string_equal((const char *)out + 32, "sha256");
}

/* Modify one field of the blk129.seed superblock and expect code. */
static void expect_rejected(size_t off, const void *bytes, size_t n, int code)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t *sb = vector_sb("blk129.seed");

	memcpy(sb + off, bytes, n);
	assert_int_equal(sev_verity_sb_parse(sb, SEV_VERITY_SB_SIZE, &p), code);
	free(sb);
}

static void rejects_bad_signature(void **state)
{
	(void)state;
	expect_rejected(0, "VERITY", 6, SEV_E_FORMAT);
}

static void rejects_unknown_version(void **state)
{
	(void)state;
	expect_rejected(8, "\x02\0\0\0", 4, SEV_E_UNSUPPORTED);
	expect_rejected(8, "\0\0\0\0", 4, SEV_E_UNSUPPORTED);
}

static void rejects_unknown_hash_type(void **state)
{
	(void)state;
	expect_rejected(12, "\x02\0\0\0", 4, SEV_E_UNSUPPORTED);
}

static void rejects_unknown_algorithm(void **state)
{
	(void)state;
	expect_rejected(32, "crc32\0", 6, SEV_E_UNSUPPORTED);
	expect_rejected(32, "md5\0\0\0", 6, SEV_E_UNSUPPORTED);
}

static void rejects_malformed_algorithm(void **state)
{
	uint8_t long_name[32];

	(void)state;
	memset(long_name, 'a', sizeof(long_name));
	expect_rejected(32, long_name, 32, SEV_E_FORMAT);       /* no NUL */
	expect_rejected(32, "\0", 1, SEV_E_FORMAT);             /* empty */
	expect_rejected(32, "SHA256", 6, SEV_E_FORMAT);         /* upper case */
}

static void rejects_bad_block_sizes(void **state)
{
	(void)state;
	expect_rejected(64, "\x00\x0c\0\0", 4, SEV_E_FORMAT);   /* 3072 */
	expect_rejected(64, "\x00\x01\0\0", 4, SEV_E_FORMAT);   /* 256 */
	expect_rejected(68, "\0\0\x10\0", 4, SEV_E_FORMAT);     /* 1 MiB */
}

static void rejects_bad_data_blocks(void **state)
{
	(void)state;
	expect_rejected(72, "\0\0\0\0\0\0\0\0", 8, SEV_E_FORMAT);
	expect_rejected(72, "\xff\xff\xff\xff\xff\xff\xff\xff", 8, SEV_E_FORMAT);
}

static void rejects_bad_salt(void **state)
{
	(void)state;
	expect_rejected(80, "\x01\x01", 2, SEV_E_FORMAT);       /* 257 bytes */
}

static char last_warning[512];

static void assert_same_params(const struct sev_verity_params *a, const struct sev_verity_params *b)
{
	assert_int_equal(a->hash_type, b->hash_type);
	assert_string_equal(a->hash_name, b->hash_name);
	assert_int_equal(a->data_block_size, b->data_block_size);
	assert_int_equal(a->hash_block_size, b->hash_block_size);
	assert_int_equal(a->data_blocks, b->data_blocks);
	assert_int_equal(a->salt_size, b->salt_size);
	assert_memory_equal(a->salt, b->salt, sizeof(a->salt));
	assert_memory_equal(a->uuid, b->uuid, sizeof(a->uuid));
}

static void keep_warning(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)ctx;
	if (level == SEV_LOG_WARNING)
		snprintf(last_warning, sizeof(last_warning), "%s", msg);
}

/*
 * Reserved bytes that are not zero (veritysetup 2.6.1 verifies such a device):
 * the same parameters as without them, and a warning naming the first one.
 */
static void accepts_nonzero_reserved_bytes(void **state)
{
	static const struct {
		size_t off;
		const char *warning;
	} cases[] = {
		{ 39, "algorithm padding at offset 0x27: reserved byte is 0x5a" },
		{ 63, "algorithm padding at offset 0x3f: reserved byte is 0x5a" },
		{ 82, "pad1 at offset 0x52: reserved byte is 0x5a" },
		{ 87, "pad1 at offset 0x57: reserved byte is 0x5a" },
		{ 88 + 32, "salt padding at offset 0x78: reserved byte is 0x5a" },
		{ 343, "salt padding at offset 0x157: reserved byte is 0x5a" },
		{ 344, "pad2 at offset 0x158: reserved byte is 0x5a" },
		{ 511, "pad2 at offset 0x1ff: reserved byte is 0x5a" },
	};
	struct sev_verity_params want = SEV_INIT(struct sev_verity_params);
	struct sev_verity_params got = SEV_INIT(struct sev_verity_params);
	uint8_t *sb = vector_sb("blk129.seed");

	(void)state;
	assert_int_equal(sev_verity_sb_parse(sb, SEV_VERITY_SB_SIZE, &want), 0);
	sev_set_log(keep_warning, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t copy[SEV_VERITY_SB_SIZE];

		memcpy(copy, sb, sizeof(copy));
		copy[cases[i].off] = 0x5a;
		last_warning[0] = '\0';
		assert_int_equal(sev_verity_sb_parse(copy, sizeof(copy), &got), 0);
		assert_same_params(&got, &want);
		assert_non_null(strstr(last_warning, cases[i].warning));
	}
	/* a pristine superblock warns about nothing */
	last_warning[0] = '\0';
	assert_int_equal(sev_verity_sb_parse(sb, SEV_VERITY_SB_SIZE, &got), 0);
	assert_string_equal(last_warning, "");
	sev_set_log(NULL, NULL);
	free(sb);
}

static void rejects_truncated(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t *sb = vector_sb("blk129.seed");

	(void)state;
	assert_int_equal(sev_verity_sb_parse(sb, SEV_VERITY_SB_SIZE - 1, &p), SEV_E_FORMAT);
	assert_int_equal(sev_verity_sb_parse(sb, 40, &p), SEV_E_FORMAT);
	free(sb);
}

static void build_rejects_bad_params(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	uint8_t out[SEV_VERITY_SB_SIZE];

	(void)state;
	sev_verity_params_init(&p);
	p.hash_type = 7;
	assert_int_equal(sev_verity_sb_build(&p, out), SEV_E_UNSUPPORTED);
}

static void reads_superblock_at_offset(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);

	(void)state;
	assert_int_equal(sev_verity_read_superblock(vector_path("combined-1M.img"), 1048576, &p),
			 0);
	assert_int_equal(p.data_blocks, 256);
	assert_int_equal(p.hash_offset, 1048576);
	assert_int_equal(sev_verity_read_superblock(vector_path("combined-1M.img"), 0, &p),
			 SEV_E_FORMAT);
	assert_int_equal(sev_verity_read_superblock(vector_path("combined-1M.img"), 100, &p),
			 SEV_E_INVALID);
	/* no superblock: an empty file, and a file shorter than the offset */
	assert_int_equal(sev_verity_read_superblock(vector_path("hash/blk1.seed-nosb.hash"), 0, &p),
			 SEV_E_FORMAT);
	assert_int_equal(sev_verity_read_superblock(vector_path("blk1.img"), 8192, &p),
			 SEV_E_FORMAT);
	assert_true(sev_verity_read_superblock("/nonexistent/hash", 0, &p) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_veritysetup_superblock),
		cmocka_unit_test(builds_identical_bytes),
		cmocka_unit_test(build_lower_cases_the_algorithm),
		cmocka_unit_test(rejects_bad_signature),
		cmocka_unit_test(rejects_unknown_version),
		cmocka_unit_test(rejects_unknown_hash_type),
		cmocka_unit_test(rejects_unknown_algorithm),
		cmocka_unit_test(rejects_malformed_algorithm),
		cmocka_unit_test(rejects_bad_block_sizes),
		cmocka_unit_test(rejects_bad_data_blocks),
		cmocka_unit_test(rejects_bad_salt),
		cmocka_unit_test(accepts_nonzero_reserved_bytes),
		cmocka_unit_test(rejects_truncated),
		cmocka_unit_test(build_rejects_bad_params),
		cmocka_unit_test(reads_superblock_at_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
