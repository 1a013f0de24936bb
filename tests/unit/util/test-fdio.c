/* SPDX-License-Identifier: Apache-2.0 */
/* Whole reads and writes: short reads through a pipe, a signal meanwhile, EOF, errors. */
#include "../test.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/fdio.h"

static volatile sig_atomic_t signals;

static void count_signal(int sig)
{
	(void)sig;
	signals++;
}

/*
 * A child writes "abc", signals the reader, pauses, writes "defg" and exits:
 * the reader sees a short read, maybe EINTR (no SA_RESTART), then the rest.
 */
static void pipe_short_reads_joined(void **state)
{
	struct sigaction sa = { .sa_handler = count_signal }, old;
	const struct timespec pause = { 0, 100000000L };
	char buf[16] = { 0 };
	size_t got = 99;
	int fds[2], status;
	pid_t child;

	(void)state;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGUSR1, &sa, &old), 0);
	assert_int_equal(pipe(fds), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		close(fds[0]);
		if (write(fds[1], "abc", 3) != 3)
			_exit(1);
		kill(getppid(), SIGUSR1);
		nanosleep(&pause, NULL);
		_exit(write(fds[1], "defg", 4) == 4 ? 0 : 1);
	}
	close(fds[1]);
	assert_int_equal(sk_read_full(fds[0], buf, 7, &got), 0);
	assert_int_equal(got, 7);
	assert_string_equal(buf, "abcdefg");
	/* the child has exited: the pipe ends, nothing more */
	assert_int_equal(sk_read_full(fds[0], buf, 7, &got), 0);
	assert_int_equal(got, 0);
	close(fds[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(signals, 1);
	sigaction(SIGUSR1, &old, NULL);
}

static void eof_before_n(void **state)
{
	char buf[10];
	size_t got = 99;
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(sk_write_full(fds[1], "hello", 5, NULL), 0);
	close(fds[1]);
	assert_int_equal(sk_read_full(fds[0], buf, sizeof(buf), &got), 0);
	assert_int_equal(got, 5);
	assert_memory_equal(buf, "hello", 5);
	close(fds[0]);
}

static void errors_returned(void **state)
{
	struct sigaction sa = { .sa_handler = SIG_IGN }, old;
	char buf[4];
	size_t got = 99, put = 99;
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	/* reading the write end, writing the read end */
	assert_int_equal(sk_read_full(fds[1], buf, sizeof(buf), &got), -EBADF);
	assert_int_equal(got, 0);
	assert_int_equal(sk_write_full(fds[0], "x", 1, &put), -EBADF);
	assert_int_equal(put, 0);
	/* nobody left to read */
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGPIPE, &sa, &old), 0);
	close(fds[0]);
	assert_int_equal(sk_write_full(fds[1], "x", 1, NULL), -EPIPE);
	sigaction(SIGPIPE, &old, NULL);
	close(fds[1]);
	assert_int_equal(sk_pread_full(-1, buf, 1, 0, &got), -EBADF);
}

/* At an offset, leaving the file position alone; a read past the end comes up short. */
static void pread_pwrite_at_offsets(void **state)
{
	char path[] = "/tmp/sevkit-test-fdio-XXXXXX", buf[8] = { 0 };
	size_t got = 99, put = 99;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(sk_pwrite_full(fd, "wxyz", 4, 6, &put), 0);
	assert_int_equal(put, 4);
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 0);
	assert_int_equal(sk_pread_full(fd, buf, 4, 6, &got), 0);
	assert_int_equal(got, 4);
	assert_memory_equal(buf, "wxyz", 4);
	assert_int_equal(sk_pread_full(fd, buf, 8, 8, &got), 0);
	assert_int_equal(got, 2);
	assert_memory_equal(buf, "yz", 2);
	/* the gap before offset 6 reads as zeros */
	assert_int_equal(sk_pread_full(fd, buf, 6, 0, &got), 0);
	assert_int_equal(got, 6);
	assert_memory_equal(buf, "\0\0\0\0\0\0", 6);
	assert_int_equal(sk_pread_full(fd, buf, 1, UINT64_MAX, &got), -EINVAL);
	assert_int_equal(sk_pwrite_full(fd, "a", 1, UINT64_MAX, &put), -EINVAL);
	assert_int_equal(put, 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pipe_short_reads_joined),
		cmocka_unit_test(eof_before_n),
		cmocka_unit_test(errors_returned),
		cmocka_unit_test(pread_pwrite_at_offsets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
