/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Revocation without a network (RFC 6960, RFC 5280): where a certificate's CRLs and OCSP
 * responder are, the OCSP request to send there, and the responses an operator fetched, given
 * back as files and checked: signed by the issuer or a responder it delegated to, current at a
 * given time, and what they say of a certificate.
 */
#ifndef SK_OCSP_H
#define SK_OCSP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct sk_x509;
struct sk_ocsp;

#define SK_URL_MAX 256

/* The URIs of c's CRL distribution points (at most max); *n may be 0. */
int sk_x509_crl_urls(const struct sk_x509 *c, char (*urls)[SK_URL_MAX], size_t max, size_t *n);
/* The OCSP responder URI of c's authority information access; -ENOENT when it has none. */
int sk_x509_ocsp_url(const struct sk_x509 *c, char url[SK_URL_MAX]);
/* A DER OCSPRequest for c, issued by issuer (CertID with SHA-384, no nonce). */
int sk_ocsp_request(const struct sk_x509 *c, const struct sk_x509 *issuer, uint8_t **der,
		    size_t *len);

enum sk_ocsp_status { SK_OCSP_GOOD, SK_OCSP_REVOKED, SK_OCSP_UNKNOWN };

/* A DER OCSPResponse; SEV_E_FORMAT when it is not one. */
int sk_ocsp_load(const uint8_t *der, size_t len, struct sk_ocsp **r);
void sk_ocsp_free(struct sk_ocsp *r);
/*
 * What r says of c, issued by issuer: -ENOENT when it says nothing of c (no CertID of c with
 * SHA-1, SHA-256 or SHA-384). SEV_E_VERIFY, with the reason in why, when the response is not
 * successful, not signed by issuer or by a responder issuer certified for OCSP signing (whose
 * chain, in untrusted, reaches root at time at), or not current at at (thisUpdate <= at <=
 * nextUpdate, which it must have).
 */
int sk_ocsp_status(const struct sk_ocsp *r, const struct sk_x509 *c, const struct sk_x509 *issuer,
		   struct sk_x509 *const *untrusted, size_t n, const struct sk_x509 *root,
		   time_t at, enum sk_ocsp_status *status, char *why, size_t why_len);

#endif
