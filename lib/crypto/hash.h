/* SPDX-License-Identifier: Apache-2.0 */
/* Message digests: one-shot and incremental. */
#ifndef SK_HASH_H
#define SK_HASH_H

#include <stddef.h>
#include <stdint.h>

enum sk_hash_alg {
	SK_SHA1,
	SK_SHA256,
	SK_SHA384,
	SK_SHA512,
};

#define SK_SHA256_LEN 32
#define SK_SHA384_LEN 48
#define SK_HASH_MAX 64

size_t sk_hash_len(enum sk_hash_alg alg);
const char *sk_hash_name(enum sk_hash_alg alg);
int sk_hash(enum sk_hash_alg alg, const void *data, size_t len, uint8_t *out);
int sk_sha256(const void *data, size_t len, uint8_t out[SK_SHA256_LEN]);
int sk_sha384(const void *data, size_t len, uint8_t out[SK_SHA384_LEN]);

struct sk_hash_ctx;
int sk_hash_init(struct sk_hash_ctx **ctx, enum sk_hash_alg alg);
int sk_hash_update(struct sk_hash_ctx *ctx, const void *data, size_t len);
int sk_hash_final(struct sk_hash_ctx *ctx, uint8_t *out);
/* Start a new digest of the same algorithm, keeping the context (no allocation). */
int sk_hash_reset(struct sk_hash_ctx *ctx);
void sk_hash_free(struct sk_hash_ctx *ctx);

/* Within lib/crypto: the OpenSSL digest of an algorithm. */
struct evp_md_st;
const struct evp_md_st *sk_hash_md(enum sk_hash_alg alg);

#endif
