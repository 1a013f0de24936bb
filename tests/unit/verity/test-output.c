/* SPDX-License-Identifier: Apache-2.0 */
/*
 * New output files appear whole or not at all; existing ones are written in
 * place, and only with leave to (a block device always).
 */
#include "verity-test.h"

#include <dirent.h>

#include "verity/verity-internal.h"

static size_t entries(void)
{
	DIR *d = opendir(scratch);
	struct dirent *e;
	size_t n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void new_file_appears_on_commit(void **state)
{
	struct vt_out o, t;
	struct vt_out *list[1] = { &o };
	const char *path = tmp_path("new.bin");

	(void)state;
	assert_int_equal(vt_out_open(&o, path, false), 0);
	assert_int_equal(vt_out_open_replace(&t, tmp_path("new.txt"), false), 0);
	assert_true(o.fresh);
	assert_false(exists(path));
	assert_int_equal(vt_out_reserve(&o, 8192, "area"), 0);
	assert_int_equal(vt_pwrite(&o.dev, "abc", 3, 4096), 0);
	assert_int_equal(vt_out_sync(&o), 0);
	assert_int_equal(vt_out_commit(list, 1, &t, "text"), 0);
	vt_out_close(&o);
	vt_out_close(&t);
	assert_true(exists(path));
	assert_true(exists(tmp_path("new.txt")));
	unlink(path);
	unlink(tmp_path("new.txt"));
}

static void new_file_vanishes_without_commit(void **state)
{
	struct vt_out o;

	(void)state;
	assert_int_equal(vt_out_open(&o, tmp_path("gone.bin"), false), 0);
	assert_int_equal(vt_pwrite(&o.dev, "abc", 3, 0), 0);
	vt_out_close(&o);
	assert_false(exists(tmp_path("gone.bin")));
	assert_int_equal(entries(), 0); /* no temporary either */
}

/* When the text file cannot be put in place, the renamed new files are taken back. */
static void failed_commit_takes_everything_back(void **state)
{
	struct vt_out a, b, t;
	struct vt_out *list[3] = { &a, NULL, &b };

	(void)state;
	write_file(tmp_path("old.bin"), "old", 3);
	assert_int_equal(vt_out_open(&a, tmp_path("a.bin"), false), 0);
	assert_int_equal(vt_out_open(&b, tmp_path("old.bin"), true), 0);
	assert_false(b.fresh); /* existing: in place */
	assert_int_equal(vt_out_open_replace(&t, tmp_path("root.txt"), false), 0);
	assert_int_equal(mkdir(tmp_path("root.txt"), 0755), 0); /* naming it now fails */
	assert_true(vt_out_commit(list, 3, &t, "x") < 0);
	vt_out_close(&a);
	vt_out_close(&b);
	vt_out_close(&t);
	assert_false(exists(tmp_path("a.bin")));
	assert_true(exists(tmp_path("old.bin")));
	unlink(tmp_path("old.bin"));
	rmdir(tmp_path("root.txt"));
}

/* The text file replaces an existing one whole, and only on commit. */
static void text_file_replaced_on_commit(void **state)
{
	struct vt_out t;
	struct vt_out *none[1] = { NULL };
	size_t len;
	uint8_t *got;
	struct stat st;

	(void)state;
	write_file(tmp_path("r.txt"), "a longer old text", 17);
	assert_int_equal(vt_out_open_replace(&t, tmp_path("r.txt"), false), SEV_E_INVALID);
	vt_out_close(&t);
	assert_int_equal(vt_out_open_replace(&t, tmp_path("r.txt"), true), 0);
	got = read_path(tmp_path("r.txt"), &len);
	assert_int_equal(len, 17);
	free(got);
	assert_int_equal(vt_out_commit(none, 1, &t, "new"), 0);
	vt_out_close(&t);
	got = read_path(tmp_path("r.txt"), &len);
	assert_int_equal(len, 3);
	assert_memory_equal(got, "new", 3);
	free(got);
	assert_int_equal(stat(tmp_path("r.txt"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	unlink(tmp_path("r.txt"));
}

static void existing_file_grows_but_never_shrinks(void **state)
{
	struct vt_out o;
	struct stat st;

	(void)state;
	write_file(tmp_path("grow.bin"), "0123456789", 10);
	assert_int_equal(vt_out_open(&o, tmp_path("grow.bin"), false), SEV_E_INVALID);
	vt_out_close(&o);
	assert_int_equal(vt_out_open(&o, tmp_path("grow.bin"), true), 0);
	assert_int_equal(vt_out_reserve(&o, 4, "area"), 0);
	assert_int_equal(o.dev.size, 10);
	assert_int_equal(vt_out_reserve(&o, 4096, "area"), 0);
	vt_out_close(&o);
	assert_int_equal(stat(tmp_path("grow.bin"), &st), 0);
	assert_int_equal(st.st_size, 4096);
	unlink(tmp_path("grow.bin"));
}

static void same_file_by_path_or_by_inode(void **state)
{
	struct vt_out a, b, c, d;
	char other[600];

	(void)state;
	snprintf(other, sizeof(other), "%s/../%s/n.bin", scratch, strrchr(scratch, '/') + 1);
	assert_int_equal(vt_out_open(&a, tmp_path("n.bin"), false), 0);
	assert_int_equal(vt_out_open(&b, other, false), 0);
	assert_int_equal(vt_out_open(&c, tmp_path("m.bin"), false), 0);
	assert_true(vt_out_same(&a, &b));
	assert_false(vt_out_same(&a, &c));
	write_file(tmp_path("e.bin"), "e", 1);
	assert_int_equal(vt_out_open(&d, tmp_path("e.bin"), true), 0);
	assert_false(vt_out_same(&d, &c));
	vt_out_close(&a);
	vt_out_close(&b);
	vt_out_close(&c);
	vt_out_close(&d);
	unlink(tmp_path("e.bin"));
}

static void refuses_unwritable_places(void **state)
{
	struct vt_out o;

	(void)state;
	assert_true(vt_out_open(&o, "/nonexistent-dir/x.bin", true) < 0);
	vt_out_close(&o);
	assert_true(vt_out_open(&o, scratch, true) < 0); /* a directory */
	vt_out_close(&o);
	assert_true(vt_out_open_replace(&o, "/nonexistent-dir/root.txt", true) < 0);
	vt_out_close(&o);
	assert_true(vt_out_open_replace(&o, scratch, true) < 0);
	vt_out_close(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_file_appears_on_commit),
		cmocka_unit_test(new_file_vanishes_without_commit),
		cmocka_unit_test(failed_commit_takes_everything_back),
		cmocka_unit_test(text_file_replaced_on_commit),
		cmocka_unit_test(existing_file_grows_but_never_shrinks),
		cmocka_unit_test(same_file_by_path_or_by_inode),
		cmocka_unit_test(refuses_unwritable_places),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
