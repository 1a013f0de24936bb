/* SPDX-License-Identifier: Apache-2.0 */
/* The 0x824-byte SEV certificate: parse, describe, fingerprint, and use its key. */
#include <stddef.h>
#include <stdint.h>

#include <sevkit/cert.h>

#include "sev/cert-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_cert c;
	struct sk_key *key;
	uint8_t fp[48];
	size_t n;
	char desc[16];

	if (sev_cert_parse(data, size, &c) != 0)
		return 0;
	sev_cert_key_desc(&c, desc, sizeof(desc));
	sev_cert_fingerprint(&c, fp, &n);
	/* a self-check exercises the slot decoding against an arbitrary key */
	if (sk_sev_cert_pubkey(&c, &key) == 0) {
		for (int slot = 0; slot < 2; slot++)
			if (!c.sig[slot].empty && c.sig[slot].algo == c.algo)
				sk_sev_cert_check_slot(&c, slot, key);
		sk_key_free(key);
	}
	return 0;
}
