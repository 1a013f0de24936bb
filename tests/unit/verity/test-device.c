/* SPDX-License-Identifier: Apache-2.0 */
#include "verity-test.h"

#include <errno.h>

#include "verity/verity-internal.h"

static void opens_files_with_their_size(void **state)
{
	struct vt_dev d;

	(void)state;
	assert_int_equal(vt_dev_open(&d, vector_path("blk129.img"), O_RDONLY), 0);
	assert_int_equal(d.size, 528384);
	assert_false(d.block);
	vt_dev_close(&d);
	assert_int_equal(d.fd, -1);
}

static void refuses_missing_and_directories(void **state)
{
	struct vt_dev d;

	(void)state;
	assert_int_equal(vt_dev_open(&d, "/nonexistent.img", O_RDONLY), SEV_E_INVALID);
	assert_int_equal(vt_dev_open(&d, scratch, O_RDONLY), SEV_E_INVALID);
}

static void same_file_through_two_names(void **state)
{
	struct vt_dev a, b, c;
	const char *link = tmp_path("link.img");

	(void)state;
	assert_int_equal(symlink(vector_path("blk129.img"), link), 0);
	assert_int_equal(vt_dev_open(&a, vector_path("blk129.img"), O_RDONLY), 0);
	assert_int_equal(vt_dev_open(&b, link, O_RDONLY), 0);
	assert_int_equal(vt_dev_open(&c, vector_path("blk128.img"), O_RDONLY), 0);
	assert_true(vt_dev_same(&a, &b));
	assert_false(vt_dev_same(&a, &c));
	vt_dev_close(&a);
	vt_dev_close(&b);
	vt_dev_close(&c);
	unlink(link);
}

static void short_read_is_an_error(void **state)
{
	struct vt_dev d;
	uint8_t buf[8192];

	(void)state;
	assert_int_equal(vt_dev_open(&d, vector_path("blk1.img"), O_RDONLY), 0);
	assert_int_equal(vt_pread(&d, buf, 4096, 0), 0);
	assert_int_equal(vt_pread(&d, buf, 8192, 0), SEV_E_FORMAT);
	assert_true(vt_pwrite(&d, buf, 1, 0) < 0); /* opened read-only */
	vt_dev_close(&d);
}

static void maps_only_what_the_file_holds(void **state)
{
	struct vt_dev d;
	struct vt_map m;
	const uint8_t *p;
	size_t n;
	uint8_t *want = test_vector("verity/blk129.img", &n);

	(void)state;
	assert_int_equal(vt_dev_open(&d, vector_path("blk129.img"), O_RDONLY), 0);
	p = vt_map(&d, 4096 + 512, 8192, &m); /* not page aligned */
	assert_non_null(p);
	assert_memory_equal(p, want + 4096 + 512, 8192);
	vt_unmap(&m);
	assert_null(m.addr);
	assert_null(vt_map(&d, n - 4096, 8192, &m)); /* past the end: would fault */
	assert_null(vt_map(&d, 0, 0, &m));
	vt_dev_close(&d);
	free(want);
}

static void counts_data_blocks(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct vt_dev d;

	(void)state;
	sev_verity_params_init(&p);
	assert_int_equal(vt_dev_open(&d, vector_path("odd-1000000.img"), O_RDONLY), 0);
	assert_int_equal(vt_count_data_blocks(&d, &p), SEV_E_FORMAT);
	p.data_blocks = 244;
	assert_int_equal(vt_count_data_blocks(&d, &p), 0);
	p.data_blocks = 245;
	assert_int_equal(vt_count_data_blocks(&d, &p), SEV_E_FORMAT);
	p.data_blocks = 0;
	p.data_block_size = 64; /* divides 1000000: the count is exact */
	assert_int_equal(vt_count_data_blocks(&d, &p), 0);
	assert_int_equal(p.data_blocks, 15625);
	vt_dev_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opens_files_with_their_size),
		cmocka_unit_test(refuses_missing_and_directories),
		cmocka_unit_test(same_file_through_two_names),
		cmocka_unit_test(short_read_is_an_error),
		cmocka_unit_test(maps_only_what_the_file_holds),
		cmocka_unit_test(counts_data_blocks),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
