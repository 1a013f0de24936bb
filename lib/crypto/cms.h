/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Detached PKCS#7/CMS signatures through OpenSSL, in the form the kernel's dm-verity and
 * systemd take for a root hash: signedData over the content, no certificates and no signed
 * attributes inside (what `openssl smime -sign -nocerts -noattr -binary` writes), DER.
 */
#ifndef SK_CMS_H
#define SK_CMS_H

#include <stddef.h>
#include <stdint.h>

struct sk_key;
struct sk_x509;

/* Sign data with key, whose certificate is cert; *der is malloc'd. */
int sk_cms_sign_detached(const void *data, size_t len, const struct sk_key *key,
			 const struct sk_x509 *cert, uint8_t **der, size_t *der_len);
/*
 * 0 when der is a signature of data by a certificate among trusted[n] or issued by one of
 * them (the signature carries none: they are its candidates); SEV_E_VERIFY otherwise,
 * SEV_E_FORMAT when der is not DER PKCS#7.
 */
int sk_cms_verify_detached(const void *data, size_t len, const uint8_t *der, size_t der_len,
			   struct sk_x509 *const *trusted, size_t n);

#endif
