/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit verity verify: a data device against its hash tree and root hash */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sevkit/util.h>
#include <sevkit/verity.h>

#include "commands.h"
#include "verity-common.h"

static const struct cli_option verify_options[] = {
	PARAM_OPTIONS,
	WINDOW_OPTIONS,
	{ "root-hash-file", 0, OPT_ROOT_FILE, "FILE", "read the root hash from FILE instead of "
	  "the ROOT operand" },
	{ "root-hash-signature", 0, OPT_ROOT_SIG, "FILE", "first check this PKCS#7 signature of "
	  "the root hash (DER, as veritysetup open --root-hash-signature takes it)" },
	{ "trusted-cert", 0, OPT_TRUSTED_CERT, "CERT", "with --root-hash-signature: the "
	  "certificates (PEM) the signer must be or be issued by" },
	{ "threads", 0, OPT_THREADS, "N", "hashing threads (default: one per CPU)" },
	{ "fec-device", 0, OPT_FEC, "DEV", "not supported: verify checks the tree without the "
	  "forward error correction data" },
	{ "fec-roots", 0, OPT_FEC, "N", "not supported (see --fec-device)" },
	{ "fec-offset", 0, OPT_FEC, "BYTES", "not supported (see --fec-device)" },
	{ 0 },
};

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

/* The root hash signature, before any block is read: an exit code. */
static int check_signature(struct cli *cli, const struct verity_args *a, const uint8_t *root,
			   size_t root_len)
{
	uint8_t *sig = NULL, *certs = NULL;
	size_t sig_len, certs_len;
	int rc;

	if (!a->root_sig)
		return a->trusted_cert ? cli_usage_error(cli, "--trusted-cert goes with "
							 "--root-hash-signature") : 0;
	if (!a->trusted_cert)
		return cli_usage_error(cli, "--root-hash-signature needs --trusted-cert");
	rc = cli_read_file(cli, a->root_sig, 1 << 20, &sig, &sig_len);
	if (!rc)
		rc = cli_read_file(cli, a->trusted_cert, 1 << 20, &certs, &certs_len);
	if (!rc) {
		cli_input_begin(cli, a->root_sig);
		rc = cli_input_end(cli, sev_verity_verify_root_hash_signature(
						root, root_len, sig, sig_len, certs, certs_len));
	}
	if (rc == SEV_E_VERIFY)
		cli_error(cli, "%s", a->root_sig);
	free(sig);
	free(certs);
	return cli_exit(rc);
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
	struct sev_verity_failure fail = SEV_INIT(struct sev_verity_failure);
	struct sev_verity_coverage cov = SEV_INIT(struct sev_verity_coverage);
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
	rc = resolve_partition(cli, &a, argv[optind]);
	if (!rc)
		rc = load_params(cli, &a, argv[optind + 1]);
	if (!rc)
		rc = load_root(cli, &a, argc - optind == 3 ? argv[optind + 2] : NULL, &root,
			       &root_len);
	if (!rc && (rc = check_signature(cli, &a, root, root_len)))
		free(root);
	if (rc)
		return rc;
	/* without a superblock or --data-blocks: the whole blocks of the data */
	if (!a.p.data_blocks && stat(argv[optind], &st) == 0 && S_ISREG(st.st_mode) &&
	    a.run.data_offset <= (uint64_t)st.st_size)
		a.p.data_blocks = (a.run.data_size ? a.run.data_size :
				   (uint64_t)st.st_size - a.run.data_offset) / a.p.data_block_size;
	hex = sev_hex_dup(root, root_len);
	rc = -ENOMEM;
	if (hex) {
		verity_progress(cli, &a, &pr);
		rc = sev_verity_verify_coverage(argv[optind], argv[optind + 1], &a.p, root,
						root_len, &a.run, &fail, &cov);
		progress_end(&pr);
	}
	/* a corrupted data block is shown where it is on DATA, not in the partition */
	if (rc == SEV_E_VERIFY && fail.area == SEV_VERITY_DATA)
		fail.offset += a.run.data_offset;
	if (!rc || rc == SEV_E_VERIFY)
		verify_report(cli, &a, argv[optind], argv[optind + 1], hex, &fail, &cov);
	free(hex);
	free(root);
	return cli_exit(rc);
}

