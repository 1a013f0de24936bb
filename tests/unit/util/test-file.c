/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <dirent.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sevkit/error.h>

static char dir[] = "/tmp/sevkit-test-file-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static size_t entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void atomic_write_sets_mode_and_content(void **state)
{
	char path[256];
	struct stat st;
	uint8_t *buf;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/secret.bin", dir);
	assert_int_equal(sk_file_write_atomic(path, "key!", 4, 0600), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(sk_file_read(path, 100, &buf, &len), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(buf, "key!", 4);
	free(buf);
	unlink(path);
}

static void outset_leaves_nothing_when_not_committed(void **state)
{
	struct sk_outset o;
	char a[256];

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	sk_outset_init(&o);
	assert_int_equal(sk_outset_add(&o, a, "a", 1, 0644), 0);
	assert_int_equal(entries(), 1); /* the temporary */
	sk_outset_free(&o);
	assert_int_equal(entries(), 0);
}

static void outset_fails_on_unwritable_path_and_cleans_up(void **state)
{
	struct sk_outset o;
	char a[256];

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	sk_outset_init(&o);
	assert_int_equal(sk_outset_add(&o, a, "a", 1, 0644), 0);
	assert_true(sk_outset_add(&o, "/nonexistent-dir/b", "b", 1, 0644) < 0);
	sk_outset_free(&o);
	assert_int_equal(entries(), 0);
}

/* A failed commit puts back the files it had already replaced. */
static void failed_commit_restores_old_files(void **state)
{
	struct sk_outset o;
	char a[256], b[256];
	uint8_t *buf;
	size_t len;

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	assert_int_equal(sk_file_write_atomic(a, "old", 3, 0644), 0);
	assert_int_equal(mkdir(b, 0700), 0); /* a file cannot be renamed over it */
	sk_outset_init(&o);
	assert_int_equal(sk_outset_add(&o, a, "new", 3, 0644), 0);
	assert_int_equal(sk_outset_add(&o, b, "new", 3, 0644), 0);
	assert_true(sk_outset_commit(&o) < 0);
	sk_outset_free(&o);
	assert_int_equal(sk_file_read(a, 10, &buf, &len), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(buf, "old", 3);
	free(buf);
	assert_int_equal(entries(), 2); /* a and the directory b: no temporary, no backup */
	unlink(a);
	rmdir(b);
}

/* A successful commit replaces existing files and leaves no backup behind. */
static void commit_replaces_existing_files(void **state)
{
	struct sk_outset o;
	char a[256];
	uint8_t *buf;
	size_t len;

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	assert_int_equal(sk_file_write_atomic(a, "old", 3, 0644), 0);
	sk_outset_init(&o);
	assert_int_equal(sk_outset_add(&o, a, "newer", 5, 0644), 0);
	assert_int_equal(sk_outset_commit(&o), 0);
	sk_outset_free(&o);
	assert_int_equal(sk_file_read(a, 10, &buf, &len), 0);
	assert_int_equal(len, 5);
	free(buf);
	assert_int_equal(entries(), 1);
	unlink(a);
}

static void read_refuses_oversized_and_missing(void **state)
{
	char path[256];
	uint8_t *buf;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/big", dir);
	assert_int_equal(sk_file_write_atomic(path, "0123456789", 10, 0644), 0);
	assert_int_equal(sk_file_read(path, 9, &buf, &len), SEV_E_TOOBIG);
	assert_int_equal(sk_file_read(path, 10, &buf, &len), 0);
	free(buf);
	unlink(path);
	assert_true(sk_file_read(path, 10, &buf, &len) < 0);
}

/*
 * The input rule: a name that leads to no file, or a directory, is a wrong
 * argument (SEV_E_INVALID); what the system refuses stays its errno.
 */
static void input_rule_tells_wrong_names_from_refusals(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char path[256], below[300];
	struct stat st;
	int fd, sock;

	(void)state;
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(sk_file_open_input(path, 0, NULL), SEV_E_INVALID);
	assert_int_equal(sk_file_open_input(dir, 0, NULL), SEV_E_INVALID);
	snprintf(path, sizeof(path), "%s/file", dir);
	assert_int_equal(sk_file_write_atomic(path, "x", 1, 0644), 0);
	snprintf(below, sizeof(below), "%s/under", path); /* ENOTDIR: a file on the way */
	assert_int_equal(sk_file_open_input(below, 0, NULL), SEV_E_INVALID);
	fd = sk_file_open_input(path, 0, &st);
	assert_true(fd >= 0);
	assert_true(S_ISREG(st.st_mode) && st.st_size == 1);
	close(fd);
	unlink(path);
	/* a socket exists but cannot be opened (ENXIO): the system's refusal */
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/sock", dir);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(sk_file_open_input(sa.sun_path, 0, NULL), -ENXIO);
	close(sock);
	unlink(sa.sun_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(atomic_write_sets_mode_and_content),
		cmocka_unit_test(outset_leaves_nothing_when_not_committed),
		cmocka_unit_test(outset_fails_on_unwritable_path_and_cleans_up),
		cmocka_unit_test(failed_commit_restores_old_files),
		cmocka_unit_test(commit_replaces_existing_files),
		cmocka_unit_test(read_refuses_oversized_and_missing),
		cmocka_unit_test(input_rule_tells_wrong_names_from_refusals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
