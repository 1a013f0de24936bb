/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Digests chosen by name at run time (the names veritysetup and the kernel use:
 * "sha256", "sha3-256", "blake2b-512", ...), built for hashing many small
 * blocks: one context per thread, reused for every block without reallocation.
 */
#ifndef SK_DIGEST_H
#define SK_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define SK_DIGEST_MAX 64

/*
 * Size in bytes of the digest called name (case-insensitive), or a negative
 * code: SEV_E_UNSUPPORTED when sevkit does not offer it or the crypto library
 * here lacks it.
 */
int sk_digest_size(const char *name);
/* The names sevkit offers, NULL-terminated, for help texts. */
const char *const *sk_digest_names(void);

struct sk_digest;
int sk_digest_new(struct sk_digest **d, const char *name);
/* out = H(a || b); either part may be empty. */
int sk_digest2(struct sk_digest *d, const void *a, size_t alen, const void *b, size_t blen,
	       uint8_t *out);
void sk_digest_free(struct sk_digest *d);

#endif
