/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevkit seal: verity over the root file system, the command line that opens it, the SNP
 * launch digest with that line, signatures, reference values: one directory (sev_seal).
 * This file reads the options, loads the keys and prints the result.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/crypto.h>
#include <sevkit/policy.h>
#include <sevkit/seal.h>
#include <sevkit/snp.h>
#include <sevkit/util.h>

#include "commands.h"
#include "launch-input.h"
#include "verity-common.h"

#define KEY_FILE_MAX (64u << 10)

enum {
	OPT_IMAGE = OPT_VERITY_LAST,
	OPT_HASH_FILE,
	OPT_GUEST_DATA,
	OPT_GUEST_HASH,
	OPT_OUT,
	OPT_OVMF,
	OPT_KERNEL,
	OPT_INITRD,
	OPT_APPEND,
	OPT_VMM_TYPE,
	OPT_GUEST_FEATURES,
	OPT_POLICY,
	OPT_VMSA_FEATURES,
	OPT_ID_KEY,
	OPT_AUTHOR_KEY,
	OPT_FAMILY_ID,
	OPT_IMAGE_ID,
	OPT_SVN,
};

static const struct cli_option options[] = {
	{ "image", 0, OPT_IMAGE, "DISK", "the root file system: an image file, a block device, "
	  "or a disk image with --partition (required)" },
	{ "partition", 0, OPT_PARTITION, "N", "the root is partition N of DISK (GPT or MBR, read "
	  "with libfdisk)" },
	{ "offset", 0, OPT_DATA_OFFSET, "BYTES", "the root starts at this byte of DISK" },
	{ "size", 0, OPT_DATA_SIZE, "BYTES", "the root is this many bytes (default: to the end)" },
	{ "hash-device", 0, OPT_HASH_FILE, "FILE", "write the hash tree here (default: "
	  "verity.hash in the output directory)" },
	TREE_OPTIONS,
	{ "salt", 0, OPT_SALT, "HEX", "salt in hex, or - for none (default: none, so that the "
	  "seal is reproducible)" },
	{ "uuid", 0, OPT_UUID, "UUID", "superblock UUID (default: derived from the root hash)" },
	{ "guest-data-device", 0, OPT_GUEST_DATA, "DEV", "the root device as the guest kernel "
	  "names it (default /dev/vda, or /dev/vdaN with --partition N)" },
	{ "guest-hash-device", 0, OPT_GUEST_HASH, "DEV", "the hash device as the guest names it "
	  "(default /dev/vdb)" },
	BOOT_OPTIONS,
	{ "append", 0, OPT_APPEND, "CMDLINE", "the kernel command line before verity's part" },
	{ "ovmf", 0, OPT_OVMF, "FILE", "the OVMF firmware (required)" },
	{ "kernel", 0, OPT_KERNEL, "FILE", "the kernel of the direct boot (required)" },
	{ "initrd", 0, OPT_INITRD, "FILE", "its initrd" },
	VCPU_OPTIONS("number of vCPUs (required)"),
	{ "vmm-type", 0, OPT_VMM_TYPE, "VMM", "QEMU (default), ec2 or gce" },
	{ "guest-features", 0, OPT_GUEST_FEATURES, "VALUE", "SEV_FEATURES of the VMSAs "
	  "(default 0x1)" },
	{ "policy", 0, OPT_POLICY, "POLICY", "SEV-SNP guest policy (default 0x30000)" },
	{ "vmsa-features", 0, OPT_VMSA_FEATURES, "KIND", "init2 (default) or legacy" },
	{ "sign-key", 0, OPT_SIGN_KEY, "PEM", "sign the root hash with this key (root-hash.p7s)" },
	{ "sign-cert", 0, OPT_SIGN_CERT, "PEM", "the signing key's certificate" },
	{ "id-key", 0, OPT_ID_KEY, "PEM", "sign an ID block with this P-384 key (id-block.bin, "
	  "id-auth.bin)" },
	{ "author-key", 0, OPT_AUTHOR_KEY, "PEM", "sign the ID key with this P-384 author key" },
	{ "family-id", 0, OPT_FAMILY_ID, "HEX", "ID block FAMILY_ID, 32 hex digits" },
	{ "image-id", 0, OPT_IMAGE_ID, "HEX", "ID block IMAGE_ID, 32 hex digits" },
	{ "svn", 0, OPT_SVN, "N", "ID block GUEST_SVN" },
	{ "threads", 0, OPT_THREADS, "N", "hashing threads (default: one per CPU)" },
	{ "out", 0, OPT_OUT, "DIR", "the output directory, created whole (required)" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

struct seal_args {
	struct verity_args v;
	struct guest_input g;
	struct sev_seal_config c;
	const char *id_key, *author_key;
	char guest_data[32];
};

static int parse_id(struct cli *cli, const char *opt, const char *arg, uint8_t out[16])
{
	if (sev_hex_decode(out, 16, arg))
		return cli_usage_error(cli, "--%s takes 16 bytes as 32 hex digits", opt);
	return 0;
}

static int launch_option(struct cli *cli, struct seal_args *a, int id, const char *arg)
{
	struct guest_input *g = &a->g;
	uint64_t v;
	int rc;

	switch (id) {
	case OPT_OVMF: g->firmware = arg; return 0;
	case OPT_KERNEL: g->kernel = arg; return 0;
	case OPT_INITRD: g->initrd = arg; return 0;
	case OPT_APPEND: a->c.append = arg; return 0;
	case OPT_VMSA_FEATURES: return guest_input_fpu(cli, g, arg);
	case OPT_VMM_TYPE: return sev_vmm_type_parse(arg, &g->vmm) ? SEV_EXIT_USAGE : 0;
	case OPT_GUEST_FEATURES:
		return input_number(cli, "guest-features", arg, UINT64_MAX, &a->c.guest_features);
	case OPT_POLICY:
		if ((rc = input_number(cli, "policy", arg, UINT64_MAX, &a->c.policy)))
			return rc;
		if (sev_snp_policy_validate(a->c.policy))
			return cli_usage_error(cli, "--policy takes a valid SEV-SNP guest policy "
					       "(see 'sevkit policy decode --snp')");
		return 0;
	case OPT_FAMILY_ID: return parse_id(cli, "family-id", arg, a->c.family_id);
	case OPT_IMAGE_ID: return parse_id(cli, "image-id", arg, a->c.image_id);
	case OPT_SVN:
		if ((rc = input_number(cli, "svn", arg, UINT32_MAX, &v)))
			return rc;
		a->c.guest_svn = (uint32_t)v;
		return 0;
	}
	return guest_input_vcpu_option(cli, g, id, arg);
}

static int seal_option(struct cli *cli, struct seal_args *a, int id, const char *arg)
{
	switch (id) {
	case OPT_IMAGE: a->c.image = arg; return 0;
	case OPT_HASH_FILE: a->c.hash_device = arg; return 0;
	case OPT_GUEST_DATA: a->v.boot.data_device = arg; return 0;
	case OPT_GUEST_HASH: a->v.boot.hash_device = arg; return 0;
	case OPT_OUT: a->c.out_dir = arg; return 0;
	case OPT_ID_KEY: a->id_key = arg; return 0;
	case OPT_AUTHOR_KEY: a->author_key = arg; return 0;
	}
	return launch_option(cli, a, id, arg);
}

static int parse(struct cli *cli, int argc, char **argv, struct seal_args *a)
{
	int r = full_names_only(cli, argc, argv, options);

	if (r >= 0)
		return r;
	memset(a, 0, sizeof(*a));
	verity_args_init(&a->v);
	a->v.p.salt_size = 0;
	guest_input_init(&a->g, SEV_VMSA_INIT2);
	a->c = SEV_INIT(struct sev_seal_config);
	a->c.policy = SEV_SNP_POLICY_DEFAULT;
	a->c.guest_features = 1;
	while ((r = cli_next_option(cli, argc, argv, options)) != CLI_DONE) {
		int rc;

		if (r < 0)
			return cli_stop_code(r);
		rc = seal_option(cli, a, r, cli->optarg);
		if (rc < 0)
			rc = verity_option(cli, &a->v, r, cli->optarg);
		if (rc < 0)
			return cli_usage_error(cli, "unexpected option");
		if (rc)
			return rc;
	}
	if (optind != argc)
		return cli_usage_error(cli, "unexpected operand '%s'", argv[optind]);
	return -1;
}

static int required(struct cli *cli, const struct seal_args *a)
{
	static const char *const names[] = { "--image", "--ovmf", "--kernel", "--out" };
	const char *given[] = { a->c.image, a->g.firmware, a->g.kernel, a->c.out_dir };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!given[i])
			return cli_usage_error(cli, "%s is required", names[i]);
	if (!a->g.vcpus_set)
		return cli_usage_error(cli, "--vcpus is required");
	if (!a->v.sign_key != !a->v.sign_cert)
		return cli_usage_error(cli, "--sign-key and --sign-cert go together");
	if (a->author_key && !a->id_key)
		return cli_usage_error(cli, "--author-key signs the ID key: give --id-key too");
	if (a->v.partition && (a->v.run.data_offset || a->v.run.data_size))
		return cli_usage_error(cli, "--partition says where the root is: not with --offset "
				       "or --size");
	return 0;
}

/* The vCPU signature, the guest's device names: what the library takes as given. */
static int complete(struct cli *cli, struct seal_args *a)
{
	struct sev_seal_config *c = &a->c;
	struct sev_verity_boot *b = &a->v.boot;
	int rc;

	if ((rc = guest_input_resolve_sig(cli, &a->g, "SEV-SNP", &c->vcpu_sig)))
		return rc;
	if (!b->data_device) {
		if (a->v.partition)
			snprintf(a->guest_data, sizeof(a->guest_data), "/dev/vda%u", a->v.partition);
		else
			snprintf(a->guest_data, sizeof(a->guest_data), "/dev/vda");
		b->data_device = a->guest_data;
	}
	if (!b->hash_device)
		b->hash_device = "/dev/vdb";
	c->ovmf = a->g.firmware;
	c->kernel = a->g.kernel;
	c->initrd = a->g.initrd;
	c->vcpus = a->g.vcpus;
	c->vcpu_type = a->g.vcpu_type;
	c->vmm = a->g.vmm;
	c->fpu = a->g.fpu;
	c->partition = a->v.partition;
	c->data_offset = a->v.run.data_offset;
	c->data_size = a->v.run.data_size;
	c->verity = a->v.p;
	c->boot = *b;
	c->systemd = a->v.systemd;
	c->threads = a->v.run.threads;
	c->replace = cli->force;
	return 0;
}

static int load_id_key(struct cli *cli, const char *path, struct sev_id_key **key)
{
	uint8_t *pem;
	size_t len;
	int rc;

	*key = NULL;
	if (!path)
		return 0;
	if ((rc = cli_read_secret(cli, path, KEY_FILE_MAX, &pem, &len)))
		return cli_exit(rc);
	cli_input_begin(cli, path);
	rc = cli_input_end(cli, sev_id_key_from_pem(pem, len, key));
	sev_file_free_secret(pem, len);
	return rc ? SEV_EXIT_INPUT : 0;
}

struct keys {
	struct sev_id_key *id, *author;
	uint8_t *sign_key, *sign_cert;
	size_t sign_key_len, sign_cert_len;
};

static int load_keys(struct cli *cli, struct seal_args *a, struct keys *k)
{
	int rc = load_id_key(cli, a->id_key, &k->id);

	if (!rc)
		rc = load_id_key(cli, a->author_key, &k->author);
	if (!rc && a->v.sign_key &&
	    (rc = cli_read_secret(cli, a->v.sign_key, KEY_FILE_MAX, &k->sign_key,
				  &k->sign_key_len)))
		rc = cli_exit(rc);
	if (!rc && a->v.sign_cert &&
	    (rc = cli_read_file(cli, a->v.sign_cert, KEY_FILE_MAX, &k->sign_cert,
				&k->sign_cert_len)))
		rc = cli_exit(rc);
	a->c.id_key = k->id;
	a->c.author_key = k->author;
	a->c.sign_key = k->sign_key;
	a->c.sign_key_len = k->sign_key_len;
	a->c.sign_cert = k->sign_cert;
	a->c.sign_cert_len = k->sign_cert_len;
	return rc;
}

static void free_keys(struct keys *k)
{
	sev_id_key_free(k->id);
	sev_id_key_free(k->author);
	if (k->sign_key)
		sev_file_free_secret(k->sign_key, k->sign_key_len);
	free(k->sign_cert);
}

static void print_result(struct cli *cli, const struct seal_args *a,
			 const struct sev_seal_result *r)
{
	char *root = cli_hex(r->root, r->root_len), *ld = cli_hex(r->measurement, SEV_SNP_LD_LEN);

	if (cli->json) {
		cli_json(cli, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}", "out_dir", a->c.out_dir,
					"root_hash", root ? root : "", "measurement", ld ? ld : "",
					"data_blocks", (json_int_t)r->data_blocks, "data_offset",
					(json_int_t)r->data_offset, "data_size",
					(json_int_t)r->data_size));
	} else {
		cli_print(cli, "Sealed into:     \t%s\n", a->c.out_dir);
		cli_print(cli, "Data:            \t%llu blocks at byte %llu of %s\n",
			  (unsigned long long)r->data_blocks, (unsigned long long)r->data_offset,
			  a->c.image);
		cli_print(cli, "Root hash:       \t%s\n", root ? root : "");
		cli_print(cli, "Measurement:     \t%s\n", ld ? ld : "");
	}
	free(root);
	free(ld);
}

int cmd_seal(struct cli *cli, int argc, char **argv)
{
	struct sev_seal_result r = SEV_INIT(struct sev_seal_result);
	struct seal_args a;
	struct keys k = { 0 };
	struct progress pr;
	int rc = parse(cli, argc, argv, &a);

	if (rc >= 0)
		return rc;
	if ((rc = required(cli, &a)) || (rc = complete(cli, &a)) || (rc = load_keys(cli, &a, &k))) {
		free_keys(&k);
		return rc;
	}
	cli_note_input(cli, a.c.image);
	verity_progress(cli, &a.v, &pr);
	a.c.progress = a.v.run.progress;
	a.c.progress_ctx = a.v.run.progress_ctx;
	/* the library names the file each error is about */
	rc = sev_seal(&a.c, &r);
	progress_end(&pr);
	free_keys(&k);
	if (rc)
		return cli_exit(rc);
	print_result(cli, &a, &r);
	return SEV_EXIT_OK;
}
