/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The binding of the challenge nonce and the guest's key into SNP
 * REPORT_DATA, as trustee's broker checks it: the hash of the RFC 8785 form of
 * {"additional-evidence": s, "nonce": s, "tee-pubkey": jwk}, then zero bytes
 * up to 64 (SHA-384 and SHA-256 leave 16 and 32 of them, SHA-512 none).
 */
#ifndef SK_KBS_BINDING_H
#define SK_KBS_BINDING_H

#include <stdint.h>

#include <jansson.h>

enum sk_kbs_hash { SK_KBS_SHA384 = 0, SK_KBS_SHA256, SK_KBS_SHA512 };

/* "sha384", "sha256", "sha512" (exactly, lower case); SEV_E_INVALID otherwise. */
int sk_kbs_hash_parse(const char *name, enum sk_kbs_hash *h);
/* The name sk_kbs_hash_parse() takes; NULL for a value out of the enum. */
const char *sk_kbs_hash_name(enum sk_kbs_hash h);
/*
 * REPORT_DATA for this nonce, key and additional evidence ("" when there is
 * none: the member is always present). The key is hashed as given, after
 * canonicalization; checking it is the caller's business. SEV_E_INVALID for
 * a NULL argument or a tee_pubkey that is not an object, SEV_E_FORMAT from
 * canonicalization (invalid UTF-8).
 */
int sk_kbs_report_data(enum sk_kbs_hash h, const char *nonce, const json_t *tee_pubkey,
		       const char *additional_evidence, uint8_t out[64]);

/*
 * The nonce a device (a GPU) must answer, as trustee's attestation service gives it to the
 * device's verifier: the first 32 bytes of SHA-384(JCS({"nonce": s, "tee-pubkey": jwk})),
 * always SHA-384 whatever hash the session uses for REPORT_DATA.
 */
int sk_kbs_device_nonce(const char *nonce, const json_t *tee_pubkey, uint8_t out[32]);

#endif
