/* SPDX-License-Identifier: Apache-2.0 */
#include "util/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper pushes still nest, but name their messages after the 8th. */
#define SUBJECT_DEPTH 8

/* Where one thread's messages go and what names them. */
struct log_thread {
	sev_log_fn fn;    /* when set, fn and ctx replace the process-wide default */
	void *ctx;
	unsigned depth;   /* subjects pushed and not popped */
	const char *subject[SUBJECT_DEPTH];
};

static _Thread_local struct log_thread here;

/* The default is read by every thread that has no callback of its own. */
static pthread_mutex_t default_lock = PTHREAD_MUTEX_INITIALIZER;
static sev_log_fn default_fn;
static void *default_ctx;

void sev_set_log(sev_log_fn fn, void *ctx)
{
	pthread_mutex_lock(&default_lock);
	default_fn = fn;
	default_ctx = ctx;
	pthread_mutex_unlock(&default_lock);
}

void sev_set_thread_log(sev_log_fn fn, void *ctx)
{
	here.fn = fn;
	here.ctx = fn ? ctx : NULL;
}

void sev_get_thread_log(sev_log_fn *fn, void **ctx)
{
	*fn = here.fn;
	*ctx = here.ctx;
}

void sk_log_subject_push(const char *subject)
{
	if (here.depth < SUBJECT_DEPTH)
		here.subject[here.depth] = subject;
	here.depth++;
}

void sk_log_subject_pop(void)
{
	if (here.depth > 0)
		here.depth--;
}

static const char *subject_now(void)
{
	if (here.depth == 0)
		return NULL;
	return here.subject[(here.depth < SUBJECT_DEPTH ? here.depth : SUBJECT_DEPTH) - 1];
}

/* What a library worker takes over from the thread that starts it. */
struct thread_start {
	void *(*fn)(void *);
	void *arg;
	sev_log_fn log_fn;
	void *log_ctx;
	const char *subject;
};

static void *thread_main(void *arg)
{
	struct thread_start s = *(struct thread_start *)arg;

	free(arg);
	here.fn = s.log_fn;
	here.ctx = s.log_ctx;
	here.depth = 0;
	sk_log_subject_push(s.subject);
	return s.fn(s.arg);
}

int sk_thread_create(pthread_t *t, void *(*fn)(void *), void *arg)
{
	struct thread_start *s = malloc(sizeof(*s));
	int rc;

	if (!s)
		return ENOMEM;
	*s = (struct thread_start){ .fn = fn, .arg = arg, .log_fn = here.fn, .log_ctx = here.ctx,
				    .subject = subject_now() };
	rc = pthread_create(t, NULL, thread_main, s);
	if (rc)
		free(s);
	return rc;
}

static void vlog(enum sev_log_level level, const char *fmt, va_list ap)
{
	const char *subject = subject_now();
	sev_log_fn fn = here.fn;
	void *ctx = here.ctx;
	char msg[1024];
	int n = 0;

	if (!fn) {
		pthread_mutex_lock(&default_lock);
		fn = default_fn;
		ctx = default_ctx;
		pthread_mutex_unlock(&default_lock);
	}
	if (!fn)
		return;
	if (subject)
		n = snprintf(msg, sizeof(msg), "%s: ", subject);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	fn(level, msg, ctx);
}

void sk_log(enum sev_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

int sk_fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(SEV_LOG_ERROR, fmt, ap);
	va_end(ap);
	return code;
}

const char *sev_strerror(int err)
{
	switch (err) {
	case SEV_OK: return "success";
	case SEV_E_VERIFY: return "verification failed";
	case SEV_E_FORMAT: return "malformed input";
	case SEV_E_INVALID: return "invalid argument";
	case SEV_E_UNSUPPORTED: return "not supported";
	case SEV_E_DEVICE: return "device unavailable";
	case SEV_E_CRYPTO: return "crypto library failure";
	case SEV_E_INTERNAL: return "internal error";
	case SEV_E_TOOBIG: return "input too large";
	default: break;
	}
	if (err < 0 && err > SEV_E_BASE)
		return strerror(-err);
	return "unknown error";
}
