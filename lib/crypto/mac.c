/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/mac.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "crypto/secure.h"
#include "util/bytes.h"
#include "util/log.h"

int sk_hmac_sha256(const uint8_t *key, size_t key_len, const struct sk_buf *parts, size_t n,
		   uint8_t out[SK_HMAC_LEN])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	size_t out_len = 0;
	int ok = ctx && EVP_MAC_init(ctx, key, key_len, params) == 1;

	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_MAC_update(ctx, parts[i].p, parts[i].len) == 1;
	ok = ok && EVP_MAC_final(ctx, out, &out_len, SK_HMAC_LEN) == 1 && out_len == SK_HMAC_LEN;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ok ? 0 : sk_fail(SEV_E_CRYPTO, "HMAC-SHA256 failed");
}

int sk_kdf_sev(const uint8_t *key, size_t key_len, const char *label, const uint8_t *context,
	       size_t context_len, uint8_t *out, size_t out_len)
{
	uint8_t counter[4], bits[4], block[SK_HMAC_LEN];
	static const uint8_t zero;
	size_t done = 0;
	int rc = 0;

	if (out_len > UINT32_MAX / 8)
		return sk_fail(SEV_E_INVALID, "KDF output too long");
	sk_put_le32(bits, (uint32_t)(out_len * 8));
	for (uint32_t i = 1; done < out_len; i++) {
		struct sk_buf parts[] = {
			{ counter, 4 }, { label, strlen(label) }, { &zero, 1 },
			{ context, context_len }, { bits, 4 },
		};
		size_t take = out_len - done < SK_HMAC_LEN ? out_len - done : SK_HMAC_LEN;

		sk_put_le32(counter, i);
		rc = sk_hmac_sha256(key, key_len, parts, SK_ARRAY_SIZE(parts), block);
		if (rc)
			break;
		memcpy(out + done, block, take);
		done += take;
	}
	sk_wipe(block, sizeof(block));
	return rc;
}
