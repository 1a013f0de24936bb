/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Enveloped XML signatures (XML-DSig) through xmlsec1 with OpenSSL, pinned to the one form
 * NVIDIA's RIMs use: a single Signature, child of the root element, with one Reference to the
 * whole document (URI=""), C14N 1.1, SHA-384 and ECDSA P-384 SHA-384, and the key taken only
 * from the X509Data certificates, which must chain to the trusted root given.
 */
#ifndef SK_XMLDSIG_H
#define SK_XMLDSIG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct _xmlDoc;

/*
 * Initialise libxml2 and xmlsec1 once for the process (their global state is not safe to set
 * up from two threads at a time): before any thread parses XML that will be verified.
 */
int sk_xmldsig_init(void);

/*
 * 0 when doc's signature verifies with certificates valid at at (0: now) that chain to
 * root_pem; SEV_E_VERIFY with the reason in why (xmlsec's or OpenSSL's words), SEV_E_FORMAT
 * when the signature is not in the pinned form.
 */
int sk_xmldsig_verify(struct _xmlDoc *doc, const uint8_t *root_pem, size_t root_len, time_t at,
		      char *why, size_t why_len);

#endif
