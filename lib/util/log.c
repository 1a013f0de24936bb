/* SPDX-License-Identifier: Apache-2.0 */
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static sev_log_fn log_fn;
static void *log_ctx;
static const char *log_subject;

void sev_set_log(sev_log_fn fn, void *ctx)
{
	log_fn = fn;
	log_ctx = ctx;
}

void sk_log_subject(const char *subject)
{
	log_subject = subject;
}

static void vlog(enum sev_log_level level, const char *fmt, va_list ap)
{
	char msg[1024];
	int n = 0;

	if (!log_fn)
		return;
	if (log_subject)
		n = snprintf(msg, sizeof(msg), "%s: ", log_subject);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	log_fn(level, msg, log_ctx);
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
