/* SPDX-License-Identifier: Apache-2.0 */
/* QMP internals shared with the tests and the fuzz target. */
#ifndef SK_VM_QMP_INTERNAL_H
#define SK_VM_QMP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <sevkit/vm.h>

enum sk_qmp_kind {
	SK_QMP_GREETING,
	SK_QMP_EVENT,
	SK_QMP_RETURN,
	SK_QMP_ERROR,
};

/* One message from QEMU. Pointers borrow from doc. */
struct sk_qmp_msg {
	enum sk_qmp_kind kind;
	json_t *doc;
	json_t *value;          /* "return" value, or the greeting's "QMP" object */
	const char *err_class;  /* SK_QMP_ERROR */
	const char *err_desc;
	const char *event;      /* SK_QMP_EVENT: its name */
	bool has_id;
	json_t *id;
};

/* Parse one message (one line without its end of line). */
int sk_qmp_parse(const char *buf, size_t len, struct sk_qmp_msg *m);
void sk_qmp_msg_free(struct sk_qmp_msg *m);

/* Speak QMP over an already connected stream socket (takes the fd). */
int sk_qmp_open_fd(int fd, int timeout_ms, struct sev_qmp **q);

/* Run a command with a JSON arguments object (taken, may be NULL). */
int sk_qmp_call(struct sev_qmp *q, const char *command, json_t *args, json_t **ret);
/* The same, passing a file descriptor along with the command (for getfd). */
int sk_qmp_call_fd(struct sev_qmp *q, const char *command, json_t *args, int pass_fd,
		   json_t **ret);

#endif
