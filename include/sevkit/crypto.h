/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cryptographic helpers that programs built on libsevkit share with it
 * (lib/crypto): memory for secrets, base64, SHA-256, the digests verity
 * knows, and the time form of certificates.
 */
#ifndef SEVKIT_CRYPTO_H
#define SEVKIT_CRYPTO_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Memory for a secret: locked (never swapped), left out of core dumps, wiped
 * when freed. NULL when out of memory. sev_secure_free(NULL) does nothing.
 */
SEV_API void *sev_secure_alloc(size_t n);
SEV_API void sev_secure_free(void *p);
/* Clear n bytes in a way the compiler keeps; the _free form then free()s p. */
SEV_API void sev_wipe(void *p, size_t n);
SEV_API void sev_wipe_free(void *p, size_t n);
/* A whole file of at most max bytes that holds a secret, in sev_secure_alloc memory. */
SEV_API int sev_file_read_secret(const char *path, size_t max, uint8_t **buf, size_t *len);
SEV_API void sev_file_free_secret(uint8_t *buf, size_t len);

/* Standard base64 with padding, a new string (free()); NULL when out of memory. */
SEV_API char *sev_base64_encode(const uint8_t *in, size_t n);
/* Decode into a new buffer (free()): 0, or SEV_E_FORMAT (not logged: "not base64" is an answer). */
SEV_API int sev_base64_decode(const char *text, size_t len, uint8_t **out, size_t *n);

SEV_API int sev_sha256(const void *data, size_t len, uint8_t out[32]);
/* SHA-256 of a whole file, read in pieces; an empty file is hashed too. */
SEV_API int sev_file_sha256(const char *path, uint8_t out[32]);
/* The digest names libsevkit accepts (for verity), NULL-terminated. */
SEV_API const char *const *sev_digest_names(void);

/*
 * "YYYY-MM-DD[THH:MM:SS[Z]]" (UTC) or "@SECONDS" to a time: 0 or SEV_E_INVALID,
 * logged. A time formats as "YYYY-MM-DDTHH:MM:SSZ".
 */
SEV_API int sev_time_parse(const char *text, time_t *t);
SEV_API void sev_time_format(time_t t, char *buf, size_t n);

#ifdef __cplusplus
}
#endif

#endif
