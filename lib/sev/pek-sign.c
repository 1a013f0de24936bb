/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ownership: the owner's OCA signs the platform's PEK, and a PEK goes to the
 * firmware only with the OCA that signed it.
 */
#include <sevkit/cert.h>

#include <string.h>

#include "crypto/pkey.h"
#include "sev/cert-internal.h"
#include "util/log.h"

static int parse_pair(const uint8_t pek[SEV_CERT_SIZE], const uint8_t oca[SEV_CERT_SIZE],
		      struct sev_cert *p, struct sev_cert *o)
{
	int rc;

	if ((rc = sev_cert_parse(pek, SEV_CERT_SIZE, p)) ||
	    (rc = sev_cert_parse(oca, SEV_CERT_SIZE, o)))
		return rc;
	if (p->usage != SEV_USAGE_PEK)
		return sk_fail(SEV_E_FORMAT, "a %s certificate, not a PEK", sev_usage_name(p->usage));
	if (o->usage != SEV_USAGE_OCA)
		return sk_fail(SEV_E_FORMAT, "a %s certificate, not an OCA", sev_usage_name(o->usage));
	return 0;
}

/* The firmware takes an OCA only if it signed itself. */
static int oca_self_signed(const struct sev_cert *oca)
{
	const char *why = sk_sev_signs(oca, oca);

	return why ? sk_fail(SEV_E_VERIFY, "the OCA is not self-signed: %s", why) : 0;
}

int sev_pek_check_oca(const uint8_t pek[SEV_CERT_SIZE], const uint8_t oca[SEV_CERT_SIZE])
{
	struct sev_cert p, o;
	const char *why;
	int rc = parse_pair(pek, oca, &p, &o);

	if (!rc)
		rc = oca_self_signed(&o);
	if (rc)
		return rc;
	why = sk_sev_signs(&o, &p);
	if (!why)
		return 0;
	if (p.sig[0].empty && p.sig[1].empty)
		return sk_fail(SEV_E_VERIFY, "the PEK is not signed (a signing request: sign it "
			       "with the OCA key first)");
	return sk_fail(SEV_E_VERIFY, "the OCA did not sign the PEK: %s", why);
}

/* The key signs what the OCA's public key verifies: the same point. */
static int key_is_oca(const struct sev_cert *oca, const struct sk_key *key)
{
	uint8_t kx[48], ky[48], ox[48], oy[48];
	struct sk_key *pub;
	int rc = sk_sev_cert_pubkey(oca, &pub);

	if (rc)
		return rc;
	rc = sk_ec_get_xy(pub, SK_P384, ox, oy);
	if (!rc)
		rc = sk_ec_get_xy(key, SK_P384, kx, ky);
	sk_key_free(pub);
	if (rc)
		return rc;
	if (memcmp(kx, ox, 48) || memcmp(ky, oy, 48))
		return sk_fail(SEV_E_VERIFY, "the private key is not the OCA certificate's key");
	return 0;
}

static int free_slot(const struct sev_cert *csr)
{
	for (int slot = 0; slot < 2; slot++)
		if (csr->sig[slot].empty)
			return slot;
	return sk_fail(SEV_E_FORMAT, "the PEK has no empty signature slot: not a signing request");
}

int sev_pek_sign(const uint8_t csr[SEV_CERT_SIZE], const uint8_t oca[SEV_CERT_SIZE],
		 const uint8_t *key_buf, size_t key_len, uint8_t out[SEV_CERT_SIZE])
{
	struct sk_key *key = NULL;
	struct sev_cert p, o;
	int slot = 0, rc = parse_pair(csr, oca, &p, &o);

	if (!rc)
		rc = oca_self_signed(&o);
	if (!rc && (slot = free_slot(&p)) < 0)
		rc = slot;
	if (!rc)
		rc = sk_ec_key_load(key_buf, key_len, SK_P384, &key);
	if (!rc)
		rc = key_is_oca(&o, key);
	if (!rc)
		rc = sk_sev_cert_sign(&p, slot, SEV_USAGE_OCA, o.algo, key);
	sk_key_free(key);
	/* checked the way the firmware will, before anyone sends it */
	if (!rc && sk_sev_signs(&o, &p))
		rc = sk_fail(SEV_E_INTERNAL, "the new signature does not verify");
	if (!rc)
		memcpy(out, p.raw, SEV_CERT_SIZE);
	return rc;
}

/* Checked the way a verifier will before it is handed out. */
static int make_oca(struct sev_cert *oca, const struct sk_key *key)
{
	struct sk_key *pub = NULL;
	int rc = sk_sev_cert_build(oca, SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA256, 0, 0, key);

	if (!rc)
		rc = sk_sev_cert_sign(oca, 0, SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA256, key);
	if (!rc)
		rc = sk_sev_cert_pubkey(oca, &pub);
	if (!rc && sk_sev_cert_check_slot(oca, 0, pub) != 0)
		rc = sk_fail(SEV_E_INTERNAL, "the new OCA does not verify with its own key");
	sk_key_free(pub);
	return rc;
}

int sev_oca_generate(uint8_t oca[SEV_CERT_SIZE], uint8_t **key, size_t *key_len)
{
	struct sk_key *k = NULL;
	struct sev_cert c;
	char *pem = NULL;
	int rc = sk_ec_generate(SK_P384, &k);

	*key = NULL;
	*key_len = 0;
	if (!rc)
		rc = make_oca(&c, k);
	if (!rc)
		rc = sk_key_to_pem(k, &pem, key_len);
	sk_key_free(k);
	if (rc)
		return rc;
	memcpy(oca, c.raw, SEV_CERT_SIZE);
	*key = (uint8_t *)pem;
	return 0;
}
