/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/digest.h"

#include <errno.h>
#include <strings.h>

#include <openssl/evp.h>

#include "util/log.h"

/* sevkit's name (the kernel crypto API's) -> OpenSSL's name. */
static const struct {
	const char *name;
	const char *openssl;
} digests[] = {
	{ "sha1", "SHA1" },
	{ "sha224", "SHA2-224" },
	{ "sha256", "SHA2-256" },
	{ "sha384", "SHA2-384" },
	{ "sha512", "SHA2-512" },
	{ "sha3-224", "SHA3-224" },
	{ "sha3-256", "SHA3-256" },
	{ "sha3-384", "SHA3-384" },
	{ "sha3-512", "SHA3-512" },
	{ "blake2b-512", "BLAKE2B-512" },
	{ "blake2s-256", "BLAKE2S-256" },
	{ "ripemd160", "RIPEMD-160" },
	{ "sm3", "SM3" },
};

#define N_DIGESTS (sizeof(digests) / sizeof(digests[0]))

static const char *const names[N_DIGESTS + 1] = {
	"sha1", "sha224", "sha256", "sha384", "sha512", "sha3-224", "sha3-256",
	"sha3-384", "sha3-512", "blake2b-512", "blake2s-256", "ripemd160", "sm3", NULL,
};

struct sk_digest {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
};

const char *const *sk_digest_names(void)
{
	return names;
}

static int fetch(const char *name, EVP_MD **md)
{
	for (size_t i = 0; i < N_DIGESTS; i++) {
		if (strcasecmp(name, digests[i].name) != 0)
			continue;
		*md = EVP_MD_fetch(NULL, digests[i].openssl, NULL);
		if (!*md)
			return sk_fail(SEV_E_UNSUPPORTED,
				       "hash algorithm %s is not available in this OpenSSL", name);
		return 0;
	}
	return sk_fail(SEV_E_UNSUPPORTED, "hash algorithm %s is not supported (sevkit offers "
		       "sha1, sha224, sha256, sha384, sha512, sha3-224/256/384/512, "
		       "blake2b-512, blake2s-256, ripemd160, sm3)", name);
}

int sk_digest_size(const char *name)
{
	EVP_MD *md;
	int rc = fetch(name, &md);

	if (rc)
		return rc;
	rc = EVP_MD_get_size(md);
	EVP_MD_free(md);
	if (rc <= 0 || rc > SK_DIGEST_MAX)
		return sk_fail(SEV_E_CRYPTO, "%s: unexpected digest size %d", name, rc);
	return rc;
}

int sk_digest_new(struct sk_digest **d, const char *name)
{
	struct sk_digest *n = OPENSSL_zalloc(sizeof(*n));
	int rc;

	if (!n)
		return -ENOMEM;
	rc = fetch(name, &n->md);
	if (!rc) {
		n->ctx = EVP_MD_CTX_new();
		if (!n->ctx)
			rc = -ENOMEM;
	}
	if (rc) {
		sk_digest_free(n);
		return rc;
	}
	*d = n;
	return 0;
}

int sk_digest2(struct sk_digest *d, const void *a, size_t alen, const void *b, size_t blen,
	       uint8_t *out)
{
	/* Init with the same method again resets the state without a new allocation. */
	if (EVP_DigestInit_ex2(d->ctx, d->md, NULL) != 1 ||
	    (alen && EVP_DigestUpdate(d->ctx, a, alen) != 1) ||
	    (blen && EVP_DigestUpdate(d->ctx, b, blen) != 1) ||
	    EVP_DigestFinal_ex(d->ctx, out, NULL) != 1)
		return sk_fail(SEV_E_CRYPTO, "%s digest failed", EVP_MD_get0_name(d->md));
	return 0;
}

void sk_digest_free(struct sk_digest *d)
{
	if (!d)
		return;
	EVP_MD_CTX_free(d->ctx);
	EVP_MD_free(d->md);
	OPENSSL_free(d);
}
