/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV platform commands of the firmware behind /dev/sev (lib/sev/): status,
 * reset, key generation, the certificate chain, ownership, the chip identifier.
 */
#ifndef SEVKIT_PLATFORM_H
#define SEVKIT_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include <sevkit/cert.h>
#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- SEV platform commands (/dev/sev) ---------------------------------------------------- */

struct sev_platform;

#define SEV_DEVICE_DEFAULT "/dev/sev"

/*
 * Open the SEV device node (read-write, or read-only when only that is
 * permitted: then status, export and id still work). A device of the form
 * "fake:DIR" opens a replayed platform described by DIR/platform.json, for
 * tests and to reproduce a report. Returns -errno when the node cannot be
 * opened, without logging: the caller words the message.
 */
SEV_API int sev_platform_open(const char *device, struct sev_platform **platform);
SEV_API void sev_platform_close(struct sev_platform *platform);

enum sev_platform_state {
	SEV_STATE_UNINIT = 0,
	SEV_STATE_INIT = 1,
	SEV_STATE_WORKING = 2,
};

#define SEV_STATUS_FLAG_OWNED 0x0001u
#define SEV_STATUS_FLAG_ES 0x0100u

struct sev_platform_status {
	uint8_t api_major;
	uint8_t api_minor;
	uint8_t state;
	uint8_t build;
	uint32_t flags;
	uint32_t guest_count;
};

SEV_API const char *sev_platform_state_name(uint8_t state); /* "UNINIT", "INIT", "WORKING" */

SEV_API int sev_platform_status(struct sev_platform *p, struct sev_platform_status *status);
SEV_API int sev_platform_reset(struct sev_platform *p);
SEV_API int sev_platform_pdh_gen(struct sev_platform *p);
SEV_API int sev_platform_pek_gen(struct sev_platform *p);
/* The certificate signing request of the current PEK (one SEV certificate). */
SEV_API int sev_platform_pek_csr(struct sev_platform *p, uint8_t csr[SEV_CERT_SIZE]);
/* The PDH and its chain PEK, OCA, CEK, in that order: 4 * SEV_CERT_SIZE bytes. */
SEV_API int sev_platform_export(struct sev_platform *p, uint8_t chain[4 * SEV_CERT_SIZE]);
/*
 * Take ownership: import a PEK signed by the OCA, and the OCA. Unless the OCA
 * signed itself and the PEK (sev_pek_check_oca), nothing is sent: SEV_E_VERIFY.
 */
SEV_API int sev_platform_pek_import(struct sev_platform *p, const uint8_t pek[SEV_CERT_SIZE],
				    const uint8_t oca[SEV_CERT_SIZE]);

#define SEV_ID_MAX 256

/* The chip identifier (64 bytes per socket), as AMD's key server indexes CEKs. */
SEV_API int sev_platform_get_id(struct sev_platform *p, uint8_t id[SEV_ID_MAX], size_t *len);

/*
 * The firmware status of the last command (0 = success). A command the
 * firmware refused returns SEV_E_DEVICE and logs the status by name.
 */
SEV_API uint32_t sev_platform_fw_error(const struct sev_platform *p);
/* "INVALID_PLATFORM_STATE" for 0x0001, ...; NULL for a code without a name. */
SEV_API const char *sev_fw_error_name(uint32_t code);

#ifdef __cplusplus
}
#endif
#endif
