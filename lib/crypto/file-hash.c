/* SPDX-License-Identifier: Apache-2.0 */
/* A file's digests, read once in pieces. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/file-hash.h"
#include "util/fdio.h"
#include "util/file.h"
#include "util/log.h"

#define CHUNK (1u << 20)

/* One digest per wanted output; each is fed every piece. */
struct digests {
	struct sk_hash_ctx *ctx[2];
	uint8_t *out[2];
};

static int hash_fd(int fd, const char *path, struct digests *d)
{
	uint8_t *chunk = malloc(CHUNK);
	size_t got = CHUNK;
	int rc = chunk ? 0 : -ENOMEM;

	/* a short read is the end of the file */
	while (!rc && got == CHUNK) {
		if ((rc = sk_read_full(fd, chunk, CHUNK, &got)))
			rc = sk_fail(rc, "%s: %s", path, strerror(-rc));
		for (int i = 0; !rc && got && i < 2; i++)
			if (d->ctx[i])
				rc = sk_hash_update(d->ctx[i], chunk, got);
	}
	for (int i = 0; !rc && i < 2; i++)
		if (d->ctx[i])
			rc = sk_hash_final(d->ctx[i], d->out[i]);
	free(chunk);
	return rc;
}

int sk_file_hash(const char *path, uint8_t sha256[SK_SHA256_LEN], uint8_t sha384[SK_SHA384_LEN])
{
	struct digests d = { .out = { sha256, sha384 } };
	int fd = sk_file_open_input(path, 0, NULL), rc = 0;

	if (fd < 0)
		return fd;
	if (sha256)
		rc = sk_hash_init(&d.ctx[0], SK_SHA256);
	if (!rc && sha384)
		rc = sk_hash_init(&d.ctx[1], SK_SHA384);
	if (!rc)
		rc = hash_fd(fd, path, &d);
	sk_hash_free(d.ctx[0]);
	sk_hash_free(d.ctx[1]);
	close(fd);
	return rc;
}
