/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sealing a guest image in one step: the dm-verity tree of its root file
 * system, the kernel command line that opens it, the SNP launch digest of a
 * direct boot with that exact line, an optional signed ID block and root hash
 * signature, and the documents a verifier needs (reference values, trustee's
 * RVPS form, a manifest of every input), written together into one directory.
 */
#ifndef SEVKIT_SEAL_H
#define SEVKIT_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>
#include <sevkit/measure.h>
#include <sevkit/verity.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The files a seal writes into its directory. */
#define SEV_SEAL_ROOT_HASH "root-hash"          /* hex, as veritysetup --root-hash-file */
#define SEV_SEAL_ROOT_SIG "root-hash.p7s"       /* with a signing key */
#define SEV_SEAL_HASH_DEVICE "verity.hash"      /* unless hash_device names another */
#define SEV_SEAL_CMDLINE "cmdline"              /* the whole kernel command line, no newline */
#define SEV_SEAL_REFERENCE "reference.json"     /* report verify --reference, kbs policy put */
#define SEV_SEAL_RVPS "rvps.json"               /* trustee's RVPS message, type "sample" */
#define SEV_SEAL_ID_BLOCK "id-block.bin"        /* with an ID key */
#define SEV_SEAL_ID_AUTH "id-auth.bin"
#define SEV_SEAL_MANIFEST "manifest.json"

struct sev_seal_config {
	size_t size; /* SEV_INIT */
	/* The root file system: a file, a block device, or one partition of a disk image. */
	const char *image;
	unsigned partition;              /* 1-based GPT/MBR partition of image; 0: none */
	uint32_t reserved;               /* zero */
	uint64_t data_offset, data_size; /* or this window of image (0, 0: all of it) */
	const char *hash_device;         /* NULL: SEV_SEAL_HASH_DEVICE in the directory */
	/* Tree parameters (sev_verity_params_init's, salt included). A zero UUID is
	 * replaced by one derived from the root hash, so that the output is reproducible;
	 * data_blocks is not read: the tree covers the whole image or window. */
	struct sev_verity_params verity;
	struct sev_verity_boot boot;     /* the devices as the guest names them, dm options */
	bool systemd;                    /* roothash= ... instead of dm-mod.create= */
	bool replace;                    /* an existing directory (and hash device) is replaced */
	uint8_t reserved2[6];            /* zero */
	const char *append;              /* the command line before verity's part (NULL: none) */
	/* The SNP direct boot. */
	const char *ovmf, *kernel, *initrd; /* initrd may be NULL */
	uint32_t vcpus;
	uint32_t vcpu_sig;               /* CPUID(1).EAX of the vCPUs */
	const char *vcpu_type;           /* the name vcpu_sig came from, recorded (NULL: none) */
	uint64_t guest_features;         /* SEV_FEATURES of the VMSAs */
	uint64_t policy;                 /* the guest policy */
	enum sev_vmm_type vmm;
	enum sev_vmsa_fpu fpu;
	/* Optional: a root hash signature (PEM key and certificate) and an ID block. */
	const uint8_t *sign_key, *sign_cert;
	size_t sign_key_len, sign_cert_len;
	const struct sev_id_key *id_key, *author_key; /* author_key needs id_key */
	uint8_t family_id[16], image_id[16];
	uint32_t guest_svn;
	/* How. */
	unsigned threads;                /* 0: one per online CPU */
	sev_verity_progress_fn progress; /* data bytes hashed, as sev_verity_format reports */
	void *progress_ctx;
	const char *out_dir;             /* must not exist unless replace */
};

struct sev_seal_result {
	size_t size; /* SEV_INIT */
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len;
	uint8_t measurement[SEV_SNP_LD_LEN];
	uint64_t data_blocks;
	uint64_t data_offset, data_size; /* where the data were on the image */
};

/*
 * Seal: hash the data into the hash device, build the command line, compute
 * the launch digest with it, sign what was asked, and write the directory
 * (every file of it or none: it is built under a temporary name and renamed).
 * The same inputs give the same bytes, except ECDSA signatures (id-auth.bin, a
 * root hash signed with an EC key), whose nonce is random; the manifest lists
 * those files without their digest.
 */
SEV_API int sev_seal(const struct sev_seal_config *c, struct sev_seal_result *r);

#ifdef __cplusplus
}
#endif
#endif
