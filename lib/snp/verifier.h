/* SPDX-License-Identifier: Apache-2.0 */
/* The verifier's state, shared by verifier.c (inputs), chain.c and verify.c. */
#ifndef SK_SNP_VERIFIER_H
#define SK_SNP_VERIFIER_H

#include "snp-internal.h"

struct sev_snp_verifier {
	enum sev_snp_product product; /* asked for; UNKNOWN: from the VCEK */
	struct sk_x509 *anchor_ark;   /* an ARK the user trusts instead of the builtin one */
	struct sk_x509 *given_ark;    /* an ARK from an untrusted source: must equal the anchor */
	struct sk_x509 *ask;          /* ASK: signs VCEKs */
	struct sk_x509 *asvk;         /* ASVK: signs VLEKs */
	struct sk_x509 *vek;          /* VCEK or VLEK */
	struct sk_x509_crl *crl[SEV_SNP_CRL_MAX]; /* every one is applied */
	size_t n_crl;
	bool require_crl;
	bool has_time;
	time_t at;
	struct sk_x509 *builtin_ark, *builtin_ask; /* loaded when not given */
	/* the chain, checked once: later reports only need the ECDSA check */
	bool prepared;
	int prepared_rc;
	struct sk_key *vek_key;
	struct sk_ecdsa_verifier *report_check; /* vek_key, set up for report signatures */
	struct sev_snp_verify_info info;
};

/* Check the chain (once) and cache its key; the result of the first check is kept. */
int sk_snp_chain_prepare(struct sev_snp_verifier *v);
void sk_snp_chain_reset(struct sev_snp_verifier *v);

#endif
