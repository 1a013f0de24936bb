/* SPDX-License-Identifier: Apache-2.0 */
/* The table veritysetup open loads for verity/blk129.img with the seed parameters. */
#include "verity-test.h"

#include "util/hex.h"

static const char root_hex[] = "7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a";
static const char zero_salt[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void setup_blk129(struct sev_verity_params *p, uint8_t root[32], struct sev_verity_boot *b)
{
	seed_params(p);
	p->data_blocks = 129;
	assert_int_equal(sk_hex_decode(root, 32, root_hex), 0);
	*b = SEV_INIT(struct sev_verity_boot);
	b->data_device = "/dev/vda";
	b->hash_device = "/dev/vdb";
}

static void table_matches_veritysetup(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_boot b = SEV_INIT(struct sev_verity_boot);
	uint8_t root[32];
	char *t, want[512];

	(void)state;
	setup_blk129(&p, root, &b);
	b.on_corruption = SEV_VERITY_EIO;
	assert_int_equal(sev_verity_table(&p, root, 32, &b, &t), 0);
	snprintf(want, sizeof(want),
		 "0 1032 verity 1 /dev/vda /dev/vdb 4096 4096 129 1 sha256 %s %s", root_hex,
		 zero_salt);
	assert_string_equal(t, want);
	free(t);
}

static void table_options(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_boot b = SEV_INIT(struct sev_verity_boot);
	uint8_t root[32];
	char *t;

	(void)state;
	setup_blk129(&p, root, &b);
	b.on_corruption = SEV_VERITY_RESTART;
	b.ignore_zero_blocks = true;
	b.check_at_most_once = true;
	p.salt_size = 0;
	assert_int_equal(sev_verity_table(&p, root, 32, &b, &t), 0);
	assert_non_null(strstr(t, " - 3 restart_on_corruption ignore_zero_blocks "
				  "check_at_most_once"));
	free(t);
}

static void dm_mod_create(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_boot b = SEV_INIT(struct sev_verity_boot);
	uint8_t root[32];
	char *t, want[512];

	(void)state;
	setup_blk129(&p, root, &b);
	assert_int_equal(sev_verity_cmdline_dm(&p, root, 32, &b, &t), 0);
	snprintf(want, sizeof(want), "dm-mod.create=\"vroot,,,ro,0 1032 verity 1 /dev/vda /dev/vdb "
		 "4096 4096 129 1 sha256 %s %s 1 panic_on_corruption\" root=/dev/dm-0", root_hex,
		 zero_salt);
	assert_string_equal(t, want);
	free(t);
	b.waitfor = true;
	b.name = "root";
	assert_int_equal(sev_verity_cmdline_dm(&p, root, 32, &b, &t), 0);
	assert_memory_equal(t, "dm-mod.waitfor=/dev/vda,/dev/vdb dm-mod.create=\"root,,,ro,", 57);
	free(t);
}

/* One device: data, then the superblock at the hash offset (verity/combined-1M.img). */
static void same_device_hash_start(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_boot b = SEV_INIT(struct sev_verity_boot);
	uint8_t root[32];
	char *t;

	(void)state;
	assert_int_equal(sev_verity_read_superblock(vector_path("combined-1M.img"), 1048576, &p),
			 0);
	assert_int_equal(sk_hex_decode(root, 32, "7493d82c6f07a56823a3e51937fb625780e3089dab"
						 "c0d8beb571f24664e73668"), 0);
	b = SEV_INIT(struct sev_verity_boot);
	b.data_device = b.hash_device = "PARTUUID=0a1b2c3d-01";
	assert_int_equal(sev_verity_table(&p, root, 32, &b, &t), 0);
	assert_memory_equal(t, "0 2048 verity 1 PARTUUID=0a1b2c3d-01 PARTUUID=0a1b2c3d-01 4096 "
			       "4096 256 257 sha256 ", 80);
	free(t);
}

static void systemd_parameters(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_boot b = SEV_INIT(struct sev_verity_boot);
	uint8_t root[32];
	char *t, want[512];

	(void)state;
	setup_blk129(&p, root, &b);
	assert_int_equal(sev_verity_cmdline_systemd(&p, root, 32, &b, &t), 0);
	snprintf(want, sizeof(want), "roothash=%s systemd.verity_root_data=/dev/vda "
		 "systemd.verity_root_hash=/dev/vdb "
		 "systemd.verity_root_options=panic-on-corruption",
		 root_hex);
	assert_string_equal(t, want);
	free(t);
	p.superblock = false;
	p.hash_offset = 8192;
	b.on_corruption = SEV_VERITY_EIO;
	assert_int_equal(sev_verity_cmdline_systemd(&p, root, 32, &b, &t), 0);
	snprintf(want, sizeof(want), "systemd.verity_root_options=superblock=false,format=1,"
		 "data-block-size=4096,hash-block-size=4096,data-blocks=129,hash=sha256,salt=%s,"
		 "hash-offset=8192", zero_salt);
	assert_non_null(strstr(t, want));
	free(t);
	b.ignore_zero_blocks = b.check_at_most_once = true;
	p.superblock = true;
	p.hash_offset = 0;
	assert_int_equal(sev_verity_cmdline_systemd(&p, root, 32, &b, &t), 0);
	assert_non_null(strstr(t, " systemd.verity_root_options=ignore-zero-blocks,"
				  "check-at-most-once"));
	free(t);
}

static void rejects_bad_devices_and_roots(void **state)
{
	struct sev_verity_params p = SEV_INIT(struct sev_verity_params);
	struct sev_verity_boot b = SEV_INIT(struct sev_verity_boot);
	uint8_t root[32];
	char *t = NULL;

	(void)state;
	setup_blk129(&p, root, &b);
	b.data_device = "/dev/vda 1";
	assert_int_equal(sev_verity_cmdline_dm(&p, root, 32, &b, &t), SEV_E_INVALID);
	b.data_device = "/dev/vda,1";
	assert_int_equal(sev_verity_table(&p, root, 32, &b, &t), SEV_E_INVALID);
	b.data_device = NULL;
	assert_int_equal(sev_verity_cmdline_systemd(&p, root, 32, &b, &t), SEV_E_INVALID);
	b.data_device = "/dev/vda";
	b.name = "v\"root";
	assert_int_equal(sev_verity_cmdline_dm(&p, root, 32, &b, &t), SEV_E_INVALID);
	b.name = NULL;
	assert_int_equal(sev_verity_cmdline_dm(&p, root, 20, &b, &t), SEV_E_INVALID);
	p.data_blocks = 0;
	assert_int_equal(sev_verity_table(&p, root, 32, &b, &t), SEV_E_INVALID);
	assert_null(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_matches_veritysetup),
		cmocka_unit_test(table_options),
		cmocka_unit_test(dm_mod_create),
		cmocka_unit_test(same_device_hash_start),
		cmocka_unit_test(systemd_parameters),
		cmocka_unit_test(rejects_bad_devices_and_roots),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
