/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VMM's certificate file: created 0644 with its directory, rewritten in
 * place (the inode a waiting VMM holds sees the new contents), locked against
 * a reader the way the kernel's documentation asks (OFD locks), never left
 * half-written, and never another file reached through a link.
 */
#include "snp-test.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sevkit-certfile-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/snp/cert_chain.cert", dir);
	return 0;
}

static int teardown(void **state)
{
	char sub[96];

	(void)state;
	unlink(path);
	snprintf(sub, sizeof(sub), "%s/snp", dir);
	rmdir(sub);
	rmdir(dir);
	return 0;
}

static void created_then_rewritten_in_place(void **state)
{
	static const uint8_t first[100] = { 1 }, second[24] = { 0 };
	struct stat a, b;
	uint8_t back[128];
	int fd, reader;

	(void)state;
	umask(077); /* VMMs of other users read it all the same */
	bool created;

	assert_int_equal(sev_snp_cert_file_open(path, 0, &fd, NULL), -ENOENT);
	assert_int_equal(sev_snp_cert_file_open(path, SEV_SNP_CERT_FILE_CREATE, &fd, &created), 0);
	assert_true(created);
	assert_int_equal(sev_snp_cert_file_write(fd, path, first, sizeof(first)), 0);
	sev_snp_cert_file_close(fd);
	assert_int_equal(stat(path, &a), 0);
	assert_int_equal(a.st_mode & 0777, 0644);
	/* a reader that opened the file before the rewrite reads the new contents */
	reader = open(path, O_RDONLY);
	assert_true(reader >= 0);
	assert_int_equal(sev_snp_cert_file_open(path, SEV_SNP_CERT_FILE_CREATE, &fd, &created), 0);
	assert_false(created);
	assert_int_equal(sev_snp_cert_file_write(fd, path, second, sizeof(second)), 0);
	sev_snp_cert_file_close(fd);
	assert_int_equal(pread(reader, back, sizeof(back), 0), (ssize_t)sizeof(second));
	assert_memory_equal(back, second, sizeof(second));
	assert_int_equal(stat(path, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	close(reader);
}

/* Lock the file: how long that took. */
static double seconds_to_lock(void)
{
	struct timespec t0, t1;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(sev_snp_cert_file_open(path, 0, &fd, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sev_snp_cert_file_close(fd);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void waits_for_a_reader(void **state)
{
	struct flock shared = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	int fd, reader, st, ready[2];
	pid_t child;
	char c;

	(void)state;
	assert_int_equal(sev_snp_cert_file_open(path, SEV_SNP_CERT_FILE_CREATE, &fd, NULL), 0);
	sev_snp_cert_file_close(fd);
	/* a VMM holds a shared lock for 0.3 s, in another process */
	assert_int_equal(pipe(ready), 0);
	child = fork();
	if (child == 0) {
		reader = open(path, O_RDONLY);
		if (reader < 0 || fcntl(reader, F_OFD_SETLK, &shared) < 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		usleep(300 * 1000);
		_exit(0);
	}
	assert_int_equal(read(ready[0], &c, 1), 1); /* the child holds its lock */
	close(ready[0]);
	close(ready[1]);
	assert_true(seconds_to_lock() > 0.1);
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* A file too big for the disk (here: for RLIMIT_FSIZE) fails before the old table changes. */
static void no_room_keeps_the_old_table(void **state)
{
	static const uint8_t old[24] = { 7 }, big[8192] = { 1 };
	struct rlimit lim = { 4096, 4096 }, was;
	uint8_t *back;
	size_t len;
	int fd;

	(void)state;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(sev_snp_cert_file_open(path, SEV_SNP_CERT_FILE_CREATE, &fd, NULL), 0);
	assert_int_equal(sev_snp_cert_file_write(fd, path, old, sizeof(old)), 0);
	getrlimit(RLIMIT_FSIZE, &was);
	setrlimit(RLIMIT_FSIZE, &lim);
	assert_int_equal(sev_snp_cert_file_write(fd, path, big, sizeof(big)), -EFBIG);
	setrlimit(RLIMIT_FSIZE, &was);
	assert_int_equal(sev_snp_cert_file_read(fd, path, &back, &len), 0);
	assert_int_equal(len, sizeof(old));
	assert_memory_equal(back, old, sizeof(old));
	free(back);
	sev_snp_cert_file_close(fd);
}

/* A symbolic link, or a second name, would be written through to another file. */
static void only_a_regular_file_with_one_name(void **state)
{
	char other[160];
	int fd;

	(void)state;
	assert_int_equal(sev_snp_cert_file_open(path, SEV_SNP_CERT_FILE_CREATE, &fd, NULL), 0);
	sev_snp_cert_file_close(fd);
	snprintf(other, sizeof(other), "%s/second-name", dir);
	assert_int_equal(link(path, other), 0);
	assert_int_equal(sev_snp_cert_file_open(path, 0, &fd, NULL), SEV_E_INVALID);
	unlink(other);
	assert_int_equal(symlink(path, other), 0);
	assert_int_equal(sev_snp_cert_file_open(other, 0, &fd, NULL), -ELOOP);
	unlink(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(created_then_rewritten_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(waits_for_a_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(no_room_keeps_the_old_table, setup, teardown),
		cmocka_unit_test_setup_teardown(only_a_regular_file_with_one_name, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
