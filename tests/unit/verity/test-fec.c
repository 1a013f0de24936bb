/* SPDX-License-Identifier: Apache-2.0 */
/* Reed-Solomon parity as veritysetup 2.6.1 wrote it (verity/hash/blk129.fec2.fec). */
#include "verity-test.h"

#include "verity/verity-internal.h"

static int format_fec(struct sev_verity_params *p, struct sev_verity_fec *fec, const char *hash)
{
	/* leave to write into an existing FEC file */
	struct sev_verity_run run = { .size = sizeof(run), .fec = fec, .overwrite = true };
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t len;

	return sev_verity_format(vector_path("blk129.img"), hash, p, &run, root, &len);
}

static void parity_matches_veritysetup(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_fec fec = { .size = sizeof(fec),
				      .device = tmp_path("a.fec"), .roots = 2 };

	(void)state;
	seed_params(&p);
	assert_int_equal(format_fec(&p, &fec, tmp_path("a.hash")), 0);
	assert_int_equal(fec.parity_blocks, 2);
	assert_same_file(tmp_path("a.fec"), vector_path("hash/blk129.fec2.fec"));
	/* the tree is the same with or without FEC */
	assert_same_file(tmp_path("a.hash"), vector_path("hash/blk129.fec2.hash"));
	unlink(tmp_path("a.fec"));
	unlink(tmp_path("a.hash"));
}

static void parity_at_an_offset_of_an_existing_file(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_fec fec = { .size = sizeof(fec),
				      .device = tmp_path("b.fec"), .roots = 2, .offset = 4096 };
	uint8_t junk[4096], *got, *want;
	size_t n, wn;

	(void)state;
	memset(junk, 0xa5, sizeof(junk));
	write_file(tmp_path("b.fec"), junk, sizeof(junk));
	seed_params(&p);
	assert_int_equal(format_fec(&p, &fec, tmp_path("b.hash")), 0);
	got = read_path(tmp_path("b.fec"), &n);
	want = test_vector("verity/hash/blk129.fec2.fec", &wn);
	assert_int_equal(n, 4096 + wn);
	assert_memory_equal(got, junk, 4096);
	assert_memory_equal(got + 4096, want, wn);
	free(got);
	free(want);
	unlink(tmp_path("b.fec"));
	unlink(tmp_path("b.hash"));
}

/* Sizes from the reference: 64 MiB of data and 129 hash blocks make 16513 stream blocks. */
static void parity_block_counts(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_geometry g;

	(void)state;
	seed_params(&p);
	p.data_blocks = 16384;
	assert_int_equal(sev_verity_geometry(&p, &g), 0);
	assert_int_equal(vt_fec_parity_blocks(&p, &g, g.hash_end, 2), 132);
	assert_int_equal(vt_fec_parity_blocks(&p, &g, g.hash_end, 24), 1728);
	p.data_blocks = 129;
	assert_int_equal(sev_verity_geometry(&p, &g), 0);
	assert_int_equal(vt_fec_parity_blocks(&p, &g, g.hash_end, 2), 2);
}

static void rejects_bad_fec_parameters_before_writing(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_fec fec = { .size = sizeof(fec),
				      .device = tmp_path("c.fec"), .roots = 1 };

	(void)state;
	seed_params(&p);
	assert_int_equal(format_fec(&p, &fec, tmp_path("c.hash")), SEV_E_INVALID);
	fec.roots = 25;
	assert_int_equal(format_fec(&p, &fec, tmp_path("c.hash")), SEV_E_INVALID);
	fec.roots = 2;
	fec.offset = 100;
	assert_int_equal(format_fec(&p, &fec, tmp_path("c.hash")), SEV_E_INVALID);
	fec.offset = 0;
	p.hash_block_size = 512;
	assert_int_equal(format_fec(&p, &fec, tmp_path("c.hash")), SEV_E_INVALID);
	seed_params(&p);
	fec.device = tmp_path("c.hash"); /* new, and the same path as the hash file */
	assert_int_equal(format_fec(&p, &fec, tmp_path("c.hash")), SEV_E_INVALID);
	write_file(tmp_path("c.hash"), "", 0); /* existing */
	assert_int_equal(format_fec(&p, &fec, tmp_path("c.hash")), SEV_E_INVALID);
	unlink(tmp_path("c.hash"));
	fec.device = vector_path("blk129.img"); /* the data */
	assert_int_equal(format_fec(&p, &fec, tmp_path("c.hash")), SEV_E_INVALID);
	assert_false(exists(tmp_path("c.fec")));
	assert_false(exists(tmp_path("c.hash")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parity_matches_veritysetup),
		cmocka_unit_test(parity_at_an_offset_of_an_existing_file),
		cmocka_unit_test(parity_block_counts),
		cmocka_unit_test(rejects_bad_fec_parameters_before_writing),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
