/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/hash.h"

#include <errno.h>

#include <openssl/evp.h>

#include "util/log.h"

struct sk_hash_ctx {
	EVP_MD_CTX *md;
};

const EVP_MD *sk_hash_md(enum sk_hash_alg alg)
{
	switch (alg) {
	case SK_SHA1: return EVP_sha1();
	case SK_SHA256: return EVP_sha256();
	case SK_SHA384: return EVP_sha384();
	case SK_SHA512: return EVP_sha512();
	}
	return NULL;
}

size_t sk_hash_len(enum sk_hash_alg alg)
{
	const EVP_MD *md = sk_hash_md(alg);

	return md ? (size_t)EVP_MD_get_size(md) : 0;
}

const char *sk_hash_name(enum sk_hash_alg alg)
{
	switch (alg) {
	case SK_SHA1: return "sha1";
	case SK_SHA256: return "sha256";
	case SK_SHA384: return "sha384";
	case SK_SHA512: return "sha512";
	}
	return "?";
}

int sk_hash(enum sk_hash_alg alg, const void *data, size_t len, uint8_t *out)
{
	const EVP_MD *md = sk_hash_md(alg);

	if (!md || EVP_Digest(data, len, out, NULL, md, NULL) != 1)
		return sk_fail(SEV_E_CRYPTO, "%s digest failed", sk_hash_name(alg));
	return 0;
}

int sk_sha256(const void *data, size_t len, uint8_t out[SK_SHA256_LEN])
{
	return sk_hash(SK_SHA256, data, len, out);
}

int sk_sha384(const void *data, size_t len, uint8_t out[SK_SHA384_LEN])
{
	return sk_hash(SK_SHA384, data, len, out);
}

int sk_hash_init(struct sk_hash_ctx **ctx, enum sk_hash_alg alg)
{
	struct sk_hash_ctx *c = OPENSSL_zalloc(sizeof(*c));
	const EVP_MD *md = sk_hash_md(alg);

	if (!c)
		return -ENOMEM;
	c->md = EVP_MD_CTX_new();
	if (!md || !c->md || EVP_DigestInit_ex(c->md, md, NULL) != 1) {
		sk_hash_free(c);
		return sk_fail(SEV_E_CRYPTO, "%s digest init failed", sk_hash_name(alg));
	}
	*ctx = c;
	return 0;
}

int sk_hash_update(struct sk_hash_ctx *ctx, const void *data, size_t len)
{
	if (EVP_DigestUpdate(ctx->md, data, len) != 1)
		return sk_fail(SEV_E_CRYPTO, "digest update failed");
	return 0;
}

int sk_hash_final(struct sk_hash_ctx *ctx, uint8_t *out)
{
	if (EVP_DigestFinal_ex(ctx->md, out, NULL) != 1)
		return sk_fail(SEV_E_CRYPTO, "digest final failed");
	return 0;
}

int sk_hash_reset(struct sk_hash_ctx *ctx)
{
	/* NULL keeps the algorithm already set up: no new fetch, no allocation */
	if (EVP_DigestInit_ex2(ctx->md, NULL, NULL) != 1)
		return sk_fail(SEV_E_CRYPTO, "digest reset failed");
	return 0;
}

void sk_hash_free(struct sk_hash_ctx *ctx)
{
	if (!ctx)
		return;
	EVP_MD_CTX_free(ctx->md);
	OPENSSL_free(ctx);
}
