/* SPDX-License-Identifier: Apache-2.0 */
/* What the verity verbs (cmd-verity-*.c) share: veritysetup's options and their parsing, the
 * tree parameters from a superblock, the root hash, the header block and the progress bar. */
#ifndef SEVKIT_VERITY_COMMON_H
#define SEVKIT_VERITY_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sevkit/verity.h>

#include "cli.h"
#include "progress.h"

/* Option ids of the verity verbs. */
enum {
	OPT_FORMAT = 0x100,
	OPT_HASH,
	OPT_DATA_BS,
	OPT_HASH_BS,
	OPT_DATA_BLOCKS,
	OPT_HASH_OFFSET,
	OPT_SALT,
	OPT_UUID,
	OPT_NO_SB,
	OPT_ROOT_FILE,
	OPT_THREADS,
	OPT_FEC,
	OPT_FEC_DEVICE,
	OPT_FEC_ROOTS,
	OPT_FEC_OFFSET,
	OPT_DATA_DEV,
	OPT_HASH_DEV,
	OPT_NAME,
	OPT_PANIC,
	OPT_RESTART,
	OPT_EIO,
	OPT_ZERO,
	OPT_ONCE,
	OPT_WAITFOR,
	OPT_SYSTEMD,
	OPT_ROOT_SIG,
	OPT_SIGN_KEY,
	OPT_SIGN_CERT,
	OPT_TRUSTED_CERT,
	OPT_PARTITION,
	OPT_DATA_OFFSET,
	OPT_DATA_SIZE,
	OPT_VERITY_LAST,
};

/* Where in DATA the data are: format and verify take them alike. */
#define WINDOW_OPTIONS                                                                           \
	{ "partition", 0, OPT_PARTITION, "N", "the data are partition N of DATA, a GPT or MBR "   \
	  "disk image or device (read with libfdisk)" },                                          \
	{ "data-offset", 0, OPT_DATA_OFFSET, "BYTES", "the data start at this byte of DATA" },     \
	{ "data-size", 0, OPT_DATA_SIZE, "BYTES", "the data are this many bytes of DATA (default: " \
	  "to its end)" }

/* The tree's shape and hash: format, verify, cmdline and seal. */
#define TREE_OPTIONS                                                                             \
	{ "format", 0, OPT_FORMAT, "N", "hash type: 1 normal (default), 0 original Chrome OS" },  \
	{ "hash", 0, OPT_HASH, "ALG", "sha256 (default), sha1, sha224, sha384, sha512, "          \
	  "sha3-224/256/384/512, blake2b-512, blake2s-256, ripemd160 or sm3" },                   \
	{ "data-block-size", 0, OPT_DATA_BS, "BYTES", "data block size (default 4096)" },         \
	{ "hash-block-size", 0, OPT_HASH_BS, "BYTES", "hash block size (default 4096)" },         \
	{ "hash-offset", 0, OPT_HASH_OFFSET, "BYTES", "superblock and hash area start at this "   \
	  "byte of the hash device (a multiple of 512; default 0)" }

/* The tree parameter options of format, verify and cmdline (seal has its own defaults). */
#define PARAM_OPTIONS                                                                            \
	TREE_OPTIONS,                                                                            \
	{ "data-blocks", 0, OPT_DATA_BLOCKS, "N", "hash only the first N data blocks "            \
	  "(default: the whole data device, which must be a block multiple)" },                   \
	{ "salt", 0, OPT_SALT, "HEX", "salt, up to 256 bytes in hex, or - for none "               \
	  "(format default: 32 random bytes)" },                                                  \
	{ "uuid", 0, OPT_UUID, "UUID", "UUID stored in the superblock (format default: random)" }, \
	{ "no-superblock", 0, OPT_NO_SB, NULL, "no superblock: every parameter comes from the "   \
	  "options" }

/* How the guest's kernel opens the device: cmdline and seal. */
#define BOOT_OPTIONS                                                                             \
	{ "name", 0, OPT_NAME, "NAME", "device-mapper name (default vroot)" },                    \
	{ "panic-on-corruption", 0, OPT_PANIC, NULL, "panic when a block does not verify "        \
	  "(default)" },                                                                          \
	{ "restart-on-corruption", 0, OPT_RESTART, NULL, "restart the guest when a block does "   \
	  "not verify" },                                                                         \
	{ "eio-on-corruption", 0, OPT_EIO, NULL, "only fail the read (EIO) when a block does "    \
	  "not verify" },                                                                         \
	{ "ignore-zero-blocks", 0, OPT_ZERO, NULL, "return zeroes for blocks of zeroes without "  \
	  "hashing them" },                                                                       \
	{ "check-at-most-once", 0, OPT_ONCE, NULL, "verify each data block only the first time "  \
	  "it is read" },                                                                         \
	{ "waitfor", 0, OPT_WAITFOR, NULL, "add dm-mod.waitfor= so the kernel waits for the "     \
	  "devices" },                                                                            \
	{ "systemd", 0, OPT_SYSTEMD, NULL, "systemd's roothash= and systemd.verity_root_*= "      \
	  "instead of dm-mod.create=" }

/* Bits of struct verity_args.set: which parameters the user gave. */
enum {
	SET_FORMAT = 1 << 0,
	SET_HASH = 1 << 1,
	SET_DATA_BS = 1 << 2,
	SET_HASH_BS = 1 << 3,
	SET_DATA_BLOCKS = 1 << 4,
	SET_SALT = 1 << 5,
	SET_UUID = 1 << 6,
};

struct verity_args {
	struct sev_verity_params p;
	unsigned set;
	struct sev_verity_run run;
	struct sev_verity_boot boot;
	struct sev_verity_fec fec;
	bool fec_options;          /* --fec-roots or --fec-offset given */
	bool systemd;
	/* the root hash signature: format writes it, verify checks it */
	const char *root_sig, *sign_key, *sign_cert, *trusted_cert;
	unsigned partition;        /* 0: none */
};

/*
 * --partition N, found on data: the window of a.run. An exit code (0: found or none given).
 * Call once the options are parsed.
 */
int resolve_partition(struct cli *cli, struct verity_args *a, const char *data);

/* veritysetup's defaults, nothing given yet. */
void verity_args_init(struct verity_args *a);
/* Apply one verity option: 0, an exit code, or -1 when id is none of them. */
int verity_option(struct cli *cli, struct verity_args *a, int id, const char *s);
/* Refuse shortened option names (-1 to go on, else the exit code). */
int full_names_only(struct cli *cli, int argc, char **argv, const struct cli_option *opts);
/* Parse the options of a command; returns -1 to go on, else the exit code. */
int parse_options(struct cli *cli, int argc, char **argv, const struct cli_option *opts,
		  struct verity_args *a);
/* The salt in hex, or "-" for none (caller frees; NULL when out of memory). */
char *salt_text(const struct sev_verity_params *p);

/* veritysetup's block: label, padding, TAB, value. */
void print_header(struct cli *cli, const char *hash_path, const struct sev_verity_params *p,
		  const struct sev_verity_geometry *g, const struct sev_verity_fec *fec,
		  const char *root_hex);
json_t *header_json(const char *hash_path, const struct sev_verity_params *p,
		    const struct sev_verity_geometry *g, const char *root_hex);

/* Show the progress line (progress.h) while the library hashes; progress_end clears it. */
void verity_progress(struct cli *cli, struct verity_args *a, struct progress *pr);

/* The tree parameters: from the superblock on HASH, or all from the options. */
int load_params(struct cli *cli, struct verity_args *a, const char *hash_path);
/*
 * ROOT from the operand (bad: a usage error) or --root-hash-file (hex, trailing
 * blanks ignored; bad: bad input, and its bytes are not echoed: they may be binary).
 */
int load_root(struct cli *cli, const struct verity_args *a, const char *operand,
	      uint8_t **root, size_t *len);

#endif
