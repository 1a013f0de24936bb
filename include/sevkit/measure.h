/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a guest owner computes before launch: SEV-ES VMSAs, the SEV and SEV-ES
 * launch digest, the SNP launch digest and ID block, and the LAUNCH_MEASURE
 * HMAC the firmware reports. The firmware's own tables are in <sevkit/ovmf.h>.
 */
#ifndef SEVKIT_MEASURE_H
#define SEVKIT_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>
#include <sevkit/mode.h>
#include <sevkit/ovmf.h>

#ifdef __cplusplus
extern "C" {
#endif

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

/*
 * The hypervisor that creates the vCPUs. EC2 and GCE set up a few registers
 * differently from QEMU/KVM (segment attributes, RDX, PAT, no FPU state).
 */
enum sev_vmm_type {
	SEV_VMM_QEMU = 0,
	SEV_VMM_EC2 = 1,
	SEV_VMM_GCE = 2,
};

/* "QEMU", "ec2" or "gce" (any case), as sev-snp-measure's --vmm-type. */
SEV_API int sev_vmm_type_parse(const char *name, enum sev_vmm_type *type);
SEV_API const char *sev_vmm_type_name(enum sev_vmm_type type);

struct sev_vmsa_params {
	size_t size; /* SEV_INIT */
	uint32_t vcpu_sig;      /* goes to RDX (QEMU) */
	enum sev_vmsa_fpu fpu;  /* QEMU only: EC2 and GCE leave MXCSR and FCW 0 */
	uint64_t sev_features;  /* 0 for SEV-ES, the guest features for SNP */
	enum sev_vmm_type vmm;
	uint32_t reserved;      /* zero */
};

/*
 * Build the VMSA the hypervisor gives a vCPU that starts at eip:
 * SEV_BSP_RESET_EIP for the boot CPU, the firmware's SEV-ES reset address for
 * the others.
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

/*
 * Called with the VMSA of each vCPU, in the order they are measured (vCPU 0
 * first); a nonzero return stops the measurement with that code.
 */
typedef int (*sev_vmsa_fn)(uint32_t vcpu, const uint8_t vmsa[SEV_VMSA_SIZE], void *ctx);

/*
 * A launch digest is SEV_MODE_SEV's or SEV_MODE_SEV_ES's (SEV-SNP has its own,
 * sev_snp_launch_digest). What QEMU measures with LAUNCH_UPDATE_DATA / LAUNCH_UPDATE_VMSA: the
 * firmware, the kernel hashes table when present, then (SEV-ES) one VMSA per
 * vCPU. The VMSAs are built from vcpu_sig and fpu unless given (vmsa_bsp,
 * vmsa_ap, each SEV_VMSA_SIZE bytes, as libvirt's --vmsa-cpu0/1 files).
 */
struct sev_launch_config {
	size_t size; /* SEV_INIT */
	enum sev_mode mode; /* SEV_MODE_SEV or SEV_MODE_SEV_ES */
	uint32_t vcpus;               /* SEV-ES: at least 1 */
	const uint8_t *firmware;
	size_t firmware_len;
	const uint8_t *kernel_hashes; /* NULL, or SEV_KERNEL_HASHES_LEN bytes */
	uint32_t vcpu_sig;
	enum sev_vmsa_fpu fpu;
	const uint8_t *vmsa_bsp;
	const uint8_t *vmsa_ap;
	enum sev_vmm_type vmm;        /* hypervisor of the built VMSAs */
	uint32_t reserved;            /* zero */
	sev_vmsa_fn on_vmsa;          /* NULL, or called with each measured VMSA */
	void *ctx;                    /* for on_vmsa */
};

/*
 * SHA-256 launch digest (GCTX.LD). Kernel hashes need a firmware whose table
 * has a hashes area; SEV-ES with APs needs its SEV-ES reset block.
 */
SEV_API int sev_launch_digest(const struct sev_launch_config *c, uint8_t digest[32]);

/* What a caller was given for an SEV-ES launch, checked before it loads anything. */
struct sev_es_inputs {
	size_t size; /* SEV_INIT */
	uint32_t vcpus;         /* 0: not given */
	bool cpu_given;         /* a vCPU signature, type or family/model/stepping */
	bool vmsa_bsp, vmsa_ap; /* VMSA files for the boot CPU and the APs */
	uint8_t reserved;       /* zero */
	enum sev_vmm_type vmm;
	uint32_t reserved2;     /* zero */
};

/*
 * The rules of an SEV-ES launch: a number of vCPUs; VMSA files (the boot
 * CPU's, and the APs' when there are several vCPUs) or a vCPU to build the
 * VMSAs from, not both. QEMU puts the vCPU signature in the VMSAs, EC2 and GCE
 * do not: *need_sig tells whether the caller must find one for vcpu_sig.
 * SEV_E_INVALID names the rule broken.
 */
SEV_API int sev_es_inputs_check(const struct sev_es_inputs *in, bool *need_sig);

/* ---- SEV-SNP launch digest ---------------------------------------------- */

#define SEV_SNP_LD_LEN 48
#define SEV_SNP_PAGE_SIZE 4096
/* The GPA SNP_LAUNCH_UPDATE records for VMSA pages: -1, page-aligned, 52 bits. */
#define SEV_SNP_VMSA_GPA UINT64_C(0xfffffffff000)

/* PAGE_TYPE of SNP_LAUNCH_UPDATE (SNP ABI #56860, PAGE_INFO). */
enum sev_snp_page_type {
	SEV_SNP_PAGE_NORMAL = 1,
	SEV_SNP_PAGE_VMSA = 2,
	SEV_SNP_PAGE_ZERO = 3,
	SEV_SNP_PAGE_UNMEASURED = 4,
	SEV_SNP_PAGE_SECRETS = 5,
	SEV_SNP_PAGE_CPUID = 6,
};

/* Called after each page is folded into the digest: contents and the new digest. */
typedef void (*sev_snp_page_fn)(enum sev_snp_page_type type, uint64_t gpa,
				const uint8_t contents[SEV_SNP_LD_LEN],
				const uint8_t ld[SEV_SNP_LD_LEN], void *ctx);

/*
 * What SNP_LAUNCH_UPDATE measures, in QEMU's order: the firmware pages (it
 * ends at 4 GiB), the regions the firmware's SEV metadata lists (zero,
 * secrets, CPUID, SVSM calling area, kernel hashes), one VMSA per vCPU.
 * With svsm set (snp:svsm), the SVSM image follows the firmware, placed
 * below it and the vars_size bytes of OVMF_VARS, and the SVSM's metadata
 * replaces the firmware's.
 */
struct sev_snp_config {
	size_t size; /* SEV_INIT */
	const uint8_t *firmware;
	size_t firmware_len;          /* a multiple of 4096 */
	const uint8_t *ovmf_hash;     /* NULL, or the digest of the firmware pages, to start from */
	const uint8_t *kernel_hashes; /* NULL, or SEV_KERNEL_HASHES_LEN bytes */
	uint32_t vcpus;               /* at least 1 */
	uint32_t vcpu_sig;            /* RDX of QEMU's VMSAs */
	uint64_t guest_features;      /* VMSA SEV_FEATURES; sev-snp-measure's default is 0x1 */
	enum sev_vmm_type vmm;
	enum sev_vmsa_fpu fpu;        /* SEV_VMSA_INIT2 is what sev-snp-measure computes */
	const uint8_t *svsm;          /* NULL, or the SVSM image (snp:svsm, QEMU only) */
	size_t svsm_len;
	uint64_t vars_size;
	sev_vmsa_fn on_vmsa;          /* NULL, or called with each measured VMSA */
	sev_snp_page_fn on_page;      /* NULL, or called for each measured page */
	void *ctx;                    /* for the callbacks */
};

/* The digest after the firmware pages alone (sev-snp-measure --mode snp:ovmf-hash). */
SEV_API int sev_snp_ovmf_hash(const uint8_t *fw, size_t len, uint8_t ld[SEV_SNP_LD_LEN]);
/* The SNP launch digest (MEASUREMENT of the attestation report). */
SEV_API int sev_snp_launch_digest(const struct sev_snp_config *c, uint8_t ld[SEV_SNP_LD_LEN]);

/*
 * The VMSA QEMU gives every vCPU under a Coconut SVSM: 32-bit flat protected
 * mode at the SVSM's entry point rip, SEV_FEATURES SNPActive. Like
 * sev-snp-measure (whose numbers match real launches), x87 FCW stays 0.
 */
SEV_API int sev_svsm_vmsa_build(uint32_t vcpu_sig, uint64_t rip, enum sev_vmsa_fpu fpu,
				uint8_t out[SEV_VMSA_SIZE]);

/*
 * A launch digest given on the command line: 96 hex digits (optional 0x) or
 * the base64 of 48 bytes (sev-snp-measure --output-format base64).
 */
SEV_API int sev_snp_digest_parse(const char *text, uint8_t ld[SEV_SNP_LD_LEN]);

/* ---- SEV-SNP ID block and ID authentication information ----------------- */

#define SEV_ID_BLOCK_LEN 0x60
#define SEV_ID_AUTH_LEN 0x1000
#define SEV_ECDSA_PUBKEY_LEN 0x404 /* u32 curve, QX[72], QY[72] little-endian, reserved */
#define SEV_ECDSA_SIG_LEN 0x200    /* R[72], S[72] little-endian, reserved */
#define SEV_ID_BLOCK_VERSION 1

/* ID_BLOCK of SNP_LAUNCH_FINISH: what the guest owner vouches for. */
struct sev_id_block {
	uint8_t ld[SEV_SNP_LD_LEN];
	uint8_t family_id[16];
	uint8_t image_id[16];
	uint32_t version;
	uint32_t guest_svn;
	uint64_t policy;
};

/* ID_AUTH: the ID key's signature of the block, and the author's of the ID key. */
struct sev_id_auth {
	uint32_t id_key_algo;      /* 1: ECDSA P-384 with SHA-384 */
	uint32_t auth_key_algo;
	uint8_t id_block_sig[SEV_ECDSA_SIG_LEN];
	uint8_t id_key[SEV_ECDSA_PUBKEY_LEN];
	uint8_t id_key_sig[SEV_ECDSA_SIG_LEN];
	uint8_t author_key[SEV_ECDSA_PUBKEY_LEN];
	bool has_author_key;       /* AUTHOR_KEY is not all zero */
};

/* Version 1, zero IDs and SVN, policy SEV_SNP_POLICY_DEFAULT (0x30000). */
SEV_API void sev_id_block_init(struct sev_id_block *b, const uint8_t ld[SEV_SNP_LD_LEN]);
SEV_API void sev_id_block_encode(const struct sev_id_block *b, uint8_t out[SEV_ID_BLOCK_LEN]);
SEV_API int sev_id_block_parse(const uint8_t *buf, size_t len, struct sev_id_block *b);

/* An ECDSA P-384 private key: the ID key or the author key. */
struct sev_id_key;

/* Load an unencrypted P-384 private key in PEM (PKCS#8 or SEC1 "EC PRIVATE KEY"). */
SEV_API int sev_id_key_from_pem(const uint8_t *pem, size_t len, struct sev_id_key **key);
SEV_API void sev_id_key_free(struct sev_id_key *key);
/* The public key in the SEV ECDSA encoding the ID_AUTH and the report digests use. */
SEV_API int sev_id_key_public(const struct sev_id_key *key, uint8_t pub[SEV_ECDSA_PUBKEY_LEN]);
/* SHA-384 of the encoded public key: ID_KEY_DIGEST / AUTHOR_KEY_DIGEST of a report. */
SEV_API int sev_id_key_digest(const uint8_t pub[SEV_ECDSA_PUBKEY_LEN],
			      uint8_t digest[SEV_SNP_LD_LEN]);
/* ECDSA P-384 / SHA-384 signature in the SEV encoding (randomized). */
SEV_API int sev_id_sign(const struct sev_id_key *key, const uint8_t *msg, size_t len,
			uint8_t sig[SEV_ECDSA_SIG_LEN]);
/* 0 when sig is pub's signature of msg, SEV_E_VERIFY when not, SEV_E_FORMAT for a bad key. */
SEV_API int sev_id_verify(const uint8_t pub[SEV_ECDSA_PUBKEY_LEN], const uint8_t *msg,
			  size_t len, const uint8_t sig[SEV_ECDSA_SIG_LEN]);

/*
 * Lay out an ID_AUTH from its parts. Without an author key the ID key
 * signature and author key stay zero; QEMU's author-key-enabled is then off.
 */
SEV_API void sev_id_auth_encode(const struct sev_id_auth *a, uint8_t out[SEV_ID_AUTH_LEN]);
SEV_API int sev_id_auth_parse(const uint8_t *buf, size_t len, struct sev_id_auth *a);
/* Sign the encoded ID block with the ID key, and the ID key with the author key (or NULL). */
SEV_API int sev_id_auth_create(const uint8_t id_block[SEV_ID_BLOCK_LEN],
			       const struct sev_id_key *id_key,
			       const struct sev_id_key *author_key, struct sev_id_auth *a);
/* Check both signatures of an ID_AUTH (the author's only when it has an author key). */
SEV_API int sev_id_auth_verify(const uint8_t id_block[SEV_ID_BLOCK_LEN],
			       const struct sev_id_auth *a);

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
