/* SPDX-License-Identifier: Apache-2.0 */
/* AMD signing-key certificates (ARK, ASK): parse, describe, check. */
#include <stdio.h>
#include <string.h>

#include "crypto/hash.h"
#include "sev/cert-internal.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"

#define WHAT "AMD signing-key certificate"

static int check_bits(struct sk_reader *r, size_t off, uint32_t bits, const char *field)
{
	if (bits != 2048 && bits != 4096)
		return sk_reader_reject(r, off, field, "%u bits, must be 2048 or 4096", bits);
	return 0;
}

int sev_ca_cert_parse(const uint8_t *buf, size_t len, struct sev_ca_cert *c, size_t *used)
{
	struct sk_reader r;
	size_t p, m;
	int rc;

	memset(c, 0, sizeof(*c));
	sk_reader_init(&r, buf, len, WHAT);
	rc = sk_read_u32(&r, &c->version, "version");
	if (!rc && c->version != 1)
		rc = sk_reader_reject(&r, 0, "version", "%u, must be 1", c->version);
	if (!rc)
		rc = sk_read_bytes(&r, c->key_id, 16, "key_id");
	if (!rc)
		rc = sk_read_bytes(&r, c->certifying_id, 16, "certifying_id");
	if (!rc)
		rc = sk_read_u32(&r, &c->usage, "key_usage");
	if (!rc && c->usage != SEV_USAGE_ARK && c->usage != SEV_USAGE_ASK)
		rc = sk_reader_reject(&r, 0x24, "key_usage", "0x%x is not ARK (0) or ASK (0x13)",
				      c->usage);
	if (!rc)
		rc = sk_read_zero(&r, 16, "reserved");
	if (!rc)
		rc = sk_read_u32(&r, &c->pubexp_bits, "pubexp_size");
	if (!rc)
		rc = check_bits(&r, 0x38, c->pubexp_bits, "pubexp_size");
	if (!rc)
		rc = sk_read_u32(&r, &c->modulus_bits, "modulus_size");
	if (!rc)
		rc = check_bits(&r, 0x3c, c->modulus_bits, "modulus_size");
	if (!rc && c->pubexp_bits != c->modulus_bits)
		rc = sk_reader_reject(&r, 0x38, "pubexp_size",
				      "%u bits differs from modulus_size %u", c->pubexp_bits,
				      c->modulus_bits);
	if (rc)
		return rc;
	p = c->pubexp_bits / 8;
	m = c->modulus_bits / 8;
	rc = sk_read_skip(&r, p + m, "pubexp and modulus");
	if (rc)
		return rc;
	c->body_len = r.off;
	/* AMD publishes the Naples ARK without its signature: allow a missing one at the end. */
	if (sk_reader_left(&r) == 0) {
		c->has_signature = false;
	} else {
		rc = sk_read_skip(&r, m, "signature");
		if (rc)
			return rc;
		c->has_signature = true;
	}
	c->len = r.off;
	memcpy(c->raw, buf, c->len);
	*used = c->len;
	return 0;
}

static enum sk_hash_alg hash_of(const struct sev_ca_cert *c)
{
	return c->modulus_bits == 2048 ? SK_SHA256 : SK_SHA384;
}

void sev_ca_cert_key_desc(const struct sev_ca_cert *c, char *buf, size_t n)
{
	snprintf(buf, n, "R%u R%zu", c->modulus_bits, sk_hash_len(hash_of(c)) * 8);
}

int sev_ca_cert_fingerprint(const struct sev_ca_cert *c, uint8_t out[48], size_t *len)
{
	*len = sk_hash_len(hash_of(c));
	return sk_hash(hash_of(c), c->raw, c->body_len, out);
}

int sk_ca_cert_pubkey(const struct sev_ca_cert *c, struct sk_key **key)
{
	size_t p = c->pubexp_bits / 8, m = c->modulus_bits / 8;
	uint8_t e[512], n[512];

	sk_reverse_copy(e, c->raw + SEV_CA_CERT_HEADER, p);
	sk_reverse_copy(n, c->raw + SEV_CA_CERT_HEADER + p, m);
	return sk_rsa_from_ne(n, m, e, p, key);
}

int sk_ca_cert_check(const struct sev_ca_cert *c, const struct sk_key *signer)
{
	size_t m = c->modulus_bits / 8;
	uint8_t sig[512];

	if (!c->has_signature)
		return SEV_E_VERIFY;
	sk_reverse_copy(sig, c->raw + c->body_len, m);
	return sk_rsa_pss_verify(signer, hash_of(c), c->raw, c->body_len, sig, m);
}
