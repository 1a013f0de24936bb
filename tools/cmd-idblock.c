/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevkit idblock create: the ID block and ID authentication information QEMU's
 * sev-snp-guest takes (id-block=, id-auth=, author-key-enabled=), as
 * sev-snp-measure's snp-create-id-block makes them, and the key digests an
 * attestation report of that guest carries.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/crypto.h>
#include <sevkit/file.h>
#include <sevkit/measure.h>
#include <sevkit/policy.h>
#include <sevkit/snp.h>
#include <sevkit/util.h>

#include "commands.h"

#define KEY_FILE_MAX (64u << 10)

enum {
	OPT_MEASUREMENT = 0x100,
	OPT_ID_KEY,
	OPT_AUTHOR_KEY,
	OPT_FAMILY_ID,
	OPT_IMAGE_ID,
	OPT_SVN,
	OPT_POLICY,
	OPT_ID_BLOCK_OUT,
	OPT_ID_AUTH_OUT,
};

static const struct cli_option options[] = {
	{ "measurement", 0, OPT_MEASUREMENT, "DIGEST", "the expected launch digest: 96 hex "
	  "digits or base64 (sevkit measure, sev-snp-measure) (required)" },
	{ "id-key", 0, OPT_ID_KEY, "PEM", "ID key: EC P-384 private key, PKCS#8 or SEC1 PEM "
	  "(required)" },
	{ "idkey", 0, OPT_ID_KEY, "PEM", "same as --id-key (snp-create-id-block's name)" },
	{ "author-key", 0, OPT_AUTHOR_KEY, "PEM", "author key that signs the ID key (P-384 "
	  "PEM); QEMU then needs author-key-enabled=on" },
	{ "authorkey", 0, OPT_AUTHOR_KEY, "PEM", "same as --author-key" },
	{ "family-id", 0, OPT_FAMILY_ID, "HEX", "FAMILY_ID, 16 bytes in hex (default zero)" },
	{ "image-id", 0, OPT_IMAGE_ID, "HEX", "IMAGE_ID, 16 bytes in hex (default zero)" },
	{ "svn", 0, OPT_SVN, "N", "GUEST_SVN, a 32-bit number (default 0)" },
	{ "policy", 0, OPT_POLICY, "POLICY", "the guest policy QEMU launches with (default "
	  "0x30000; must be a valid SEV-SNP policy)" },
	{ "id-block-out", 0, OPT_ID_BLOCK_OUT, "FILE", "also write the 96-byte ID block" },
	{ "id-auth-out", 0, OPT_ID_AUTH_OUT, "FILE", "also write the 4096-byte ID_AUTH" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

struct idblock_args {
	const char *measurement, *id_key, *author_key, *block_out, *auth_out;
	struct sev_id_block block;
};

static int parse_id(struct cli *cli, const char *opt, const char *arg, uint8_t out[16])
{
	if (sev_hex_decode(out, 16, arg))
		return cli_usage_error(cli, "--%s takes 16 bytes as 32 hex digits", opt);
	return 0;
}

static int parse_option(struct cli *cli, struct idblock_args *a, int id, const char *arg)
{
	uint64_t v;

	switch (id) {
	case OPT_MEASUREMENT: a->measurement = arg; return 0;
	case OPT_ID_KEY: a->id_key = arg; return 0;
	case OPT_AUTHOR_KEY: a->author_key = arg; return 0;
	case OPT_FAMILY_ID: return parse_id(cli, "family-id", arg, a->block.family_id);
	case OPT_IMAGE_ID: return parse_id(cli, "image-id", arg, a->block.image_id);
	case OPT_SVN:
		if (sev_parse_uint(arg, UINT32_MAX, &v))
			return cli_usage_error(cli, "--svn takes a 32-bit number");
		a->block.guest_svn = (uint32_t)v;
		return 0;
	case OPT_POLICY:
		if (sev_parse_uint(arg, UINT64_MAX, &a->block.policy) ||
		    sev_snp_policy_validate(a->block.policy))
			return cli_usage_error(cli, "--policy takes a valid SEV-SNP guest policy "
					       "(see 'sevkit policy decode --snp')");
		return 0;
	case OPT_ID_BLOCK_OUT: a->block_out = arg; return 0;
	case OPT_ID_AUTH_OUT: a->auth_out = arg; return 0;
	default: return cli_usage_error(cli, "unexpected option");
	}
}

static int load_key(struct cli *cli, const char *path, struct sev_id_key **key)
{
	uint8_t *pem;
	size_t len;
	int rc = cli_read_secret(cli, path, KEY_FILE_MAX, &pem, &len);

	if (rc)
		return cli_exit(rc);
	cli_input_begin(cli, path);
	rc = cli_input_end(cli, sev_id_key_from_pem(pem, len, key));
	sev_file_free_secret(pem, len);
	return rc ? SEV_EXIT_INPUT : 0;
}

/* What the command prints: base64 blobs, key digests in hex and base64. */
struct result {
	char *block, *auth, *qemu;
	char *id_digest, *id_digest_b64, *author_digest, *author_digest_b64;
	bool author;
};

static void result_free(struct result *r)
{
	free(r->block);
	free(r->auth);
	free(r->qemu);
	free(r->id_digest);
	free(r->id_digest_b64);
	free(r->author_digest);
	free(r->author_digest_b64);
}

static int digests(const uint8_t *pub, char **hex, char **b64)
{
	uint8_t d[SEV_SNP_LD_LEN];

	if (sev_id_key_digest(pub, d))
		return SEV_EXIT_INTERNAL;
	*hex = sev_hex_dup(d, sizeof(d));
	*b64 = sev_base64_encode(d, sizeof(d));
	return *hex && *b64 ? 0 : SEV_EXIT_INTERNAL;
}

static int format_result(struct result *r, const uint8_t *block, const uint8_t *auth,
			 const struct sev_id_auth *a)
{
	size_t n;

	r->author = a->has_author_key;
	r->block = sev_base64_encode(block, SEV_ID_BLOCK_LEN);
	r->auth = sev_base64_encode(auth, SEV_ID_AUTH_LEN);
	if (!r->block || !r->auth || digests(a->id_key, &r->id_digest, &r->id_digest_b64) ||
	    (r->author && digests(a->author_key, &r->author_digest, &r->author_digest_b64)))
		return SEV_EXIT_INTERNAL;
	n = strlen(r->block) + strlen(r->auth) + 64;
	r->qemu = malloc(n);
	if (!r->qemu)
		return SEV_EXIT_INTERNAL;
	snprintf(r->qemu, n, "id-block=%s,id-auth=%s%s", r->block, r->auth,
		 r->author ? ",author-key-enabled=on" : "");
	return 0;
}

static json_t *hex_json(const uint8_t *p, size_t n)
{
	char *hex = sev_hex_dup(p, n);
	json_t *s = hex ? json_string(hex) : NULL;

	free(hex);
	return s;
}

static void print_result(struct cli *cli, const struct idblock_args *a, const struct result *r)
{
	json_t *doc;
	char policy[24];

	if (!cli->json) {
		cli_print(cli, "%s\nid_key_digest: %s\n", r->qemu, r->id_digest);
		if (r->author)
			cli_print(cli, "author_key_digest: %s\n", r->author_digest);
		return;
	}
	doc = json_object();
	snprintf(policy, sizeof(policy), "0x%llx", (unsigned long long)a->block.policy);
	json_object_set_new(doc, "measurement", hex_json(a->block.ld, SEV_SNP_LD_LEN));
	json_object_set_new(doc, "family_id", hex_json(a->block.family_id, 16));
	json_object_set_new(doc, "image_id", hex_json(a->block.image_id, 16));
	json_object_set_new(doc, "id_block", json_string(r->block));
	json_object_set_new(doc, "id_auth", json_string(r->auth));
	json_object_set_new(doc, "author_key_enabled", json_boolean(r->author));
	json_object_set_new(doc, "qemu", json_string(r->qemu));
	json_object_set_new(doc, "id_key_digest", json_string(r->id_digest));
	json_object_set_new(doc, "id_key_digest_base64", json_string(r->id_digest_b64));
	json_object_set_new(doc, "author_key_digest", r->author ?
			    json_string(r->author_digest) : json_null());
	json_object_set_new(doc, "author_key_digest_base64", r->author ?
			    json_string(r->author_digest_b64) : json_null());
	json_object_set_new(doc, "guest_svn", json_integer(a->block.guest_svn));
	json_object_set_new(doc, "policy", json_string(policy));
	cli_json(cli, doc);
}

static int write_files(struct cli *cli, const struct idblock_args *a, const uint8_t *block,
		       const uint8_t *auth)
{
	struct sev_outset *o = NULL;
	int rc = cli_outset_new(cli, &o);

	if (!rc && a->block_out)
		rc = cli_outset_add(cli, o, a->block_out, block, SEV_ID_BLOCK_LEN, 0644);
	if (!rc && a->auth_out)
		rc = cli_outset_add(cli, o, a->auth_out, auth, SEV_ID_AUTH_LEN, 0644);
	if (!rc)
		rc = cli_exit(sev_outset_commit(o));
	sev_outset_free(o);
	return rc;
}

static int create(struct cli *cli, struct idblock_args *a, struct sev_id_key *id,
		  struct sev_id_key *author)
{
	uint8_t block[SEV_ID_BLOCK_LEN], auth[SEV_ID_AUTH_LEN];
	struct sev_id_auth ia;
	struct result r = { 0 };
	int rc;

	sev_id_block_encode(&a->block, block);
	if (sev_id_auth_create(block, id, author, &ia))
		return SEV_EXIT_INTERNAL;
	sev_id_auth_encode(&ia, auth);
	rc = format_result(&r, block, auth, &ia);
	if (!rc)
		rc = write_files(cli, a, block, auth);
	if (!rc)
		print_result(cli, a, &r);
	result_free(&r);
	return rc;
}

int cmd_idblock_create(struct cli *cli, int argc, char **argv)
{
	struct idblock_args a = { 0 };
	struct sev_id_key *id = NULL, *author = NULL;
	uint8_t ld[SEV_SNP_LD_LEN] = { 0 };
	int r;

	sev_id_block_init(&a.block, ld);
	while ((r = cli_next_option(cli, argc, argv, options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if ((r = parse_option(cli, &a, r, cli->optarg)))
			return r;
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected operand '%s'", argv[optind]);
	if (!a.measurement || !a.id_key)
		return cli_usage_error(cli, "--measurement and --id-key are required");
	if (sev_snp_digest_parse(a.measurement, a.block.ld))
		return cli_usage_error(cli, "--measurement"); /* the parser says what it takes */
	r = load_key(cli, a.id_key, &id);
	if (!r && a.author_key)
		r = load_key(cli, a.author_key, &author);
	if (!r && a.block_out)
		r = cli_check_output(cli, a.block_out, false);
	if (!r && a.auth_out)
		r = cli_check_output(cli, a.auth_out, false);
	if (!r)
		r = create(cli, &a, id, author);
	sev_id_key_free(id);
	sev_id_key_free(author);
	return r;
}
