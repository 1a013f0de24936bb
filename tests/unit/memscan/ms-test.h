/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the memscan unit tests: logs, patterns, vectors. */
#ifndef SEVKIT_MS_TEST_H
#define SEVKIT_MS_TEST_H

#include "../test.h"

#include <sevkit/memscan.h>

static char ms_last_log[1024];

static inline void ms_capture(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)ctx;
	if (level == SEV_LOG_ERROR)
		snprintf(ms_last_log, sizeof(ms_last_log), "%s", msg);
}

static inline void ms_capture_logs(void)
{
	ms_last_log[0] = 0;
	sev_set_log(ms_capture, NULL);
}

/* Compile the given secrets (no detectors). */
static inline struct sev_memscan_patterns *ms_secrets(const char *const *s, size_t n)
{
	struct sev_memscan_patterns *p;

	assert_int_equal(sev_memscan_patterns_new(&p), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sev_memscan_add_secret(p, (const uint8_t *)s[i], strlen(s[i]), true),
				 0);
	assert_int_equal(sev_memscan_patterns_compile(p), 0);
	return p;
}

static inline struct sev_memscan_result *ms_run(struct sev_memscan *m,
						const struct sev_memscan_patterns *p,
						bool entropy)
{
	struct sev_memscan_options o = { .size = sizeof(o), .context = 16, .entropy = entropy };
	struct sev_memscan_result *r = NULL;

	assert_int_equal(sev_memscan_run(m, p, &o, &r), 0);
	assert_non_null(r);
	return r;
}

static inline struct sev_memscan *ms_open_vector(const char *rel)
{
	char path[1024];
	struct sev_memscan *m = NULL;

	snprintf(path, sizeof(path), "%s/memscan/%s", VECTORS, rel);
	assert_int_equal(sev_memscan_open(path, SEV_MEMSCAN_AUTO, &m), 0);
	return m;
}

/* Open a vector whose bytes were changed by the test; fails with the code. */
static inline int ms_open_patched(const char *rel, size_t off, const void *bytes, size_t n,
				  uint8_t **keep, struct sev_memscan **m)
{
	size_t len;
	uint8_t *buf = test_vector(rel, &len);

	assert_true(off + n <= len);
	memcpy(buf + off, bytes, n);
	*keep = buf;
	return sev_memscan_open_mem(buf, len, SEV_MEMSCAN_AUTO, m);
}

#endif
