/* SPDX-License-Identifier: Apache-2.0 */
/* How much of the data a tree covers, against veritysetup 2.6.1's trees. */
#include "verity-test.h"

static void whole_image_is_covered(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_coverage c = SEV_INIT(struct sev_verity_coverage);

	(void)state;
	assert_int_equal(sev_verity_read_superblock(vector_path("hash/blk129.seed.hash"), 0, &p),
			 0);
	assert_int_equal(sev_verity_coverage(vector_path("blk129.img"),
					     vector_path("hash/blk129.seed.hash"), &p, &c), 0);
	assert_false(c.shared);
	assert_int_equal(c.data_blocks, 129);
	assert_int_equal(c.covered, 129 * 4096);
	assert_int_equal(c.end, 129 * 4096);
}

/* A tree over fewer blocks than the image has leaves the rest uncovered (verify notes it). */
static void fewer_blocks_leave_the_rest_uncovered(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_coverage c = SEV_INIT(struct sev_verity_coverage);

	(void)state;
	assert_int_equal(sev_verity_read_superblock(vector_path("hash/blk129.seed.hash"), 0, &p),
			 0);
	p.data_blocks = 1;
	assert_int_equal(sev_verity_coverage(vector_path("blk129.img"),
					     vector_path("hash/blk129.seed.hash"), &p, &c), 0);
	assert_int_equal(c.covered, 4096);
	assert_int_equal(c.end, 129 * 4096);
}

/* Without a count, the whole device: only whole blocks. */
static void no_count_means_whole_device(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_coverage c = SEV_INIT(struct sev_verity_coverage);

	(void)state;
	seed_params(&p);
	assert_int_equal(sev_verity_coverage(vector_path("zero-1M.img"),
					     vector_path("hash/blk1.seed.hash"), &p, &c), 0);
	assert_int_equal(c.data_blocks, 256);
	assert_int_equal(c.covered, c.end);
	assert_int_equal(sev_verity_coverage(vector_path("odd-1000000.img"),
					     vector_path("hash/blk1.seed.hash"), &p, &c),
			 SEV_E_FORMAT);
}

/* Data and hash on one device: the data ends at the hash offset, not at the device's end. */
static void shared_device_ends_at_hash_offset(void **state)
{
	const char *img = vector_path("combined-1M.img");
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_coverage c = SEV_INIT(struct sev_verity_coverage);

	(void)state;
	assert_int_equal(sev_verity_read_superblock(img, 1048576, &p), 0);
	p.hash_offset = 1048576;
	assert_int_equal(sev_verity_coverage(img, img, &p, &c), 0);
	assert_true(c.shared);
	assert_int_equal(c.covered, 1048576);
	assert_int_equal(c.end, 1048576);
	p.data_blocks = 255;
	assert_int_equal(sev_verity_coverage(img, img, &p, &c), 0);
	assert_int_equal(c.end - c.covered, 4096);
	p.data_blocks = 257;
	assert_int_equal(sev_verity_coverage(img, img, &p, &c), SEV_E_FORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_image_is_covered),
		cmocka_unit_test(fewer_blocks_leave_the_rest_uncovered),
		cmocka_unit_test(no_count_means_whole_device),
		cmocka_unit_test(shared_device_ends_at_hash_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
