/* SPDX-License-Identifier: Apache-2.0 */
/* The deterministic core of a session, for known-answer tests. */
#ifndef SK_SEV_SESSION_INTERNAL_H
#define SK_SEV_SESSION_INTERNAL_H

#include <sevkit/session.h>

/*
 * Fill the session buffer from the ECDH shared secret z and the given nonce,
 * wrap IV, TEK, TIK and policy.
 */
int sk_session_seal(const uint8_t *z, size_t z_len, const uint8_t nonce[16],
		    const uint8_t wrap_iv[16], const uint8_t tek[16], const uint8_t tik[16],
		    uint32_t policy, uint8_t blob[SEV_SESSION_BLOB_SIZE]);

#endif
