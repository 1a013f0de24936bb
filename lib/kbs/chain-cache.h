/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Verified certificate chains, kept for a short while. A fleet's attestations come from
 * few chips, whose VCEK, ASK and ARK arrive byte for byte the same each time, and parsing
 * and checking those certificates is most of an attestation's CPU time. A verifier that
 * has verified a report is kept under the SHA-256 of the certificates it was given (and of
 * the anchor that accepted them); the next report with the same certificates is checked by
 * that verifier, whose chain is already checked: only the report's signature and its
 * binding to the VCEK (chip id, TCB) remain. A kept chain is used for SK_KBS_CHAIN_TTL
 * seconds at most, so a certificate's validity is enforced within that much time; the
 * CRLs and anchors are the server's, fixed for its life.
 */
#ifndef SK_KBS_CHAIN_CACHE_H
#define SK_KBS_CHAIN_CACHE_H

#include <stdint.h>

#include <sevkit/snp.h>

#define SK_KBS_CHAIN_TTL 60
#define SK_KBS_CHAIN_SLOTS 64

struct sk_kbs_chain_cache; /* safe to use from many threads at once */

int sk_kbs_chain_cache_new(struct sk_kbs_chain_cache **c);
void sk_kbs_chain_cache_free(struct sk_kbs_chain_cache *c);
/*
 * Verify r with the verifier kept under key: -ENOENT when there is none (or it is older
 * than the TTL), else sev_snp_verify's result. c NULL: -ENOENT.
 */
int sk_kbs_chain_cache_verify(struct sk_kbs_chain_cache *c, const uint8_t key[32], int64_t now,
			      const struct sev_snp_report *r);
/* Keep v (taken: the cache frees it), which has just verified a report, under key. */
void sk_kbs_chain_cache_keep(struct sk_kbs_chain_cache *c, const uint8_t key[32], int64_t now,
			     struct sev_snp_verifier *v);

#endif
