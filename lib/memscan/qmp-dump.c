/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Just enough QMP to take a memory dump: connect to the UNIX socket, read
 * the greeting, negotiate capabilities, run commands (events in between are
 * skipped; an error reply is logged with its description), pass a file
 * descriptor with getfd, start dump-guest-memory detached and poll query-dump
 * until it completes.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "memscan/memscan-internal.h"
#include "util/log.h"

#define QMP_TIMEOUT_MS 30000
#define QMP_MAX_LINE (1u << 20)
#define POLL_NS 100000000L

struct qmp {
	int fd;
	char *buf;
	size_t len, cap;
	const char *path;
};

static int qmp_connect(struct qmp *q, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return sk_fail(SEV_E_INVALID, "%s: socket path too long", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	q->path = path;
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->fd < 0)
		return -errno;
	if (connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		rc = -errno;
		return sk_fail(rc, "%s: cannot connect to QMP: %s", path, strerror(-rc));
	}
	return 0;
}

/* One message: a JSON object on one line. */
static int qmp_read(struct qmp *q, json_t **msg)
{
	for (;;) {
		char *nl = q->len ? memchr(q->buf, '\n', q->len) : NULL;
		struct pollfd pfd = { q->fd, POLLIN, 0 };
		ssize_t r;

		if (nl) {
			json_error_t err;
			size_t n = (size_t)(nl - q->buf) + 1;

			*msg = json_loadb(q->buf, n, 0, &err);
			memmove(q->buf, q->buf + n, q->len - n);
			q->len -= n;
			if (!*msg || !json_is_object(*msg)) {
				json_decref(*msg);
				return sk_fail(SEV_E_FORMAT, "%s: QMP sent a line that is not a JSON "
							     "object",
					       q->path);
			}
			return 0;
		}
		if (q->len == q->cap) {
			char *b;

			if (q->cap >= QMP_MAX_LINE)
				return sk_fail(SEV_E_TOOBIG, "%s: QMP message too long", q->path);
			b = realloc(q->buf, q->cap ? 2 * q->cap : 4096);
			if (!b)
				return -ENOMEM;
			q->buf = b;
			q->cap = q->cap ? 2 * q->cap : 4096;
		}
		if (poll(&pfd, 1, QMP_TIMEOUT_MS) == 0)
			return sk_fail(SEV_E_DEVICE, "%s: QMP did not answer within %d s", q->path,
				       QMP_TIMEOUT_MS / 1000);
		r = read(q->fd, q->buf + q->len, q->cap - q->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return sk_fail(SEV_E_DEVICE, "%s: QMP connection closed", q->path);
		q->len += (size_t)r;
	}
}

static int qmp_send(struct qmp *q, const char *text, int pass_fd)
{
	struct iovec iov = { (void *)text, strlen(text) };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (pass_fd >= 0) {
		struct cmsghdr *c;

		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	while (iov.iov_len) {
		ssize_t r = sendmsg(q->fd, &mh, MSG_NOSIGNAL);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return sk_fail(-errno, "%s: QMP send failed: %s", q->path, strerror(errno));
		iov.iov_base = (char *)iov.iov_base + r;
		iov.iov_len -= (size_t)r;
		mh.msg_control = NULL;
		mh.msg_controllen = 0;
	}
	return 0;
}

/* Run a command; *ret gets the "return" value (may be NULL to drop it). */
static int qmp_execute(struct qmp *q, const char *cmd, json_t *args, int pass_fd, json_t **ret)
{
	json_t *req = json_pack("{s:s}", "execute", cmd), *msg = NULL;
	char *text;
	int rc;

	if (!req)
		return -ENOMEM;
	if (args)
		json_object_set(req, "arguments", args);
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (!text)
		return -ENOMEM;
	rc = qmp_send(q, text, pass_fd);
	free(text);
	if (!rc)
		rc = qmp_send(q, "\n", -1);
	while (!rc && !(rc = qmp_read(q, &msg))) {
		json_t *err = json_object_get(msg, "error");

		if (json_object_get(msg, "event")) {
			json_decref(msg);
			continue;
		}
		if (err) {
			const char *desc = json_string_value(json_object_get(err, "desc"));

			rc = sk_fail(SEV_E_DEVICE, "QMP %s: %s", cmd, desc ? desc : "error");
		} else if (ret) {
			*ret = json_incref(json_object_get(msg, "return"));
		}
		json_decref(msg);
		break;
	}
	return rc;
}

static int qmp_open(struct qmp *q, const char *path)
{
	json_t *greeting = NULL;
	int rc;

	memset(q, 0, sizeof(*q));
	q->fd = -1;
	if ((rc = qmp_connect(q, path)) || (rc = qmp_read(q, &greeting)))
		return rc;
	if (!json_object_get(greeting, "QMP"))
		rc = sk_fail(SEV_E_FORMAT, "%s: not a QMP socket (no greeting)", path);
	json_decref(greeting);
	return rc ? rc : qmp_execute(q, "qmp_capabilities", NULL, -1, NULL);
}

static void qmp_close(struct qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	free(q->buf);
}

/* Poll query-dump until the dump is over. */
static int wait_dump(struct qmp *q, sev_memscan_progress_fn progress, void *ctx)
{
	const struct timespec pause = { 0, POLL_NS };

	for (;;) {
		json_t *st = NULL;
		const char *status;
		int rc = qmp_execute(q, "query-dump", NULL, -1, &st);

		if (rc)
			return rc;
		status = json_string_value(json_object_get(st, "status"));
		if (progress)
			progress((uint64_t)json_integer_value(json_object_get(st, "completed")),
				 (uint64_t)json_integer_value(json_object_get(st, "total")), ctx);
		rc = !status ? sk_fail(SEV_E_FORMAT, "QMP query-dump: no status")
		     : !strcmp(status, "completed") ? 1
		     : !strcmp(status, "failed") ? sk_fail(SEV_E_DEVICE, "QEMU reports the dump "
									"failed")
						  : 0;
		json_decref(st);
		if (rc)
			return rc > 0 ? 0 : rc;
		nanosleep(&pause, NULL);
	}
}

static int dump_to_fd(struct qmp *q, int fd, const char *format,
		      sev_memscan_progress_fn progress, void *ctx)
{
	char name[64], proto[80];
	json_t *args;
	int rc;

	snprintf(name, sizeof(name), "sevkit-memscan-%d", (int)getpid());
	snprintf(proto, sizeof(proto), "fd:%s", name);
	args = json_pack("{s:s}", "fdname", name);
	rc = args ? qmp_execute(q, "getfd", args, fd, NULL) : -ENOMEM;
	json_decref(args);
	if (rc)
		return rc;
	args = json_pack("{s:b,s:s,s:b,s:s}", "paging", 0, "protocol", proto, "detach", 1,
			 "format", format);
	rc = args ? qmp_execute(q, "dump-guest-memory", args, -1, NULL) : -ENOMEM;
	json_decref(args);
	if (rc) {
		/* QEMU keeps a descriptor that no dump consumed: give it back */
		args = json_pack("{s:s}", "fdname", name);
		if (args)
			qmp_execute(q, "closefd", args, -1, NULL);
		json_decref(args);
		return rc;
	}
	return wait_dump(q, progress, ctx);
}

int sev_memscan_qmp_dump(const char *socket_path, const char *out, const char *format,
			 sev_memscan_progress_fn progress, void *ctx)
{
	size_t n = strlen(out) + 16;
	char *tmp = malloc(n);
	struct qmp q;
	int fd = -1, rc;

	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, n, "%s.XXXXXX", out);
	rc = qmp_open(&q, socket_path);
	if (!rc) {
		/* mkstemp creates the file 0600: a dump is full of secrets */
		fd = mkstemp(tmp);
		if (fd < 0)
			rc = sk_fail(-errno, "%s: cannot create: %s", tmp, strerror(errno));
	}
	if (!rc)
		rc = dump_to_fd(&q, fd, format, progress, ctx);
	if (!rc && fsync(fd) != 0)
		rc = sk_fail(-errno, "%s: %s", tmp, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (!rc && rename(tmp, out) != 0)
		rc = sk_fail(-errno, "%s: %s", out, strerror(errno));
	if (rc && fd >= 0)
		unlink(tmp);
	qmp_close(&q);
	free(tmp);
	return rc;
}
