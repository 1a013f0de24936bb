/* SPDX-License-Identifier: Apache-2.0 */
/* A fresh directory with a database path for each store test, removed afterwards. */
#ifndef SEVKIT_TEST_STORE_FIXTURE_H
#define SEVKIT_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct fixture {
	char dir[256];
	char path[300];
	char url[320];
};

static int fixture_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/sk-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/kbs.db", f->dir);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->path);
	*state = f;
	return 0;
}

static int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	static const char *const tails[] = { "", "-wal", "-shm", "-journal" };
	char p[320];

	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, tails[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

#endif
