/* SPDX-License-Identifier: Apache-2.0 */
/* AMD signing-key certificates (ARK, ASK): parse, describe, fingerprint, self-check. */
#include <stddef.h>
#include <stdint.h>

#include <sevkit/cert.h>

#include "sev/cert-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_ca_cert c;
	struct sk_key *key;
	uint8_t fp[48];
	size_t n, used;
	char desc[16];

	if (sev_ca_cert_parse(data, size, &c, &used) != 0)
		return 0;
	if (used > size || used != c.len)
		__builtin_trap();
	sev_ca_cert_key_desc(&c, desc, sizeof(desc));
	sev_ca_cert_fingerprint(&c, fp, &n);
	if (sk_ca_cert_pubkey(&c, &key) == 0) {
		sk_ca_cert_check(&c, key);
		sk_key_free(key);
	}
	return 0;
}
