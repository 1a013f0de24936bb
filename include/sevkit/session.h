/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest owner's side of a SEV launch session: a fresh Diffie-Hellman key
 * (GODH) agreed with the platform's PDH, fresh transport keys (TEK, TIK), and
 * the LAUNCH_START session buffer that carries them wrapped to the firmware.
 */
#ifndef SEVKIT_SESSION_H
#define SEVKIT_SESSION_H

#include <stdint.h>

#include <sevkit/cert.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEV_SESSION_BLOB_SIZE 128
#define SEV_KEY_SIZE 16

/* Layout of the session buffer (SEV API, LAUNCH_START). */
#define SEV_SESSION_OFF_NONCE 0x00
#define SEV_SESSION_OFF_WRAP_TK 0x10
#define SEV_SESSION_OFF_WRAP_IV 0x30
#define SEV_SESSION_OFF_WRAP_MAC 0x40
#define SEV_SESSION_OFF_POLICY_MAC 0x60

struct sev_session {
	struct sev_cert godh;                  /* the guest owner's DH certificate */
	uint8_t blob[SEV_SESSION_BLOB_SIZE];   /* LAUNCH_START session buffer */
	uint8_t tek[SEV_KEY_SIZE];             /* transport encryption key (secret) */
	uint8_t tik[SEV_KEY_SIZE];             /* transport integrity key (secret) */
};

/*
 * Start a session with the platform whose PDH certificate is given. The
 * whole 32-bit policy is bound into POLICY_MAC. Call sev_session_wipe() when
 * done: the structure holds secrets (the sevkit tool keeps it in locked memory
 * left out of core dumps).
 */
SEV_API int sev_session_create(const struct sev_cert *pdh, uint32_t policy,
			       struct sev_session *session);
SEV_API void sev_session_wipe(struct sev_session *session);

#ifdef __cplusplus
}
#endif
#endif
