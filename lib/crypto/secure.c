/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/secure.h"

#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "util/log.h"

bool sk_ct_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

void sk_wipe(void *p, size_t n)
{
	if (p)
		OPENSSL_cleanse(p, n);
}

void sk_wipe_free(void *p, size_t n)
{
	sk_wipe(p, n);
	free(p);
}

int sk_random(void *out, size_t n)
{
	if (n > (size_t)INT32_MAX || RAND_priv_bytes(out, (int)n) != 1)
		return sk_fail(SEV_E_CRYPTO, "random number generator failed");
	return 0;
}
