/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/secret-file.h"

#include "crypto/secure.h"
#include "util/file.h"

static void secret_release(void *p, size_t n)
{
	(void)n; /* the pages know their size */
	sk_secret_free(p);
}

static const struct sk_file_buffers secret_pages = { sk_secret_alloc, secret_release };

int sk_file_read_secret(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	return sk_file_read_with(path, max, &secret_pages, buf, len);
}

void sk_file_free_secret(uint8_t *buf, size_t len)
{
	secret_release(buf, len);
}
