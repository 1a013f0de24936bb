/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Talking to a running QEMU: a QMP client over a unix socket, with the SEV
 * commands a guest owner needs to attest a paused VM and let it run.
 */
#ifndef SEVKIT_VM_H
#define SEVKIT_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sev_qmp;

#define SEV_QMP_REPLY_MAX (8u << 20) /* a longer message is refused */

/*
 * Connect to QEMU's QMP socket (-qmp unix:PATH,server), read the greeting and
 * negotiate capabilities. timeout_ms bounds every wait for QEMU (connect,
 * each reply). Errors: -errno from the system (-ETIMEDOUT, -ECONNREFUSED),
 * SEV_E_FORMAT when the peer does not speak QMP.
 */
SEV_API int sev_qmp_connect(const char *path, int timeout_ms, struct sev_qmp **q);
SEV_API void sev_qmp_close(struct sev_qmp *q);

/*
 * Run one command. args_json is the "arguments" object as JSON text, or
 * NULL; *ret (when ret is not NULL) receives the "return" value as compact
 * JSON text, to free(). Asynchronous events met on the way are skipped. An
 * error reply returns SEV_E_DEVICE and logs QEMU's own description, which
 * sev_qmp_error() also returns until the next command.
 */
SEV_API int sev_qmp_execute(struct sev_qmp *q, const char *command, const char *args_json,
			    char **ret);
/*
 * The same, passing the descriptor fd along with the command (SCM_RIGHTS), as
 * getfd and add-fd expect it; QEMU gets a copy, the caller keeps fd.
 */
SEV_API int sev_qmp_execute_fd(struct sev_qmp *q, const char *command, const char *args_json,
			       int fd, char **ret);
/* The "desc" of the last error reply, or NULL when the last command succeeded. */
SEV_API const char *sev_qmp_error(const struct sev_qmp *q);
/* How many asynchronous events were skipped so far. */
SEV_API size_t sev_qmp_events(const struct sev_qmp *q);

/* query-status */
struct sev_qmp_status {
	size_t size; /* SEV_INIT */
	char status[32];   /* "prelaunch", "paused", "running", ... */
	bool running;
	uint8_t reserved[7]; /* zero */
};
SEV_API int sev_qmp_query_status(struct sev_qmp *q, struct sev_qmp_status *st);

/* query-sev: enabled is false on a VM without SEV (QEMU does not fail). */
struct sev_qmp_sev {
	size_t size; /* SEV_INIT */
	bool enabled;
	uint8_t api_major;
	uint8_t api_minor;
	uint8_t build_id;
	uint32_t policy;
	uint32_t handle;
	char state[32];    /* "launch-secret" once measured, ... */
	uint32_t reserved; /* zero */
};
SEV_API int sev_qmp_query_sev(struct sev_qmp *q, struct sev_qmp_sev *info);

/* query-sev-launch-measure: the 48-byte MEASURE || MNONCE. */
SEV_API int sev_qmp_query_launch_measure(struct sev_qmp *q, uint8_t blob[48]);

/* sev-inject-launch-secret; QEMU finds the secret area in the firmware itself. */
SEV_API int sev_qmp_inject_launch_secret(struct sev_qmp *q, const uint8_t header[52],
					 const uint8_t *payload, size_t len);

/* cont: let a paused VM run. */
SEV_API int sev_qmp_cont(struct sev_qmp *q);

#ifdef __cplusplus
}
#endif
#endif
