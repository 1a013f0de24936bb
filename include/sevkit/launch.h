/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest owner's side of an SEV / SEV-ES launch after the measurement:
 * LAUNCH_SECRET packets carrying an OVMF secret table, and the legacy
 * (pre-SNP) ATTESTATION report signed by the platform's PEK.
 */
#ifndef SEVKIT_LAUNCH_H
#define SEVKIT_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/cert.h>
#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- LAUNCH_SECRET ------------------------------------------------------ */

#define SEV_SECRET_HEADER_LEN 52 /* u32 flags, IV[16], MAC[32] */
#define SEV_SECRET_ENTRY_OVERHEAD 20 /* GUID and u32 length, per entry and for the table */

struct sev_secret_entry {
	uint8_t guid[16]; /* EFI byte order */
	const uint8_t *data;
	size_t len;
};

/*
 * The GUID of a secret: the canonical text form, or the alias "luks-key"
 * (736869e5-84f0-4973-92ec-06879ce3da0b, the disk passphrase OVMF's
 * efisecret/grub cryptodisk read).
 */
SEV_API int sev_secret_guid(const char *alias_or_guid, uint8_t guid[16]);

/*
 * The OVMF/Linux efi_secret table: GUID 1e74f542-71dd-4d66-963e-ef4287ff173b,
 * u32 total length, then {GUID, u32 20 + len, data} per entry, zero-padded to
 * a multiple of 16 with 0 to 15 bytes (as sevctl does; libvirt's tool always
 * adds 1 to 16). Duplicate GUIDs are refused. The table is held in locked
 * memory left out of core dumps; sev_secret_free() wipes and releases it.
 */
SEV_API int sev_secret_table_build(const struct sev_secret_entry *e, size_t n, uint8_t **table,
				   size_t *len);
SEV_API void sev_secret_free(uint8_t *p, size_t len);
/*
 * Whether an OVMF image can receive a secret table of table_len bytes: its
 * footer table must name a launch secret area (SEV_E_UNSUPPORTED if not) at
 * least that large (SEV_E_TOOBIG if not). The firmware is parsed as
 * sev_ovmf_table_parse() does (<sevkit/measure.h>).
 */
SEV_API int sev_secret_area_check(const uint8_t *fw, size_t fw_len, size_t table_len);

/*
 * Seal plaintext for LAUNCH_SECRET: ciphertext = AES-128-CTR(TEK, IV), and
 * header = flags 0 || IV || HMAC-SHA256(TIK, 0x01 || flags || IV ||
 * u32 len || u32 len || ciphertext || MEASURE), MEASURE being the first 32
 * bytes of the LAUNCH_MEASURE blob. iv NULL draws a random one; a fixed IV
 * is only for reproducible tests (reusing one under a TEK leaks plaintext).
 */
SEV_API int sev_launch_secret_seal(const uint8_t tek[16], const uint8_t tik[16],
				   const uint8_t measure[32], const uint8_t *iv,
				   const uint8_t *plain, size_t len,
				   uint8_t header[SEV_SECRET_HEADER_LEN], uint8_t *cipher);
/*
 * Check the header MAC in constant time (SEV_E_VERIFY when wrong) and decrypt:
 * what the firmware does with a packet.
 */
SEV_API int sev_launch_secret_open(const uint8_t tek[16], const uint8_t tik[16],
				   const uint8_t measure[32],
				   const uint8_t header[SEV_SECRET_HEADER_LEN],
				   const uint8_t *cipher, size_t len, uint8_t *plain);

/* ---- Legacy SEV ATTESTATION report ------------------------------------- */

#define SEV_LEGACY_REPORT_LEN 0xd0
#define SEV_LEGACY_REPORT_SIGNED 0x34 /* mnonce, launch digest, policy */

struct sev_legacy_report {
	uint8_t mnonce[16];
	uint8_t launch_digest[32];
	uint32_t policy;
	uint32_t sig_usage;   /* SEV_USAGE_PEK */
	uint32_t sig_algo;    /* SEV_ALGO_ECDSA_SHA256 or _SHA384 */
	uint8_t r[48], s[48]; /* P-384 signature, big-endian */
	uint8_t raw[SEV_LEGACY_REPORT_LEN];
};

/* Parse exactly SEV_LEGACY_REPORT_LEN bytes. */
SEV_API int sev_legacy_report_parse(const uint8_t *buf, size_t len,
				    struct sev_legacy_report *report);
/* Check the report's signature with a PEK certificate: 0, or SEV_E_VERIFY. */
SEV_API int sev_legacy_report_verify(const struct sev_legacy_report *report,
				     const struct sev_cert *pek);

#ifdef __cplusplus
}
#endif
#endif
