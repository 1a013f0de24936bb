/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QMP client against a scripted peer on a socket pair. The greeting and
 * replies are QEMU 7.2's exact texts (qemu-libvirt.md 6).
 */
#include "../test.h"

#include <errno.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sevkit/vm.h>

#include "vm/qmp-internal.h"

#define GREETING "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, " \
		 "\"major\": 7}, \"package\": \"Debian 1:7.2+dfsg-7+deb12u18+b3\"}, " \
		 "\"capabilities\": [\"oob\"]}}\r\n"
#define CAPS_OK "{\"return\": {}, \"id\": 1}\r\n"
#define GETFD_OK "{\"return\": {}, \"id\": 2}\r\n"

/* One exchange: wait for a command line containing `expect`, then write `reply`. */
struct step {
	const char *expect; /* NULL: send reply at once */
	const char *reply;
};

static void peer(int fd, const struct step *steps)
{
	char buf[65536];
	size_t len = 0;

	for (; steps->reply || steps->expect; steps++) {
		if (steps->expect) {
			char *nl;

			while (!(nl = memchr(buf, '\n', len))) {
				ssize_t n = read(fd, buf + len, sizeof(buf) - len);

				if (n <= 0)
					_exit(1);
				len += (size_t)n;
			}
			*nl = '\0';
			if (!strstr(buf, steps->expect))
				_exit(2);
			len -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, len);
		}
		if (steps->reply && write(fd, steps->reply, strlen(steps->reply)) < 0)
			_exit(3);
	}
	/* stay until the client hangs up, so that it sees no premature EOF */
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	_exit(0);
}

struct conn {
	struct sev_qmp *q;
	pid_t pid;
};

static int start(const struct step *steps, int timeout_ms, struct conn *c)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		close(sv[0]);
		peer(sv[1], steps);
	}
	close(sv[1]);
	c->q = NULL;
	return sk_qmp_open_fd(sv[0], timeout_ms, &c->q);
}

/* Close, and check the peer saw every command it expected. */
static void stop(struct conn *c, int expect_status)
{
	int status;

	sev_qmp_close(c->q);
	assert_int_equal(waitpid(c->pid, &status, 0), c->pid);
	if (expect_status >= 0) {
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), expect_status);
	} else {
		kill(c->pid, SIGKILL);
	}
}

static void sev_launch_queries(void **state)
{
	static const struct step steps[] = {
		{ NULL, GREETING },
		{ "\"qmp_capabilities\"", CAPS_OK },
		{ "\"query-status\"", "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, "
				     "\"event\": \"RESUME\"}\r\n"
				     "{\"return\": {\"status\": \"prelaunch\", \"singlestep\": "
				     "false, \"running\": false}, \"id\": 2}\r\n" },
		{ "\"query-sev\"",
		  "{\"return\": {\"enabled\": true, \"api-minor\": 49, \"handle\": 1, "
		  "\"state\": \"launch-secret\", \"api-major\": 1, \"build-id\": 6, "
		  "\"policy\": 5}, \"id\": 3}\r\n" },
		{ "\"query-sev-launch-measure\"",
		  "{\"return\": {\"data\": \"/o0nzDKE5XgtVnUZWPhUea/"
		  "WZYrTKLExR7KCwuMdbActvpWfXTFk21KMZIAAhQny\"}, \"id\": 4}\n" },
		{ "\"packet-header\":\"AAAA", "{\"return\": {}, \"id\": 5}\r\n" },
		{ "\"cont\"", "{\"event\": \"RESUME\"}\r\n\r\n{\"return\": {}, \"id\": 6}\r\n" },
		{ 0 },
	};
	struct sev_qmp_status st = SEV_INIT(struct sev_qmp_status);
	struct sev_qmp_sev sev = SEV_INIT(struct sev_qmp_sev);
	uint8_t blob[48], header[52] = { 0 }, payload[32] = { 1 };
	struct conn c;

	(void)state;
	assert_int_equal(start(steps, 5000, &c), 0);
	assert_int_equal(sev_qmp_query_status(c.q, &st), 0);
	assert_string_equal(st.status, "prelaunch");
	assert_false(st.running);
	assert_int_equal(sev_qmp_events(c.q), 1);
	assert_int_equal(sev_qmp_query_sev(c.q, &sev), 0);
	assert_true(sev.enabled);
	assert_int_equal(sev.api_major, 1);
	assert_int_equal(sev.api_minor, 49);
	assert_int_equal(sev.build_id, 6);
	assert_int_equal(sev.policy, 5);
	assert_string_equal(sev.state, "launch-secret");
	assert_int_equal(sev_qmp_query_launch_measure(c.q, blob), 0);
	assert_hex_equal(blob + 32, 16, "2dbe959f5d3164db528c6480008509f2");
	assert_int_equal(sev_qmp_inject_launch_secret(c.q, header, payload, sizeof(payload)), 0);
	assert_int_equal(sev_qmp_cont(c.q), 0);
	assert_int_equal(sev_qmp_events(c.q), 2);
	assert_null(sev_qmp_error(c.q));
	stop(&c, 0);
}

static void error_replies_keep_qemus_text(void **state)
{
	static const struct step steps[] = {
		{ NULL, GREETING },
		{ "qmp_capabilities", CAPS_OK },
		{ "query-sev-launch-measure",
		  "{\"id\": 2, \"error\": {\"class\": \"GenericError\", "
		  "\"desc\": \"SEV launch measurement is not available\"}}\r\n" },
		{ "query-sev", "{\"return\": {\"enabled\": false, \"api-minor\": 0, \"handle\": 0, "
			       "\"state\": \"uninit\", \"api-major\": 0, \"build-id\": 0, "
			       "\"policy\": 0}, \"id\": 3}\r\n" },
		{ "query-version",
		  "{\"return\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "
		  "\"package\": \"Debian\"}, \"id\": 4}\r\n" },
		{ 0 },
	};
	struct sev_qmp_sev sev = SEV_INIT(struct sev_qmp_sev);
	uint8_t blob[48];
	char *ret = NULL;
	struct conn c;

	(void)state;
	assert_int_equal(start(steps, 5000, &c), 0);
	assert_int_equal(sev_qmp_query_launch_measure(c.q, blob), SEV_E_DEVICE);
	assert_string_equal(sev_qmp_error(c.q), "SEV launch measurement is not available");
	assert_int_equal(sev_qmp_query_sev(c.q, &sev), 0);
	assert_false(sev.enabled);
	assert_null(sev_qmp_error(c.q));
	assert_int_equal(sev_qmp_execute(c.q, "query-version", "{}", &ret), 0);
	assert_non_null(strstr(ret, "\"major\":7"));
	free(ret);
	assert_int_equal(sev_qmp_execute(c.q, "query-version", "[1]", &ret), SEV_E_INVALID);
	stop(&c, 0);
}

/*
 * A peer that answers the capabilities, then takes one command line with the
 * descriptor that came along (SCM_RIGHTS) and writes "passed" into it.
 */
/* Read until a whole line has come: the client may send a command in several writes. */
static int read_line(int fd, char *buf, size_t size)
{
	size_t have = 0;
	ssize_t n;

	while (have < size - 1 && (!have || !memchr(buf, '\n', have))) {
		if ((n = read(fd, buf + have, size - 1 - have)) <= 0)
			return -1;
		have += (size_t)n;
	}
	buf[have] = '\0';
	return 0;
}

static void fd_peer(int fd)
{
	char buf[4096], control[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
			     .msg_controllen = sizeof(control) };
	struct cmsghdr *c;
	ssize_t n;
	int got;

	if (write(fd, GREETING, strlen(GREETING)) < 0 || read_line(fd, buf, sizeof(buf)) ||
	    write(fd, CAPS_OK, strlen(CAPS_OK)) < 0)
		_exit(1);
	/* the descriptor rides on the command's first bytes; its newline may come apart */
	n = recvmsg(fd, &mh, 0);
	c = CMSG_FIRSTHDR(&mh);
	if (n <= 0 || !c || c->cmsg_type != SCM_RIGHTS)
		_exit(2);
	buf[n] = '\0';
	memcpy(&got, CMSG_DATA(c), sizeof(int));
	if (!strstr(buf, "\"getfd\"") || !strstr(buf, "\"fdname\":\"t\"") ||
	    write(got, "passed", 6) != 6)
		_exit(3);
	if (!memchr(buf, '\n', (size_t)n) && read_line(fd, buf, sizeof(buf)))
		_exit(4);
	if (write(fd, GETFD_OK, strlen(GETFD_OK)) < 0)
		_exit(5);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	_exit(0);
}

static void execute_fd_passes_the_descriptor(void **state)
{
	char path[] = "/tmp/sevkit-test-qmp-XXXXXX", text[8] = { 0 }, *ret = NULL;
	int sv[2], file = mkstemp(path), status;
	struct conn c;

	(void)state;
	assert_true(file >= 0);
	unlink(path);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	c.pid = fork();
	assert_true(c.pid >= 0);
	if (c.pid == 0) {
		close(sv[0]);
		fd_peer(sv[1]);
	}
	close(sv[1]);
	assert_int_equal(sk_qmp_open_fd(sv[0], 5000, &c.q), 0);
	assert_int_equal(sev_qmp_execute_fd(c.q, "getfd", "{}", -1, NULL), SEV_E_INVALID);
	assert_int_equal(sev_qmp_execute_fd(c.q, "getfd", "{\"fdname\": \"t\"}", file, &ret), 0);
	assert_string_equal(ret, "{}");
	free(ret);
	sev_qmp_close(c.q);
	assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(pread(file, text, 6, 0), 6);
	assert_string_equal(text, "passed");
	close(file);
}

static void expect_open_failure(const struct step *steps, int timeout_ms, int rc)
{
	struct conn c;

	assert_int_equal(start(steps, timeout_ms, &c), rc);
	assert_null(c.q);
	stop(&c, -1);
}

static void rejects_peers_that_are_not_qmp(void **state)
{
	static const struct step no_greeting[] = { { NULL, "{\"return\": {}}\n" }, { 0 } };
	static const struct step not_json[] = { { NULL, "SSH-2.0-OpenSSH_9.2\r\n" }, { 0 } };
	static const struct step not_object[] = { { NULL, "[1, 2]\n" }, { 0 } };
	static const struct step unknown[] = { { NULL, "{\"hello\": 1}\n" }, { 0 } };
	static const struct step bad_greeting[] = { { NULL, "{\"QMP\": 1}\n" }, { 0 } };
	static const struct step refused[] = {
		{ NULL, GREETING },
		{ "qmp_capabilities", "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
				      "\"Capabilities negotiation is already complete\"}}\n" },
		{ 0 },
	};

	(void)state;
	expect_open_failure(no_greeting, 2000, SEV_E_FORMAT);
	expect_open_failure(not_json, 2000, SEV_E_FORMAT);
	expect_open_failure(not_object, 2000, SEV_E_FORMAT);
	expect_open_failure(unknown, 2000, SEV_E_FORMAT);
	expect_open_failure(bad_greeting, 2000, SEV_E_FORMAT);
	expect_open_failure(refused, 2000, SEV_E_DEVICE);
}

static void times_out_and_bounds_replies(void **state)
{
	static const struct step silent[] = { { NULL, GREETING }, { 0 } };
	static const struct step wrong_id[] = {
		{ NULL, GREETING },
		{ "qmp_capabilities", "{\"return\": {}, \"id\": 7}\n" },
		{ 0 },
	};
	static const struct step error_without_desc[] = {
		{ NULL, GREETING },
		{ "qmp_capabilities", "{\"error\": {\"class\": \"GenericError\"}}\n" },
		{ 0 },
	};
	static const struct step big[] = {
		{ NULL, GREETING },
		{ "qmp_capabilities", CAPS_OK },
		{ "query-sev-launch-measure", "{\"return\": {\"data\": \"AAAA\"}, \"id\": 2}\n" },
		{ "query-sev", "{\"return\": {\"enabled\": true}, \"id\": 3}\n" },
		{ "query-status", "{\"return\": {\"status\": 5, \"running\": false}}\n" },
		{ 0 },
	};
	struct sev_qmp_status st = SEV_INIT(struct sev_qmp_status);
	struct sev_qmp_sev sev = SEV_INIT(struct sev_qmp_sev);
	uint8_t blob[48];
	struct conn c;

	(void)state;
	expect_open_failure(silent, 300, -ETIMEDOUT);
	expect_open_failure(wrong_id, 2000, SEV_E_FORMAT);
	expect_open_failure(error_without_desc, 2000, SEV_E_FORMAT);
	assert_int_equal(start(big, 2000, &c), 0);
	assert_int_equal(sev_qmp_query_launch_measure(c.q, blob), SEV_E_FORMAT);
	assert_int_equal(sev_qmp_query_sev(c.q, &sev), SEV_E_FORMAT);
	assert_int_equal(sev_qmp_query_status(c.q, &st), SEV_E_FORMAT);
	stop(&c, 0);
}

/* A message that never ends is cut at SEV_QMP_REPLY_MAX. */
static void refuses_endless_message(void **state)
{
	int sv[2];
	pid_t pid;
	struct sev_qmp *q = NULL;
	int status;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static char chunk[65536];

		close(sv[0]);
		memset(chunk, ' ', sizeof(chunk));
		if (write(sv[1], "{\"QMP\": {\"pad\": \"", 17) < 0)
			_exit(1);
		while (write(sv[1], chunk, sizeof(chunk)) > 0)
			;
		_exit(0);
	}
	close(sv[1]);
	assert_int_equal(sk_qmp_open_fd(sv[0], 5000, &q), SEV_E_TOOBIG);
	assert_null(q);
	assert_int_equal(waitpid(pid, &status, 0), pid);
}

static void connect_errors(void **state)
{
	struct sev_qmp *q;
	char path[200];

	(void)state;
	assert_int_equal(sev_qmp_connect("/nonexistent/qmp.sock", 1000, &q), -ENOENT);
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	assert_int_equal(sev_qmp_connect(path, 1000, &q), SEV_E_INVALID);
}

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A listener whose queue is full (QEMU serving another client, more waiting):
 * connect() cannot complete, and gives up after the timeout instead of blocking.
 * Then one that takes the connection but never greets.
 */
static void busy_socket_times_out(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[] = "/tmp/sevkit-qmp-XXXXXX";
	struct sev_qmp *q = NULL;
	int lfd, waiting;
	long long t0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/qmp.sock", dir);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 0), 0);
	waiting = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(connect(waiting, (struct sockaddr *)&sa, sizeof(sa)), 0);
	t0 = ms_now();
	assert_int_equal(sev_qmp_connect(sa.sun_path, 300, &q), -ETIMEDOUT);
	assert_true(ms_now() - t0 >= 290 && ms_now() - t0 < 3000);
	assert_null(q);
	close(waiting); /* room in the queue: connected, but nobody greets */
	close(accept(lfd, NULL, NULL));
	t0 = ms_now();
	assert_int_equal(sev_qmp_connect(sa.sun_path, 300, &q), -ETIMEDOUT);
	assert_true(ms_now() - t0 >= 290 && ms_now() - t0 < 3000);
	close(lfd);
	unlink(sa.sun_path);
	rmdir(dir);
}

static void parses_messages(void **state)
{
	struct sk_qmp_msg m;

	(void)state;
	assert_int_equal(sk_qmp_parse("{\"event\": \"STOP\"}", 17, &m), 0);
	assert_int_equal(m.kind, SK_QMP_EVENT);
	assert_string_equal(m.event, "STOP");
	sk_qmp_msg_free(&m);
	assert_int_equal(sk_qmp_parse("{\"event\": 3}", 12, &m), SEV_E_FORMAT);
	assert_int_equal(sk_qmp_parse("{\"return\": 1, \"return\": 2}", 26, &m), SEV_E_FORMAT);
	assert_int_equal(sk_qmp_parse("{\"error\": \"x\"}", 14, &m), SEV_E_FORMAT);
	assert_int_equal(sk_qmp_parse("{\"return\": [], \"id\": \"a\"}", 25, &m), 0);
	assert_int_equal(m.kind, SK_QMP_RETURN);
	assert_true(m.has_id);
	sk_qmp_msg_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sev_launch_queries),
		cmocka_unit_test(error_replies_keep_qemus_text),
		cmocka_unit_test(execute_fd_passes_the_descriptor),
		cmocka_unit_test(rejects_peers_that_are_not_qmp),
		cmocka_unit_test(times_out_and_bounds_replies),
		cmocka_unit_test(refuses_endless_message),
		cmocka_unit_test(connect_errors),
		cmocka_unit_test(busy_socket_times_out),
		cmocka_unit_test(parses_messages),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
