/* SPDX-License-Identifier: Apache-2.0 */
/* What the parts of a seal share: the inputs' digests, the output directory, the documents. */
#ifndef SK_SEAL_INTERNAL_H
#define SK_SEAL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <sevkit/seal.h>

/* An input file: its SHA-256 (what the launch measures) and SHA-384 (the manifest's). */
struct seal_input {
	const char *path; /* NULL: not an input */
	uint8_t sha256[32];
	uint8_t sha384[48];
};

#define SEAL_FILES_MAX 12

/*
 * The output directory, built under a hidden temporary name next to it and
 * renamed when complete. Every name in it is registered, so a signal removes
 * the unfinished directory.
 */
struct seal_dir {
	char *final;        /* the directory asked for */
	char *stage;        /* where it is built */
	int slots[SEAL_FILES_MAX + 1];
	size_t n;
	bool committed;
};

int seal_dir_open(struct seal_dir *d, const char *out_dir, bool replace);
/* stage/name (free() it); registered for removal on a signal. NULL when out of memory. */
char *seal_dir_name(struct seal_dir *d, const char *name);
/* Register a file outside the directory that the seal creates, for removal on a signal. */
int seal_dir_track(struct seal_dir *d, const char *path);
/* Write a whole file into the directory, synced. */
int seal_dir_write(struct seal_dir *d, const char *name, const void *data, size_t len);
/* Give the directory its name (replacing an old one when asked). */
int seal_dir_commit(struct seal_dir *d, bool replace);
/* Remove what is not committed. */
void seal_dir_close(struct seal_dir *d);

/* Everything a seal computes, for the documents. */
struct seal_state {
	const struct sev_seal_config *c;
	struct sev_seal_result *r;
	struct sev_verity_params p;        /* as formatted (UUID, data_blocks) */
	struct seal_input ovmf, kernel, initrd;
	uint8_t sign_cert_sha384[48];      /* with a root hash signature */
	uint8_t *fw;                       /* the firmware's contents */
	size_t fw_len;
	char *cmdline;
	bool has_id, has_author;
	uint8_t id_block[SEV_ID_BLOCK_LEN];
	uint8_t id_auth[SEV_ID_AUTH_LEN];
	uint8_t id_key_digest[SEV_SNP_LD_LEN], author_key_digest[SEV_SNP_LD_LEN];
	uint8_t *root_sig;
	size_t root_sig_len;
	const char *hash_path;             /* as the manifest names it */
	uint8_t hash_sha384[48];
};

/* reference.json: sevkit's reference-values document (newline-terminated; free()). */
char *seal_reference_json(const struct seal_state *s);
/* rvps.json: trustee's RVPS message with the measurement as its SNP verifier claims it. */
char *seal_rvps_json(const struct seal_state *s);
/* manifest.json, with outputs: {name: {"sha384": hex} or {"signature": ...}} (free()). */
char *seal_manifest_json(const struct seal_state *s, json_t *outputs);

#endif
