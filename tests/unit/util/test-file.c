/* SPDX-License-Identifier: Apache-2.0 */
#include "../test.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/*
 * Each test runs twice: with O_TMPFILE (new files have no name until
 * committed) and as on a filesystem without it (a registered temporary name).
 */
static bool named_temporaries(void)
{
	return getenv("SEVKIT_TEST_NO_O_TMPFILE") != NULL;
}

static int with_o_tmpfile(void **state)
{
	(void)state;
	return unsetenv("SEVKIT_TEST_NO_O_TMPFILE");
}

static int without_o_tmpfile(void **state)
{
	(void)state;
	return setenv("SEVKIT_TEST_NO_O_TMPFILE", "1", 1);
}

static void expect_content(const char *path, const char *text)
{
	uint8_t *buf;
	size_t len;

	assert_int_equal(sk_file_read(path, 100, &buf, &len), 0);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(buf, text, len);
	free(buf);
}

static void atomic_write_sets_mode_and_content(void **state)
{
	char path[256];
	struct stat st;
	mode_t old = umask(077);

	(void)state;
	snprintf(path, sizeof(path), "%s/secret.bin", dir);
	assert_int_equal(sk_file_write_atomic(path, "key!", 4, 0600, 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	expect_content(path, "key!");
	unlink(path);
	/* the exact mode, whatever the umask */
	assert_int_equal(sk_file_write_atomic(path, "pub", 3, 0644, 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	umask(old);
	unlink(path);
	assert_int_equal(entries(), 0);
}

static void outset_leaves_nothing_when_not_committed(void **state)
{
	struct sk_outset o;
	char a[256];

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	sk_outset_init(&o, 0);
	assert_int_equal(sk_outset_add(&o, a, "a", 1, 0644), 0);
	/* with O_TMPFILE the file has no name at all until committed */
	assert_int_equal(entries(), named_temporaries() ? 1 : 0);
	sk_outset_free(&o);
	assert_int_equal(entries(), 0);
}

static void outset_fails_on_unwritable_path_and_cleans_up(void **state)
{
	struct sk_outset o;
	char a[256];

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	sk_outset_init(&o, 0);
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

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	assert_int_equal(sk_file_write_atomic(a, "old", 3, 0644, 0), 0);
	assert_int_equal(mkdir(b, 0700), 0); /* a file cannot be put over it */
	sk_outset_init(&o, SK_OUT_REPLACE);
	assert_int_equal(sk_outset_add(&o, a, "new", 3, 0644), 0);
	assert_int_equal(sk_outset_add(&o, b, "new", 3, 0644), 0);
	assert_true(sk_outset_commit(&o) < 0);
	sk_outset_free(&o);
	expect_content(a, "old");
	assert_int_equal(entries(), 2); /* a and the directory b: no temporary, no backup */
	unlink(a);
	rmdir(b);
}

/* With SK_OUT_REPLACE a commit replaces existing files and leaves no backup behind. */
static void commit_replaces_existing_files(void **state)
{
	struct sk_outset o;
	char a[256];

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	assert_int_equal(sk_file_write_atomic(a, "old", 3, 0644, 0), 0);
	sk_outset_init(&o, SK_OUT_REPLACE);
	assert_int_equal(sk_outset_add(&o, a, "newer", 5, 0644), 0);
	assert_int_equal(sk_outset_commit(&o), 0);
	sk_outset_free(&o);
	expect_content(a, "newer");
	assert_int_equal(entries(), 1);
	assert_int_equal(sk_file_write_atomic(a, "newest", 6, 0644, SK_OUT_REPLACE), 0);
	expect_content(a, "newest");
	assert_int_equal(entries(), 1);
	unlink(a);
}

/* Without SK_OUT_REPLACE an existing file stays, and so no file of the set is named. */
static void commit_never_replaces_without_leave(void **state)
{
	struct sk_outset o;
	char a[256], b[256];

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	assert_int_equal(sk_file_write_atomic(b, "old", 3, 0644, 0), 0);
	assert_int_equal(sk_file_write_atomic(b, "new", 3, 0644, 0), SEV_E_INVALID);
	expect_content(b, "old");
	sk_outset_init(&o, 0);
	assert_int_equal(sk_outset_add(&o, a, "new", 3, 0644), 0);
	assert_int_equal(sk_outset_add(&o, b, "new", 3, 0644), 0);
	assert_int_equal(sk_outset_commit(&o), SEV_E_INVALID);
	sk_outset_free(&o);
	expect_content(b, "old");
	assert_int_equal(entries(), 1); /* b alone: a was taken back */
	unlink(b);
}

/* A file that appears while the new one is written is not replaced (link semantics). */
static void racing_file_is_never_clobbered(void **state)
{
	struct sk_newfile f;
	char a[256];

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	assert_int_equal(sk_newfile_open(&f, a, 0644), 0);
	assert_int_equal(write(f.fd, "mine", 4), 4);
	assert_int_equal(sk_file_write_atomic(a, "theirs", 6, 0644, 0), 0);
	assert_int_equal(sk_newfile_publish(&f, 0), SEV_E_INVALID);
	sk_newfile_close(&f);
	expect_content(a, "theirs");
	assert_int_equal(entries(), 1);
	/* with leave to replace, the new file wins */
	assert_int_equal(sk_newfile_open(&f, a, 0644), 0);
	assert_int_equal(write(f.fd, "mine", 4), 4);
	assert_int_equal(sk_newfile_publish(&f, SK_OUT_REPLACE), 0);
	sk_newfile_close(&f);
	expect_content(a, "mine");
	assert_int_equal(entries(), 1);
	unlink(a);
}

static void on_term(int sig)
{
	sk_file_remove_temporaries();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Killed while writing: the process dies of the signal and nothing is left. */
static void signal_leaves_nothing_behind(void **state)
{
	char a[256];
	int status;
	pid_t pid;

	(void)state;
	snprintf(a, sizeof(a), "%s/a", dir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct sk_newfile f;

		signal(SIGTERM, on_term);
		if (sk_newfile_open(&f, a, 0600) || write(f.fd, "half", 4) != 4)
			_exit(3);
		/* the temporary name, if any, exists now */
		if (named_temporaries() && access(f.tmp, F_OK) != 0)
			_exit(4);
		raise(SIGTERM);
		_exit(5);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_int_equal(entries(), 0);
}

static void read_refuses_oversized_and_missing(void **state)
{
	char path[256];
	uint8_t *buf;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/big", dir);
	assert_int_equal(sk_file_write_atomic(path, "0123456789", 10, 0644, 0), 0);
	assert_int_equal(sk_file_read(path, 9, &buf, &len), SEV_E_TOOBIG);
	assert_int_equal(sk_file_read(path, 10, &buf, &len), 0);
	free(buf);
	unlink(path);
	assert_true(sk_file_read(path, 10, &buf, &len) < 0);
}

/* From a descriptor: from its position to the end, with the same limit. */
static void read_fd_from_its_position(void **state)
{
	char path[256];
	uint8_t *buf;
	size_t len;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/fd", dir);
	assert_int_equal(sk_file_write_atomic(path, "0123456789", 10, 0644, 0), 0);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 4, SEEK_SET), 4);
	assert_int_equal(sk_file_read_fd(fd, path, 6, &buf, &len), 0);
	assert_int_equal(len, 6);
	assert_memory_equal(buf, "456789", 6);
	free(buf);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(sk_file_read_fd(fd, path, 9, &buf, &len), SEV_E_TOOBIG);
	close(fd);
	unlink(path);
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
	assert_int_equal(sk_file_write_atomic(path, "x", 1, 0644, 0), 0);
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

#define BOTH(t)                                                                       \
	cmocka_unit_test_setup(t, with_o_tmpfile), cmocka_unit_test_setup(t, without_o_tmpfile)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(atomic_write_sets_mode_and_content),
		BOTH(outset_leaves_nothing_when_not_committed),
		BOTH(outset_fails_on_unwritable_path_and_cleans_up),
		BOTH(failed_commit_restores_old_files),
		BOTH(commit_replaces_existing_files),
		BOTH(commit_never_replaces_without_leave),
		BOTH(racing_file_is_never_clobbered),
		BOTH(signal_leaves_nothing_behind),
		cmocka_unit_test(read_refuses_oversized_and_missing),
		cmocka_unit_test(read_fd_from_its_position),
		cmocka_unit_test(input_rule_tells_wrong_names_from_refusals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
