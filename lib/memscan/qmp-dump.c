/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest memory dump through QMP: pass a new nameless 0600 file to QEMU with
 * getfd, start dump-guest-memory detached, poll query-dump until it completes,
 * and only then give the file its name.
 *
 * QEMU 7.2 has no command to cancel a dump (query-dump is the only other dump
 * command). A caller interrupted meanwhile cannot stop QEMU, which goes on
 * writing into its own copy of the descriptor (and keeps the guest paused
 * until it is done); the file has no name, so nothing is left behind, and its
 * space is freed when QEMU closes it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sevkit/vm.h>

#include "memscan/memscan-internal.h"
#include "util/file.h"
#include "util/log.h"
#include "util/struct.h"

#define QMP_TIMEOUT_MS 30000
#define POLL_NS 100000000L

/*
 * Run a command through vm's public interface; args is taken (NULL: none),
 * *ret (when ret is not NULL) receives the parsed "return" value.
 */
static int call(struct sev_qmp *q, const char *command, json_t *args, int fd, json_t **ret)
{
	char *args_text = args ? json_dumps(args, JSON_COMPACT) : NULL, *ret_text = NULL;
	int rc;

	json_decref(args);
	rc = fd < 0 ? sev_qmp_execute(q, command, args_text, ret ? &ret_text : NULL)
		    : sev_qmp_execute_fd(q, command, args_text, fd, ret ? &ret_text : NULL);
	free(args_text);
	if (!rc && ret) {
		*ret = json_loads(ret_text, JSON_DECODE_ANY, NULL);
		if (!*ret)
			rc = -ENOMEM; /* QEMU's reply was parsed once already: only memory lacks */
	}
	free(ret_text);
	return rc;
}

/* Poll query-dump until the dump is over. */
static int wait_dump(struct sev_qmp *q, sev_memscan_progress_fn progress, void *ctx)
{
	const struct timespec pause = { 0, POLL_NS };

	for (;;) {
		json_t *st = NULL;
		const char *status;
		int rc = call(q, "query-dump", NULL, -1, &st);

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

/*
 * Hand QEMU the descriptor and start the dump. Signals are held meanwhile: an
 * interruption between getfd and the dump would leave QEMU holding a
 * descriptor that no dump consumes, until it exits.
 */
static int start_dump(struct sev_qmp *q, int fd, const struct sev_memscan_dump_options *o)
{
	char name[64], proto[80];
	sigset_t old;
	int rc;

	snprintf(name, sizeof(name), "sevkit-memscan-%d", (int)getpid());
	snprintf(proto, sizeof(proto), "fd:%s", name);
	sk_signals_hold(&old);
	rc = call(q, "getfd", json_pack("{s:s}", "fdname", name), fd, NULL);
	if (!rc) {
		rc = call(q, "dump-guest-memory",
			  json_pack("{s:b,s:s,s:b,s:s}", "paging", 0, "protocol", proto,
				    "detach", 1, "format", o->format ? o->format : "elf"),
			  -1, NULL);
		/* QEMU refused the dump and keeps the descriptor: give it back */
		if (rc == SEV_E_DEVICE)
			call(q, "closefd", json_pack("{s:s}", "fdname", name), -1, NULL);
	}
	sk_signals_release(&old);
	return rc;
}

static int do_memscan_qmp_dump_fd(const char *socket_path, int fd,
				  const struct sev_memscan_dump_options *opt)
{
	struct sev_memscan_dump_options none = SEV_INIT(struct sev_memscan_dump_options);
	const struct sev_memscan_dump_options *o = opt ? opt : &none;
	struct sev_qmp *q = NULL;
	int rc = sev_qmp_connect(socket_path, o->timeout_ms > 0 ? o->timeout_ms : QMP_TIMEOUT_MS,
				 &q);

	if (!rc)
		rc = start_dump(q, fd, o);
	if (!rc)
		rc = wait_dump(q, o->progress, o->ctx);
	if (!rc && fsync(fd) != 0)
		rc = sk_fail(-errno, "guest memory dump: %s", strerror(errno));
	sev_qmp_close(q);
	return rc;
}

int sev_memscan_qmp_dump_fd(const char *socket_path, int fd,
			    const struct sev_memscan_dump_options *opt)
{
	struct sev_memscan_dump_options opt_mine = SEV_INIT(struct sev_memscan_dump_options);
	int rc;

	if (opt && (rc = sk_struct_in(&opt_mine, sizeof(opt_mine), opt,
				      "sev_memscan_dump_options")))
		return rc;
	return do_memscan_qmp_dump_fd(socket_path, fd, opt ? &opt_mine : NULL);
}

static int do_memscan_qmp_dump(const char *socket_path, const char *out,
			       const struct sev_memscan_dump_options *opt)
{
	bool replace = opt && (opt->flags & SEV_MEMSCAN_REPLACE);
	struct sk_newfile f;
	struct stat st;
	int rc;

	/* known before the dump; one that appears meanwhile is refused when it is named */
	if (!replace && lstat(out, &st) == 0)
		return sk_fail(SEV_E_INVALID, "%s: exists; not replaced", out);
	/* 0600: a dump is full of secrets */
	if ((rc = sk_newfile_open(&f, out, 0600)))
		return rc;
	rc = fchmod(f.fd, 0600) ? sk_fail(-errno, "%s: %s", out, strerror(errno)) : 0;
	if (!rc)
		rc = sev_memscan_qmp_dump_fd(socket_path, f.fd, opt);
	if (!rc)
		rc = sk_newfile_publish(&f, replace ? SK_OUT_REPLACE : 0);
	sk_newfile_close(&f);
	return rc;
}

int sev_memscan_qmp_dump(const char *socket_path, const char *out,
			 const struct sev_memscan_dump_options *opt)
{
	struct sev_memscan_dump_options opt_mine = SEV_INIT(struct sev_memscan_dump_options);
	int rc;

	if (opt && (rc = sk_struct_in(&opt_mine, sizeof(opt_mine), opt,
				      "sev_memscan_dump_options")))
		return rc;
	return do_memscan_qmp_dump(socket_path, out, opt ? &opt_mine : NULL);
}
