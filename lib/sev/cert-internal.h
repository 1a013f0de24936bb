/* SPDX-License-Identifier: Apache-2.0 */
/* Keys and signatures of SEV certificates, for the library's own use. */
#ifndef SK_SEV_CERT_INTERNAL_H
#define SK_SEV_CERT_INTERNAL_H

#include <sevkit/cert.h>

#include "crypto/pkey.h"

/* Offsets inside the 0x824-byte SEV certificate. */
#define SEV_OFF_VERSION 0x000
#define SEV_OFF_API_MAJOR 0x004
#define SEV_OFF_API_MINOR 0x005
#define SEV_OFF_RESERVED 0x006
#define SEV_OFF_USAGE 0x008
#define SEV_OFF_ALGO 0x00c
#define SEV_OFF_KEY 0x010
#define SEV_OFF_SIG(slot) ((slot) ? 0x61c : 0x414)
#define SEV_SIG_DATA 8        /* signature data after usage and algo */
#define SEV_SIG_SIZE 0x200
#define SEV_EC_COORD 72       /* qx, qy, r, s are zero-padded to 72 bytes */

/* The hash an algorithm names (SHA-256 or SHA-384). */
enum sk_hash_alg sk_sev_algo_hash(uint32_t algo);

/* The public key of a certificate. */
int sk_sev_cert_pubkey(const struct sev_cert *cert, struct sk_key **key);
int sk_ca_cert_pubkey(const struct sev_ca_cert *cert, struct sk_key **key);

/*
 * Check the signature in one slot of cert with the signer's key and
 * algorithm. 0 when valid, SEV_E_VERIFY when not.
 */
int sk_sev_cert_check_slot(const struct sev_cert *cert, int slot, const struct sk_key *signer);
/*
 * A SEV certificate (OCA, CEK, PEK) signs another: NULL when a slot naming the
 * signer's usage and algorithm verifies with its key, else why not (static text).
 */
const char *sk_sev_signs(const struct sev_cert *signer, const struct sev_cert *signee);
/* Check an ARK or ASK signature with the signer's (ARK's) key. */
int sk_ca_cert_check(const struct sev_ca_cert *cert, const struct sk_key *signer);

/*
 * Build a certificate for an EC key (P-384): version 1, both signature slots
 * empty. The result is parsed into cert, so it is always well-formed.
 */
int sk_sev_cert_build(struct sev_cert *cert, uint32_t usage, uint32_t algo, uint8_t api_major,
		      uint8_t api_minor, const struct sk_key *key);
/* Sign the body into a slot with an ECDSA key (algo ECDSA_SHA256 or _SHA384). */
int sk_sev_cert_sign(struct sev_cert *cert, int slot, uint32_t signer_usage, uint32_t algo,
		     const struct sk_key *signer);

#endif
