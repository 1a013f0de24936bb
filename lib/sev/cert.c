/* SPDX-License-Identifier: Apache-2.0 */
/* The 0x824-byte SEV certificate: parse, describe, build, sign, check. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "crypto/hash.h"
#include "sev/cert-internal.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"

#define WHAT "SEV certificate"

const char *sev_usage_name(uint32_t usage)
{
	switch (usage) {
	case SEV_USAGE_ARK: return "ARK";
	case SEV_USAGE_ASK: return "ASK";
	case SEV_USAGE_OCA: return "OCA";
	case SEV_USAGE_PEK: return "PEK";
	case SEV_USAGE_PDH: return "PDH";
	case SEV_USAGE_CEK: return "CEK";
	case SEV_USAGE_INVALID: return "INVALID";
	}
	return "?";
}

bool sev_usage_is_known(uint32_t usage)
{
	return usage == SEV_USAGE_ARK || usage == SEV_USAGE_ASK ||
	       (usage >= SEV_USAGE_OCA && usage <= SEV_USAGE_CEK);
}

const char *sev_algo_name(uint32_t algo)
{
	switch (algo) {
	case SEV_ALGO_NONE: return "NONE";
	case SEV_ALGO_RSA_SHA256: return "RSA_SHA256";
	case SEV_ALGO_ECDSA_SHA256: return "ECDSA_SHA256";
	case SEV_ALGO_ECDH_SHA256: return "ECDH_SHA256";
	case SEV_ALGO_RSA_SHA384: return "RSA_SHA384";
	case SEV_ALGO_ECDSA_SHA384: return "ECDSA_SHA384";
	case SEV_ALGO_ECDH_SHA384: return "ECDH_SHA384";
	}
	return "?";
}

static bool algo_is_rsa(uint32_t algo)
{
	return algo == SEV_ALGO_RSA_SHA256 || algo == SEV_ALGO_RSA_SHA384;
}

static bool algo_is_ecdsa(uint32_t algo)
{
	return algo == SEV_ALGO_ECDSA_SHA256 || algo == SEV_ALGO_ECDSA_SHA384;
}

static bool algo_is_ecdh(uint32_t algo)
{
	return algo == SEV_ALGO_ECDH_SHA256 || algo == SEV_ALGO_ECDH_SHA384;
}

bool sev_algo_is_signature(uint32_t algo)
{
	return algo_is_rsa(algo) || algo_is_ecdsa(algo);
}

size_t sev_algo_hash_len(uint32_t algo)
{
	if (algo == SEV_ALGO_NONE || !(algo_is_rsa(algo) || algo_is_ecdsa(algo) || algo_is_ecdh(algo)))
		return 0;
	return algo & 0x100 ? 48 : 32;
}

enum sk_hash_alg sk_sev_algo_hash(uint32_t algo)
{
	return algo & 0x100 ? SK_SHA384 : SK_SHA256;
}

static uint32_t curve_bits(uint32_t curve)
{
	return curve == SEV_CURVE_P256 ? 256 : 384;
}

static enum sk_curve sk_curve_of(uint32_t curve)
{
	return curve == SEV_CURVE_P256 ? SK_P256 : SK_P384;
}

/* Check a zero-padded little-endian number field: bytes past `used` are zero. */
static int check_padding(struct sk_reader *r, size_t off, size_t used, size_t size,
			 const char *field)
{
	for (size_t i = used; i < size; i++)
		if (r->buf[off + i])
			return sk_reader_reject(r, off + i, field,
						"byte past the %zu-byte value is 0x%02x, must be zero",
						used, r->buf[off + i]);
	return 0;
}

static int parse_rsa_key(struct sk_reader *r, struct sev_cert *c)
{
	uint32_t bits;
	int rc;

	rc = sk_read_u32(r, &bits, "pub_key.modulus_size");
	if (rc)
		return rc;
	if (bits != 2048 && bits != 4096)
		return sk_reader_reject(r, SEV_OFF_KEY, "pub_key.modulus_size",
					"%u bits, must be 2048 or 4096", bits);
	c->key_bits = bits;
	rc = check_padding(r, 0x014, bits / 8, 512, "pub_key.pub_exp");
	return rc ? rc : check_padding(r, 0x214, bits / 8, 512, "pub_key.modulus");
}

static int parse_ec_key(struct sk_reader *r, struct sev_cert *c)
{
	uint32_t curve;
	size_t n;
	int rc;

	rc = sk_read_u32(r, &curve, "pub_key.curve");
	if (rc)
		return rc;
	if (curve != SEV_CURVE_P256 && curve != SEV_CURVE_P384)
		return sk_reader_reject(r, SEV_OFF_KEY, "pub_key.curve",
					"%u, must be 1 (P-256) or 2 (P-384)", curve);
	c->curve = curve;
	c->key_bits = curve_bits(curve);
	n = sk_curve_len(sk_curve_of(curve));
	rc = check_padding(r, 0x014, n, SEV_EC_COORD, "pub_key.qx");
	if (!rc)
		rc = check_padding(r, 0x05c, n, SEV_EC_COORD, "pub_key.qy");
	if (!rc)
		rc = sk_read_seek(r, 0x0a4, "pub_key.rmbz");
	return rc ? rc : sk_read_zero(r, SEV_OFF_SIG(0) - 0x0a4, "pub_key.rmbz");
}

static int parse_key(struct sk_reader *r, struct sev_cert *c)
{
	if (c->usage == SEV_USAGE_PDH ? !algo_is_ecdh(c->algo)
				      : !(algo_is_ecdsa(c->algo) || algo_is_rsa(c->algo)))
		return sk_reader_reject(r, SEV_OFF_ALGO, "pub_key_algo",
					"0x%x (%s) is not valid for a %s key", c->algo,
					sev_algo_name(c->algo), sev_usage_name(c->usage));
	return algo_is_rsa(c->algo) ? parse_rsa_key(r, c) : parse_ec_key(r, c);
}

static bool signer_usage(uint32_t usage)
{
	return usage == SEV_USAGE_ARK || usage == SEV_USAGE_ASK ||
	       (usage >= SEV_USAGE_OCA && usage <= SEV_USAGE_CEK);
}

static int parse_sig(struct sk_reader *r, struct sev_cert *c, int slot)
{
	struct sev_cert_sig *s = &c->sig[slot];
	size_t off = SEV_OFF_SIG(slot);
	int rc;

	rc = sk_read_seek(r, off, "sig.usage");
	if (!rc)
		rc = sk_read_u32(r, &s->usage, slot ? "sig2_usage" : "sig1_usage");
	if (!rc)
		rc = sk_read_u32(r, &s->algo, slot ? "sig2_algo" : "sig1_algo");
	if (rc)
		return rc;
	/*
	 * A slot is empty unless it names a signer and a signature algorithm.
	 * AMD's KDS has issued CEKs with a stray usage in the unused slot, so an
	 * unknown usage makes the slot empty rather than the certificate invalid.
	 */
	s->empty = !signer_usage(s->usage) || !sev_algo_is_signature(s->algo);
	if (s->empty || algo_is_rsa(s->algo))
		return 0;
	rc = check_padding(r, off + SEV_SIG_DATA, 48, SEV_EC_COORD, "sig.r");
	if (!rc)
		rc = check_padding(r, off + SEV_SIG_DATA + SEV_EC_COORD, 48, SEV_EC_COORD, "sig.s");
	return rc;
}

int sev_cert_parse(const uint8_t *buf, size_t len, struct sev_cert *c)
{
	struct sk_reader r;
	uint16_t reserved;
	int rc;

	if (len != SEV_CERT_SIZE)
		return sk_fail(SEV_E_FORMAT, WHAT ": %zu bytes, must be %d", len, SEV_CERT_SIZE);
	memmove(c->raw, buf, len); /* buf may be c->raw itself */
	memset((uint8_t *)c + sizeof(c->raw), 0, sizeof(*c) - sizeof(c->raw));
	sk_reader_init(&r, c->raw, len, WHAT);
	rc = sk_read_u32(&r, &c->version, "version");
	if (rc)
		return rc;
	if (c->version != 1)
		return sk_reader_reject(&r, SEV_OFF_VERSION, "version", "%u, must be 1", c->version);
	rc = sk_read_u8(&r, &c->api_major, "api_major");
	if (!rc)
		rc = sk_read_u8(&r, &c->api_minor, "api_minor");
	if (!rc)
		rc = sk_read_u16(&r, &reserved, "reserved");
	if (!rc && reserved)
		rc = sk_reader_reject(&r, SEV_OFF_RESERVED, "reserved", "0x%x, must be zero", reserved);
	if (!rc)
		rc = sk_read_u32(&r, &c->usage, "pub_key_usage");
	if (!rc && (c->usage < SEV_USAGE_OCA || c->usage > SEV_USAGE_CEK))
		rc = sk_reader_reject(&r, SEV_OFF_USAGE, "pub_key_usage",
				      "0x%x is not OCA, PEK, PDH or CEK", c->usage);
	if (!rc)
		rc = sk_read_u32(&r, &c->algo, "pub_key_algo");
	if (!rc)
		rc = parse_key(&r, c);
	for (int slot = 0; !rc && slot < 2; slot++)
		rc = parse_sig(&r, c, slot);
	return rc;
}

void sev_cert_key_desc(const struct sev_cert *c, char *buf, size_t n)
{
	unsigned hash_bits = (unsigned)sev_algo_hash_len(c->algo) * 8;

	if (algo_is_rsa(c->algo))
		snprintf(buf, n, "R%u R%u", c->key_bits, hash_bits);
	else
		snprintf(buf, n, "EP%u %c%u", c->key_bits, algo_is_ecdh(c->algo) ? 'D' : 'E',
			 hash_bits);
}

int sev_cert_fingerprint(const struct sev_cert *c, uint8_t out[48], size_t *len)
{
	enum sk_hash_alg alg = sk_sev_algo_hash(c->algo);

	*len = sk_hash_len(alg);
	return sk_hash(alg, c->raw, SEV_CERT_BODY_SIZE, out);
}

int sk_sev_cert_pubkey(const struct sev_cert *c, struct sk_key **key)
{
	uint8_t a[512], b[512];
	size_t n;
	int rc;

	if (algo_is_rsa(c->algo)) {
		n = c->key_bits / 8;
		sk_reverse_copy(a, c->raw + 0x214, n); /* modulus */
		sk_reverse_copy(b, c->raw + 0x014, n); /* exponent */
		return sk_rsa_from_ne(a, n, b, n, key);
	}
	n = sk_curve_len(sk_curve_of(c->curve));
	sk_reverse_copy(a, c->raw + 0x014, n);
	sk_reverse_copy(b, c->raw + 0x05c, n);
	rc = sk_ec_from_xy(sk_curve_of(c->curve), a, b, key);
	if (rc)
		sk_err(WHAT ": the %s public key is invalid", sev_usage_name(c->usage));
	return rc;
}

int sk_sev_cert_check_slot(const struct sev_cert *c, int slot, const struct sk_key *signer)
{
	const struct sev_cert_sig *s = &c->sig[slot];
	const uint8_t *data = c->raw + SEV_OFF_SIG(slot) + SEV_SIG_DATA;
	enum sk_hash_alg alg = sk_sev_algo_hash(s->algo);
	uint8_t r[512], sv[512];
	size_t n;

	if (s->empty)
		return SEV_E_VERIFY;
	if (algo_is_rsa(s->algo)) {
		n = (size_t)sk_key_bits(signer) / 8;
		if (n == 0 || n > sizeof(r))
			return SEV_E_VERIFY;
		sk_reverse_copy(r, data, n);
		return sk_rsa_pss_verify(signer, alg, c->raw, SEV_CERT_BODY_SIZE, r, n);
	}
	n = sk_key_is_ec(signer, SK_P256) ? 32 : 48;
	sk_reverse_copy(r, data, n);
	sk_reverse_copy(sv, data + SEV_EC_COORD, n);
	return sk_ecdsa_verify(signer, alg, c->raw, SEV_CERT_BODY_SIZE, r, sv);
}

int sk_sev_cert_build(struct sev_cert *c, uint32_t usage, uint32_t algo, uint8_t api_major,
		      uint8_t api_minor, const struct sk_key *key)
{
	uint8_t raw[SEV_CERT_SIZE] = { 0 }, x[48], y[48];
	int rc = sk_ec_get_xy(key, SK_P384, x, y);

	if (rc)
		return rc;
	sk_put_le32(raw + SEV_OFF_VERSION, 1);
	raw[SEV_OFF_API_MAJOR] = api_major;
	raw[SEV_OFF_API_MINOR] = api_minor;
	sk_put_le32(raw + SEV_OFF_USAGE, usage);
	sk_put_le32(raw + SEV_OFF_ALGO, algo);
	sk_put_le32(raw + SEV_OFF_KEY, SEV_CURVE_P384);
	sk_reverse_copy(raw + 0x014, x, 48);
	sk_reverse_copy(raw + 0x05c, y, 48);
	for (int slot = 0; slot < 2; slot++)
		sk_put_le32(raw + SEV_OFF_SIG(slot), SEV_USAGE_INVALID);
	rc = sev_cert_parse(raw, sizeof(raw), c);
	return rc ? sk_fail(SEV_E_INTERNAL, "built an invalid SEV certificate") : 0;
}

int sk_sev_cert_sign(struct sev_cert *c, int slot, uint32_t signer_usage, uint32_t algo,
		     const struct sk_key *signer)
{
	uint8_t *p = c->raw + SEV_OFF_SIG(slot), r[48], s[48];
	int rc;

	if (!algo_is_ecdsa(algo))
		return sk_fail(SEV_E_INVALID, "can only sign with ECDSA");
	rc = sk_ecdsa_sign(signer, sk_sev_algo_hash(algo), c->raw, SEV_CERT_BODY_SIZE, r, s);
	if (rc)
		return rc;
	memset(p, 0, SEV_SIG_DATA + SEV_SIG_SIZE);
	sk_put_le32(p, signer_usage);
	sk_put_le32(p + 4, algo);
	sk_reverse_copy(p + SEV_SIG_DATA, r, 48);
	sk_reverse_copy(p + SEV_SIG_DATA + SEV_EC_COORD, s, 48);
	rc = sev_cert_parse(c->raw, SEV_CERT_SIZE, c);
	return rc ? sk_fail(SEV_E_INTERNAL, "signed an invalid SEV certificate") : 0;
}
