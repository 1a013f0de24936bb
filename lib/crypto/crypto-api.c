/* SPDX-License-Identifier: Apache-2.0 */
/* The public names of the crypto helpers (include/sevkit/crypto.h). */
#include <sevkit/crypto.h>

#include <stdlib.h>
#include <string.h>

#include "crypto/base64.h"
#include "crypto/digest.h"
#include "crypto/file-hash.h"
#include "crypto/hash.h"
#include "crypto/secret-file.h"
#include "crypto/secure.h"
#include "crypto/x509.h"
#include "util/file.h"

void *sev_secure_alloc(size_t n)
{
	return sk_secret_alloc(n);
}

void sev_secure_free(void *p)
{
	sk_secret_free(p);
}

void sev_wipe(void *p, size_t n)
{
	sk_wipe(p, n);
}

void sev_wipe_free(void *p, size_t n)
{
	sk_wipe_free(p, n);
}

int sev_file_read_secret(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	return sk_file_read_secret(path, max, buf, len);
}

void sev_file_free_secret(uint8_t *buf, size_t len)
{
	sk_file_free_secret(buf, len);
}

char *sev_base64_encode(const uint8_t *in, size_t n)
{
	return sk_base64_encode(in, n);
}

int sev_base64_decode(const char *text, size_t len, uint8_t **out, size_t *n)
{
	return sk_base64_try_decode(text, len, out, n);
}

int sev_sha256(const void *data, size_t len, uint8_t out[32])
{
	return sk_sha256(data, len, out);
}

int sev_file_sha256(const char *path, uint8_t out[32])
{
	return sk_file_hash(path, out, NULL);
}

const char *const *sev_digest_names(void)
{
	return sk_digest_names();
}

int sev_time_parse(const char *text, time_t *t)
{
	return sk_time_parse(text, t);
}

void sev_time_format(time_t t, char *buf, size_t n)
{
	sk_time_format(t, buf, n);
}
