/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The QMP exchange of a dump against a scripted server that answers with the
 * replies QEMU 7.2 gives (qemu-libvirt reference, section 8).
 */
#include "ms-test.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

struct server {
	int lfd;
	bool fail_dump;
	char seen[4096]; /* every command line received */
	int got_fd;
	const char *dir;
	int named;       /* files in dir besides the socket while the dump ran */
};

static int named_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		n += e->d_name[0] != '.' && strcmp(e->d_name, "qmp.sock") != 0;
	closedir(d);
	return n;
}

static size_t read_line(int fd, char *buf, size_t cap, int *passed)
{
	size_t n = 0;

	while (n + 1 < cap) {
		char c;
		char cbuf[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { &c, 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
				     .msg_controllen = sizeof(cbuf) };

		if (recvmsg(fd, &mh, 0) != 1)
			break;
		for (struct cmsghdr *h = CMSG_FIRSTHDR(&mh); h; h = CMSG_NXTHDR(&mh, h))
			if (h->cmsg_type == SCM_RIGHTS)
				memcpy(passed, CMSG_DATA(h), sizeof(int));
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	buf[n] = 0;
	return n;
}

static void say(int fd, const char *s)
{
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

static void *serve(void *arg)
{
	struct server *s = arg;
	int fd = accept(s->lfd, NULL, NULL);
	char line[1024];
	int polls = 0;

	say(fd, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}}, "
		"\"capabilities\": [\"oob\"]}}\r\n");
	while (read_line(fd, line, sizeof(line), &s->got_fd)) {
		strncat(s->seen, line, sizeof(s->seen) - strlen(s->seen) - 1);
		if (strstr(line, "dump-guest-memory") && s->fail_dump) {
			say(fd, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"kdump-lzo is "
				"not available now\"}}\r\n");
		} else if (strstr(line, "dump-guest-memory")) {
			say(fd, "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, "
				"\"event\": \"STOP\"}\r\n{\"return\": {}}\r\n");
		} else if (strstr(line, "query-dump") && polls++ == 0) {
			say(fd, "{\"return\": {\"total\": 285343744, \"status\": \"active\", "
				"\"completed\": 733184}}\r\n");
		} else if (strstr(line, "query-dump")) {
			assert_int_equal(write(s->got_fd, "DUMPDATA", 8), 8);
			s->named = named_files(s->dir);
			say(fd, "{\"return\": {\"total\": 285343744, \"status\": \"completed\", "
				"\"completed\": 285343744}}\r\n");
		} else {
			say(fd, "{\"return\": {}}\r\n");
		}
	}
	close(fd);
	return NULL;
}

static uint64_t last_done, last_total;

static void progress(uint64_t done, uint64_t total, void *ctx)
{
	(void)ctx;
	last_done = done;
	last_total = total;
}

static int run_dump(struct server *s, const char *dir, const char *format)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char out[256];
	pthread_t t;
	int rc;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/qmp.sock", dir);
	s->dir = dir;
	s->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	s->got_fd = -1;
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(s->lfd, 1), 0);
	pthread_create(&t, NULL, serve, s);
	snprintf(out, sizeof(out), "%s/guest.dump", dir);
	rc = sev_memscan_qmp_dump(sa.sun_path, out, &(struct sev_memscan_dump_options){
					  .size = sizeof(struct sev_memscan_dump_options),
					  .format = format, .progress = progress });
	pthread_join(t, NULL);
	close(s->lfd);
	if (s->got_fd >= 0)
		close(s->got_fd);
	unlink(sa.sun_path);
	return rc;
}

static void dump_completes(void **state)
{
	char dir[] = "/tmp/sevkit-qmp-XXXXXX", out[256];
	struct server s = { 0 };
	struct stat st;
	size_t len;
	uint8_t *buf;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(run_dump(&s, dir, "kdump-zlib"), 0);
	assert_non_null(strstr(s.seen, "\"execute\":\"qmp_capabilities\""));
	assert_non_null(strstr(s.seen, "\"execute\":\"getfd\""));
	assert_non_null(strstr(s.seen, "\"detach\":true"));
	assert_non_null(strstr(s.seen, "\"format\":\"kdump-zlib\""));
	assert_non_null(strstr(s.seen, "\"protocol\":\"fd:sevkit-memscan-"));
	assert_true(s.got_fd >= 0);
	/* while QEMU wrote it, the file had no name (O_TMPFILE) */
	assert_int_equal(s.named, 0);
	assert_int_equal(last_done, 285343744);
	assert_int_equal(last_total, 285343744);
	snprintf(out, sizeof(out), "%s/guest.dump", dir);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(sk_file_read(out, 64, &buf, &len), 0);
	assert_int_equal(len, 8);
	assert_memory_equal(buf, "DUMPDATA", 8);
	free(buf);
	unlink(out);
	rmdir(dir);
}

static void error_leaves_no_file(void **state)
{
	char dir[] = "/tmp/sevkit-qmp-XXXXXX";
	struct server s = { .fail_dump = true };

	(void)state;
	assert_non_null(mkdtemp(dir));
	ms_capture_logs();
	assert_int_equal(run_dump(&s, dir, "kdump-lzo"), SEV_E_DEVICE);
	assert_non_null(strstr(ms_last_log, "kdump-lzo is not available now"));
	assert_non_null(strstr(s.seen, "\"execute\":\"closefd\""));
	/* the directory is empty again: rmdir succeeds */
	assert_int_equal(rmdir(dir), 0);
}

/* An existing file is refused before QEMU is asked for anything. */
static void existing_file_refused_first(void **state)
{
	char dir[] = "/tmp/sevkit-qmp-XXXXXX", out[256];
	uint8_t *buf;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/guest.dump", dir);
	assert_int_equal(sk_file_write_atomic(out, "old", 3, 0644, 0), 0);
	assert_int_equal(sev_memscan_qmp_dump("/nonexistent/qmp.sock", out, NULL), SEV_E_INVALID);
	assert_int_equal(sk_file_read(out, 64, &buf, &len), 0);
	assert_int_equal(len, 3);
	free(buf);
	unlink(out);
	assert_int_equal(rmdir(dir), 0);
}

static void no_socket(void **state)
{
	char dir[] = "/tmp/sk-qmp-XXXXXX", out[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/guest.dump", dir);
	assert_int_equal(sev_memscan_qmp_dump("/nonexistent/qmp.sock", out, NULL), -ENOENT);
	assert_int_equal(rmdir(dir), 0); /* and nothing was left in it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dump_completes),
		cmocka_unit_test(error_leaves_no_file),
		cmocka_unit_test(existing_file_refused_first),
		cmocka_unit_test(no_socket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
