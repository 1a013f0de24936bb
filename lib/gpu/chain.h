/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A GPU's device certificate chain, leaf first (GSP FMC -> GSP BROM -> Provisioner ICA ->
 * GH100 Identity -> NVIDIA Device Identity CA): pinned to NVIDIA's root and to ECDSA P-384
 * with SHA-384 on every link, checked at a given time, with the CRLs given, and the FWID its
 * leaf carries.
 */
#ifndef SK_GPU_CHAIN_H
#define SK_GPU_CHAIN_H

#include <stdbool.h>
#include <time.h>

#include "gpu/result.h"

#define SK_GPU_CHAIN_MAX 8
#define SK_GPU_FWID_LEN 48

struct sk_x509;
struct sk_x509_crl;

struct sk_gpu_chain {
	struct sk_x509 *cert[SK_GPU_CHAIN_MAX];
	size_t n;
	bool has_fwid;
	uint8_t fwid[SK_GPU_FWID_LEN];
};

struct sk_ocsp;

/* What may say a certificate of the chain is revoked: CRLs and OCSP responses, given as files. */
struct sk_gpu_crl {
	char name[64];
	struct sk_x509_crl *crl;
};

struct sk_gpu_ocsp {
	char name[64];
	struct sk_ocsp *resp;
};

struct sk_gpu_revocation {
	const struct sk_gpu_crl *crl;
	size_t n_crl;
	const struct sk_gpu_ocsp *ocsp;
	size_t n_ocsp;
};

/* Load PEM certificates (at most SK_GPU_CHAIN_MAX) and the leaf's FWID, if it has one. */
int sk_gpu_chain_load(const uint8_t *pem, size_t len, struct sk_gpu_chain *c);
void sk_gpu_chain_free(struct sk_gpu_chain *c);
/*
 * Every check of the chain at time at, each failure listed in res: at least two certificates,
 * the last one root (NULL: NVIDIA's Device Identity CA), each link signed by the next with ECDSA P-384
 * SHA-384 and issued by a CA, every certificate valid at at, OpenSSL's path validation, each
 * CRL (signed by a CA of the chain, current at at) not listing a certificate it covers, and
 * each OCSP response (signed by the issuer or its responder, current) saying "good" of every
 * certificate it speaks of. Returns 0 when the chain holds; *revocation_checked says whether
 * a CRL or a response covered a certificate of it.
 */
int sk_gpu_chain_verify(const struct sk_gpu_chain *c, const struct sk_x509 *root, time_t at,
			const struct sk_gpu_revocation *rev, bool *revocation_checked,
			struct sev_gpu_result *res);

#endif
