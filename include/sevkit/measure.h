/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a guest owner computes before launch: the OVMF firmware's SEV tables,
 * the kernel hashes table of a measured direct boot, SEV-ES VMSAs, the SEV and
 * SEV-ES launch digest, and the LAUNCH_MEASURE HMAC the firmware reports.
 */
#ifndef SEVKIT_MEASURE_H
#define SEVKIT_MEASURE_H

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
	size_t entries;            /* number of entries, footer excluded */
	bool has_es_reset;         /* 00f771de: SEV-ES AP reset block */
	uint32_t es_reset_eip;
	bool has_hashes;           /* 7255371f: kernel hashes table area */
	uint32_t hashes_base, hashes_size;
	bool has_secret;           /* 4c2eb361: launch secret area */
	uint32_t secret_base, secret_size;
	bool has_metadata;         /* dc886566: offset of the "ASEV" metadata from the end */
	uint32_t metadata_offset;
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

/* ---- vCPU signatures ---------------------------------------------------- */

/* CPUID(1).EAX of a QEMU vCPU model name ("EPYC-v4", "EPYC-Milan", ...). */
SEV_API int sev_vcpu_type_sig(const char *name, uint32_t *sig);
/* The known names, in table order, for help texts. */
SEV_API const char *sev_vcpu_type_name(size_t i); /* NULL past the end */
/* The signature of a family/model/stepping; SEV_E_INVALID when out of range. */
SEV_API int sev_cpu_sig(uint32_t family, uint32_t model, uint32_t stepping, uint32_t *sig);

/* ---- SEV-ES VMSA -------------------------------------------------------- */

#define SEV_VMSA_SIZE 4096
#define SEV_BSP_RESET_EIP 0xfffffff0u

/*
 * The x87/SSE state KVM puts in the VMSA. Before KVM_SEV_INIT2 (Linux < 6.10,
 * and what sevctl and libvirt 9.0 compute) MXCSR and FCW are 0; with
 * KVM_SEV_INIT2 they hold their reset values 0x1f80 and 0x37f (what
 * sev-snp-measure >= 0.0.10 and virtee/sev compute).
 */
enum sev_vmsa_fpu {
	SEV_VMSA_LEGACY = 0,
	SEV_VMSA_INIT2 = 1,
};

struct sev_vmsa_params {
	uint32_t vcpu_sig;      /* goes to RDX */
	enum sev_vmsa_fpu fpu;
	uint64_t sev_features;  /* 0 for SEV-ES */
};

/*
 * Build the VMSA QEMU/KVM give a vCPU that starts at eip: SEV_BSP_RESET_EIP
 * for the boot CPU, the firmware's SEV-ES reset address for the others.
 */
SEV_API int sev_vmsa_build(const struct sev_vmsa_params *p, uint32_t eip,
			   uint8_t out[SEV_VMSA_SIZE]);

/* The fields of a VMSA file that decide a measurement, for display and checks. */
struct sev_vmsa_info {
	uint16_t cs_selector;
	uint16_t cs_attrib;
	uint64_t cs_base;
	uint64_t rip;
	uint64_t rdx;
	uint64_t efer, cr0, cr4;
	uint64_t sev_features;
	uint32_t mxcsr;
	uint16_t x87_fcw;
	uint32_t eip;              /* cs_base + rip, the reset address */
	bool fpu_known;            /* MXCSR/FCW are one of the two known variants */
	enum sev_vmsa_fpu fpu;
};

/* Read a VMSA file: exactly SEV_VMSA_SIZE bytes. */
SEV_API int sev_vmsa_parse(const uint8_t *buf, size_t len, struct sev_vmsa_info *info);

/* ---- Launch digest ------------------------------------------------------ */

enum sev_launch_mode {
	SEV_MODE_SEV = 0,
	SEV_MODE_SEV_ES = 1,
};

/*
 * What QEMU measures with LAUNCH_UPDATE_DATA / LAUNCH_UPDATE_VMSA: the
 * firmware, the kernel hashes table when present, then (SEV-ES) one VMSA per
 * vCPU. The VMSAs are built from vcpu_sig and fpu unless given (vmsa_bsp,
 * vmsa_ap, each SEV_VMSA_SIZE bytes, as libvirt's --vmsa-cpu0/1 files).
 */
struct sev_launch_config {
	enum sev_launch_mode mode;
	const uint8_t *firmware;
	size_t firmware_len;
	const uint8_t *kernel_hashes; /* NULL, or SEV_KERNEL_HASHES_LEN bytes */
	uint32_t vcpus;               /* SEV-ES: at least 1 */
	uint32_t vcpu_sig;
	enum sev_vmsa_fpu fpu;
	const uint8_t *vmsa_bsp;
	const uint8_t *vmsa_ap;
};

/*
 * SHA-256 launch digest (GCTX.LD). Kernel hashes need a firmware whose table
 * has a hashes area; SEV-ES with APs needs its SEV-ES reset block.
 */
SEV_API int sev_launch_digest(const struct sev_launch_config *c, uint8_t digest[32]);

/* ---- LAUNCH_MEASURE ----------------------------------------------------- */

#define SEV_MEASURE_LEN 32
#define SEV_MNONCE_LEN 16
#define SEV_LAUNCH_MEASURE_LEN 48 /* MEASURE || MNONCE, what QEMU reports in base64 */

/* The platform and guest values the measurement covers. */
struct sev_launch_info {
	uint8_t api_major;
	uint8_t api_minor;
	uint8_t build_id;
	uint32_t policy;
};

/*
 * MEASURE = HMAC-SHA256(TIK, 0x04 || API_MAJOR || API_MINOR || BUILD ||
 * POLICY || digest || MNONCE).
 */
SEV_API int sev_launch_measure(const uint8_t tik[16], const struct sev_launch_info *info,
			       const uint8_t digest[32], const uint8_t mnonce[SEV_MNONCE_LEN],
			       uint8_t out[SEV_MEASURE_LEN]);
/*
 * Compare, in constant time, the MEASURE of a LAUNCH_MEASURE blob with the
 * one expected for digest: 0 on a match, SEV_E_VERIFY otherwise.
 */
SEV_API int sev_launch_measure_check(const uint8_t tik[16], const struct sev_launch_info *info,
				     const uint8_t digest[32],
				     const uint8_t blob[SEV_LAUNCH_MEASURE_LEN]);

#ifdef __cplusplus
}
#endif
#endif
