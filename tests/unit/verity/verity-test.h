/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the dm-verity tests: the vectors' "seed" parameters and scratch files. */
#ifndef SEVKIT_VERITY_TEST_H
#define SEVKIT_VERITY_TEST_H

#include "../test.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sevkit/verity.h>

static char scratch[] = "/tmp/sevkit-verity-XXXXXX";

static inline int scratch_setup(void **state)
{
	(void)state;
	return mkdtemp(scratch) ? 0 : -1;
}

static inline int scratch_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	return system(cmd);
}

/* A path in the scratch directory (a few rotating buffers). */
static inline const char *tmp_path(const char *name)
{
	static char buf[4][512];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, 512, "%s/%s", scratch, name);
	return p;
}

static inline const char *vector_path(const char *rel)
{
	static char buf[4][512];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, 512, "%s/verity/%s", VECTORS, rel);
	return p;
}

static inline void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static inline uint8_t *read_path(const char *path, size_t *len)
{
	uint8_t *buf = NULL;

	assert_int_equal(sk_file_read(path, 1u << 28, &buf, len), 0);
	return buf;
}

/* Copy a vector into the scratch directory (tests that modify it). */
static inline const char *scratch_copy(const char *rel, const char *name)
{
	size_t len;
	uint8_t *buf = test_vector(rel, &len);
	const char *path = tmp_path(name);

	write_file(path, buf, len);
	free(buf);
	return path;
}

/* The MANIFEST's "seed": format 1, 4096/4096, offset 0, 32 zero salt bytes, fixed UUID. */
static inline void seed_params(struct sev_verity_params *p)
{
	sev_verity_params_init(p);
	p->salt_size = 32;
	assert_int_equal(sev_verity_uuid_parse("12345678-1234-1234-1234-123456789abc", p->uuid), 0);
}

static inline void assert_same_file(const char *a, const char *b)
{
	size_t la, lb;
	uint8_t *x = read_path(a, &la), *y = read_path(b, &lb);

	assert_int_equal(la, lb);
	assert_memory_equal(x, y, la);
	free(x);
	free(y);
}

static inline bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

#endif
