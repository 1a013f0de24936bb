/* SPDX-License-Identifier: Apache-2.0 */
/* lib/seal: the directory appears whole or not at all, the RVPS form, the refusals. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../test.h"
#include "seal/seal-internal.h"

/* A fresh parent directory for each test. */
static char parent[64];

static int setup(void **state)
{
	(void)state;
	strcpy(parent, "/tmp/sevkit-seal-XXXXXX");
	return mkdtemp(parent) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", parent);
	return system(cmd) == 0 ? 0 : -1;
}

static char *in_parent(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", parent, name);
	return path;
}

/* The names in the parent directory, hidden ones included, "." and ".." not. */
static int entries(void)
{
	DIR *d = opendir(parent);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

static void test_new_directory_whole(void **state)
{
	struct seal_dir d;
	struct stat st;
	char out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s", in_parent("out"));
	assert_int_equal(seal_dir_open(&d, out, false), 0);
	assert_int_equal(seal_dir_write(&d, "a", "one", 3), 0);
	/* nothing under the final name until the commit */
	assert_int_not_equal(stat(out, &st), 0);
	assert_int_equal(seal_dir_commit(&d, false), 0);
	seal_dir_close(&d);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(stat(in_parent("out/a"), &st), 0);
	assert_int_equal(st.st_size, 3);
	assert_int_equal(entries(), 1);
}

static void test_unfinished_directory_goes(void **state)
{
	struct seal_dir d;
	char out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s", in_parent("out"));
	assert_int_equal(seal_dir_open(&d, out, false), 0);
	assert_int_equal(seal_dir_write(&d, "a", "one", 3), 0);
	assert_int_equal(entries(), 1); /* the hidden stage */
	seal_dir_close(&d);
	assert_int_equal(entries(), 0);
}

/* What a SIGINT handler does: the registered files, then the stage itself. */
static void test_signal_removes_stage(void **state)
{
	struct seal_dir d;
	char out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s", in_parent("out"));
	assert_int_equal(seal_dir_open(&d, out, false), 0);
	assert_int_equal(seal_dir_write(&d, "a", "one", 3), 0);
	assert_int_equal(seal_dir_write(&d, "b", "two", 3), 0);
	sk_file_remove_temporaries();
	assert_int_equal(entries(), 0);
	seal_dir_close(&d);
}

static void test_existing_directory(void **state)
{
	struct seal_dir d;
	struct stat st;
	char out[128];
	int fd;

	(void)state;
	snprintf(out, sizeof(out), "%s", in_parent("out"));
	assert_int_equal(mkdir(out, 0700), 0);
	fd = open(in_parent("out/stale"), O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(seal_dir_open(&d, out, false), SEV_E_INVALID);
	seal_dir_close(&d);
	assert_int_equal(seal_dir_open(&d, out, true), 0);
	assert_int_equal(seal_dir_write(&d, "a", "one", 3), 0);
	assert_int_equal(seal_dir_commit(&d, true), 0);
	seal_dir_close(&d);
	assert_int_equal(stat(in_parent("out/a"), &st), 0);
	assert_int_not_equal(stat(in_parent("out/stale"), &st), 0);
	assert_int_equal(entries(), 1);
	/* a file where the directory should be is never replaced */
	fd = open(in_parent("file"), O_WRONLY | O_CREAT, 0644);
	close(fd);
	snprintf(out, sizeof(out), "%s", in_parent("file"));
	assert_int_equal(seal_dir_open(&d, out, true), SEV_E_INVALID);
	seal_dir_close(&d);
}

/* The payload decodes to {"snp_launch_measurement": [base64]}: Python's base64 and json. */
static void test_rvps_message(void **state)
{
	static const char expect[] =
		"{\n  \"version\": \"0.1.0\",\n  \"type\": \"sample\",\n  \"payload\": "
		"\"eyJzbnBfbGF1bmNoX21lYXN1cmVtZW50IjpbInNIcjVZZzg3ZzV0SG1XUWkzZXhnV0RPSlVkbU"
		"U0eElSVVRIcWduQmVyMXRyMzRxZXpqR2xwZ2pyRFBMa2h5c0IiXX0=\"\n}\n";
	struct sev_seal_result r = { .size = sizeof(r) };
	struct seal_state s = { .r = &r };
	char *text;

	(void)state;
	assert_int_equal(sk_hex_decode(r.measurement, sizeof(r.measurement),
				       "b07af9620f3b839b47996422ddec6058338951d984e312115131ea8270"
				       "5eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01"), 0);
	text = seal_rvps_json(&s);
	assert_non_null(text);
	assert_string_equal(text, expect);
	free(text);
}

static void base_config(struct sev_seal_config *c)
{
	*c = (struct sev_seal_config){ .size = sizeof(*c) };
	sev_verity_params_init(&c->verity);
	c->boot = (struct sev_verity_boot){ .size = sizeof(c->boot), .data_device = "/dev/vda",
					    .hash_device = "/dev/vdb" };
	c->image = "image";
	c->ovmf = "ovmf";
	c->kernel = "kernel";
	c->out_dir = in_parent("out");
	c->vcpus = 1;
	c->policy = 0x30000;
}

/* Each refusal comes before any file is read or written. */
static void test_refusals(void **state)
{
	struct sev_seal_result r = { .size = sizeof(r) };
	struct sev_seal_config c;
	struct sev_id_key *key = (struct sev_id_key *)1; /* never used: refused first */

	(void)state;
	base_config(&c);
	c.kernel = NULL;
	assert_int_equal(sev_seal(&c, &r), SEV_E_INVALID);
	base_config(&c);
	c.partition = 2;
	c.data_offset = 4096;
	assert_int_equal(sev_seal(&c, &r), SEV_E_INVALID);
	base_config(&c);
	c.boot.hash_device = NULL;
	assert_int_equal(sev_seal(&c, &r), SEV_E_INVALID);
	base_config(&c);
	c.vcpus = 0;
	assert_int_equal(sev_seal(&c, &r), SEV_E_INVALID);
	base_config(&c);
	c.author_key = key;
	assert_int_equal(sev_seal(&c, &r), SEV_E_INVALID);
	base_config(&c);
	c.sign_key = (const uint8_t *)"k";
	c.sign_key_len = 1;
	assert_int_equal(sev_seal(&c, &r), SEV_E_INVALID);
	base_config(&c);
	c.policy = 0x1000000; /* reserved bit 24 */
	assert_int_equal(sev_seal(&c, &r), SEV_E_INVALID);
	base_config(&c);
	c.verity.data_block_size = 1000;
	assert_int_not_equal(sev_seal(&c, &r), 0);
	/* a missing firmware: nothing is created */
	base_config(&c);
	assert_int_not_equal(sev_seal(&c, &r), 0);
	assert_int_equal(entries(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_directory_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unfinished_directory_goes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_removes_stage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rvps_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
