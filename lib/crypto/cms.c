/* SPDX-License-Identifier: Apache-2.0 */
/* Detached PKCS#7 signatures of a root hash, through OpenSSL. */
#include "crypto/cms.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <sevkit/error.h>

#include "crypto/pkey.h"
#include "crypto/x509-internal.h"
#include "util/log.h"

#define FLAGS (PKCS7_DETACHED | PKCS7_BINARY | PKCS7_NOCERTS | PKCS7_NOATTR)

int sk_cms_sign_detached(const void *data, size_t len, const struct sk_key *key,
			 const struct sk_x509 *cert, uint8_t **der, size_t *der_len)
{
	BIO *in;
	PKCS7 *p7;
	unsigned char *out = NULL;
	int n;

	if (X509_check_private_key(sk_x509_raw(cert), sk_key_pkey(key)) != 1)
		return sk_fail(SEV_E_INVALID, "the signing key is not the key of the signing "
			       "certificate");
	in = len <= INT_MAX ? BIO_new_mem_buf(data, (int)len) : NULL;
	p7 = in ? PKCS7_sign(sk_x509_raw(cert), sk_key_pkey(key), NULL, in, FLAGS) : NULL;
	n = p7 ? i2d_PKCS7(p7, &out) : -1;

	PKCS7_free(p7);
	BIO_free(in);
	if (n <= 0)
		return sk_fail(SEV_E_CRYPTO, "cannot sign with a key of this kind");
	*der = malloc((size_t)n);
	if (*der)
		memcpy(*der, out, (size_t)n);
	OPENSSL_free(out);
	*der_len = (size_t)n;
	return *der ? 0 : -ENOMEM;
}

int sk_cms_verify_detached(const void *data, size_t len, const uint8_t *der, size_t der_len,
			   struct sk_x509 *const *trusted, size_t n)
{
	const unsigned char *p = der;
	PKCS7 *p7 = der_len <= LONG_MAX ? d2i_PKCS7(NULL, &p, (long)der_len) : NULL;
	X509_STORE *store = X509_STORE_new();
	STACK_OF(X509) *certs = sk_X509_new_null();
	BIO *in = len <= INT_MAX ? BIO_new_mem_buf(data, (int)len) : NULL;
	int rc = SEV_E_VERIFY;

	if (!p7 || (size_t)(p - der) != der_len || !PKCS7_type_is_signed(p7)) {
		rc = sk_fail(SEV_E_FORMAT, "not a DER PKCS#7 signature");
		goto out;
	}
	for (size_t i = 0; store && certs && i < n; i++)
		if (X509_STORE_add_cert(store, sk_x509_raw(trusted[i])) != 1 ||
		    !sk_X509_push(certs, sk_x509_raw(trusted[i])))
			goto out;
	/* the signer is looked up among the trusted certificates, and its chain verified; any
	 * key usage, as the kernel checks dm-verity signatures (not S/MIME's purpose) */
	if (store)
		X509_STORE_set_purpose(store, X509_PURPOSE_ANY);
	if (store && certs && in && PKCS7_verify(p7, certs, store, in, NULL, PKCS7_BINARY) == 1)
		rc = 0;
out:
	BIO_free(in);
	sk_X509_free(certs);
	X509_STORE_free(store);
	PKCS7_free(p7);
	return rc;
}
