/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ID block and ID authentication information of SNP_LAUNCH_FINISH (SNP
 * ABI #56860, tables ID_BLOCK and ID_AUTH). The guest owner signs the
 * expected launch digest and guest policy with an ID key, and optionally
 * signs the ID key with an author key; the firmware refuses a launch whose
 * digest or policy differ, and reports carry the SHA-384 of both public keys.
 * Public keys and signatures use the SEV ECDSA encodings: little-endian
 * coordinates and r/s in 72-byte slots, the curve (2 = P-384) first.
 */
#include <sevkit/measure.h>
#include <sevkit/policy.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "crypto/pkey.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"

#define CURVE_P384 2
#define ALGO_ECDSA_P384_SHA384 1
#define COORD_LEN 48  /* significant bytes of a P-384 number */
#define PUB_QX 0x004
#define PUB_QY 0x04c
#define PUB_RESERVED 0x094
#define SIG_R 0x000
#define SIG_S 0x048
#define SIG_RESERVED 0x090

#define AUTH_ID_BLOCK_SIG 0x040
#define AUTH_ID_KEY 0x240
#define AUTH_ID_KEY_SIG 0x680
#define AUTH_AUTHOR_KEY 0x880

struct sev_id_key {
	struct sk_key *key;
};

void sev_id_block_init(struct sev_id_block *b, const uint8_t ld[SEV_SNP_LD_LEN])
{
	memset(b, 0, sizeof(*b));
	memcpy(b->ld, ld, SEV_SNP_LD_LEN);
	b->version = SEV_ID_BLOCK_VERSION;
	b->policy = SEV_SNP_POLICY_DEFAULT;
}

void sev_id_block_encode(const struct sev_id_block *b, uint8_t out[SEV_ID_BLOCK_LEN])
{
	memcpy(out, b->ld, SEV_SNP_LD_LEN);
	memcpy(out + 0x30, b->family_id, 16);
	memcpy(out + 0x40, b->image_id, 16);
	sk_put_le32(out + 0x50, b->version);
	sk_put_le32(out + 0x54, b->guest_svn);
	sk_put_le64(out + 0x58, b->policy);
}

int sev_id_block_parse(const uint8_t *buf, size_t len, struct sev_id_block *b)
{
	struct sk_reader r;
	int rc;

	memset(b, 0, sizeof(*b));
	sk_reader_init(&r, buf, len, "ID block");
	if (len != SEV_ID_BLOCK_LEN)
		return sk_reader_reject(&r, 0, "size", "%zu bytes, an ID block has %d", len,
					SEV_ID_BLOCK_LEN);
	if ((rc = sk_read_bytes(&r, b->ld, SEV_SNP_LD_LEN, "launch digest")) ||
	    (rc = sk_read_bytes(&r, b->family_id, 16, "family id")) ||
	    (rc = sk_read_bytes(&r, b->image_id, 16, "image id")) ||
	    (rc = sk_read_u32(&r, &b->version, "version")) ||
	    (rc = sk_read_u32(&r, &b->guest_svn, "guest svn")) ||
	    (rc = sk_read_u64(&r, &b->policy, "policy")))
		return rc;
	if (b->version != SEV_ID_BLOCK_VERSION)
		return sk_reader_reject(&r, 0x50, "version", "%u is not supported (1 is)",
					b->version);
	return 0;
}

int sev_id_key_from_pem(const uint8_t *pem, size_t len, struct sev_id_key **key)
{
	struct sev_id_key *k = calloc(1, sizeof(*k));
	int rc;

	*key = NULL;
	if (!k)
		return -ENOMEM;
	if ((rc = sk_ec_key_from_pem(pem, len, SK_P384, &k->key))) {
		free(k);
		return rc;
	}
	*key = k;
	return 0;
}

void sev_id_key_free(struct sev_id_key *key)
{
	if (!key)
		return;
	sk_key_free(key->key);
	free(key);
}

int sev_id_key_public(const struct sev_id_key *key, uint8_t pub[SEV_ECDSA_PUBKEY_LEN])
{
	uint8_t x[COORD_LEN], y[COORD_LEN];
	int rc = sk_ec_get_xy(key->key, SK_P384, x, y);

	if (rc)
		return rc;
	memset(pub, 0, SEV_ECDSA_PUBKEY_LEN);
	sk_put_le32(pub, CURVE_P384);
	sk_reverse_copy(pub + PUB_QX, x, COORD_LEN);
	sk_reverse_copy(pub + PUB_QY, y, COORD_LEN);
	return 0;
}

int sev_id_key_digest(const uint8_t pub[SEV_ECDSA_PUBKEY_LEN], uint8_t digest[SEV_SNP_LD_LEN])
{
	/* the whole encoding, reserved zeros included */
	return sk_sha384(pub, SEV_ECDSA_PUBKEY_LEN, digest);
}

int sev_id_sign(const struct sev_id_key *key, const uint8_t *msg, size_t len,
		uint8_t sig[SEV_ECDSA_SIG_LEN])
{
	uint8_t r[COORD_LEN], s[COORD_LEN];
	int rc = sk_ecdsa_sign(key->key, SK_SHA384, msg, len, r, s);

	if (rc)
		return rc;
	memset(sig, 0, SEV_ECDSA_SIG_LEN);
	sk_reverse_copy(sig + SIG_R, r, COORD_LEN);
	sk_reverse_copy(sig + SIG_S, s, COORD_LEN);
	return 0;
}

static int pub_key(const uint8_t pub[SEV_ECDSA_PUBKEY_LEN], struct sk_key **key)
{
	uint8_t x[COORD_LEN], y[COORD_LEN];
	struct sk_reader r;
	uint32_t curve;
	int rc;

	sk_reader_init(&r, pub, SEV_ECDSA_PUBKEY_LEN, "SEV ECDSA public key");
	if ((rc = sk_read_u32(&r, &curve, "curve")))
		return rc;
	if (curve != CURVE_P384)
		return sk_reader_reject(&r, 0, "curve", "%u is not P-384 (2)", curve);
	if ((rc = sk_read_p384_le(&r, x, "qx")) || (rc = sk_read_p384_le(&r, y, "qy")) ||
	    (rc = sk_read_zero(&r, SEV_ECDSA_PUBKEY_LEN - PUB_RESERVED, "reserved")))
		return rc;
	return sk_ec_from_xy(SK_P384, x, y, key) ? sk_fail(SEV_E_FORMAT, "SEV ECDSA public "
							   "key: not a point of P-384") : 0;
}

int sev_id_verify(const uint8_t pub[SEV_ECDSA_PUBKEY_LEN], const uint8_t *msg, size_t len,
		  const uint8_t sig[SEV_ECDSA_SIG_LEN])
{
	uint8_t r[COORD_LEN], s[COORD_LEN];
	struct sk_key *key = NULL;
	struct sk_reader rd;
	int rc;

	sk_reader_init(&rd, sig, SEV_ECDSA_SIG_LEN, "SEV ECDSA signature");
	if ((rc = sk_read_p384_sig_le(&rd, r, s, "r", "s")) ||
	    (rc = pub_key(pub, &key)))
		return rc;
	rc = sk_ecdsa_verify(key, SK_SHA384, msg, len, r, s);
	sk_key_free(key);
	return rc;
}

void sev_id_auth_encode(const struct sev_id_auth *a, uint8_t out[SEV_ID_AUTH_LEN])
{
	memset(out, 0, SEV_ID_AUTH_LEN);
	sk_put_le32(out, a->id_key_algo);
	sk_put_le32(out + 4, a->auth_key_algo);
	memcpy(out + AUTH_ID_BLOCK_SIG, a->id_block_sig, SEV_ECDSA_SIG_LEN);
	memcpy(out + AUTH_ID_KEY, a->id_key, SEV_ECDSA_PUBKEY_LEN);
	if (!a->has_author_key)
		return;
	memcpy(out + AUTH_ID_KEY_SIG, a->id_key_sig, SEV_ECDSA_SIG_LEN);
	memcpy(out + AUTH_AUTHOR_KEY, a->author_key, SEV_ECDSA_PUBKEY_LEN);
}

static int read_algo(struct sk_reader *r, uint32_t *algo, const char *field)
{
	size_t at = r->off;
	int rc = sk_read_u32(r, algo, field);

	if (!rc && *algo != ALGO_ECDSA_P384_SHA384 && *algo != 0)
		return sk_reader_reject(r, at, field, "%u is not ECDSA P-384 with SHA-384 (1)",
					*algo);
	return rc;
}

int sev_id_auth_parse(const uint8_t *buf, size_t len, struct sev_id_auth *a)
{
	struct sk_reader r;
	int rc;

	memset(a, 0, sizeof(*a));
	sk_reader_init(&r, buf, len, "ID authentication");
	if (len != SEV_ID_AUTH_LEN)
		return sk_reader_reject(&r, 0, "size", "%zu bytes, the structure has %d", len,
					SEV_ID_AUTH_LEN);
	if ((rc = read_algo(&r, &a->id_key_algo, "id key algorithm")) ||
	    (rc = read_algo(&r, &a->auth_key_algo, "author key algorithm")) ||
	    (rc = sk_read_zero(&r, AUTH_ID_BLOCK_SIG - 8, "reserved")) ||
	    (rc = sk_read_bytes(&r, a->id_block_sig, SEV_ECDSA_SIG_LEN, "id block signature")) ||
	    (rc = sk_read_bytes(&r, a->id_key, SEV_ECDSA_PUBKEY_LEN, "id key")) ||
	    (rc = sk_read_zero(&r, AUTH_ID_KEY_SIG - AUTH_ID_KEY - SEV_ECDSA_PUBKEY_LEN,
			       "reserved")) ||
	    (rc = sk_read_bytes(&r, a->id_key_sig, SEV_ECDSA_SIG_LEN, "id key signature")) ||
	    (rc = sk_read_bytes(&r, a->author_key, SEV_ECDSA_PUBKEY_LEN, "author key")) ||
	    (rc = sk_read_zero(&r, sk_reader_left(&r), "reserved")))
		return rc;
	if (a->id_key_algo != ALGO_ECDSA_P384_SHA384)
		return sk_reader_reject(&r, 0, "id key algorithm", "0: no ID key");
	a->has_author_key = !sk_all_zero(a->author_key, SEV_ECDSA_PUBKEY_LEN);
	if (a->has_author_key && a->auth_key_algo != ALGO_ECDSA_P384_SHA384)
		return sk_reader_reject(&r, 4, "author key algorithm", "0 with an author key");
	return 0;
}

int sev_id_auth_create(const uint8_t id_block[SEV_ID_BLOCK_LEN], const struct sev_id_key *id_key,
		       const struct sev_id_key *author_key, struct sev_id_auth *a)
{
	int rc;

	memset(a, 0, sizeof(*a));
	a->id_key_algo = ALGO_ECDSA_P384_SHA384;
	a->auth_key_algo = ALGO_ECDSA_P384_SHA384;
	if ((rc = sev_id_key_public(id_key, a->id_key)) ||
	    (rc = sev_id_sign(id_key, id_block, SEV_ID_BLOCK_LEN, a->id_block_sig)))
		return rc;
	if (!author_key)
		return 0;
	a->has_author_key = true;
	if ((rc = sev_id_key_public(author_key, a->author_key)))
		return rc;
	return sev_id_sign(author_key, a->id_key, SEV_ECDSA_PUBKEY_LEN, a->id_key_sig);
}

int sev_id_auth_verify(const uint8_t id_block[SEV_ID_BLOCK_LEN], const struct sev_id_auth *a)
{
	int rc = sev_id_verify(a->id_key, id_block, SEV_ID_BLOCK_LEN, a->id_block_sig);

	if (rc == SEV_E_VERIFY)
		return sk_fail(rc, "ID block signature: does not verify with the ID key");
	if (rc || !a->has_author_key)
		return rc;
	rc = sev_id_verify(a->author_key, a->id_key, SEV_ECDSA_PUBKEY_LEN, a->id_key_sig);
	if (rc == SEV_E_VERIFY)
		return sk_fail(rc, "ID key signature: does not verify with the author key");
	return rc;
}
