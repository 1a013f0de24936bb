/* SPDX-License-Identifier: Apache-2.0 */
/* Inside lib/crypto only: the OpenSSL certificate behind a struct sk_x509. */
#ifndef SK_X509_INTERNAL_H
#define SK_X509_INTERNAL_H

#include <openssl/x509.h>

#include "crypto/x509.h"

X509 *sk_x509_raw(const struct sk_x509 *c);

#endif
