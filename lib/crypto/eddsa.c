/* SPDX-License-Identifier: Apache-2.0 */
/* Ed25519 verification through OpenSSL (eddsa.h). */
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "crypto/eddsa.h"
#include "util/log.h"

static EVP_PKEY *load(const uint8_t *pem, size_t len)
{
	BIO *b = BIO_new_mem_buf(pem, (int)len);
	EVP_PKEY *k = b ? PEM_read_bio_PUBKEY(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	if (k && EVP_PKEY_id(k) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(k);
		k = NULL;
	}
	return k;
}

int sk_ed25519_check_pem(const uint8_t *pem, size_t len)
{
	EVP_PKEY *k = len <= 1 << 16 ? load(pem, len) : NULL;

	EVP_PKEY_free(k);
	return k ? 0 : sk_fail(SEV_E_FORMAT, "not an Ed25519 public key in PEM");
}

int sk_ed25519_verify(const uint8_t *pem, size_t len, const void *msg, size_t msg_len,
		      const uint8_t *sig, size_t sig_len)
{
	EVP_PKEY *k = load(pem, len);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = k && md && sig_len == 64 && EVP_DigestVerifyInit(md, NULL, NULL, NULL, k) == 1 &&
		 EVP_DigestVerify(md, sig, sig_len, msg, msg_len) == 1;

	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	return ok ? 0 : SEV_E_VERIFY;
}
