/* SPDX-License-Identifier: Apache-2.0 */
/* Root hash signatures: PKCS#7 over the hex text dm-verity's table carries. */
#include <stdlib.h>
#include <string.h>

#include <sevkit/verity.h>

#include "crypto/cms.h"
#include "crypto/pkey.h"
#include "crypto/x509.h"
#include "util/hex.h"
#include "util/log.h"

#define TRUSTED_MAX 16

/* The text the kernel verifies: the root hash in lower-case hex, as the table gives it. */
static char *root_text(const uint8_t *root, size_t root_len)
{
	if (!root_len || root_len > SEV_VERITY_DIGEST_MAX) {
		sk_fail(SEV_E_INVALID, "root hash of %zu bytes", root_len);
		return NULL;
	}
	return sk_hex_dup(root, root_len);
}

SEV_API int sev_verity_sign_root_hash(const uint8_t *root, size_t root_len,
				      const uint8_t *key_pem, size_t key_len,
				      const uint8_t *cert_pem, size_t cert_len, uint8_t **sig,
				      size_t *sig_len)
{
	struct sk_x509 *cert = NULL;
	struct sk_key *key = NULL;
	char *text = root_text(root, root_len);
	size_t n;
	int rc = text ? 0 : SEV_E_INVALID;

	if (!rc && (rc = sk_key_from_pem(key_pem, key_len, &key)))
		rc = sk_fail(rc, "signing key");
	if (!rc && (rc = sk_x509_load(cert_pem, cert_len, &cert, 1, &n)))
		rc = sk_fail(rc, "signing certificate");
	if (!rc)
		rc = sk_cms_sign_detached(text, strlen(text), key, cert, sig, sig_len);
	sk_x509_free(cert);
	sk_key_free(key);
	free(text);
	return rc;
}

SEV_API int sev_verity_verify_root_hash_signature(const uint8_t *root, size_t root_len,
						  const uint8_t *sig, size_t sig_len,
						  const uint8_t *trusted_pem, size_t trusted_len)
{
	struct sk_x509 *trusted[TRUSTED_MAX];
	char *text = root_text(root, root_len);
	size_t n = 0;
	int rc = text ? 0 : SEV_E_INVALID;

	if (!rc && (rc = sk_x509_load(trusted_pem, trusted_len, trusted, TRUSTED_MAX, &n)))
		rc = sk_fail(rc, "trusted certificates");
	if (!rc)
		rc = sk_cms_verify_detached(text, strlen(text), sig, sig_len, trusted, n);
	if (rc == SEV_E_VERIFY)
		sk_fail(rc, "the root hash signature does not verify with the trusted certificates");
	while (n)
		sk_x509_free(trusted[--n]);
	free(text);
	return rc;
}
