/* SPDX-License-Identifier: Apache-2.0 */
/* The library's last log message, kept for a test to assert on (test_log_capture). */
#ifndef SEVKIT_LOG_CAPTURE_H
#define SEVKIT_LOG_CAPTURE_H

#include "test.h"

#include <sevkit/error.h>

static char test_logged[1024];

static inline void test_log_keep(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	snprintf(test_logged, sizeof(test_logged), "%s", msg);
}

/* From now on, keep the last message instead of printing it. */
static inline void test_log_capture(void)
{
	test_logged[0] = '\0';
	sev_set_log(test_log_keep, NULL);
}

static inline void test_log_release(void)
{
	sev_set_log(NULL, NULL);
}

static inline void assert_logged(const char *part)
{
	if (!strstr(test_logged, part))
		fail_msg("log \"%s\" lacks \"%s\"", test_logged, part);
}

#endif
