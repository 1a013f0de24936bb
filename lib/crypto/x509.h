/* SPDX-License-Identifier: Apache-2.0 */
/*
 * X.509 certificates and CRLs through OpenSSL: loading (PEM or DER), names,
 * validity, extensions, and signatures pinned to one scheme: RSASSA-PSS with
 * SHA-384, MGF1-SHA-384 and a 48-byte salt (the only one AMD's SNP chains
 * use), or ECDSA P-384 with SHA-384 (the only one NVIDIA's chains use).
 */
#ifndef SK_X509_H
#define SK_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sevkit/error.h>

#include "crypto/pkey.h"

struct sk_x509;
struct sk_x509_crl;

/* One certificate in DER. */
int sk_x509_from_der(const uint8_t *der, size_t len, struct sk_x509 **out);
/* PEM with one or more certificates, or one DER certificate; at most max. */
int sk_x509_load(const uint8_t *buf, size_t len, struct sk_x509 **out, size_t max, size_t *n);
void sk_x509_free(struct sk_x509 *c);
/* The certificate's own DER encoding. */
void sk_x509_der(const struct sk_x509 *c, const uint8_t **der, size_t *len);
bool sk_x509_equal(const struct sk_x509 *a, const struct sk_x509 *b);

/* An attribute ("CN", "O", "OU", "L", "ST", "C") of the subject or issuer name. */
int sk_x509_subject_attr(const struct sk_x509 *c, const char *attr, char *buf, size_t n);
int sk_x509_issuer_attr(const struct sk_x509 *c, const char *attr, char *buf, size_t n);
/* The whole subject or issuer name on one line, as `openssl x509 -text` prints it. */
int sk_x509_subject_text(const struct sk_x509 *c, char *buf, size_t n);
int sk_x509_issuer_text(const struct sk_x509 *c, char *buf, size_t n);
/* The signature algorithm as OpenSSL names it: "rsassaPss (sha384)", "ecdsa-with-SHA384". */
void sk_x509_sig_algo(const struct sk_x509 *c, char *buf, size_t n);
/* True when the issuer name of c is the subject name of issuer. */
bool sk_x509_named_by(const struct sk_x509 *c, const struct sk_x509 *issuer);
int sk_x509_times(const struct sk_x509 *c, time_t *not_before, time_t *not_after);
/* The serial number as lower-case hex without leading zeros. */
int sk_x509_serial_hex(const struct sk_x509 *c, char *buf, size_t n);
int sk_x509_pubkey(const struct sk_x509 *c, struct sk_key **key);

enum sk_x509_scheme {
	SK_X509_RSA_PSS_SHA384,   /* RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48 */
	SK_X509_ECDSA_P384_SHA384, /* ecdsa-with-SHA384 by a P-384 key */
};

/*
 * 0 when c is signed by issuer's key with that scheme, SEV_E_VERIFY when the
 * signature or its algorithm is not that.
 */
int sk_x509_verify(const struct sk_x509 *c, const struct sk_x509 *issuer,
		   enum sk_x509_scheme scheme);
int sk_x509_verify_pss384(const struct sk_x509 *c, const struct sk_x509 *issuer);
/* True when basicConstraints says c is a CA. */
bool sk_x509_is_ca(const struct sk_x509 *c);

/*
 * The value (the OCTET STRING contents) of the extension with this dotted
 * OID: -ENOENT when absent, SEV_E_FORMAT when present more than once.
 */
int sk_x509_ext(const struct sk_x509 *c, const char *oid, const uint8_t **data, size_t *len);

/* A CRL in PEM (the first one) or DER. */
int sk_x509_crl_load(const uint8_t *buf, size_t len, struct sk_x509_crl **out);
/* Every CRL of a PEM file (at least one), or one DER CRL; at most max. */
int sk_x509_crl_load_all(const uint8_t *buf, size_t len, struct sk_x509_crl **out, size_t max,
			 size_t *n);
/*
 * What a file holds, from its contents, without logging: PEM certificate
 * and/or CRL blocks, or one DER certificate or CRL.
 */
void sk_x509_probe(const uint8_t *buf, size_t len, bool *certs, bool *crls);
void sk_x509_crl_free(struct sk_x509_crl *crl);
bool sk_x509_crl_named_by(const struct sk_x509_crl *crl, const struct sk_x509 *issuer);
int sk_x509_crl_verify(const struct sk_x509_crl *crl, const struct sk_x509 *issuer,
		       enum sk_x509_scheme scheme);
int sk_x509_crl_verify_pss384(const struct sk_x509_crl *crl, const struct sk_x509 *issuer);
/* next_update is 0 when the CRL has none. */
int sk_x509_crl_times(const struct sk_x509_crl *crl, time_t *this_update, time_t *next_update);
/* True when the CRL lists the serial number of c. */
bool sk_x509_crl_revokes(const struct sk_x509_crl *crl, const struct sk_x509 *c);

/*
 * OpenSSL's path validation (RFC 5280, X509_V_FLAG_X509_STRICT) of chain[0] through
 * chain[1..n-1] to anchor, the only trusted certificate, at time at: constraints, key usage and
 * times as OpenSSL checks them. SEV_E_VERIFY with OpenSSL's reason in why.
 */
int sk_x509_path_verify(struct sk_x509 *const *chain, size_t n, const struct sk_x509 *anchor,
			time_t at, char *why, size_t why_len);

/* Parse "YYYY-MM-DD[THH:MM:SS[Z]]" (UTC) or "@SECONDS". */
int sk_time_parse(const char *text, time_t *t);
/* "YYYY-MM-DDTHH:MM:SSZ" */
void sk_time_format(time_t t, char *buf, size_t n);

#endif
