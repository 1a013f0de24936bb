/* SPDX-License-Identifier: Apache-2.0 */
/* Internal diagnostics: every message goes to the callback of sev_set_log(). */
#ifndef SK_LOG_H
#define SK_LOG_H

#include <sevkit/error.h>

void sk_log(enum sev_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define sk_err(...) sk_log(SEV_LOG_ERROR, __VA_ARGS__)
#define sk_warn(...) sk_log(SEV_LOG_WARNING, __VA_ARGS__)
#define sk_info(...) sk_log(SEV_LOG_INFO, __VA_ARGS__)
#define sk_debug(...) sk_log(SEV_LOG_DEBUG, __VA_ARGS__)

/*
 * Put "subject: " in front of the messages that follow, until it is set to
 * NULL: a caller that hands a file's contents to a parser names the file.
 */
void sk_log_subject(const char *subject);

/* Log an error and return code, for `return sk_fail(SEV_E_FORMAT, ...)`. */
int sk_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
