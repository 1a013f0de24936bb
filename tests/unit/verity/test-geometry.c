/* SPDX-License-Identifier: Apache-2.0 */
/* Tree shapes from the reference's worked sizes (veritysetup 2.6.1 hash files). */
#include "verity-test.h"

static struct sev_verity_geometry shape(const char *alg, uint32_t dbs, uint32_t hbs,
					uint64_t blocks, uint32_t type)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_geometry g;

	sev_verity_params_init(&p);
	strcpy(p.hash_name, alg);
	p.data_block_size = dbs;
	p.hash_block_size = hbs;
	p.data_blocks = blocks;
	p.hash_type = type;
	assert_int_equal(sev_verity_geometry(&p, &g), 0);
	return g;
}

static void one_block_has_no_levels(void **state)
{
	struct sev_verity_geometry g = shape("sha256", 4096, 4096, 1, 1);

	(void)state;
	assert_int_equal(g.levels, 0);
	assert_int_equal(g.hash_blocks, 0);
	assert_int_equal(g.hash_start_block, 1);
	assert_int_equal(g.hash_end, 4096);
}

static void level_counts_at_the_boundaries(void **state)
{
	struct sev_verity_geometry g = shape("sha256", 4096, 4096, 128, 1);

	(void)state;
	assert_int_equal(g.hash_per_block, 128);
	assert_int_equal(g.levels, 1);
	assert_int_equal(g.hash_end, 8192);
	g = shape("sha256", 4096, 4096, 129, 1);
	assert_int_equal(g.levels, 2);
	assert_int_equal(g.level_blocks[1], 1);
	assert_int_equal(g.level_blocks[0], 2);
	/* top level first: block 1 is level 1, blocks 2-3 level 0 */
	assert_int_equal(g.level_start[1], 1);
	assert_int_equal(g.level_start[0], 2);
	assert_int_equal(g.hash_end, 16384);
	assert_int_equal(shape("sha256", 4096, 4096, 16384, 1).levels, 2);
	assert_int_equal(shape("sha256", 4096, 4096, 16385, 1).levels, 3);
	assert_int_equal(shape("sha256", 4096, 4096, 2097152, 1).levels, 3);
}

static void worked_sizes(void **state)
{
	struct sev_verity_geometry g;

	(void)state;
	g = shape("sha256", 4096, 512, 129, 1);
	assert_int_equal(g.hash_blocks, 10);
	assert_int_equal(g.hash_end, 5632);
	g = shape("sha256", 1024, 4096, 516, 1);
	assert_int_equal(g.hash_blocks, 6);
	assert_int_equal(g.hash_end, 28672);
	g = shape("sha256", 4096, 4096, 16384, 1);
	assert_int_equal(g.hash_blocks, 129);
	assert_int_equal(g.hash_end, 532480);
	g = shape("sha512", 4096, 4096, 16384, 1);
	assert_int_equal(g.hash_per_block, 64);
	assert_int_equal(g.levels, 3);
	assert_int_equal(g.level_blocks[1], 4);
	assert_int_equal(g.hash_end, 1073152);
	g = shape("sha256", 512, 512, 131072, 1);
	assert_int_equal(g.levels, 5);
	assert_int_equal(g.level_blocks[0], 8192);
	assert_int_equal(g.level_blocks[3], 2);
	assert_int_equal(g.hash_blocks, 8739);
	assert_int_equal(g.hash_end, 4474880);
	g = shape("sha256", 4096, 4096, 262144, 1);
	assert_int_equal(g.hash_blocks, 2065);
	assert_int_equal(g.hash_end, 8462336);
	g = shape("sha256", 4096, 4096, 1048576, 1);
	assert_int_equal(g.level_blocks[1], 64);
	assert_int_equal(g.hash_blocks, 8257);
	assert_int_equal(g.hash_end, 33824768);
}

static void digest_slots(void **state)
{
	struct sev_verity_geometry g = shape("sha1", 4096, 4096, 129, 1);

	(void)state;
	assert_int_equal(g.hash_per_block, 128);
	assert_int_equal(g.digest_slot, 32);
	assert_int_equal(shape("sha1", 4096, 4096, 129, 0).digest_slot, 20);
	assert_int_equal(shape("sha224", 4096, 4096, 129, 1).digest_slot, 32);
	assert_int_equal(shape("sha224", 4096, 4096, 129, 0).digest_slot, 28);
	assert_int_equal(shape("sha256", 512, 512, 8, 1).hash_per_block, 16);
}

static void hash_offsets(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_geometry g;

	(void)state;
	sev_verity_params_init(&p);
	p.data_blocks = 256;
	p.hash_offset = 1048576;
	assert_int_equal(sev_verity_geometry(&p, &g), 0);
	assert_int_equal(g.hash_start_block, 257);
	assert_int_equal(g.hash_device_size, 4096 + 3 * 4096);
	p.hash_offset = 1049088; /* superblock at an unaligned offset */
	assert_int_equal(sev_verity_geometry(&p, &g), 0);
	assert_int_equal(g.hash_start_block, 257);
	p.superblock = false; /* the pitfall: hash blocks start before the offset */
	assert_int_equal(sev_verity_geometry(&p, &g), 0);
	assert_int_equal(g.hash_start_block, 256);
	p.hash_offset = 0;
	assert_int_equal(sev_verity_geometry(&p, &g), 0);
	assert_int_equal(g.hash_start_block, 0);
}

static void rejects_no_data_and_bad_params(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_geometry g;

	(void)state;
	sev_verity_params_init(&p);
	assert_int_equal(sev_verity_geometry(&p, &g), SEV_E_INVALID);
	p.data_blocks = 1;
	strcpy(p.hash_name, "nohash");
	assert_int_equal(sev_verity_geometry(&p, &g), SEV_E_UNSUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_block_has_no_levels),
		cmocka_unit_test(level_counts_at_the_boundaries),
		cmocka_unit_test(worked_sizes),
		cmocka_unit_test(digest_slots),
		cmocka_unit_test(hash_offsets),
		cmocka_unit_test(rejects_no_data_and_bad_params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
