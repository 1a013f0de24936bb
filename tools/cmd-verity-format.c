/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit verity format: the hash tree of a data device, as veritysetup format */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/file.h>
#include <sevkit/util.h>
#include <sevkit/verity.h>

#include "commands.h"
#include "verity-common.h"

static const struct cli_option format_options[] = {
	PARAM_OPTIONS,
	WINDOW_OPTIONS,
	{ "root-hash-file", 0, OPT_ROOT_FILE, "FILE", "also write the root hash to FILE (hex, no "
	  "newline)" },
	{ "root-hash-signature", 0, OPT_ROOT_SIG, "FILE", "also write the PKCS#7 signature of the "
	  "root hash there (DER; veritysetup open --root-hash-signature, systemd .roothash.p7s)" },
	{ "sign-key", 0, OPT_SIGN_KEY, "KEY", "with --root-hash-signature: the private key (PEM)" },
	{ "sign-cert", 0, OPT_SIGN_CERT, "CERT", "with --root-hash-signature: its certificate "
	  "(PEM), the one the kernel's keyring or systemd trusts" },
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
	if (!rc && a->root_sig)
		rc = cli_check_output(cli, a->root_sig, false);
	return rc;
}

/* The signing key and certificate, read before the work so that a bad one costs nothing. */
struct signer {
	uint8_t *key, *cert;
	size_t key_len, cert_len;
};

/* A key that is not the certificate's, or is unusable, fails now, before the work. */
static int sign_test(struct cli *cli, const struct verity_args *a, const struct signer *s)
{
	static const uint8_t zero[32];
	uint8_t *sig = NULL;
	size_t len;
	int rc;

	cli_input_begin(cli, a->sign_key);
	rc = cli_input_end(cli, sev_verity_sign_root_hash(zero, sizeof(zero), s->key, s->key_len,
							  s->cert, s->cert_len, &sig, &len));
	free(sig);
	return rc;
}

static int read_signer(struct cli *cli, const struct verity_args *a, struct signer *s)
{
	int rc;

	if (!a->root_sig)
		return a->sign_key || a->sign_cert ?
			cli_usage_error(cli, "--sign-key and --sign-cert go with "
					"--root-hash-signature") : 0;
	if (!a->sign_key || !a->sign_cert)
		return cli_usage_error(cli, "--root-hash-signature needs --sign-key and --sign-cert");
	rc = cli_read_secret(cli, a->sign_key, 1 << 20, &s->key, &s->key_len);
	if (!rc)
		rc = cli_read_file(cli, a->sign_cert, 1 << 20, &s->cert, &s->cert_len);
	if (!rc)
		rc = sign_test(cli, a, s);
	return cli_exit(rc);
}

static void free_signer(struct signer *s)
{
	if (s->key)
		sev_file_free_secret(s->key, s->key_len);
	free(s->cert);
}

static int write_signature(struct cli *cli, const struct verity_args *a, const struct signer *s,
			   const uint8_t *root, size_t root_len)
{
	uint8_t *sig = NULL;
	size_t len = 0;
	int rc;

	cli_input_begin(cli, a->sign_key);
	rc = cli_exit(cli_input_end(cli, sev_verity_sign_root_hash(root, root_len, s->key,
								   s->key_len, s->cert,
								   s->cert_len, &sig, &len)));
	if (!rc)
		rc = cli_write_file(cli, a->root_sig, sig, len, 0644);
	free(sig);
	return rc;
}

int cmd_verity_format(struct cli *cli, int argc, char **argv)
{
	struct sev_verity_geometry g;
	struct verity_args a;
	struct progress pr;
	struct signer signer = { 0 };
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
	if ((rc = format_outputs(cli, &a, argv[optind], argv[optind + 1])) ||
	    (rc = resolve_partition(cli, &a, argv[optind])))
		return rc;
	if ((rc = read_signer(cli, &a, &signer))) {
		free_signer(&signer);
		return rc;
	}
	a.run.overwrite = cli->force;
	if (format_defaults(&a)) {
		free_signer(&signer);
		return SEV_EXIT_INTERNAL;
	}
	verity_progress(cli, &a, &pr);
	rc = sev_verity_format(argv[optind], argv[optind + 1], &a.p, &a.run, root, &root_len);
	progress_end(&pr);
	if (!rc)
		rc = sev_verity_geometry(&a.p, &g);
	rc = cli_exit(rc);
	if (!rc && a.root_sig)
		rc = write_signature(cli, &a, &signer, root, root_len);
	free_signer(&signer);
	if (rc)
		return rc;
	hex = sev_hex_dup(root, root_len);
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

