/* SPDX-License-Identifier: Apache-2.0 */
/* What the verity verbs share: option parsing, superblock parameters, root hash, output */
#include "verity-common.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/crypto.h>
#include <sevkit/util.h>

static int parse_u32(struct cli *cli, const char *opt, const char *s, uint32_t *out)
{
	if (sev_parse_u32(s, out))
		return cli_usage_error(cli, "--%s takes a number, not '%s'", opt, s);
	return 0;
}

static int parse_u64(struct cli *cli, const char *opt, const char *s, uint64_t *out)
{
	if (sev_parse_uint(s, INT64_MAX, out))
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
	if (sev_hex_decode_alloc(s, &salt, &n))
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
	for (const char *const *name = sev_digest_names(); *name; name++) {
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
	case OPT_ROOT_SIG: a->root_sig = s; return 0;
	case OPT_PARTITION: return parse_u32(cli, "partition", s, &a->partition);
	case OPT_DATA_OFFSET: return parse_u64(cli, "data-offset", s, &a->run.data_offset);
	case OPT_DATA_SIZE: return parse_u64(cli, "data-size", s, &a->run.data_size);
	case OPT_SIGN_KEY: a->sign_key = s; return 0;
	case OPT_SIGN_CERT: a->sign_cert = s; return 0;
	case OPT_TRUSTED_CERT: a->trusted_cert = s; return 0;
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

static int boot_option(struct verity_args *a, int id, const char *s)
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
	return -1;
}

void verity_args_init(struct verity_args *a)
{
	memset(a, 0, sizeof(*a));
	sev_verity_params_init(&a->p);
	a->run = SEV_INIT(struct sev_verity_run);
	a->boot = SEV_INIT(struct sev_verity_boot);
	a->fec = SEV_INIT(struct sev_verity_fec);
	a->fec.roots = 2;
}

int verity_option(struct cli *cli, struct verity_args *a, int id, const char *s)
{
	int rc = param_option(cli, a, id, s);

	return rc < 0 ? boot_option(a, id, s) : rc;
}

/*
 * getopt_long takes a unique prefix for the whole name: dump's "--hash sha1" would
 * be read as --hash-offset. A shortened name of an option here is refused instead.
 */
int full_names_only(struct cli *cli, int argc, char **argv, const struct cli_option *opts)
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
int parse_options(struct cli *cli, int argc, char **argv, const struct cli_option *opts,
		  struct verity_args *a)
{
	int r = full_names_only(cli, argc, argv, opts);

	if (r >= 0)
		return r;
	verity_args_init(a);
	while ((r = cli_next_option(cli, argc, argv, opts)) != CLI_DONE) {
		int rc;

		if (r < 0)
			return cli_stop_code(r);
		rc = verity_option(cli, a, r, cli->optarg);
		if (rc < 0)
			return cli_usage_error(cli, "unexpected option");
		if (rc)
			return rc;
	}
	return -1;
}

int resolve_partition(struct cli *cli, struct verity_args *a, const char *data)
{
	if (!a->partition)
		return 0;
	if (a->run.data_offset || a->run.data_size)
		return cli_usage_error(cli, "--partition says where the data are: not with "
				       "--data-offset or --data-size");
	cli_input_begin(cli, data);
	return cli_exit(cli_input_end(cli, sev_verity_partition(data, a->partition,
								&a->run.data_offset,
								&a->run.data_size)));
}

char *salt_text(const struct sev_verity_params *p)
{
	return p->salt_size ? sev_hex_dup(p->salt, p->salt_size) : strdup("-");
}

/* veritysetup's block: label, padding, TAB, value. */
void print_header(struct cli *cli, const char *hash_path, const struct sev_verity_params *p,
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

json_t *header_json(const char *hash_path, const struct sev_verity_params *p,
		    const struct sev_verity_geometry *g, const char *root_hex)
{
	json_t *doc = json_object();
	char uuid[37], *salt = p->salt_size ? sev_hex_dup(p->salt, p->salt_size) : strdup("");

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

void verity_progress(struct cli *cli, struct verity_args *a, struct progress *pr)
{
	if (!progress_begin(cli, pr))
		return;
	a->run.progress = progress_show;
	a->run.progress_ctx = pr;
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
int load_params(struct cli *cli, struct verity_args *a, const char *hash_path)
{
	struct sev_verity_params sb = SEV_INIT(struct sev_verity_params);
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
int load_root(struct cli *cli, const struct verity_args *a, const char *operand,
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
		return cli_exit(sev_hex_decode_alloc(operand, root, len));
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
	rc = sev_hex_decode_alloc((const char *)text, root, len);
	free(text);
	return cli_exit(rc);
}

