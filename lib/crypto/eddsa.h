/* SPDX-License-Identifier: Apache-2.0 */
/* Ed25519 signatures (RFC 8032), as the key broker's admin tokens carry them. */
#ifndef SK_EDDSA_H
#define SK_EDDSA_H

#include <stddef.h>
#include <stdint.h>

/* An Ed25519 public key from PEM (SubjectPublicKeyInfo). SEV_E_FORMAT when it is not one. */
int sk_ed25519_check_pem(const uint8_t *pem, size_t len);
/* 0 when sig (64 bytes) is pem's signature of msg; SEV_E_VERIFY when not. */
int sk_ed25519_verify(const uint8_t *pem, size_t len, const void *msg, size_t msg_len,
		      const uint8_t *sig, size_t sig_len);

#endif
