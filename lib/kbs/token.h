/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attestation token: an EAR (draft-ietf-rats-ear) claims set in a JWT
 * (RFC 7519) that the broker signs with its P-256 key (ES256). It carries the
 * verdict, the SNP report that was appraised and the guest's tee-pubkey:
 *   {"eat_profile", "iat", "exp", "ear.verifier-id",
 *    "submods": {"cpu0": {"ear.status": "affirming", "ear.appraisal-policy-id",
 *      "ear.veraison.annotated-evidence": {"report_data": hex,
 *        "snp": {"report": base64 of the 1184 bytes, "version", "vmpl", "policy",
 *                "measurement", "chip_id", "report_data", "host_data" (hex)},
 *        "runtime_data_claims": {"tee-pubkey": JWK}}},
 *      "gpu0": {"ear.status": "affirming", "ear.appraisal-policy-id",
 *        "ear.veraison.annotated-evidence": {"nvidia": {"arch", "uuid", "driver_version",
 *          "vbios_version", "fwid", "rims_matched"}}}, "gpu1": ...}}
 */
#ifndef SK_KBS_TOKEN_H
#define SK_KBS_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define SK_KBS_EAR_PROFILE "tag:github.com,2024:confidential-containers/Trustee"
/* The largest token verify reads. */
#define SK_KBS_TOKEN_MAX (64u * 1024)
/* How far iat and nbf may lie in the future (clocks of replicas differ a little). */
#define SK_KBS_TOKEN_SKEW 60

/*
 * The claims for an affirmed report, its tee-pubkey and the GPUs its additional evidence
 * proved (an array of their claims, or NULL), valid from now for ttl seconds.
 */
int sk_kbs_ear_claims(const uint8_t *report, size_t len, const json_t *tee_pubkey,
		      const json_t *gpus, int64_t now, int64_t ttl, json_t **claims);
/* The affirmed GPUs of a token's claims, in order (a new array, empty when none). */
json_t *sk_kbs_ear_gpus(const json_t *claims);
/*
 * The report and the tee-pubkey (a new reference) of a token's claims.
 * SEV_E_VERIFY when cpu0's ear.status is not "affirming", SEV_E_FORMAT when
 * a claim is missing or malformed.
 */
int sk_kbs_ear_extract(const json_t *claims, uint8_t report[1184], json_t **tee_pubkey);

/* Sign with a private EC P-256 JWK: header {"alg":"ES256","typ":"JWT"}; *jwt malloc'd. */
int sk_kbs_token_sign(const json_t *signing_jwk, const json_t *claims, char **jwt);
/*
 * Verify a compact JWT with the broker's public P-256 JWK: the header must say
 * ES256 (none, HS*, RS* ... are refused), the signature must verify, exp must
 * be after now, iat and nbf (when present) no more than SK_KBS_TOKEN_SKEW
 * after now. *claims is the payload object. SEV_E_VERIFY for a refused
 * token, SEV_E_FORMAT when it is not a JWT.
 */
int sk_kbs_token_verify(const json_t *public_jwk, const char *jwt, int64_t now, json_t **claims);

#endif
