/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV platform commands of the firmware behind /dev/sev (lib/sev/): status,
 * reset, key generation, the certificate chain, ownership, the chip identifier.
 */
#ifndef SEVKIT_PLATFORM_H
#define SEVKIT_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/cert.h>
#include <sevkit/error.h>
#include <sevkit/snp.h>

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

/* ---- SEV-SNP platform commands (/dev/sev, Linux 6.9 and later) ---------------------------- */

/* The bits of SNP_PLATFORM_STATUS's word at 0x08 (struct sev_user_data_snp_status). */
#define SEV_SNP_STATUS_MASK_CHIP_ID 0x01u    /* reports carry a zero CHIP_ID */
#define SEV_SNP_STATUS_MASK_CHIP_KEY 0x02u   /* reports are not signed */
#define SEV_SNP_STATUS_VLEK_EN 0x04u         /* a VLEK is loaded and signs reports */
#define SEV_SNP_STATUS_FEATURE_INFO 0x08u    /* SNP_FEATURE_INFO is available */
#define SEV_SNP_STATUS_RAPL_DIS 0x10u        /* RAPL is disabled */
#define SEV_SNP_STATUS_CIPHERTEXT_HIDING_CAP 0x20u
#define SEV_SNP_STATUS_CIPHERTEXT_HIDING_EN 0x40u

struct sev_snp_platform_status {
	size_t size; /* SEV_INIT */
	uint8_t api_major;
	uint8_t api_minor;
	uint8_t state;            /* SEV_STATE_UNINIT or SEV_STATE_INIT */
	bool rmp_initialized;
	uint32_t build_id;
	uint32_t flags;           /* SEV_SNP_STATUS_* as the firmware set them */
	uint32_t guest_count;
	uint64_t current_tcb;     /* the firmware running now */
	uint64_t reported_tcb;    /* what reports carry and VCEKs are derived from */
	uint32_t cpuid1_eax;      /* of the processor (0 when not known) */
	enum sev_snp_product product; /* from cpuid1_eax; decides the TCB layout */
};

/*
 * SNP_PLATFORM_STATUS. The committed TCB is not part of it (neither the
 * kernel's structure nor the firmware's): a guest's report carries it.
 * SEV_E_DEVICE, with one line, on a kernel or platform without SEV-SNP.
 */
SEV_API int sev_snp_platform_status(struct sev_platform *p, struct sev_snp_platform_status *s);
/*
 * SNP_COMMIT: the current firmware and TCB become the committed (minimum)
 * ones; older firmware can no longer be loaded. One-way.
 */
SEV_API int sev_snp_platform_commit(struct sev_platform *p);

struct sev_snp_platform_config {
	uint64_t reported_tcb;
	bool mask_chip_id;
	bool mask_chip_key;
};

/*
 * SNP_SET_CONFIG. A reported TCB with an SPL above the current TCB's is
 * refused before anything is sent (reports would claim firmware the host
 * does not run): SEV_E_INVALID.
 */
SEV_API int sev_snp_platform_set_config(struct sev_platform *p,
					const struct sev_snp_platform_config *c);

/*
 * Check a certificate table against this platform before it is installed:
 * one VCEK or VLEK and every certificate in its role's slot (the ASVK in the
 * ASK's beside a VLEK); the VCEK/VLEK chains to AMD's ARK of the platform's
 * product (through the table's ASK/ASVK or the builtin one); a VCEK's hwID
 * is this chip's identifier (GET_ID2); its TCB is the platform's reported
 * TCB; it is the key that signs the reports (a VLEK while one is loaded, else
 * the VCEK). The chain is checked before the device is asked anything; then
 * only status and identifier are read. 0, SEV_E_VERIFY with the reason
 * logged, or another error.
 */
SEV_API int sev_snp_platform_check_certs(struct sev_platform *p, const uint8_t *table,
					 size_t len);
/*
 * Whether a table being served still goes with the platform after its
 * reported TCB or VLEK changed: 0 when it is empty or its VCEK/VLEK has the
 * reported TCB and is the signing key, SEV_E_VERIFY (not logged) when not.
 */
SEV_API int sev_snp_platform_certs_current(struct sev_platform *p, const uint8_t *table,
					   size_t len);

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
