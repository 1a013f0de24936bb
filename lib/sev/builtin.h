/* SPDX-License-Identifier: Apache-2.0 */
/* The builtin AMD roots, for the chain parser and verifier. */
#ifndef SK_SEV_BUILTIN_H
#define SK_SEV_BUILTIN_H

#include <stdbool.h>

#include <sevkit/cert.h>

/* Same signed region (header, exponent, modulus): the same certificate, signature aside. */
bool sk_ca_cert_same_body(const struct sev_ca_cert *a, const struct sev_ca_cert *b);

/*
 * If c is AMD's Naples ARK as published, without its signature, append the
 * signature AMD gave out separately and return true. Otherwise leave c as is.
 */
bool sk_ca_cert_add_known_signature(struct sev_ca_cert *c);

#endif
