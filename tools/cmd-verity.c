/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit verity format | verify | dump | cmdline, with veritysetup's options and output. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sevkit/verity.h>

#include "commands.h"
#include "crypto/digest.h"
#include "util/file.h"
#include "util/hex.h"
#include "util/number.h"

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
};

#define PARAM_OPTIONS                                                                            \
	{ "format", 0, OPT_FORMAT, "N", "hash type: 1 normal (default), 0 original Chrome OS" },  \
	{ "hash", 0, OPT_HASH, "ALG", "sha256 (default), sha1, sha224, sha384, sha512, "          \
	  "sha3-224/256/384/512, blake2b-512, blake2s-256, ripemd160 or sm3" },                   \
	{ "data-block-size", 0, OPT_DATA_BS, "BYTES", "data block size (default 4096)" },         \
	{ "hash-block-size", 0, OPT_HASH_BS, "BYTES", "hash block size (default 4096)" },         \
	{ "data-blocks", 0, OPT_DATA_BLOCKS, "N", "hash only the first N data blocks "            \
	  "(default: the whole data device, which must be a block multiple)" },                   \
	{ "hash-offset", 0, OPT_HASH_OFFSET, "BYTES", "superblock and hash area start at this "   \
	  "byte of the hash device (a multiple of 512; default 0)" },                             \
	{ "salt", 0, OPT_SALT, "HEX", "salt, up to 256 bytes in hex, or - for none "               \
	  "(format default: 32 random bytes)" },                                                  \
	{ "uuid", 0, OPT_UUID, "UUID", "UUID stored in the superblock (format default: random)" }, \
	{ "no-superblock", 0, OPT_NO_SB, NULL, "no superblock: every parameter comes from the "   \
	  "options" }

static const struct cli_option format_options[] = {
	PARAM_OPTIONS,
	{ "root-hash-file", 0, OPT_ROOT_FILE, "FILE", "also write the root hash to FILE (hex, no "
	  "newline)" },
	{ "threads", 0, OPT_THREADS, "N", "hashing threads (default: one per CPU)" },
	{ "fec-device", 0, OPT_FEC_DEVICE, "DEV", "also write Reed-Solomon parity (forward error "
	  "correction) of the data and the tree to DEV, a file or device of its own" },
	{ "fec-roots", 0, OPT_FEC_ROOTS, "N", "parity bytes per 255-byte codeword, 2 to 24 "
	  "(default 2)" },
	{ "fec-offset", 0, OPT_FEC_OFFSET, "BYTES", "the parity starts at this byte of the FEC "
	  "device (a multiple of 512; default 0)" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

static const struct cli_option verify_options[] = {
	PARAM_OPTIONS,
	{ "root-hash-file", 0, OPT_ROOT_FILE, "FILE", "read the root hash from FILE instead of "
	  "the ROOT operand" },
	{ "threads", 0, OPT_THREADS, "N", "hashing threads (default: one per CPU)" },
	{ "fec-device", 0, OPT_FEC, "DEV", "not supported: verify checks the tree without the "
	  "forward error correction data" },
	{ "fec-roots", 0, OPT_FEC, "N", "not supported (see --fec-device)" },
	{ "fec-offset", 0, OPT_FEC, "BYTES", "not supported (see --fec-device)" },
	{ 0 },
};

static const struct cli_option dump_options[] = {
	{ "hash-offset", 0, OPT_HASH_OFFSET, "BYTES", "the superblock is at this byte "
	  "(default 0)" },
	{ 0 },
};

static const struct cli_option cmdline_options[] = {
	PARAM_OPTIONS,
	{ "root-hash-file", 0, OPT_ROOT_FILE, "FILE", "read the root hash from FILE instead of "
	  "the ROOT operand" },
	{ "data-device", 0, OPT_DATA_DEV, "DEV", "data device as the guest kernel names it, "
	  "e.g. /dev/vda1 or PARTUUID=... (required)" },
	{ "hash-device", 0, OPT_HASH_DEV, "DEV", "hash device as the guest names it (default: "
	  "the data device when --hash-offset is set)" },
	{ "name", 0, OPT_NAME, "NAME", "device-mapper name (default vroot)" },
	{ "panic-on-corruption", 0, OPT_PANIC, NULL, "panic when a block does not verify "
	  "(default)" },
	{ "restart-on-corruption", 0, OPT_RESTART, NULL, "restart the guest when a block does "
	  "not verify" },
	{ "eio-on-corruption", 0, OPT_EIO, NULL, "only fail the read (EIO) when a block does "
	  "not verify" },
	{ "ignore-zero-blocks", 0, OPT_ZERO, NULL, "return zeroes for blocks of zeroes without "
	  "hashing them" },
	{ "check-at-most-once", 0, OPT_ONCE, NULL, "verify each data block only the first time "
	  "it is read" },
	{ "waitfor", 0, OPT_WAITFOR, NULL, "add dm-mod.waitfor= so the kernel waits for the "
	  "devices" },
	{ "systemd", 0, OPT_SYSTEMD, NULL, "print systemd's roothash= and systemd.verity_root_*= "
	  "instead of dm-mod.create=" },
	{ 0 },
};

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
};

static int parse_u32(struct cli *cli, const char *opt, const char *s, uint32_t *out)
{
	if (sk_parse_u32(s, out))
		return cli_usage_error(cli, "--%s takes a number, not '%s'", opt, s);
	return 0;
}

static int parse_u64(struct cli *cli, const char *opt, const char *s, uint64_t *out)
{
	if (sk_parse_uint(s, INT64_MAX, out))
		return cli_usage_error(cli, "--%s takes a number, not '%s'", opt, s);
	return 0;
}

static int parse_salt(struct cli *cli, const char *s, struct sev_verity_params *p)
{
	uint8_t *salt;
	size_t n;

	memset(p->salt, 0, sizeof(p->salt));
	p->salt_size = 0;
	if (strcmp(s, "-") == 0)
		return 0;
	if (sk_hex_decode_alloc(s, &salt, &n))
		return cli_usage_error(cli, "--salt takes hexadecimal digits or -");
	if (n > SEV_VERITY_SALT_MAX) {
		free(salt);
		return cli_usage_error(cli, "--salt: %zu bytes, at most %d", n,
				       SEV_VERITY_SALT_MAX);
	}
	memcpy(p->salt, salt, n);
	p->salt_size = (uint16_t)n;
	free(salt);
	return 0;
}

/* An algorithm sevkit does not offer is a bad option value, like any other. */
static int parse_hash(struct cli *cli, const char *s, struct sev_verity_params *p)
{
	for (const char *const *name = sk_digest_names(); *name; name++) {
		if (strcasecmp(s, *name) == 0) {
			strcpy(p->hash_name, s);
			return 0;
		}
	}
	return cli_usage_error(cli, "--hash: hash algorithm %.40s is not supported (see --help "
			       "for the algorithms)", s);
}

/* Apply one tree parameter option; 0 when applied, else an exit code. */
static int param_option(struct cli *cli, struct verity_args *a, int id, const char *s)
{
	struct sev_verity_params *p = &a->p;

	switch (id) {
	case OPT_FORMAT: a->set |= SET_FORMAT; return parse_u32(cli, "format", s, &p->hash_type);
	case OPT_HASH: a->set |= SET_HASH; return parse_hash(cli, s, p);
	case OPT_DATA_BS:
		a->set |= SET_DATA_BS;
		return parse_u32(cli, "data-block-size", s, &p->data_block_size);
	case OPT_HASH_BS:
		a->set |= SET_HASH_BS;
		return parse_u32(cli, "hash-block-size", s, &p->hash_block_size);
	case OPT_DATA_BLOCKS:
		a->set |= SET_DATA_BLOCKS;
		return parse_u64(cli, "data-blocks", s, &p->data_blocks);
	case OPT_HASH_OFFSET: return parse_u64(cli, "hash-offset", s, &p->hash_offset);
	case OPT_SALT: a->set |= SET_SALT; return parse_salt(cli, s, p);
	case OPT_UUID:
		a->set |= SET_UUID;
		if (sev_verity_uuid_parse(s, p->uuid))
			return cli_usage_error(cli, "--uuid: '%s' is not a UUID", s);
		return 0;
	case OPT_NO_SB: p->superblock = false; return 0;
	case OPT_THREADS: return parse_u32(cli, "threads", s, &a->run.threads);
	case OPT_ROOT_FILE: a->run.root_hash_file = s; return 0;
	case OPT_FEC:
		return cli_usage_error(cli, "only format writes forward error correction data: "
				       "--fec-* is not supported here");
	case OPT_FEC_DEVICE: a->fec.device = s; a->run.fec = &a->fec; return 0;
	case OPT_FEC_ROOTS:
		a->fec_options = true;
		return parse_u32(cli, "fec-roots", s, &a->fec.roots);
	case OPT_FEC_OFFSET:
		a->fec_options = true;
		return parse_u64(cli, "fec-offset", s, &a->fec.offset);
	}
	return -1;
}

static int boot_option(struct cli *cli, struct verity_args *a, int id, const char *s)
{
	struct sev_verity_boot *b = &a->boot;

	switch (id) {
	case OPT_DATA_DEV: b->data_device = s; return 0;
	case OPT_HASH_DEV: b->hash_device = s; return 0;
	case OPT_NAME: b->name = s; return 0;
	case OPT_PANIC: b->on_corruption = SEV_VERITY_PANIC; return 0;
	case OPT_RESTART: b->on_corruption = SEV_VERITY_RESTART; return 0;
	case OPT_EIO: b->on_corruption = SEV_VERITY_EIO; return 0;
	case OPT_ZERO: b->ignore_zero_blocks = true; return 0;
	case OPT_ONCE: b->check_at_most_once = true; return 0;
	case OPT_WAITFOR: b->waitfor = true; return 0;
	case OPT_SYSTEMD: a->systemd = true; return 0;
	}
	return cli_usage_error(cli, "unexpected option");
}

/*
 * getopt_long takes a unique prefix for the whole name: dump's "--hash sha1" would
 * be read as --hash-offset. A shortened name of an option here is refused instead.
 */
static int full_names_only(struct cli *cli, int argc, char **argv,
			   const struct cli_option *opts)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const struct cli_option *exact = NULL;
		const char *arg;
		bool prefix = false;
		size_t len;

		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		arg = argv[i] + 2;
		len = strcspn(arg, "=");
		for (const struct cli_option *o = opts; o->name; o++) {
			if (strncmp(o->name, arg, len) != 0)
				continue;
			if (o->name[len] == '\0')
				exact = o;
			else
				prefix = true;
		}
		if (exact && exact->arg && arg[len] == '\0')
			i++; /* its argument */
		else if (!exact && prefix)
			return cli_usage_error(cli, "unknown option --%.*s (option names are not "
					       "abbreviated)", (int)(len > 40 ? 40 : len), arg);
	}
	return -1;
}

/* Parse the options of a command; returns -1 to go on, else the exit code. */
static int parse_options(struct cli *cli, int argc, char **argv, const struct cli_option *opts,
			 struct verity_args *a)
{
	int r = full_names_only(cli, argc, argv, opts);

	if (r >= 0)
		return r;
	memset(a, 0, sizeof(*a));
	sev_verity_params_init(&a->p);
	a->fec.roots = 2;
	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		int rc;

		if (r < 0)
			return cli_stop_code(r);
		rc = param_option(cli, a, r, cli->optarg);
		if (rc < 0)
			rc = boot_option(cli, a, r, cli->optarg);
		if (rc)
			return rc;
	}
	return -1;
}

static char *salt_text(const struct sev_verity_params *p)
{
	return p->salt_size ? sk_hex_dup(p->salt, p->salt_size) : strdup("-");
}

/* veritysetup's block: label, padding, TAB, value. */
static void print_header(struct cli *cli, const char *hash_path, const struct sev_verity_params *p,
			 const struct sev_verity_geometry *g, const struct sev_verity_fec *fec,
			 const char *root_hex)
{
	char uuid[37] = "", *salt = salt_text(p);

	if (p->superblock)
		sev_verity_uuid_format(p->uuid, uuid);
	cli_print(cli, "VERITY header information for %s\n", hash_path);
	cli_print(cli, "UUID:            \t%s\n", uuid);
	cli_print(cli, "Hash type:       \t%u\n", p->hash_type);
	cli_print(cli, "Data blocks:     \t%llu\n", (unsigned long long)p->data_blocks);
	cli_print(cli, "Data block size: \t%u\n", p->data_block_size);
	cli_print(cli, "Hash blocks:     \t%llu\n", (unsigned long long)g->hash_blocks);
	cli_print(cli, "Hash block size: \t%u\n", p->hash_block_size);
	cli_print(cli, "Hash algorithm:  \t%s\n", p->hash_name);
	if (fec) {
		cli_print(cli, "FEC RS roots:   \t%u\n", fec->roots);
		cli_print(cli, "FEC blocks:     \t%llu\n", (unsigned long long)fec->parity_blocks);
	}
	cli_print(cli, "Salt:            \t%s\n", salt ? salt : "");
	if (root_hex)
		cli_print(cli, "Root hash:      \t%s\n", root_hex);
	if (p->hash_offset == 0)
		cli_print(cli, "Hash device size: \t%llu [bytes]\n",
			  (unsigned long long)g->hash_device_size);
	if (fec && fec->offset == 0)
		cli_print(cli, "FEC device size: \t%llu [bytes]\n",
			  (unsigned long long)(fec->parity_blocks * p->data_block_size));
	free(salt);
}

static json_t *header_json(const char *hash_path, const struct sev_verity_params *p,
			   const struct sev_verity_geometry *g, const char *root_hex)
{
	json_t *doc = json_object();
	char uuid[37], *salt = p->salt_size ? sk_hex_dup(p->salt, p->salt_size) : strdup("");

	sev_verity_uuid_format(p->uuid, uuid);
	json_object_set_new(doc, "hash_device", json_string(hash_path));
	json_object_set_new(doc, "superblock", json_boolean(p->superblock));
	json_object_set_new(doc, "uuid", p->superblock ? json_string(uuid) : json_null());
	json_object_set_new(doc, "hash_type", json_integer(p->hash_type));
	json_object_set_new(doc, "data_blocks", json_integer((json_int_t)p->data_blocks));
	json_object_set_new(doc, "data_block_size", json_integer(p->data_block_size));
	json_object_set_new(doc, "hash_blocks", json_integer((json_int_t)g->hash_blocks));
	json_object_set_new(doc, "hash_block_size", json_integer(p->hash_block_size));
	json_object_set_new(doc, "hash_algorithm", json_string(p->hash_name));
	json_object_set_new(doc, "salt", json_string(salt ? salt : ""));
	if (root_hex)
		json_object_set_new(doc, "root_hash", json_string(root_hex));
	json_object_set_new(doc, "hash_offset", json_integer((json_int_t)p->hash_offset));
	json_object_set_new(doc, "hash_start_block", json_integer((json_int_t)g->hash_start_block));
	json_object_set_new(doc, "hash_device_size", json_integer((json_int_t)g->hash_device_size));
	json_object_set_new(doc, "levels", json_integer(g->levels));
	free(salt);
	return doc;
}

static json_t *fec_json(const struct sev_verity_fec *fec, uint32_t block_size)
{
	json_t *o = json_object();

	json_object_set_new(o, "device", json_string(fec->device));
	json_object_set_new(o, "roots", json_integer(fec->roots));
	json_object_set_new(o, "offset", json_integer((json_int_t)fec->offset));
	json_object_set_new(o, "blocks", json_integer((json_int_t)fec->parity_blocks));
	json_object_set_new(o, "size", json_integer((json_int_t)(fec->parity_blocks * block_size)));
	return o;
}

/* A progress bar on stderr, only on a terminal; called serialised by the library. */
struct progress {
	struct timespec start, last;
	bool shown;
};

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void show_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct progress *pr = ctx;
	struct timespec now;
	char bar[31];
	double frac = total ? (double)done / (double)total : 1.0, t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (seconds(&pr->last, &now) < 0.1 && done < total)
		return;
	pr->last = now;
	t = seconds(&pr->start, &now);
	for (int i = 0; i < 30; i++)
		bar[i] = i < (int)(frac * 30) ? '#' : '.';
	bar[30] = '\0';
	fprintf(stderr, "\r[%s] %3d%%  %.0f MB/s", bar, (int)(frac * 100),
		t > 0 ? (double)done / t / 1e6 : 0.0);
	fflush(stderr);
	pr->shown = true;
}

static void progress_start(struct cli *cli, struct verity_args *a, struct progress *pr)
{
	memset(pr, 0, sizeof(*pr));
	if (cli->quiet || !isatty(STDERR_FILENO))
		return;
	clock_gettime(CLOCK_MONOTONIC, &pr->start);
	a->run.progress = show_progress;
	a->run.progress_ctx = pr;
}

static void progress_end(const struct progress *pr)
{
	if (pr->shown)
		fprintf(stderr, "\r\033[K");
}

/* A random salt and UUID unless given, as veritysetup. */
static int format_defaults(struct verity_args *a)
{
	struct sev_verity_params user = a->p;
	int rc = sev_verity_params_randomize(&a->p);

	if (a->set & SET_SALT) {
		memcpy(a->p.salt, user.salt, sizeof(a->p.salt));
		a->p.salt_size = user.salt_size;
	}
	if (a->set & SET_UUID)
		memcpy(a->p.uuid, user.uuid, sizeof(a->p.uuid));
	return rc;
}

/*
 * The output rule, with what veritysetup allows: HASH may be DATA itself (the
 * tree after the data), and devices are written in place.
 */
static int format_outputs(struct cli *cli, const struct verity_args *a, const char *data,
			  const char *hash)
{
	int rc = cli_check_output(cli, hash, true);

	cli_note_input(cli, data);
	if (!rc && a->run.fec)
		rc = cli_check_output(cli, a->run.fec->device, true);
	if (!rc && a->run.root_hash_file)
		rc = cli_check_output(cli, a->run.root_hash_file, false);
	return rc;
}

int cmd_verity_format(struct cli *cli, int argc, char **argv)
{
	struct sev_verity_geometry g;
	struct verity_args a;
	struct progress pr;
	uint8_t root[SEV_VERITY_DIGEST_MAX];
	size_t root_len;
	char *hex;
	int rc = parse_options(cli, argc, argv, format_options, &a);

	if (rc >= 0)
		return rc;
	if (argc - optind != 2)
		return cli_usage_error(cli, "expected DATA and HASH");
	if (a.fec_options && !a.run.fec)
		return cli_usage_error(cli, "--fec-roots and --fec-offset need --fec-device");
	if ((rc = format_outputs(cli, &a, argv[optind], argv[optind + 1])))
		return rc;
	a.run.overwrite = cli->force;
	if (format_defaults(&a))
		return SEV_EXIT_INTERNAL;
	progress_start(cli, &a, &pr);
	rc = sev_verity_format(argv[optind], argv[optind + 1], &a.p, &a.run, root, &root_len);
	progress_end(&pr);
	if (!rc)
		rc = sev_verity_geometry(&a.p, &g);
	if (rc)
		return cli_exit(rc);
	hex = sk_hex_dup(root, root_len);
	if (cli->json) {
		json_t *doc = header_json(argv[optind + 1], &a.p, &g, hex);

		json_object_set_new(doc, "data_device", json_string(argv[optind]));
		if (a.run.fec)
			json_object_set_new(doc, "fec", fec_json(&a.fec, a.p.data_block_size));
		cli_json(cli, doc);
	} else {
		print_header(cli, argv[optind + 1], &a.p, &g, a.run.fec, hex);
	}
	free(hex);
	return SEV_EXIT_OK;
}

int cmd_verity_dump(struct cli *cli, int argc, char **argv)
{
	struct sev_verity_geometry g;
	struct sev_verity_params p;
	struct verity_args a;
	int rc = parse_options(cli, argc, argv, dump_options, &a);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one HASH device");
	rc = sev_verity_read_superblock(argv[optind], a.p.hash_offset, &p);
	if (!rc)
		rc = sev_verity_geometry(&p, &g);
	if (rc)
		return cli_exit(rc);
	if (cli->json)
		cli_json(cli, header_json(argv[optind], &p, &g, NULL));
	else
		print_header(cli, argv[optind], &p, &g, NULL, NULL);
	return SEV_EXIT_OK;
}

static int conflict(struct cli *cli, const char *opt, const char *given, const char *stored)
{
	return cli_usage_error(cli, "--%s %s does not match the superblock (%s)", opt, given,
			       stored);
}

static int check_number(struct cli *cli, unsigned set, unsigned bit, const char *opt,
			uint64_t given, uint64_t stored)
{
	char g[24], s[24];

	if (!(set & bit) || given == stored)
		return 0;
	snprintf(g, sizeof(g), "%llu", (unsigned long long)given);
	snprintf(s, sizeof(s), "%llu", (unsigned long long)stored);
	return conflict(cli, opt, g, s);
}

/* Options given together with a superblock must agree with it. */
static int check_against_sb(struct cli *cli, const struct verity_args *a,
			    const struct sev_verity_params *sb)
{
	const struct sev_verity_params *p = &a->p;
	int rc = check_number(cli, a->set, SET_FORMAT, "format", p->hash_type, sb->hash_type);

	if (!rc)
		rc = check_number(cli, a->set, SET_DATA_BS, "data-block-size", p->data_block_size,
				  sb->data_block_size);
	if (!rc)
		rc = check_number(cli, a->set, SET_HASH_BS, "hash-block-size", p->hash_block_size,
				  sb->hash_block_size);
	if (!rc)
		rc = check_number(cli, a->set, SET_DATA_BLOCKS, "data-blocks", p->data_blocks,
				  sb->data_blocks);
	if (!rc && (a->set & SET_HASH) && strcasecmp(p->hash_name, sb->hash_name) != 0)
		rc = conflict(cli, "hash", p->hash_name, sb->hash_name);
	if (!rc && (a->set & SET_SALT) &&
	    (p->salt_size != sb->salt_size || memcmp(p->salt, sb->salt, p->salt_size) != 0)) {
		char *given = salt_text(p), *stored = salt_text(sb);

		rc = conflict(cli, "salt", given ? given : "?", stored ? stored : "?");
		free(given);
		free(stored);
	}
	if (!rc && (a->set & SET_UUID) && memcmp(p->uuid, sb->uuid, sizeof(p->uuid)) != 0) {
		char given[37], stored[37];

		sev_verity_uuid_format(p->uuid, given);
		sev_verity_uuid_format(sb->uuid, stored);
		rc = conflict(cli, "uuid", given, stored);
	}
	return rc;
}

/* The tree parameters: from the superblock on HASH, or all from the options. */
static int load_params(struct cli *cli, struct verity_args *a, const char *hash_path)
{
	struct sev_verity_params sb;
	int rc;

	if (!a->p.superblock)
		return 0;
	rc = sev_verity_read_superblock(hash_path, a->p.hash_offset, &sb);
	if (rc)
		return cli_exit(rc);
	rc = check_against_sb(cli, a, &sb);
	if (!rc)
		a->p = sb;
	return rc;
}

/* A whole number of bytes in hex digits (0x allowed), nothing else: not even a NUL. */
static bool is_hex_root(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n == 0 || n % 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * ROOT from the operand (bad: a usage error) or --root-hash-file (hex, trailing
 * blanks ignored; bad: bad input, and its bytes are not echoed: they may be binary).
 */
static int load_root(struct cli *cli, const struct verity_args *a, const char *operand,
		     uint8_t **root, size_t *len)
{
	const char *file = a->run.root_hash_file;
	uint8_t *text = NULL;
	size_t n;
	int rc;

	if (!!operand == !!file)
		return cli_usage_error(cli, "give the root hash as ROOT or with --root-hash-file");
	if (!file) {
		if (!is_hex_root(operand, strlen(operand)))
			return cli_usage_error(cli, "the root hash must be hexadecimal digits");
		return cli_exit(sk_hex_decode_alloc(operand, root, len));
	}
	rc = cli_read_file(cli, file, 4096, &text, &n);
	if (rc)
		return cli_exit(rc);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\r' ||
		     text[n - 1] == '\t'))
		text[--n] = '\0';
	if (!is_hex_root((const char *)text, n)) {
		free(text);
		cli_error(cli, "%s is not a hexadecimal root hash", file);
		return SEV_EXIT_INPUT;
	}
	rc = sk_hex_decode_alloc((const char *)text, root, len);
	free(text);
	return cli_exit(rc);
}

static void failure_text(struct cli *cli, const struct sev_verity_failure *f, uint32_t levels,
			 const char *data, const char *hash)
{
	switch (f->area) {
	case SEV_VERITY_ROOT:
		cli_error(cli, "root hash mismatch: the %s at offset %llu of %s does not hash to "
			  "the root hash (wrong root hash, or that block is corrupted)",
			  levels ? "top-level hash block" : "only data block",
			  (unsigned long long)f->offset, levels ? hash : data);
		break;
	case SEV_VERITY_DATA:
		cli_error(cli, "data block %llu at offset %llu of %s is corrupted (digest "
			  "mismatch)", (unsigned long long)f->block, (unsigned long long)f->offset,
			  data);
		break;
	case SEV_VERITY_HASH:
		cli_error(cli, "hash block %llu (level %u) at offset %llu of %s is corrupted "
			  "(digest mismatch)", (unsigned long long)f->block, f->level,
			  (unsigned long long)f->offset, hash);
		break;
	case SEV_VERITY_PADDING:
		cli_error(cli, "hash block %llu (level %u) of %s: spare area is not zeroed at "
			  "offset %llu", (unsigned long long)f->block, f->level, hash,
			  (unsigned long long)f->offset);
		break;
	case SEV_VERITY_OK:
		break;
	}
}

static json_t *failure_json(const struct sev_verity_failure *f, const char *data,
			    const char *hash)
{
	json_t *o = json_object();

	json_object_set_new(o, "area", json_string(sev_verity_area_name(f->area)));
	json_object_set_new(o, "device", json_string(f->area == SEV_VERITY_DATA ? data : hash));
	json_object_set_new(o, "level", json_integer(f->level));
	json_object_set_new(o, "block", json_integer((json_int_t)f->block));
	json_object_set_new(o, "offset", json_integer((json_int_t)f->offset));
	return o;
}

/* Where the number of data blocks came from: only the user's own says the size is right. */
static const char *blocks_source(const struct verity_args *a)
{
	if (a->set & SET_DATA_BLOCKS)
		return "option";
	return a->p.superblock ? "superblock" : "data size";
}

/* Data past the covered blocks (null: none): not verified, and not exposed by dm-verity. */
static json_t *uncovered_json(const struct sev_verity_coverage *c, const char *data)
{
	json_t *o;

	if (c->covered >= c->end)
		return json_null();
	o = json_object();
	json_object_set_new(o, "device", json_string(data));
	json_object_set_new(o, "offset", json_integer((json_int_t)c->covered));
	json_object_set_new(o, "bytes", json_integer((json_int_t)(c->end - c->covered)));
	json_object_set_new(o, "end", json_integer((json_int_t)c->end));
	json_object_set_new(o, "before_hash_area", json_boolean(c->shared));
	return o;
}

static void uncovered_text(struct cli *cli, const struct verity_args *a,
			   const struct sev_verity_coverage *c, const char *data)
{
	if (c->covered >= c->end)
		return;
	cli_print(cli, "note: %s: the %llu bytes from byte %llu to %s %llu are not covered by "
		  "the hash tree and were not verified; dm-verity exposes only the %llu data "
		  "blocks before them\n", data, (unsigned long long)(c->end - c->covered),
		  (unsigned long long)c->covered,
		  c->shared ? "the hash area at byte" : "the end at byte",
		  (unsigned long long)c->end, (unsigned long long)c->data_blocks);
	if (!(a->set & SET_DATA_BLOCKS))
		cli_print(cli, "note: the root hash does not bind the number of data blocks (%llu, "
			  "from the %s): pass --data-blocks with the number you expect to "
			  "require it\n", (unsigned long long)c->data_blocks, blocks_source(a));
}

static void verify_report(struct cli *cli, const struct verity_args *a, const char *data,
			  const char *hash, const char *root_hex,
			  const struct sev_verity_failure *f, const struct sev_verity_coverage *c)
{
	struct sev_verity_params p = a->p;
	struct sev_verity_geometry g;
	bool ok = f->area == SEV_VERITY_OK;

	memset(&g, 0, sizeof(g));
	p.data_blocks = c->data_blocks;
	sev_verity_geometry(&p, &g);
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "verified", json_boolean(ok));
		json_object_set_new(doc, "root_hash", json_string(root_hex));
		json_object_set_new(doc, "hash_algorithm", json_string(p.hash_name));
		json_object_set_new(doc, "data_blocks", json_integer((json_int_t)p.data_blocks));
		json_object_set_new(doc, "data_blocks_from", json_string(blocks_source(a)));
		json_object_set_new(doc, "covered_bytes", json_integer((json_int_t)c->covered));
		json_object_set_new(doc, "hash_blocks", json_integer((json_int_t)g.hash_blocks));
		json_object_set_new(doc, "uncovered", uncovered_json(c, data));
		json_object_set_new(doc, "failure", ok ? json_null() : failure_json(f, data, hash));
		cli_json(cli, doc);
		return;
	}
	if (!ok)
		failure_text(cli, f, g.levels, data, hash);
	else
		cli_print(cli, "ok: %s verifies against root hash %s (%llu data blocks, %llu "
			  "bytes covered)\n", data, root_hex, (unsigned long long)p.data_blocks,
			  (unsigned long long)c->covered);
	uncovered_text(cli, a, c, data);
}

/*
 * Exactly the blocks the tree covers are verified, as veritysetup and dm-verity
 * do; what follows them is a note, not a failure. Refusing it would protect
 * nothing: the root hash does not bind the number of blocks (see verity.h), and a
 * forger who shrinks it in the superblock truncates the data file as well. What
 * binds the size is the user's --data-blocks, which the superblock must match.
 */
int cmd_verity_verify(struct cli *cli, int argc, char **argv)
{
	struct sev_verity_failure fail;
	struct sev_verity_coverage cov;
	struct verity_args a;
	struct progress pr;
	struct stat st;
	uint8_t *root;
	size_t root_len;
	char *hex;
	int rc = parse_options(cli, argc, argv, verify_options, &a);

	if (rc >= 0)
		return rc;
	if (argc - optind != 2 && argc - optind != 3)
		return cli_usage_error(cli, "expected DATA, HASH and ROOT");
	rc = load_params(cli, &a, argv[optind + 1]);
	if (!rc)
		rc = load_root(cli, &a, argc - optind == 3 ? argv[optind + 2] : NULL, &root,
			       &root_len);
	if (rc)
		return rc;
	/* without a superblock or --data-blocks: the whole blocks of the data file */
	if (!a.p.data_blocks && stat(argv[optind], &st) == 0 && S_ISREG(st.st_mode))
		a.p.data_blocks = (uint64_t)st.st_size / a.p.data_block_size;
	hex = sk_hex_dup(root, root_len);
	rc = -ENOMEM;
	if (hex) {
		progress_start(cli, &a, &pr);
		rc = sev_verity_verify_coverage(argv[optind], argv[optind + 1], &a.p, root,
						root_len, &a.run, &fail, &cov);
		progress_end(&pr);
	}
	if (!rc || rc == SEV_E_VERIFY)
		verify_report(cli, &a, argv[optind], argv[optind + 1], hex, &fail, &cov);
	free(hex);
	free(root);
	return cli_exit(rc);
}

static int cmdline_devices(struct cli *cli, struct verity_args *a)
{
	struct sev_verity_boot *b = &a->boot;

	if (!b->data_device)
		return cli_usage_error(cli, "--data-device is required: the data device as the "
				       "guest names it");
	if (!b->hash_device && a->p.hash_offset)
		b->hash_device = b->data_device;
	if (!b->hash_device)
		return cli_usage_error(cli, "--hash-device is required when the hash area is on "
				       "another device");
	if (!a->p.superblock && !(a->set & SET_DATA_BLOCKS))
		return cli_usage_error(cli, "--data-blocks is required with --no-superblock");
	return 0;
}

static json_t *cmdline_json(const struct verity_args *a, const uint8_t *root, size_t root_len)
{
	json_t *doc = json_object();
	char *table = NULL, *dm = NULL, *sd = NULL;

	sev_verity_table(&a->p, root, root_len, &a->boot, &table);
	sev_verity_cmdline_dm(&a->p, root, root_len, &a->boot, &dm);
	sev_verity_cmdline_systemd(&a->p, root, root_len, &a->boot, &sd);
	json_object_set_new(doc, "table", table ? json_string(table) : json_null());
	json_object_set_new(doc, "dm_mod", dm ? json_string(dm) : json_null());
	json_object_set_new(doc, "systemd", sd ? json_string(sd) : json_null());
	free(table);
	free(dm);
	free(sd);
	return doc;
}

int cmd_verity_cmdline(struct cli *cli, int argc, char **argv)
{
	struct verity_args a;
	uint8_t *root;
	size_t root_len;
	char *line = NULL;
	int rc = parse_options(cli, argc, argv, cmdline_options, &a);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1 && argc - optind != 2)
		return cli_usage_error(cli, "expected HASH and ROOT");
	rc = cmdline_devices(cli, &a);
	if (!rc)
		rc = load_params(cli, &a, argv[optind]);
	if (!rc)
		rc = load_root(cli, &a, argc - optind == 2 ? argv[optind + 1] : NULL, &root,
			       &root_len);
	if (rc)
		return rc;
	if (a.systemd)
		rc = sev_verity_cmdline_systemd(&a.p, root, root_len, &a.boot, &line);
	else
		rc = sev_verity_cmdline_dm(&a.p, root, root_len, &a.boot, &line);
	if (!rc && cli->json)
		cli_json(cli, cmdline_json(&a, root, root_len));
	else if (!rc)
		cli_print(cli, "%s\n", line);
	free(line);
	free(root);
	return cli_exit(rc);
}
