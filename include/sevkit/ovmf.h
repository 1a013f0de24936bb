/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The OVMF firmware image (lib/ovmf/): its footer GUID table, its SEV
 * metadata sections, and the kernel hashes table of a measured direct boot.
 */
#ifndef SEVKIT_OVMF_H
#define SEVKIT_OVMF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- OVMF footer GUID table ------------------------------------------- */

/*
 * The table OVMF keeps just before its last 32 bytes (the reset vector):
 * entries of {data, u16 length, GUID}, read backwards from a footer entry.
 * Each known entry is reported with a has_ flag; unknown entries are skipped.
 */
struct sev_ovmf_table {
	size_t size; /* SEV_INIT */
	size_t entries;            /* number of entries, footer excluded */
	bool has_es_reset;         /* 00f771de: SEV-ES AP reset block */
	bool has_hashes;           /* 7255371f: kernel hashes table area */
	bool has_secret;           /* 4c2eb361: launch secret area */
	bool has_metadata;         /* dc886566: offset of the "ASEV" metadata from the end */
	uint32_t es_reset_eip;
	uint32_t hashes_base, hashes_size;
	uint32_t secret_base, secret_size;
	uint32_t metadata_offset;
	uint32_t reserved;         /* zero */
};

/*
 * Parse the footer table of a firmware image. A file without the footer GUID
 * (not an OVMF image, or one built without SEV support) is refused with
 * SEV_E_FORMAT, as is any entry that does not fit.
 */
SEV_API int sev_ovmf_table_parse(const uint8_t *fw, size_t len, struct sev_ovmf_table *t);
/*
 * Find any entry by GUID (16 bytes, EFI byte order). *data points into fw.
 * SEV_E_FORMAT when the table is malformed, SEV_E_INVALID when not found.
 */
SEV_API int sev_ovmf_table_find(const uint8_t *fw, size_t len, const uint8_t guid[16],
				const uint8_t **data, size_t *data_len);

/* ---- SEV metadata ("ASEV") sections, for SNP --------------------------- */

enum sev_ovmf_section_type {
	SEV_SECTION_SNP_SEC_MEM = 1,
	SEV_SECTION_SNP_SECRETS = 2,
	SEV_SECTION_CPUID = 3,
	SEV_SECTION_SVSM_CAA = 4,
	SEV_SECTION_SNP_KERNEL_HASHES = 0x10,
};

struct sev_ovmf_section {
	uint32_t gpa;
	uint32_t size;
	uint32_t type; /* enum sev_ovmf_section_type */
};

#define SEV_OVMF_SECTIONS_MAX 64

/*
 * Parse the SEV metadata the dc886566 footer entry points to. *sections is
 * allocated (free() it); an unknown section type or a region that wraps
 * past 4 GiB is refused.
 */
SEV_API int sev_ovmf_metadata_parse(const uint8_t *fw, size_t len,
				    struct sev_ovmf_section **sections, size_t *n);
SEV_API const char *sev_ovmf_section_name(uint32_t type);

/* ---- Kernel hashes table (QEMU kernel-hashes=on) ----------------------- */

#define SEV_KERNEL_HASHES_LEN 176 /* 168-byte table padded to 16 */

/*
 * Build the table from the SHA-256 digests of the kernel, the initrd and the
 * command line (the line followed by its terminating NUL).
 */
SEV_API void sev_kernel_hashes_table(const uint8_t kernel_sha256[32],
				     const uint8_t initrd_sha256[32],
				     const uint8_t cmdline_sha256[32],
				     uint8_t out[SEV_KERNEL_HASHES_LEN]);
/*
 * Same from the contents. initrd NULL means no initrd (hashed as empty);
 * cmdline NULL means none (hashed as the single NUL byte QEMU uses). The
 * command line is hashed verbatim: white space matters.
 */
SEV_API int sev_kernel_hashes_build(const uint8_t *kernel, size_t kernel_len,
				    const uint8_t *initrd, size_t initrd_len, const char *cmdline,
				    uint8_t out[SEV_KERNEL_HASHES_LEN]);
/*
 * Same from the SHA-256 of the kernel and of the initrd (NULL: no initrd), for
 * a caller that hashes large files as it reads them.
 */
SEV_API int sev_kernel_hashes_digests(const uint8_t kernel_sha256[32],
				      const uint8_t *initrd_sha256, const char *cmdline,
				      uint8_t out[SEV_KERNEL_HASHES_LEN]);

#ifdef __cplusplus
}
#endif
#endif
