/* SPDX-License-Identifier: Apache-2.0 */
/*
 * QMP client. QEMU greets with {"QMP": {...}}, accepts commands once
 * "qmp_capabilities" has been run, answers each {"execute", "arguments", "id"}
 * with {"return": ...} or {"error": {"class", "desc"}} carrying the same id,
 * and may send {"event": ...} at any time. Every message is one line of JSON.
 * Waits are bounded by a timeout and messages by SEV_QMP_REPLY_MAX.
 */
#include "vm/qmp-internal.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

struct sev_qmp {
	int fd;
	int timeout_ms;
	bool greeted;
	char *buf;            /* received bytes not yet consumed */
	size_t len, cap;
	char *error;          /* desc of the last error reply */
	size_t events;
	json_int_t next_id;
};

void sk_qmp_msg_free(struct sk_qmp_msg *m)
{
	json_decref(m->doc);
	memset(m, 0, sizeof(*m));
}

static int parse_error(json_t *err, struct sk_qmp_msg *m)
{
	json_t *cls = json_object_get(err, "class"), *desc = json_object_get(err, "desc");

	if (!json_is_object(err) || !json_is_string(desc))
		return sk_fail(SEV_E_FORMAT, "QMP: error reply without a \"desc\" string");
	m->kind = SK_QMP_ERROR;
	m->err_desc = json_string_value(desc);
	m->err_class = json_is_string(cls) ? json_string_value(cls) : "?";
	return 0;
}

static int classify(json_t *doc, struct sk_qmp_msg *m)
{
	json_t *v;

	if ((v = json_object_get(doc, "return"))) {
		m->kind = SK_QMP_RETURN;
		m->value = v;
	} else if ((v = json_object_get(doc, "error"))) {
		return parse_error(v, m);
	} else if ((v = json_object_get(doc, "event"))) {
		if (!json_is_string(v))
			return sk_fail(SEV_E_FORMAT, "QMP: event name is not a string");
		m->kind = SK_QMP_EVENT;
		m->event = json_string_value(v);
	} else if ((v = json_object_get(doc, "QMP"))) {
		if (!json_is_object(v))
			return sk_fail(SEV_E_FORMAT, "QMP: greeting is not an object");
		m->kind = SK_QMP_GREETING;
		m->value = v;
	} else {
		return sk_fail(SEV_E_FORMAT, "QMP: message is neither a reply, an event nor a "
			       "greeting");
	}
	return 0;
}

int sk_qmp_parse(const char *buf, size_t len, struct sk_qmp_msg *m)
{
	json_error_t jerr;
	json_t *doc;
	int rc;

	memset(m, 0, sizeof(*m));
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return sk_fail(SEV_E_FORMAT, "QMP: not JSON: %s at column %d", jerr.text,
			       jerr.column);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return sk_fail(SEV_E_FORMAT, "QMP: message is not a JSON object");
	}
	m->doc = doc;
	m->id = json_object_get(doc, "id");
	m->has_id = m->id != NULL;
	rc = classify(doc, m);
	if (rc)
		sk_qmp_msg_free(m);
	return rc;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for the socket until the deadline; -ETIMEDOUT when it passes. */
static int wait_fd(struct sev_qmp *q, short events, long long deadline)
{
	for (;;) {
		long long left = deadline - now_ms();
		struct pollfd p = { .fd = q->fd, .events = events };
		int n;

		/* QEMU serves one client at a time: the others wait, ungreeted */
		if (left <= 0)
			return sk_fail(-ETIMEDOUT, "QMP: QEMU did not answer within %d ms%s",
				       q->timeout_ms, q->greeted ? "" : " (is another client "
				       "connected to the socket?)");
		n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return sk_fail(-errno, "QMP: poll: %s", strerror(errno));
	}
}

/*
 * Send all of data. When pass_fd >= 0 the descriptor travels with the first
 * bytes (SCM_RIGHTS), as QMP's getfd expects. Not sk_write_full(): the socket
 * is non-blocking, each send waits in poll() against the deadline, and EAGAIN
 * means try again, not fail; fill() likewise takes what one recv() gives.
 */
static int send_all(struct sev_qmp *q, const char *data, size_t len, int pass_fd)
{
	long long deadline = now_ms() + q->timeout_ms;
	char control[CMSG_SPACE(sizeof(int))];

	while (len) {
		struct iovec iov = { (void *)data, len };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n;
		int rc = wait_fd(q, POLLOUT, deadline);

		if (rc)
			return rc;
		if (pass_fd >= 0) {
			struct cmsghdr *c;

			memset(control, 0, sizeof(control));
			mh.msg_control = control;
			mh.msg_controllen = sizeof(control);
			c = CMSG_FIRSTHDR(&mh);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
		}
		n = sendmsg(q->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return sk_fail(-errno, "QMP: send: %s", strerror(errno));
		pass_fd = -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Receive more bytes into the buffer. */
static int fill(struct sev_qmp *q, long long deadline)
{
	ssize_t n;
	int rc;

	if (q->len >= SEV_QMP_REPLY_MAX)
		return sk_fail(SEV_E_TOOBIG, "QMP: message longer than %u bytes",
			       SEV_QMP_REPLY_MAX);
	if (q->cap - q->len < 4096) {
		size_t cap = q->cap ? q->cap * 2 : 65536;
		char *nb;

		if (cap > SEV_QMP_REPLY_MAX + 4096)
			cap = SEV_QMP_REPLY_MAX + 4096;
		nb = realloc(q->buf, cap);
		if (!nb)
			return -ENOMEM;
		q->buf = nb;
		q->cap = cap;
	}
	if ((rc = wait_fd(q, POLLIN, deadline)))
		return rc;
	n = recv(q->fd, q->buf + q->len, q->cap - q->len, MSG_DONTWAIT);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n < 0)
		return sk_fail(-errno, "QMP: receive: %s", strerror(errno));
	if (n == 0)
		return sk_fail(-ECONNRESET, "QMP: QEMU closed the connection");
	q->len += (size_t)n;
	return 0;
}

/* Read the next non-empty line and parse it. */
static int read_message(struct sev_qmp *q, struct sk_qmp_msg *m)
{
	long long deadline = now_ms() + q->timeout_ms;
	size_t scanned = 0;

	for (;;) {
		char *nl = q->len > scanned ? memchr(q->buf + scanned, '\n', q->len - scanned)
					    : NULL;
		int rc;

		if (nl) {
			size_t line = (size_t)(nl - q->buf), used = line + 1;

			if (line && q->buf[line - 1] == '\r')
				line--;
			rc = line ? sk_qmp_parse(q->buf, line, m) : 1;
			memmove(q->buf, q->buf + used, q->len - used);
			q->len -= used;
			scanned = 0;
			if (rc <= 0)
				return rc;
			continue; /* empty line */
		}
		scanned = q->len;
		if ((rc = fill(q, deadline)))
			return rc;
	}
}

static int send_command(struct sev_qmp *q, const char *command, json_t *args, json_int_t id,
			int pass_fd)
{
	json_t *doc = json_object();
	char *text;
	int rc;

	if (!doc) {
		json_decref(args);
		return -ENOMEM;
	}
	json_object_set_new(doc, "execute", json_string(command));
	if (args)
		json_object_set_new(doc, "arguments", args);
	json_object_set_new(doc, "id", json_integer(id));
	text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (!text)
		return -ENOMEM;
	sk_debug("QMP: -> %s", text);
	rc = send_all(q, text, strlen(text), pass_fd);
	if (!rc)
		rc = send_all(q, "\n", 1, -1);
	free(text);
	return rc;
}

/* Wait for the reply to command id, skipping events. */
static int await_reply(struct sev_qmp *q, const char *command, json_int_t id,
		       struct sk_qmp_msg *m)
{
	int rc;

	for (;;) {
		if ((rc = read_message(q, m)))
			return rc;
		if (m->kind == SK_QMP_EVENT) {
			sk_debug("QMP: skipped event %s", m->event);
			q->events++;
			sk_qmp_msg_free(m);
			continue;
		}
		if (m->kind == SK_QMP_GREETING ||
		    (m->has_id && (!json_is_integer(m->id) || json_integer_value(m->id) != id))) {
			sk_qmp_msg_free(m);
			return sk_fail(SEV_E_FORMAT, "QMP %s: unexpected message instead of the "
				       "reply", command);
		}
		return 0;
	}
}

int sk_qmp_call(struct sev_qmp *q, const char *command, json_t *args, json_t **ret)
{
	return sk_qmp_call_fd(q, command, args, -1, ret);
}

int sk_qmp_call_fd(struct sev_qmp *q, const char *command, json_t *args, int pass_fd,
		   json_t **ret)
{
	struct sk_qmp_msg m;
	json_int_t id = q->next_id++;
	int rc;

	free(q->error);
	q->error = NULL;
	if (ret)
		*ret = NULL;
	if ((rc = send_command(q, command, args, id, pass_fd)) ||
	    (rc = await_reply(q, command, id, &m)))
		return rc;
	if (m.kind == SK_QMP_ERROR) {
		q->error = strdup(m.err_desc);
		sk_err("QMP %s: %s (%s)", command, m.err_desc, m.err_class);
		sk_qmp_msg_free(&m);
		return q->error ? SEV_E_DEVICE : -ENOMEM;
	}
	if (ret)
		*ret = json_incref(m.value);
	sk_qmp_msg_free(&m);
	return 0;
}

int sk_qmp_open_fd(int fd, int timeout_ms, struct sev_qmp **out)
{
	struct sev_qmp *q = calloc(1, sizeof(*q));
	struct sk_qmp_msg m;
	int rc;

	if (!q) {
		close(fd);
		return -ENOMEM;
	}
	q->fd = fd;
	q->timeout_ms = timeout_ms > 0 ? timeout_ms : 1;
	q->next_id = 1;
	if ((rc = read_message(q, &m)))
		goto fail;
	if (m.kind != SK_QMP_GREETING) {
		sk_qmp_msg_free(&m);
		rc = sk_fail(SEV_E_FORMAT, "QMP: the peer did not greet with {\"QMP\": ...}");
		goto fail;
	}
	sk_qmp_msg_free(&m);
	q->greeted = true;
	if ((rc = sk_qmp_call(q, "qmp_capabilities", NULL, NULL)))
		goto fail;
	*out = q;
	return 0;
fail:
	sev_qmp_close(q);
	return rc;
}

/*
 * connect() without blocking past the timeout: a listener whose backlog is full
 * (QEMU accepts one client and leaves the others queued) would block forever.
 * A UNIX socket has no connection in progress to wait for, so try again.
 */
static int connect_within(int fd, const struct sockaddr_un *addr, int timeout_ms)
{
	const struct timespec pause = { 0, 20000000L };
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0)
			return 0;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		if (now_ms() >= deadline)
			return -ETIMEDOUT;
		nanosleep(&pause, NULL);
	}
}

int sev_qmp_connect(const char *path, int timeout_ms, struct sev_qmp **q)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd, rc;

	*q = NULL;
	if (strlen(path) >= sizeof(addr.sun_path))
		return sk_fail(SEV_E_INVALID, "QMP socket path too long: %s", path);
	if (timeout_ms <= 0)
		timeout_ms = 1;
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return sk_fail(-errno, "QMP: socket: %s", strerror(errno));
	rc = connect_within(fd, &addr, timeout_ms);
	if (rc == -ETIMEDOUT) {
		close(fd);
		return sk_fail(rc, "QMP: cannot connect to %s within %d ms: its queue is full "
			       "(other clients are waiting)", path, timeout_ms);
	}
	if (rc) {
		close(fd);
		return sk_fail(rc, "QMP: cannot connect to %s: %s", path, strerror(-rc));
	}
	return sk_qmp_open_fd(fd, timeout_ms, q);
}

void sev_qmp_close(struct sev_qmp *q)
{
	if (!q)
		return;
	if (q->fd >= 0)
		close(q->fd);
	free(q->buf);
	free(q->error);
	free(q);
}

/* sev_qmp_execute, passing pass_fd along when it is not negative (sk_qmp_call_fd). */
static int execute(struct sev_qmp *q, const char *command, const char *args_json, int pass_fd,
		   char **ret)
{
	json_t *args = NULL, *value = NULL;
	json_error_t jerr;
	int rc;

	if (ret)
		*ret = NULL;
	if (args_json) {
		args = json_loads(args_json, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(args)) {
			json_decref(args);
			return sk_fail(SEV_E_INVALID, "QMP %s: arguments must be a JSON object",
				       command);
		}
	}
	rc = sk_qmp_call_fd(q, command, args, pass_fd, ret ? &value : NULL);
	if (!rc && ret) {
		*ret = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!*ret)
			rc = -ENOMEM;
	}
	json_decref(value);
	return rc;
}

int sev_qmp_execute(struct sev_qmp *q, const char *command, const char *args_json, char **ret)
{
	return execute(q, command, args_json, -1, ret);
}

int sev_qmp_execute_fd(struct sev_qmp *q, const char *command, const char *args_json, int fd,
		       char **ret)
{
	if (fd < 0)
		return sk_fail(SEV_E_INVALID, "QMP %s: no descriptor to pass", command);
	return execute(q, command, args_json, fd, ret);
}

const char *sev_qmp_error(const struct sev_qmp *q)
{
	return q->error;
}

size_t sev_qmp_events(const struct sev_qmp *q)
{
	return q->events;
}
