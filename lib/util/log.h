/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internal diagnostics. Every message goes to the calling thread's callback
 * (sev_set_thread_log), else to the process-wide one (sev_set_log), prefixed
 * with the thread's innermost subject.
 */
#ifndef SK_LOG_H
#define SK_LOG_H

#include <pthread.h>

#include <sevkit/error.h>

void sk_log(enum sev_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define sk_err(...) sk_log(SEV_LOG_ERROR, __VA_ARGS__)
#define sk_warn(...) sk_log(SEV_LOG_WARNING, __VA_ARGS__)
#define sk_info(...) sk_log(SEV_LOG_INFO, __VA_ARGS__)
#define sk_debug(...) sk_log(SEV_LOG_DEBUG, __VA_ARGS__)

/*
 * Put "subject: " in front of this thread's messages until the matching pop:
 * a caller that hands a file's contents to a parser names the file. Pushes
 * nest, the innermost names the messages; a NULL subject names none. The
 * string must live until the pop. Other threads never see it.
 */
void sk_log_subject_push(const char *subject);
void sk_log_subject_pop(void);

/*
 * pthread_create() for the library's own workers: the new thread logs to its
 * creator's callback with its creator's subject, as if the creator spoke.
 * The creator must join it before it pops that subject or changes its
 * callback. Returns 0 or an errno value, as pthread_create() does.
 */
int sk_thread_create(pthread_t *t, void *(*fn)(void *), void *arg);

/* Log an error and return code, for `return sk_fail(SEV_E_FORMAT, ...)`. */
int sk_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
