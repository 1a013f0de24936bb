/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest memory dump through QMP: pass a fresh 0600 file to QEMU with getfd,
 * start dump-guest-memory detached, poll query-dump until it completes, and
 * only then rename the file into place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sevkit/vm.h>

#include "memscan/memscan-internal.h"
#include "util/log.h"
#include "vm/qmp-internal.h"

#define QMP_TIMEOUT_MS 30000
#define POLL_NS 100000000L

/* Poll query-dump until the dump is over. */
static int wait_dump(struct sev_qmp *q, sev_memscan_progress_fn progress, void *ctx)
{
	const struct timespec pause = { 0, POLL_NS };

	for (;;) {
		json_t *st = NULL;
		const char *status;
		int rc = sk_qmp_call(q, "query-dump", NULL, &st);

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

static int dump_to_fd(struct sev_qmp *q, int fd, const char *format,
		      sev_memscan_progress_fn progress, void *ctx)
{
	char name[64], proto[80];
	int rc;

	snprintf(name, sizeof(name), "sevkit-memscan-%d", (int)getpid());
	snprintf(proto, sizeof(proto), "fd:%s", name);
	rc = sk_qmp_call_fd(q, "getfd", json_pack("{s:s}", "fdname", name), fd, NULL);
	if (rc)
		return rc;
	rc = sk_qmp_call(q, "dump-guest-memory",
			 json_pack("{s:b,s:s,s:b,s:s}", "paging", 0, "protocol", proto, "detach", 1,
				   "format", format),
			 NULL);
	if (rc) {
		/* QEMU keeps a descriptor that no dump consumed: give it back */
		sk_qmp_call(q, "closefd", json_pack("{s:s}", "fdname", name), NULL);
		return rc;
	}
	return wait_dump(q, progress, ctx);
}

int sev_memscan_qmp_dump(const char *socket_path, const char *out, const char *format,
			 sev_memscan_progress_fn progress, void *ctx)
{
	size_t n = strlen(out) + 16;
	char *tmp = malloc(n);
	struct sev_qmp *q = NULL;
	int fd = -1, rc;

	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, n, "%s.XXXXXX", out);
	rc = sev_qmp_connect(socket_path, QMP_TIMEOUT_MS, &q);
	if (!rc) {
		/* mkstemp creates the file 0600: a dump is full of secrets */
		fd = mkstemp(tmp);
		if (fd < 0)
			rc = sk_fail(-errno, "%s: cannot create: %s", tmp, strerror(errno));
	}
	if (!rc)
		rc = dump_to_fd(q, fd, format, progress, ctx);
	if (!rc && fsync(fd) != 0)
		rc = sk_fail(-errno, "%s: %s", tmp, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (!rc && rename(tmp, out) != 0)
		rc = sk_fail(-errno, "%s: %s", out, strerror(errno));
	if (rc && fd >= 0)
		unlink(tmp);
	sev_qmp_close(q);
	free(tmp);
	return rc;
}
