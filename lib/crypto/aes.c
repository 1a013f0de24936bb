/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/aes.h"

#include <limits.h>

#include <openssl/evp.h>

#include "util/log.h"

int sk_aes128_ctr(const uint8_t key[16], const uint8_t iv[16], const uint8_t *in, size_t len,
		  uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, fin = 0, ok;

	ok = ctx && len <= INT_MAX &&
	     EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, key, iv) == 1 &&
	     EVP_EncryptUpdate(ctx, out, &n, in, (int)len) == 1 &&
	     EVP_EncryptFinal_ex(ctx, out + n, &fin) == 1 && (size_t)(n + fin) == len;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : sk_fail(SEV_E_CRYPTO, "AES-128-CTR failed");
}
