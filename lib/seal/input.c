/* SPDX-License-Identifier: Apache-2.0 */
/* An input file of a seal, hashed once for both digests it needs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/hash.h"
#include "seal-internal.h"
#include "util/fdio.h"
#include "util/file.h"
#include "util/log.h"

#define CHUNK (1u << 20)

static int hash_fd(int fd, const char *path, struct seal_input *in)
{
	struct sk_hash_ctx *h256 = NULL, *h384 = NULL;
	uint8_t *chunk = malloc(CHUNK);
	size_t got = CHUNK;
	int rc = chunk ? 0 : -ENOMEM;

	if (!rc && !(rc = sk_hash_init(&h256, SK_SHA256)))
		rc = sk_hash_init(&h384, SK_SHA384);
	/* a short read is the end of the file */
	while (!rc && got == CHUNK) {
		if ((rc = sk_read_full(fd, chunk, CHUNK, &got)))
			rc = sk_fail(rc, "%s: %s", path, strerror(-rc));
		else if (got && !(rc = sk_hash_update(h256, chunk, got)))
			rc = sk_hash_update(h384, chunk, got);
	}
	if (!rc && !(rc = sk_hash_final(h256, in->sha256)))
		rc = sk_hash_final(h384, in->sha384);
	sk_hash_free(h256);
	sk_hash_free(h384);
	free(chunk);
	return rc;
}

int seal_input_hash(const char *path, struct seal_input *in)
{
	int fd = sk_file_open_input(path, 0, NULL), rc;

	if (fd < 0)
		return fd;
	in->path = path;
	rc = hash_fd(fd, path, in);
	close(fd);
	return rc;
}
