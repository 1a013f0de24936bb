/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dm-verity: the hash tree that lets the kernel check every block of a
 * read-only image (the guest's root file system) against one root hash.
 * Byte-compatible with veritysetup: the same superblock, the same tree, the
 * same root hash, and the table the kernel loads.
 */
#ifndef SEVKIT_VERITY_H
#define SEVKIT_VERITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEV_VERITY_SB_SIZE 512       /* on-disk superblock */
#define SEV_VERITY_SALT_MAX 256
#define SEV_VERITY_NAME_MAX 32       /* hash algorithm name, with its NUL */
#define SEV_VERITY_DIGEST_MAX 64
#define SEV_VERITY_BLOCK_MIN 512
#define SEV_VERITY_BLOCK_MAX (512u * 1024)
#define SEV_VERITY_LEVELS_MAX 63

/* Everything that defines a hash tree and where it lives (veritysetup's options). */
struct sev_verity_params {
	size_t size; /* SEV_INIT */
	uint32_t hash_type;              /* --format: 1 normal, 0 original Chrome OS */
	char hash_name[SEV_VERITY_NAME_MAX]; /* --hash, e.g. "sha256" */
	uint32_t data_block_size;
	uint32_t hash_block_size;
	uint16_t salt_size;
	bool superblock;                 /* false: --no-superblock */
	uint8_t reserved;                /* zero */
	uint64_t data_blocks;            /* 0 before format: the whole data device */
	uint64_t hash_offset;            /* byte offset of the superblock (or first hash block) */
	uint8_t salt[SEV_VERITY_SALT_MAX];
	uint8_t uuid[16];
};

/* veritysetup's defaults: format 1, sha256, 4096-byte blocks, superblock at 0, no salt. */
/* Inline, so that size is the caller's sizeof. */
static inline void sev_verity_params_init(struct sev_verity_params *p)
{
	*p = (struct sev_verity_params){
		.size = sizeof(*p),
		.hash_type = 1,
		.hash_name = "sha256",
		.data_block_size = 4096,
		.hash_block_size = 4096,
		.superblock = true,
	};
}
/* What format does when not told: 32 random salt bytes and a random UUID. */
SEV_API int sev_verity_params_randomize(struct sev_verity_params *p);
/* Check every field (data_blocks may still be 0); SEV_E_INVALID/UNSUPPORTED say which. */
SEV_API int sev_verity_params_check(const struct sev_verity_params *p);

/* UUID text (8-4-4-4-12 hex digits) <-> the 16 bytes of the superblock. */
SEV_API int sev_verity_uuid_parse(const char *text, uint8_t uuid[16]);
SEV_API void sev_verity_uuid_format(const uint8_t uuid[16], char text[37]);

/*
 * The 512-byte superblock. parse fills p (hash_offset is left to the caller)
 * and rejects anything out of specification, naming the field and offset.
 */
SEV_API int sev_verity_sb_parse(const uint8_t *buf, size_t len, struct sev_verity_params *p);
SEV_API int sev_verity_sb_build(const struct sev_verity_params *p,
				uint8_t out[SEV_VERITY_SB_SIZE]);
/* Read and parse the superblock at byte offset of a hash file or device. */
SEV_API int sev_verity_read_superblock(const char *hash_path, uint64_t offset,
				       struct sev_verity_params *p);

/* Where each level of the tree lives. Level 0 hashes the data; the top level is one block. */
struct sev_verity_geometry {
	uint32_t digest_size;
	uint32_t digest_slot;            /* bytes per digest in a hash block (format 1 pads) */
	uint32_t hash_per_block;
	uint32_t levels;
	uint64_t level_blocks[SEV_VERITY_LEVELS_MAX];
	uint64_t level_start[SEV_VERITY_LEVELS_MAX]; /* absolute block, hash_block_size units */
	uint64_t hash_start_block;       /* first hash block: the table's <hash_start> */
	uint64_t hash_blocks;            /* all levels together */
	uint64_t hash_end;               /* byte just past the last hash block */
	uint64_t hash_device_size;       /* hash_end - hash_offset, as veritysetup prints it */
};

/* Needs p->data_blocks >= 1. */
SEV_API int sev_verity_geometry(const struct sev_verity_params *p, struct sev_verity_geometry *g);

/*
 * Forward error correction: Reed-Solomon parity over the data and the tree,
 * which lets the kernel repair damaged blocks. On a device of its own.
 */
struct sev_verity_fec {
	size_t size; /* SEV_INIT */
	const char *device;              /* the parity file or device */
	uint64_t offset;                 /* byte offset of the parity on it (a multiple of 512) */
	uint32_t roots;                  /* parity bytes per 255-byte codeword, 2 to 24 */
	uint32_t reserved;               /* zero */
	uint64_t parity_blocks;          /* set by format: blocks of parity written */
};

typedef void (*sev_verity_progress_fn)(uint64_t done, uint64_t total, void *ctx);

/* How a format or verify runs. Zero-initialise for the defaults. */
struct sev_verity_run {
	size_t size; /* SEV_INIT */
	unsigned threads;                /* 0: one per online CPU */
	/* Copy with pread instead of mapping each chunk: slower, but a file
	 * truncated meanwhile is then an error, not SIGBUS. */
	bool pread_only;
	/* format: an existing file (hash, FEC, root hash file) may be written; without
	 * this it is refused (SEV_E_INVALID). A block device is always written. */
	bool overwrite;
	uint8_t reserved[2];             /* zero */
	sev_verity_progress_fn progress; /* bytes of data hashed so far, from any thread */
	void *progress_ctx;
	const char *root_hash_file;      /* format: also write the root hash here (hex) */
	struct sev_verity_fec *fec;      /* format: also write FEC parity (NULL: none) */
	/* The data are data_size bytes at data_offset of the data file or device (0, 0: all of
	 * it): a partition of a disk image (sev_verity_partition). The hash device is then
	 * another file, and there is no FEC. */
	uint64_t data_offset, data_size;
};

/*
 * Hash data_path and write the superblock and tree into hash_path, exactly as
 * `veritysetup format` does. A hash file that does not exist yet appears whole
 * or not at all; into an existing device, or with run->overwrite an existing
 * file (or the data file itself, past the data), it is written in place after
 * every check has passed. p->data_blocks
 * 0 means the whole data file, which must then be a multiple of the block size.
 * On success p->data_blocks is set and root receives the root hash.
 */
SEV_API int sev_verity_format(const char *data_path, const char *hash_path,
			      struct sev_verity_params *p, const struct sev_verity_run *run,
			      uint8_t root[SEV_VERITY_DIGEST_MAX], size_t *root_len);

enum sev_verity_area {
	SEV_VERITY_OK = 0,
	SEV_VERITY_ROOT,       /* the top hash block does not give the root hash */
	SEV_VERITY_HASH,       /* a hash block does not match its parent's digest */
	SEV_VERITY_DATA,       /* a data block does not match its digest */
	SEV_VERITY_PADDING,    /* non-zero bytes in the unused part of a hash block */
};

/* The first corrupted block: the top of the tree first, then down to the data. */
struct sev_verity_failure {
	size_t size; /* SEV_INIT */
	enum sev_verity_area area;
	uint32_t level;        /* HASH/PADDING: tree level of the block (0 = lowest) */
	uint64_t block;        /* DATA: data block number; HASH/PADDING: hash block number */
	uint64_t offset;       /* byte offset in the data or hash device (PADDING: the byte) */
};

SEV_API const char *sev_verity_area_name(enum sev_verity_area area);

/*
 * Check every data and hash block against root. Returns SEV_E_VERIFY and
 * fills fail when something does not match; 0 when everything does.
 * p->data_blocks 0 means the whole data file, as for format.
 *
 * Exactly p->data_blocks blocks are checked, the blocks dm-verity exposes; data
 * past them is not read (sev_verity_coverage says how much there is). The root
 * hash does not bind that number: data and hash blocks are hashed alike, so a
 * tree over fewer blocks whose data are the real tree's hash blocks (with one
 * block: the real top hash block) has the same root. dm-verity then exposes
 * only those blocks, nothing unverified, but not the image that was sealed. A
 * caller that must know the size takes p->data_blocks from a trusted source
 * (the measured kernel command line), not from the superblock.
 */
SEV_API int sev_verity_verify(const char *data_path, const char *hash_path,
			      const struct sev_verity_params *p, const uint8_t *root,
			      size_t root_len, const struct sev_verity_run *run,
			      struct sev_verity_failure *fail);

/* What of the data device a tree covers. */
struct sev_verity_coverage {
	size_t size; /* SEV_INIT */
	uint64_t data_blocks;  /* blocks the tree covers */
	uint64_t covered;      /* bytes: data_blocks blocks */
	uint64_t end;          /* where the data ends: the device's end, or the hash offset */
	bool shared;           /* the hash area is on the data device */
	uint8_t reserved[7];   /* zero */
};

/*
 * Where the covered blocks end and the data device does (p->data_blocks 0:
 * the whole device). Bytes from c->covered to c->end are data no tree checks:
 * a partition larger than its image, the gap before a hash area on the same
 * device. SEV_E_FORMAT when the data blocks run into a hash area on the same
 * device (veritysetup refuses that too).
 */
SEV_API int sev_verity_coverage(const char *data_path, const char *hash_path,
				const struct sev_verity_params *p, struct sev_verity_coverage *c);
/*
 * sev_verity_verify() that also fills c with what the tree covers, as
 * sev_verity_coverage() does, before the blocks are checked: c is valid when it
 * returns 0 or SEV_E_VERIFY.
 */
SEV_API int sev_verity_verify_coverage(const char *data_path, const char *hash_path,
				       const struct sev_verity_params *p, const uint8_t *root,
				       size_t root_len, const struct sev_verity_run *run,
				       struct sev_verity_failure *fail,
				       struct sev_verity_coverage *c);

enum sev_verity_on_corruption {
	SEV_VERITY_PANIC = 0,  /* panic_on_corruption */
	SEV_VERITY_RESTART,    /* restart_on_corruption */
	SEV_VERITY_EIO,        /* no option: the read fails with EIO */
};

/* How the guest finds and opens the verified root. */
struct sev_verity_boot {
	size_t size; /* SEV_INIT */
	const char *name;             /* device-mapper name; NULL: "vroot" */
	const char *data_device;      /* as the guest kernel names it: /dev/vda1, PARTUUID=... */
	const char *hash_device;
	enum sev_verity_on_corruption on_corruption;
	bool ignore_zero_blocks;
	bool check_at_most_once;
	bool waitfor;                 /* add dm-mod.waitfor= for the devices */
	uint8_t reserved;             /* zero */
};

/* The dm-verity table: "0 <sectors> verity <args>" (what veritysetup open loads). */
SEV_API int sev_verity_table(const struct sev_verity_params *p, const uint8_t *root,
			     size_t root_len, const struct sev_verity_boot *b, char **out);
/* dm-mod.create="<name>,,,ro,<table>" root=/dev/dm-0 (no initramfs needed). */
SEV_API int sev_verity_cmdline_dm(const struct sev_verity_params *p, const uint8_t *root,
				  size_t root_len, const struct sev_verity_boot *b, char **out);
/* roothash= systemd.verity_root_data= systemd.verity_root_hash= [systemd.verity_root_options=]. */
SEV_API int sev_verity_cmdline_systemd(const struct sev_verity_params *p, const uint8_t *root,
				       size_t root_len, const struct sev_verity_boot *b,
				       char **out);

/*
 * Where partition number (1-based, as the kernel counts them) of a GPT or MBR disk image or
 * device is, in bytes, through libfdisk. SEV_E_FORMAT when the disk has no partition table,
 * SEV_E_INVALID when it has no such partition.
 */
SEV_API int sev_verity_partition(const char *disk, unsigned number, uint64_t *offset,
				 uint64_t *size);

/*
 * The root hash signature that `veritysetup open --root-hash-signature` and systemd's
 * .roothash.p7s take: a detached PKCS#7 signature (DER) of the root hash's lower-case hex
 * text, no newline, without certificates or signed attributes (as `openssl smime -sign
 * -nocerts -noattr -binary` writes it). key_pem: the private key; cert_pem: its certificate.
 * *sig is malloc'd.
 */
SEV_API int sev_verity_sign_root_hash(const uint8_t *root, size_t root_len,
				      const uint8_t *key_pem, size_t key_len,
				      const uint8_t *cert_pem, size_t cert_len, uint8_t **sig,
				      size_t *sig_len);
/*
 * 0 when sig is such a signature of this root hash by a certificate in trusted_pem (one or
 * more PEM certificates) or issued by one of them; SEV_E_VERIFY when not.
 */
SEV_API int sev_verity_verify_root_hash_signature(const uint8_t *root, size_t root_len,
						  const uint8_t *sig, size_t sig_len,
						  const uint8_t *trusted_pem, size_t trusted_len);

#ifdef __cplusplus
}
#endif
#endif
