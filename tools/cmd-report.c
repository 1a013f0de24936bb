/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit report show | verify | kds-url | fetch | derive-key (SEV-SNP attestation reports) */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sevkit/snp.h>

#include "commands.h"
#include "crypto/secure.h"
#include "crypto/x509.h"
#include "util/bytes.h"
#include "util/file.h"
#include "util/hex.h"
#include "util/number.h"

#define INPUT_MAX (1u << 20)

enum {
	OPT_FORMAT = 0x100,
	OPT_PRODUCT,
	OPT_CERT_TABLE,
	OPT_VCEK,
	OPT_VLEK,
	OPT_CERTS,
	OPT_ARK,
	OPT_ASK,
	OPT_CRL,
	OPT_REQUIRE_CRL,
	OPT_AT,
	OPT_POLICY_FILE,
	OPT_REFERENCE,
	OPT_CERT_CHAIN,
	OPT_CRL_URL,
	OPT_DATA,
	OPT_DATA_FILE,
	OPT_VMPL,
	OPT_EXTENDED,
	OPT_CERTS_OUT,
	OPT_TSM_DIR,
	OPT_DEVICE,
	OPT_VIA,
	OPT_ROOT_KEY,
	OPT_GFS,
	OPT_GUEST_SVN,
	OPT_TCB_VERSION,
	/* checks: applied after --policy-file and --reference, in command-line order */
	OPT_CHECK_FIRST,
	OPT_MEASUREMENT = OPT_CHECK_FIRST,
	OPT_REPORT_DATA,
	OPT_HOST_DATA,
	OPT_FAMILY_ID,
	OPT_IMAGE_ID,
	OPT_ID_KEY_DIGEST,
	OPT_AUTHOR_KEY_DIGEST,
	OPT_POLICY,
	OPT_ALLOW_DEBUG,
	OPT_ALLOW_MIGRATE_MA,
	OPT_ALLOW_CXL,
	OPT_FORBID_SMT,
	OPT_REQUIRE_SINGLE_SOCKET,
	OPT_MIN_ABI,
	OPT_MIN_TCB,
	OPT_MIN_COMMITTED_TCB,
	OPT_MIN_LAUNCH_TCB,
	OPT_MIN_CURRENT_TCB,
	OPT_MIN_BUILD,
	OPT_MIN_VERSION,
	OPT_MIN_GUEST_SVN,
	OPT_CHECK_VMPL,
	OPT_PLATFORM_REQUIRE,
	OPT_PLATFORM_FORBID,
	OPT_DENY_PRODUCT,
	OPT_DENY_TCB,
	OPT_CHECK_LAST = OPT_DENY_TCB,
};

/* A file given as input: an empty one is refused, like a truncated one. */
static int read_input(struct cli *cli, const char *path, uint8_t **buf, size_t *len)
{
	int rc = cli_read_file(cli, path, INPUT_MAX, buf, len);

	if (!rc && !*len) {
		free(*buf);
		*buf = NULL;
		cli_error(cli, "%s: empty file", path);
		rc = SEV_E_FORMAT;
	}
	return rc;
}

/* ---- reading a report ------------------------------------------------------ */

struct input {
	struct sev_snp_report r;
	uint8_t *bytes; /* decoded input: the report, maybe followed by a certificate table */
	size_t len;
};

static int read_report(struct cli *cli, const char *path, enum sev_snp_input_format f,
		       struct input *in)
{
	uint8_t *buf;
	size_t len;
	int rc = read_input(cli, path, &buf, &len);

	if (rc)
		return cli_exit(rc);
	cli_input_begin(cli, path);
	rc = sev_snp_input_decode(buf, len, f, &in->bytes, &in->len);
	free(buf);
	/* a raw report may carry its certificate table behind it (go-sev-guest's extended form) */
	if (!rc)
		rc = sev_snp_report_parse(in->bytes, in->len > SEV_SNP_REPORT_SIZE ?
					  SEV_SNP_REPORT_SIZE : in->len, &in->r);
	if (rc) {
		free(in->bytes);
		in->bytes = NULL;
	}
	return cli_exit(cli_input_end(cli, rc));
}

static int parse_format(struct cli *cli, const char *arg, enum sev_snp_input_format *f)
{
	if (sev_snp_input_format_parse(arg, f))
		return cli_usage_error(cli, "--format takes auto, bin, hex or base64");
	return 0;
}

static int parse_product(struct cli *cli, const char *arg, enum sev_snp_product *p)
{
	if (sev_snp_product_parse(arg, p))
		return cli_usage_error(cli, "unknown product '%s' (Milan, Genoa or Turin)", arg);
	return 0;
}

/* ---- report show ------------------------------------------------------------ */

static enum sev_snp_product show_product(const struct sev_snp_report *r, enum sev_snp_product p)
{
	return p ? p : sev_snp_report_product(r);
}

static json_t *hex_json(const uint8_t *p, size_t n)
{
	char *h = sk_hex_dup(p, n);
	json_t *j = json_string(h ? h : "");

	free(h);
	return j;
}

static json_t *u64_hex_json(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)v);
	return json_string(buf);
}

static json_t *tcb_json(uint64_t raw, enum sev_snp_product p)
{
	struct sev_snp_tcb t;
	json_t *j = json_object();

	sev_snp_tcb_decode(raw, p, &t);
	json_object_set_new(j, "raw", u64_hex_json(raw));
	if (sev_snp_tcb_has_fmc(p))
		json_object_set_new(j, "fmc", json_integer(t.fmc));
	json_object_set_new(j, "bootloader", json_integer(t.bootloader));
	json_object_set_new(j, "tee", json_integer(t.tee));
	json_object_set_new(j, "snp", json_integer(t.snp));
	json_object_set_new(j, "microcode", json_integer(t.microcode));
	return j;
}

static json_t *bits_json(uint64_t value, const struct sev_snp_bit *bits, size_t n)
{
	json_t *j = json_object();

	for (size_t i = 0; i < n; i++)
		json_object_set_new(j, bits[i].name, json_boolean(value >> bits[i].bit & 1));
	return j;
}

static json_t *policy_json(uint64_t policy)
{
	const struct sev_snp_bit *bits;
	json_t *j = json_object();
	size_t n;

	bits = sev_snp_policy_bits(&n);
	json_object_set_new(j, "value", u64_hex_json(policy));
	json_object_set_new(j, "abi_major", json_integer(sev_snp_policy_abi_major(policy)));
	json_object_set_new(j, "abi_minor", json_integer(sev_snp_policy_abi_minor(policy)));
	json_object_set_new(j, "flags", bits_json(policy, bits, n));
	json_object_set_new(j, "valid", json_boolean(sev_snp_policy_validate(policy) == 0));
	return j;
}

static json_t *platform_json(uint64_t info)
{
	const struct sev_snp_bit *bits = NULL;
	json_t *j = json_object();
	size_t n;

	bits = sev_snp_platform_bits(&n);
	json_object_set_new(j, "value", u64_hex_json(info));
	json_object_set_new(j, "flags", bits_json(info, bits, n));
	json_object_set_new(j, "reserved", u64_hex_json(info & ~SEV_SNP_PLATFORM_KNOWN));
	return j;
}

static const char *key_name(enum sev_snp_signing_key k)
{
	return k == SEV_SNP_KEY_VCEK ? "vcek" : k == SEV_SNP_KEY_VLEK ? "vlek" : "none";
}

static json_t *version_json(uint8_t major, uint8_t minor, uint8_t build)
{
	json_t *j = json_object();

	json_object_set_new(j, "major", json_integer(major));
	json_object_set_new(j, "minor", json_integer(minor));
	json_object_set_new(j, "build", json_integer(build));
	return j;
}

static json_t *signer_json(const struct sev_snp_report *r)
{
	json_t *j = json_object();

	json_object_set_new(j, "value", json_integer(r->signer_info));
	json_object_set_new(j, "author_key_en", json_boolean(r->author_key_en));
	json_object_set_new(j, "mask_chip_key", json_boolean(r->mask_chip_key));
	json_object_set_new(j, "signing_key", json_string(key_name(r->signing_key)));
	return j;
}

static json_t *report_json(const struct sev_snp_report *r, enum sev_snp_product p)
{
	json_t *j = json_object(), *sig = json_object();

	json_object_set_new(j, "version", json_integer(r->version));
	json_object_set_new(j, "product", json_string(p ? sev_snp_product_name(p) : "Milan/Genoa"));
	json_object_set_new(j, "guest_svn", json_integer(r->guest_svn));
	json_object_set_new(j, "policy", policy_json(r->policy));
	json_object_set_new(j, "family_id", hex_json(r->family_id, 16));
	json_object_set_new(j, "image_id", hex_json(r->image_id, 16));
	json_object_set_new(j, "vmpl", json_integer(r->vmpl));
	json_object_set_new(j, "signature_algo", json_integer(r->signature_algo));
	json_object_set_new(j, "current_tcb", tcb_json(r->current_tcb, p));
	json_object_set_new(j, "platform_info", platform_json(r->platform_info));
	json_object_set_new(j, "signer_info", signer_json(r));
	json_object_set_new(j, "report_data", hex_json(r->report_data, 64));
	json_object_set_new(j, "measurement", hex_json(r->measurement, 48));
	json_object_set_new(j, "host_data", hex_json(r->host_data, 32));
	json_object_set_new(j, "id_key_digest", hex_json(r->id_key_digest, 48));
	json_object_set_new(j, "author_key_digest", hex_json(r->author_key_digest, 48));
	json_object_set_new(j, "report_id", hex_json(r->report_id, 32));
	json_object_set_new(j, "report_id_ma", hex_json(r->report_id_ma, 32));
	json_object_set_new(j, "reported_tcb", tcb_json(r->reported_tcb, p));
	if (r->has_cpuid) {
		json_t *c = json_object();

		json_object_set_new(c, "family", json_integer(r->cpuid_fam_id));
		json_object_set_new(c, "model", json_integer(r->cpuid_mod_id));
		json_object_set_new(c, "stepping", json_integer(r->cpuid_step));
		json_object_set_new(j, "cpuid", c);
	}
	json_object_set_new(j, "chip_id", hex_json(r->chip_id, 64));
	json_object_set_new(j, "committed_tcb", tcb_json(r->committed_tcb, p));
	json_object_set_new(j, "current_version",
			    version_json(r->current_major, r->current_minor, r->current_build));
	json_object_set_new(j, "committed_version",
			    version_json(r->committed_major, r->committed_minor,
					 r->committed_build));
	json_object_set_new(j, "launch_tcb", tcb_json(r->launch_tcb, p));
	if (r->has_mit_vectors) {
		json_object_set_new(j, "launch_mit_vector", u64_hex_json(r->launch_mit_vector));
		json_object_set_new(j, "current_mit_vector", u64_hex_json(r->current_mit_vector));
	}
	json_object_set_new(sig, "r", hex_json(r->sig_r, 48));
	json_object_set_new(sig, "s", hex_json(r->sig_s, 48));
	json_object_set_new(j, "signature", sig);
	return j;
}

static void print_hex(struct cli *cli, const char *name, const uint8_t *p, size_t n)
{
	char hex[129];

	/* 32 bytes per line keeps 64-byte fields readable */
	for (size_t off = 0; off < n; off += 32) {
		size_t k = n - off < 32 ? n - off : 32;

		sk_hex_encode(hex, p + off, k);
		cli_print(cli, "  %-20s %s\n", off ? "" : name, hex);
	}
}

static void print_tcb(struct cli *cli, const char *name, uint64_t raw, enum sev_snp_product p)
{
	char spl[80];

	sev_snp_tcb_format(raw, p, spl, sizeof(spl));
	cli_print(cli, "  %-20s 0x%016llx  %s\n", name, (unsigned long long)raw, spl);
}

static void print_bits(struct cli *cli, uint64_t v, const struct sev_snp_bit *bits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool set = v >> bits[i].bit & 1;

		cli_print(cli, "    bit %-2u %-22s %d  %s\n", bits[i].bit, bits[i].name, set,
			  set ? bits[i].set : bits[i].clear);
	}
}

static void print_policy(struct cli *cli, uint64_t policy)
{
	const struct sev_snp_bit *bits;
	size_t n;

	bits = sev_snp_policy_bits(&n);
	cli_print(cli, "    minimum ABI %u.%u\n", sev_snp_policy_abi_major(policy),
		  sev_snp_policy_abi_minor(policy));
	print_bits(cli, policy, bits, n);
	if (policy & SEV_SNP_POLICY_MBZ)
		cli_print(cli, "    bits 63:26 must be zero: 0x%llx is set\n",
			  (unsigned long long)(policy & SEV_SNP_POLICY_MBZ));
}

static void print_report(struct cli *cli, const struct sev_snp_report *r, enum sev_snp_product p)
{
	const struct sev_snp_bit *bits;
	size_t n;

	cli_print(cli, "SEV-SNP attestation report, version %u\n", r->version);
	cli_print(cli, "  %-20s %s%s\n", "product", p ? sev_snp_product_name(p) : "Milan or Genoa",
		  r->has_cpuid ? "" : " (version 2 reports do not say; --product to choose)");
	cli_print(cli, "  %-20s %u\n", "guest_svn", r->guest_svn);
	cli_print(cli, "  %-20s 0x%016llx\n", "policy", (unsigned long long)r->policy);
	print_policy(cli, r->policy);
	print_hex(cli, "family_id", r->family_id, 16);
	print_hex(cli, "image_id", r->image_id, 16);
	cli_print(cli, "  %-20s %u\n", "vmpl", r->vmpl);
	cli_print(cli, "  %-20s %u (ECDSA P-384 with SHA-384)\n", "signature_algo",
		  r->signature_algo);
	print_tcb(cli, "current_tcb", r->current_tcb, p);
	cli_print(cli, "  %-20s 0x%016llx\n", "platform_info",
		  (unsigned long long)r->platform_info);
	bits = sev_snp_platform_bits(&n);
	print_bits(cli, r->platform_info, bits, n);
	if (r->platform_info & ~SEV_SNP_PLATFORM_KNOWN)
		cli_print(cli, "    reserved bits set: 0x%llx\n",
			  (unsigned long long)(r->platform_info & ~SEV_SNP_PLATFORM_KNOWN));
	cli_print(cli, "  %-20s 0x%x  author_key_en=%d mask_chip_key=%d signing_key=%s\n",
		  "signer_info", r->signer_info, r->author_key_en, r->mask_chip_key,
		  key_name(r->signing_key));
	print_hex(cli, "report_data", r->report_data, 64);
	print_hex(cli, "measurement", r->measurement, 48);
	print_hex(cli, "host_data", r->host_data, 32);
	print_hex(cli, "id_key_digest", r->id_key_digest, 48);
	print_hex(cli, "author_key_digest", r->author_key_digest, 48);
	print_hex(cli, "report_id", r->report_id, 32);
	print_hex(cli, "report_id_ma", r->report_id_ma, 32);
	print_tcb(cli, "reported_tcb", r->reported_tcb, p);
	if (r->has_cpuid)
		cli_print(cli, "  %-20s family 0x%02x model 0x%02x stepping 0x%02x\n", "cpuid",
			  r->cpuid_fam_id, r->cpuid_mod_id, r->cpuid_step);
	print_hex(cli, "chip_id", r->chip_id, 64);
	print_tcb(cli, "committed_tcb", r->committed_tcb, p);
	cli_print(cli, "  %-20s %u.%u build %u\n", "current_version", r->current_major,
		  r->current_minor, r->current_build);
	cli_print(cli, "  %-20s %u.%u build %u\n", "committed_version", r->committed_major,
		  r->committed_minor, r->committed_build);
	print_tcb(cli, "launch_tcb", r->launch_tcb, p);
	if (r->has_mit_vectors) {
		cli_print(cli, "  %-20s 0x%016llx\n", "launch_mit_vector",
			  (unsigned long long)r->launch_mit_vector);
		cli_print(cli, "  %-20s 0x%016llx\n", "current_mit_vector",
			  (unsigned long long)r->current_mit_vector);
	}
	print_hex(cli, "signature.r", r->sig_r, 48);
	print_hex(cli, "signature.s", r->sig_s, 48);
}

static json_t *cert_table_json(const struct sev_snp_cert_table *t)
{
	json_t *a = json_array();

	for (size_t i = 0; i < t->n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "guid", hex_json(t->entry[i].guid, 16));
		json_object_set_new(e, "kind",
				    json_string(sev_snp_cert_kind_name(t->entry[i].kind)));
		json_object_set_new(e, "offset", json_integer(t->entry[i].offset));
		json_object_set_new(e, "length", json_integer(t->entry[i].length));
		json_array_append_new(a, e);
	}
	return a;
}

static void print_cert_table(struct cli *cli, const struct sev_snp_cert_table *t)
{
	cli_print(cli, "Certificate table, %zu entries\n", t->n);
	for (size_t i = 0; i < t->n; i++) {
		char guid[33];

		sk_hex_encode(guid, t->entry[i].guid, 16);
		cli_print(cli, "  %-20s %s offset 0x%x length %u\n",
			  sev_snp_cert_kind_name(t->entry[i].kind), guid, t->entry[i].offset,
			  t->entry[i].length);
	}
}

static const struct cli_option show_options[] = {
	{ "format", 0, OPT_FORMAT, "FMT", "input encoding: auto (default), bin, hex or base64" },
	{ "product", 0, OPT_PRODUCT, "NAME", "decode TCBs for Milan, Genoa or Turin (version 2 "
	  "reports do not say)" },
	{ "cert-table", 0, OPT_CERT_TABLE, "FILE", "also show this extended-report certificate "
	  "table" },
	{ 0 },
};

int cmd_report_show(struct cli *cli, int argc, char **argv)
{
	enum sev_snp_input_format f = SEV_SNP_INPUT_AUTO;
	enum sev_snp_product p = SEV_SNP_PRODUCT_UNKNOWN;
	const char *table = NULL, *table_name = NULL;
	struct sev_snp_cert_table t;
	struct input in = { 0 };
	uint8_t *buf = NULL;
	size_t len = 0;
	json_t *doc;
	int r, rc = 0;
	while ((r = cli_next_option(cli, argc, argv, show_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_FORMAT && (rc = parse_format(cli, cli->optarg, &f)))
			return rc;
		if (r == OPT_PRODUCT && (rc = parse_product(cli, cli->optarg, &p)))
			return rc;
		if (r == OPT_CERT_TABLE)
			table = cli->optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one REPORT file");
	/* every input is read and checked before anything is printed */
	if ((rc = read_report(cli, argv[optind], f, &in)))
		return rc;
	if (table) {
		rc = read_input(cli, table, &buf, &len);
		table_name = table;
	} else if (in.len > SEV_SNP_REPORT_SIZE) {
		/* the table behind the report, part of the report file */
		rc = (buf = malloc(in.len - SEV_SNP_REPORT_SIZE)) ? 0 : -ENOMEM;
		len = in.len - SEV_SNP_REPORT_SIZE;
		if (buf)
			memcpy(buf, in.bytes + SEV_SNP_REPORT_SIZE, len);
		table_name = argv[optind];
	}
	if (!rc && table_name) {
		cli_input_begin(cli, table_name);
		rc = cli_input_end(cli, sev_snp_cert_table_parse(buf, len, &t));
	}
	if (!rc) {
		p = show_product(&in.r, p);
		doc = cli->json ? report_json(&in.r, p) : NULL;
		if (doc && table_name)
			json_object_set_new(doc, "cert_table", cert_table_json(&t));
		if (doc)
			cli_json(cli, doc);
		else
			print_report(cli, &in.r, p);
		if (!doc && table_name)
			print_cert_table(cli, &t);
	}
	free(buf);
	free(in.bytes);
	return cli_exit(rc);
}

/* ---- report kds-url -------------------------------------------------------- */

static const struct cli_option kds_options[] = {
	{ "vcek", 0, OPT_VCEK, NULL, "the VCEK URLs (default)" },
	{ "vlek", 0, OPT_VLEK, NULL, "the VLEK URLs (certificate chain and CRL only)" },
	{ "product", 0, OPT_PRODUCT, "NAME", "Milan, Genoa or Turin (needed for version 2 reports "
	  "of Milan and Genoa)" },
	{ "cert-chain", 0, OPT_CERT_CHAIN, NULL, "print the ASK/ARK chain URL instead" },
	{ "crl", 0, OPT_CRL_URL, NULL, "print the CRL URL instead" },
	{ "format", 0, OPT_FORMAT, "FMT", "input encoding: auto (default), bin, hex or base64" },
	{ 0 },
};

static int kds_json(struct cli *cli, const struct sev_snp_report *r, enum sev_snp_product p,
		    enum sev_snp_signing_key key)
{
	static const char *const names[] = { "vek", "cert_chain", "crl" };
	json_t *doc = json_object();
	char url[512];
	int rc;

	for (int w = 0; w < 3; w++) {
		if (w == SEV_SNP_KDS_VEK && key == SEV_SNP_KEY_VLEK)
			continue;
		if ((rc = sev_snp_kds_url(r, p, key, (enum sev_snp_kds_what)w, url, sizeof(url)))) {
			json_decref(doc);
			return cli_exit(rc);
		}
		json_object_set_new(doc, names[w], json_string(url));
	}
	cli_json(cli, doc);
	return 0;
}

int cmd_report_kds_url(struct cli *cli, int argc, char **argv)
{
	enum sev_snp_input_format f = SEV_SNP_INPUT_AUTO;
	enum sev_snp_product p = SEV_SNP_PRODUCT_UNKNOWN;
	enum sev_snp_signing_key key = SEV_SNP_KEY_VCEK;
	enum sev_snp_kds_what what = SEV_SNP_KDS_VEK;
	struct input in = { 0 };
	char url[512];
	int r, rc = 0;
	while ((r = cli_next_option(cli, argc, argv, kds_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_FORMAT && (rc = parse_format(cli, cli->optarg, &f)))
			return rc;
		if (r == OPT_PRODUCT && (rc = parse_product(cli, cli->optarg, &p)))
			return rc;
		key = r == OPT_VLEK ? SEV_SNP_KEY_VLEK : r == OPT_VCEK ? SEV_SNP_KEY_VCEK : key;
		what = r == OPT_CERT_CHAIN ? SEV_SNP_KDS_CERT_CHAIN :
		       r == OPT_CRL_URL ? SEV_SNP_KDS_CRL : what;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one REPORT file");
	if (key == SEV_SNP_KEY_VLEK && what == SEV_SNP_KDS_VEK && !cli->json)
		return cli_usage_error(cli, "VLEKs have no public per-chip URL; with --vlek use "
				       "--cert-chain or --crl");
	if ((rc = read_report(cli, argv[optind], f, &in)))
		return rc;
	if (cli->json)
		rc = kds_json(cli, &in.r, p, key);
	else if (!(rc = cli_exit(sev_snp_kds_url(&in.r, p, key, what, url, sizeof(url)))))
		cli_print(cli, "%s\n", url);
	free(in.bytes);
	return rc;
}

/* ---- report fetch ------------------------------------------------------------ */

static const struct cli_option fetch_options[] = {
	{ "data", 0, OPT_DATA, "HEX", "REPORT_DATA: up to 64 bytes of hex, zero-padded" },
	{ "data-file", 0, OPT_DATA_FILE, "FILE", "REPORT_DATA from a file of up to 64 bytes" },
	{ "vmpl", 0, OPT_VMPL, "N", "request the report at VMPL N (0-3); default: the lowest "
	  "allowed (configfs privlevel_floor), else 0" },
	{ "extended", 0, OPT_EXTENDED, NULL, "also fetch the host's certificate table" },
	{ "certs-out", 0, OPT_CERTS_OUT, "FILE", "where --extended writes the certificate table "
	  "(default: OUT.certs)" },
	{ "via", 0, OPT_VIA, "HOW", "auto (configfs-tsm, else the device), tsm or ioctl" },
	{ "tsm-dir", 0, OPT_TSM_DIR, "DIR", "configfs-tsm report directory (default "
	  "/sys/kernel/config/tsm/report)" },
	{ "device", 0, OPT_DEVICE, "PATH", "SEV guest device (default /dev/sev-guest)" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

static int report_data_arg(struct cli *cli, const char *hex, const char *file, uint8_t out[64])
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	if (!!hex == !!file)
		return cli_usage_error(cli, "give exactly one of --data and --data-file");
	if (hex && (sk_hex_decode_alloc(hex, &buf, &len) || len > 64)) {
		free(buf);
		return cli_usage_error(cli, "--data takes up to 64 bytes of hex");
	}
	if (file && (rc = cli_read_file(cli, file, 64, &buf, &len)))
		return cli_exit(rc);
	memset(out, 0, 64);
	memcpy(out, buf, len);
	free(buf);
	return 0;
}

static int parse_vmpl(struct cli *cli, const char *arg, int *vmpl)
{
	uint64_t v;

	if (sk_parse_uint(arg, 3, &v))
		return cli_usage_error(cli, "--vmpl takes 0-3");
	*vmpl = (int)v;
	return 0;
}

static int write_fetched(struct cli *cli, const char *out, const char *certs_out,
			 const uint8_t *report, const uint8_t *certs, size_t certs_len,
			 bool extended)
{
	struct sk_outset set;
	char path[4096];
	int rc;

	cli_outset_init(cli, &set);
	rc = cli_outset_add(cli, &set, out, report, SEV_SNP_REPORT_SIZE, 0644);
	if (!rc && extended) {
		if (!certs_out) {
			snprintf(path, sizeof(path), "%s.certs", out);
			certs_out = path;
		}
		rc = cli_outset_add(cli, &set, certs_out, certs, certs_len, 0644);
	}
	if (!rc)
		rc = cli_exit(sk_outset_commit(&set));
	sk_outset_free(&set);
	if (!rc)
		cli_print(cli, "wrote %s%s%s\n", out, extended ? " and " : "",
			  extended ? certs_out : "");
	return rc;
}

int cmd_report_fetch(struct cli *cli, int argc, char **argv)
{
	struct sev_snp_fetch_opts o = { .vmpl = -1 };
	const char *hex = NULL, *file = NULL, *certs_out = NULL;
	uint8_t report[SEV_SNP_REPORT_SIZE], *certs = NULL;
	size_t certs_len = 0;
	int r, rc;

	while ((r = cli_next_option(cli, argc, argv, fetch_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		switch (r) {
		case OPT_DATA: hex = cli->optarg; break;
		case OPT_DATA_FILE: file = cli->optarg; break;
		case OPT_VMPL:
			if ((rc = parse_vmpl(cli, cli->optarg, &o.vmpl)))
				return rc;
			break;
		case OPT_EXTENDED: o.extended = true; break;
		case OPT_CERTS_OUT: certs_out = cli->optarg; break;
		case OPT_TSM_DIR: o.tsm_dir = cli->optarg; break;
		case OPT_DEVICE: o.device = cli->optarg; break;
		case OPT_VIA:
			if (!strcmp(cli->optarg, "auto"))
				o.via = SEV_SNP_VIA_AUTO;
			else if (!strcmp(cli->optarg, "tsm"))
				o.via = SEV_SNP_VIA_TSM;
			else if (!strcmp(cli->optarg, "ioctl"))
				o.via = SEV_SNP_VIA_IOCTL;
			else
				return cli_usage_error(cli, "--via takes auto, tsm or ioctl");
			break;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one OUT file");
	if (certs_out && !o.extended)
		return cli_usage_error(cli, "--certs-out needs --extended");
	if ((rc = report_data_arg(cli, hex, file, o.report_data)) ||
	    (rc = cli_check_output(cli, argv[optind], false)) ||
	    (certs_out && (rc = cli_check_output(cli, certs_out, false))))
		return rc;
	rc = sev_snp_fetch_report(&o, report, &certs, &certs_len);
	if (rc)
		return cli_exit(rc);
	rc = write_fetched(cli, argv[optind], certs_out, report, certs, certs_len, o.extended);
	free(certs);
	return rc;
}

/* ---- report derive-key ------------------------------------------------------- */

static const struct cli_option key_options[] = {
	{ "root-key", 0, OPT_ROOT_KEY, "KEY", "vcek (default) or vmrk" },
	{ "guest-field-select", 0, OPT_GFS, "LIST", "fields mixed into the key: a number, or "
	  "names from policy,image_id,family_id,measurement,guest_svn,tcb_version" },
	{ "vmpl", 0, OPT_VMPL, "N", "VMPL of the key (0-3, default 0)" },
	{ "guest-svn", 0, OPT_GUEST_SVN, "N", "GUEST_SVN to mix in (default 0)" },
	{ "tcb-version", 0, OPT_TCB_VERSION, "TCB", "TCB to derive for: a 64-bit number or "
	  "bl=N,tee=N,snp=N,ucode=N[,fmc=N] (default 0)" },
	{ "product", 0, OPT_PRODUCT, "NAME", "TCB layout for --tcb-version SPLs (default Milan)" },
	{ "device", 0, OPT_DEVICE, "PATH", "SEV guest device (default /dev/sev-guest)" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

static int parse_gfs(struct cli *cli, const char *arg, uint64_t *gfs)
{
	char *copy, *save = NULL;
	int rc = 0;

	if (arg[0] >= '0' && arg[0] <= '9') {
		if (sk_parse_uint(arg, SEV_SNP_GFS_KNOWN, gfs))
			return cli_usage_error(cli, "--guest-field-select: 0x%x at most",
					       SEV_SNP_GFS_KNOWN);
		return 0;
	}
	copy = strdup(arg);
	if (!copy)
		return SEV_EXIT_INTERNAL;
	*gfs = 0;
	for (char *t = strtok_r(copy, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
		uint64_t m = 0;

		if (sev_snp_gfs_by_name(t, &m))
			rc = cli_usage_error(cli, "--guest-field-select: unknown field '%s'", t);
		*gfs |= m;
	}
	free(copy);
	return rc;
}

int cmd_report_derive_key(struct cli *cli, int argc, char **argv)
{
	struct sev_snp_key_request req = { 0 };
	enum sev_snp_product p = SEV_SNP_PRODUCT_MILAN;
	const char *device = NULL, *tcb = NULL;
	uint8_t key[SEV_SNP_DERIVED_KEY_SIZE];
	int vmpl = 0, r, rc;

	while ((r = cli_next_option(cli, argc, argv, key_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		rc = 0;
		if (r == OPT_ROOT_KEY && !strcmp(cli->optarg, "vmrk"))
			req.root_key = SEV_SNP_ROOT_VMRK;
		else if (r == OPT_ROOT_KEY && strcmp(cli->optarg, "vcek"))
			return cli_usage_error(cli, "--root-key takes vcek or vmrk");
		else if (r == OPT_GFS)
			rc = parse_gfs(cli, cli->optarg, &req.guest_field_select);
		else if (r == OPT_VMPL)
			rc = parse_vmpl(cli, cli->optarg, &vmpl);
		else if (r == OPT_GUEST_SVN && sk_parse_u32(cli->optarg, &req.guest_svn))
			return cli_usage_error(cli, "--guest-svn takes a 32-bit number");
		else if (r == OPT_TCB_VERSION)
			tcb = cli->optarg;
		else if (r == OPT_PRODUCT)
			rc = parse_product(cli, cli->optarg, &p);
		else if (r == OPT_DEVICE)
			device = cli->optarg;
		if (rc)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one OUT file for the key");
	if (tcb && sev_snp_tcb_parse(tcb, p, &req.tcb_version))
		return cli_usage_error(cli, "--tcb-version: not a TCB");
	req.vmpl = (uint32_t)vmpl;
	if ((rc = cli_check_output(cli, argv[optind], false)))
		return rc;
	if ((rc = sev_snp_derive_key(device, &req, key)))
		return cli_exit(rc);
	rc = cli_write_file(cli, argv[optind], key, sizeof(key), 0600);
	sk_wipe(key, sizeof(key));
	if (!rc)
		cli_print(cli, "wrote the derived key to %s (mode 0600)\n", argv[optind]);
	return rc;
}

/* ---- report verify ----------------------------------------------------------- */

static const struct cli_option verify_options[] = {
	{ "vcek", 0, OPT_VCEK, "FILE", "the VCEK (DER or PEM) that signed the report" },
	{ "vlek", 0, OPT_VLEK, "FILE", "the VLEK (DER or PEM) that signed the report" },
	{ "certs", 0, OPT_CERTS, "DIR", "a directory of certificates and CRLs (*.pem, *.der, *.crt, "
	  "*.cer, *.crl; each recognised by its contents, not its name), e.g. from snpguest or "
	  "KDS; it may hold both the VCEK chain (ASK) and the VLEK chain (ASVK)" },
	{ "cert-table", 0, OPT_CERT_TABLE, "FILE", "an extended-report certificate table (GHCB "
	  "format, e.g. configfs auxblob)" },
	{ "ark", 0, OPT_ARK, "FILE", "trust this ARK instead of the builtin AMD root" },
	{ "ask", 0, OPT_ASK, "FILE", "the ASK or ASVK (default: the builtin one)" },
	{ "product", 0, OPT_PRODUCT, "NAME", "use the roots of Milan, Genoa or Turin (default: "
	  "from the VCEK)" },
	{ "crl", 0, OPT_CRL, "FILE", "a CRL signed by the ARK (PEM may hold several); repeatable: "
	  "every CRL given is applied, and a revoked ASK/ASVK or VCEK/VLEK fails" },
	{ "require-crl", 0, OPT_REQUIRE_CRL, NULL, "fail unless at least one current CRL was "
	  "given" },
	{ "at", 0, OPT_AT, "TIME", "check certificate validity at YYYY-MM-DD[THH:MM:SSZ] or "
	  "@SECONDS instead of now" },
	{ "format", 0, OPT_FORMAT, "FMT", "input encoding: auto (default), bin, hex or base64" },
	{ "policy-file", 0, OPT_POLICY_FILE, "FILE", "checks from a JSON file (keys above; "
	  "an unknown key is refused)" },
	{ "reference", 0, OPT_REFERENCE, "FILE", "expected measurement (and policy) from a "
	  "reference-values document (sevkit measure --json; an unknown key is refused)" },
	{ "measurement", 0, OPT_MEASUREMENT, "HEX", "expected MEASUREMENT (48 bytes)" },
	{ "report-data", 0, OPT_REPORT_DATA, "HEX", "expected REPORT_DATA (64 bytes)" },
	{ "host-data", 0, OPT_HOST_DATA, "HEX", "expected HOST_DATA (32 bytes)" },
	{ "family-id", 0, OPT_FAMILY_ID, "HEX", "expected FAMILY_ID (16 bytes)" },
	{ "image-id", 0, OPT_IMAGE_ID, "HEX", "expected IMAGE_ID (16 bytes)" },
	{ "id-key-digest", 0, OPT_ID_KEY_DIGEST, "HEX", "expected ID_KEY_DIGEST (48 bytes)" },
	{ "author-key-digest", 0, OPT_AUTHOR_KEY_DIGEST, "HEX", "expected AUTHOR_KEY_DIGEST "
	  "(48 bytes)" },
	{ "policy", 0, OPT_POLICY, "POLICY", "expected guest POLICY, exactly" },
	{ "allow-debug", 0, OPT_ALLOW_DEBUG, NULL, "accept a policy that allows debugging" },
	{ "allow-migrate-ma", 0, OPT_ALLOW_MIGRATE_MA, NULL, "accept a policy that allows a "
	  "migration agent" },
	{ "allow-cxl", 0, OPT_ALLOW_CXL, NULL, "accept a policy that allows CXL memory for guest "
	  "pages (bit 21, cxl_allow)" },
	{ "forbid-smt", 0, OPT_FORBID_SMT, NULL, "refuse a policy that allows SMT" },
	{ "require-single-socket", 0, OPT_REQUIRE_SINGLE_SOCKET, NULL, "require the single-socket "
	  "policy bit" },
	{ "min-abi", 0, OPT_MIN_ABI, "MAJ.MIN", "minimum ABI version in the guest policy" },
	{ "min-tcb", 0, OPT_MIN_TCB, "TCB", "minimum REPORTED_TCB, SPL by SPL: a 64-bit number or "
	  "bl=N,tee=N,snp=N,ucode=N[,fmc=N]" },
	{ "min-committed-tcb", 0, OPT_MIN_COMMITTED_TCB, "TCB", "minimum COMMITTED_TCB" },
	{ "min-launch-tcb", 0, OPT_MIN_LAUNCH_TCB, "TCB", "minimum LAUNCH_TCB" },
	{ "min-current-tcb", 0, OPT_MIN_CURRENT_TCB, "TCB", "minimum CURRENT_TCB" },
	{ "min-build", 0, OPT_MIN_BUILD, "N", "minimum firmware CURRENT_BUILD" },
	{ "min-version", 0, OPT_MIN_VERSION, "MAJ.MIN", "minimum firmware version" },
	{ "min-guest-svn", 0, OPT_MIN_GUEST_SVN, "N", "minimum GUEST_SVN" },
	{ "vmpl", 0, OPT_CHECK_VMPL, "N", "expected VMPL" },
	{ "platform-require", 0, OPT_PLATFORM_REQUIRE, "LIST", "PLATFORM_INFO bits that must be "
	  "set (smt_en,tsme_en,ecc_en,rapl_dis,ciphertext_hiding_en,alias_check_complete,tio_en)" },
	{ "platform-forbid", 0, OPT_PLATFORM_FORBID, "LIST", "PLATFORM_INFO bits that must be "
	  "clear" },
	{ "deny-product", 0, OPT_DENY_PRODUCT, "NAME", "refuse a product line (Milan) or stepping "
	  "(Milan-B0), in any case; repeatable" },
	{ "deny-tcb", 0, OPT_DENY_TCB, "TCB", "refuse this REPORTED_TCB; repeatable" },
	{ 0 },
};

struct verify_args {
	enum sev_snp_input_format format;
	enum sev_snp_product product;
	const char *vcek, *vlek, *certs, *cert_table, *ark, *ask, *at;
	const char *crl[SEV_SNP_CRL_MAX];
	size_t n_crl;
	const char *policy_file, *reference;
	bool require_crl;
	size_t n_checks;
	struct {
		int id;
		const char *arg;
	} checks[128];
};

static int hex_arg(struct cli *cli, const char *opt, const char *arg, uint8_t *out, size_t n,
		   bool *has)
{
	if (sk_hex_decode(out, n, arg))
		return cli_usage_error(cli, "--%s takes %zu bytes of hex", opt, n);
	*has = true;
	return 0;
}

static int pair_arg(struct cli *cli, const char *opt, const char *arg, uint8_t *a, uint8_t *b,
		    bool *has)
{
	unsigned x, y;
	int used = 0;

	if (sscanf(arg, "%3u.%3u%n", &x, &y, &used) != 2 || arg[used] || x > 255 || y > 255)
		return cli_usage_error(cli, "--%s takes MAJOR.MINOR", opt);
	*a = (uint8_t)x;
	*b = (uint8_t)y;
	*has = true;
	return 0;
}

static int tcb_arg(struct cli *cli, const char *opt, const char *arg, struct sev_snp_tcb_spec *s)
{
	if (sev_snp_tcb_spec_parse(arg, s))
		return cli_usage_error(cli, "--%s: not a TCB", opt);
	return 0;
}

static int bits_arg(struct cli *cli, const char *opt, const char *arg, uint64_t *mask)
{
	char *copy = strdup(arg), *save = NULL;
	int rc = 0;

	if (!copy)
		return SEV_EXIT_INTERNAL;
	for (char *t = strtok_r(copy, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
		uint64_t m = 0;

		if (sev_snp_platform_bit_by_name(t, &m))
			rc = cli_usage_error(cli, "--%s: unknown PLATFORM_INFO bit '%s'", opt, t);
		*mask |= m;
	}
	free(copy);
	return rc;
}

static int num_arg(struct cli *cli, const char *opt, const char *arg, uint64_t max, uint64_t *v)
{
	if (sk_parse_uint(arg, max, v))
		return cli_usage_error(cli, "--%s takes a number up to %llu", opt,
				       (unsigned long long)max);
	return 0;
}

static int deny_arg(struct cli *cli, struct sev_snp_checks *c, int id, const char *arg)
{
	struct sev_snp_deny *d = &c->deny[c->n_deny];

	if (c->n_deny == SEV_SNP_DENY_MAX)
		return cli_usage_error(cli, "at most %d deny entries", SEV_SNP_DENY_MAX);
	memset(d, 0, sizeof(*d));
	if (id == OPT_DENY_TCB && sev_snp_tcb_spec_parse(arg, &d->tcb))
		return cli_usage_error(cli, "--deny-tcb: not a TCB");
	if (id == OPT_DENY_PRODUCT && sev_snp_product_spec_parse(arg, &d->product, d->stepping))
		return cli_usage_error(cli, "--deny-product: '%s' is not Milan, Genoa or Turin, "
				       "nor one with a stepping (Milan-B0)", arg);
	c->n_deny++;
	return 0;
}

static int apply_number(struct cli *cli, struct sev_snp_checks *c, int id, const char *arg)
{
	uint64_t v;
	int rc;

	switch (id) {
	case OPT_POLICY:
		if ((rc = num_arg(cli, "policy", arg, UINT64_MAX, &c->policy)))
			return rc;
		c->has_policy = true;
		return 0;
	case OPT_MIN_BUILD:
		if ((rc = num_arg(cli, "min-build", arg, 255, &v)))
			return rc;
		c->min_build = (uint8_t)v;
		c->has_min_build = true;
		return 0;
	case OPT_MIN_GUEST_SVN:
		if ((rc = num_arg(cli, "min-guest-svn", arg, UINT32_MAX, &v)))
			return rc;
		c->min_guest_svn = (uint32_t)v;
		c->has_min_guest_svn = true;
		return 0;
	case OPT_CHECK_VMPL:
		if ((rc = num_arg(cli, "vmpl", arg, 3, &v)))
			return rc;
		c->vmpl = (uint32_t)v;
		c->has_vmpl = true;
		return 0;
	}
	return -1;
}

static int apply_check(struct cli *cli, struct sev_snp_checks *c, int id, const char *arg)
{
	int rc = apply_number(cli, c, id, arg);

	if (rc >= 0)
		return rc;
	switch (id) {
	case OPT_MEASUREMENT:
		return hex_arg(cli, "measurement", arg, c->measurement, 48, &c->has_measurement);
	case OPT_REPORT_DATA:
		return hex_arg(cli, "report-data", arg, c->report_data, 64, &c->has_report_data);
	case OPT_HOST_DATA:
		return hex_arg(cli, "host-data", arg, c->host_data, 32, &c->has_host_data);
	case OPT_FAMILY_ID:
		return hex_arg(cli, "family-id", arg, c->family_id, 16, &c->has_family_id);
	case OPT_IMAGE_ID: return hex_arg(cli, "image-id", arg, c->image_id, 16, &c->has_image_id);
	case OPT_ID_KEY_DIGEST:
		return hex_arg(cli, "id-key-digest", arg, c->id_key_digest, 48,
			       &c->has_id_key_digest);
	case OPT_AUTHOR_KEY_DIGEST:
		return hex_arg(cli, "author-key-digest", arg, c->author_key_digest, 48,
			       &c->has_author_key_digest);
	case OPT_ALLOW_DEBUG: c->allow_debug = c->has_allow_debug = true; return 0;
	case OPT_ALLOW_MIGRATE_MA:
		c->allow_migrate_ma = c->has_allow_migrate_ma = true;
		return 0;
	case OPT_ALLOW_CXL: c->allow_cxl = c->has_allow_cxl = true; return 0;
	case OPT_FORBID_SMT: c->forbid_smt = c->has_forbid_smt = true; return 0;
	case OPT_REQUIRE_SINGLE_SOCKET:
		c->require_single_socket = c->has_require_single_socket = true;
		return 0;
	case OPT_MIN_ABI:
		return pair_arg(cli, "min-abi", arg, &c->min_abi_major, &c->min_abi_minor,
				&c->has_min_abi);
	case OPT_MIN_VERSION:
		return pair_arg(cli, "min-version", arg, &c->min_version_major,
				&c->min_version_minor, &c->has_min_version);
	case OPT_MIN_TCB: return tcb_arg(cli, "min-tcb", arg, &c->min_reported_tcb);
	case OPT_MIN_COMMITTED_TCB:
		return tcb_arg(cli, "min-committed-tcb", arg, &c->min_committed_tcb);
	case OPT_MIN_LAUNCH_TCB: return tcb_arg(cli, "min-launch-tcb", arg, &c->min_launch_tcb);
	case OPT_MIN_CURRENT_TCB: return tcb_arg(cli, "min-current-tcb", arg, &c->min_current_tcb);
	case OPT_PLATFORM_REQUIRE:
		return bits_arg(cli, "platform-require", arg, &c->platform_require);
	case OPT_PLATFORM_FORBID:
		return bits_arg(cli, "platform-forbid", arg, &c->platform_forbid);
	default: return deny_arg(cli, c, id, arg);
	}
}

static int take_verify_option(struct cli *cli, struct verify_args *a, int id)
{
	const char *arg = cli->optarg;

	if (id >= OPT_CHECK_FIRST && id <= OPT_CHECK_LAST) {
		if (a->n_checks == SK_ARRAY_SIZE(a->checks))
			return cli_usage_error(cli, "too many check options");
		a->checks[a->n_checks].id = id;
		a->checks[a->n_checks++].arg = arg;
		return 0;
	}
	switch (id) {
	case OPT_FORMAT: return parse_format(cli, arg, &a->format);
	case OPT_PRODUCT: return parse_product(cli, arg, &a->product);
	case OPT_VCEK: a->vcek = arg; break;
	case OPT_VLEK: a->vlek = arg; break;
	case OPT_CERTS: a->certs = arg; break;
	case OPT_CERT_TABLE: a->cert_table = arg; break;
	case OPT_ARK: a->ark = arg; break;
	case OPT_ASK: a->ask = arg; break;
	case OPT_CRL:
		if (a->n_crl == SEV_SNP_CRL_MAX)
			return cli_usage_error(cli, "at most %d --crl", SEV_SNP_CRL_MAX);
		a->crl[a->n_crl++] = arg;
		break;
	case OPT_REQUIRE_CRL: a->require_crl = true; break;
	case OPT_AT: a->at = arg; break;
	case OPT_POLICY_FILE: a->policy_file = arg; break;
	case OPT_REFERENCE: a->reference = arg; break;
	}
	return 0;
}

typedef int (*file_fn)(struct sev_snp_verifier *v, const uint8_t *buf, size_t len);

static int feed_file(struct cli *cli, struct sev_snp_verifier *v, const char *path, file_fn fn)
{
	uint8_t *buf;
	size_t len;
	int rc = read_input(cli, path, &buf, &len);

	if (rc)
		return rc;
	cli_input_begin(cli, path);
	rc = cli_input_end(cli, fn(v, buf, len));
	free(buf);
	return rc;
}

/* --vcek / --vlek: the certificate must be of the kind the option names. */
static int feed_vek(struct cli *cli, struct sev_snp_verifier *v, const char *path,
		    enum sev_snp_signing_key want)
{
	struct sev_snp_vek_info info;
	uint8_t *buf;
	size_t len;
	int rc = read_input(cli, path, &buf, &len);

	if (rc)
		return rc;
	cli_input_begin(cli, path);
	rc = sev_snp_vek_parse(buf, len, &info);
	if (!rc && info.kind == want)
		rc = sev_snp_verifier_add_certs(v, buf, len);
	rc = cli_input_end(cli, rc);
	free(buf);
	/* the wrong certificate is bad input, not a wrong option */
	if (!rc && info.kind != want) {
		cli_error(cli, "%s: a %s certificate, not a %s", path,
			  info.kind ? "VLEK" : "VCEK", want ? "VLEK" : "VCEK");
		rc = SEV_E_FORMAT;
	}
	return rc;
}

/* The file each CRL came from, in the order the verifier lists them. */
struct crl_sources {
	char *name[SEV_SNP_CRL_MAX];
};

static int note_crls(struct crl_sources *src, const struct sev_snp_verifier *v, const char *path)
{
	for (size_t i = 0; i < sev_snp_verifier_crl_count(v) && i < SEV_SNP_CRL_MAX; i++)
		if (!src->name[i] && !(src->name[i] = strdup(path)))
			return -ENOMEM;
	return 0;
}

static void crl_sources_free(struct crl_sources *src)
{
	for (size_t i = 0; i < SEV_SNP_CRL_MAX; i++)
		free(src->name[i]);
}

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && strcmp(name + n - k, suffix) == 0;
}

static int pki_file(const struct dirent *e)
{
	static const char *const suffixes[] = { ".pem", ".der", ".crt", ".cer", ".crl" };

	for (size_t i = 0; i < SK_ARRAY_SIZE(suffixes); i++)
		if (has_suffix(e->d_name, suffixes[i]))
			return 1;
	return 0;
}

/*
 * Each file is taken for what it holds (certificates, CRLs or both), not for
 * its name; files are read in name order so that messages come out the same
 * way each time (the verdict does not depend on the order).
 */
static int feed_dir(struct cli *cli, struct sev_snp_verifier *v, const char *dir,
		    struct crl_sources *crls)
{
	struct dirent **list;
	int n = scandir(dir, &list, pki_file, alphasort), rc = 0;

	if (n < 0) /* the rule of every input: a wrong name is a usage error */
		return sk_file_input_error(dir, errno);
	for (int i = 0; i < n; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (!rc)
			rc = feed_file(cli, v, path, sev_snp_verifier_add_file);
		if (!rc)
			rc = note_crls(crls, v, path);
		free(list[i]);
	}
	free(list);
	return rc;
}

/* Where the VCEK/VLEK should have come from when none was found: bad input, or none given. */
static int no_vek(struct cli *cli, const struct verify_args *a, const char *path,
		  const struct input *in)
{
	const char *table = a->cert_table ? a->cert_table :
			    in->len > SEV_SNP_REPORT_SIZE ? path : NULL;

	if (table) {
		cli_error(cli, "%s: the certificate table has no VCEK or VLEK", table);
		return SEV_E_FORMAT;
	}
	if (a->certs) {
		cli_error(cli, "%s: no VCEK or VLEK certificate in the directory", a->certs);
		return SEV_E_FORMAT;
	}
	cli_usage_error(cli, "give the VCEK or VLEK: --vcek, --vlek, --certs or --cert-table");
	return SEV_E_INVALID;
}

static int feed_crls(struct cli *cli, const struct verify_args *a, struct sev_snp_verifier *v,
		     struct crl_sources *crls)
{
	int rc = 0;

	for (size_t i = 0; i < a->n_crl && !rc; i++)
		if (!(rc = feed_file(cli, v, a->crl[i], sev_snp_verifier_add_crl)))
			rc = note_crls(crls, v, a->crl[i]);
	return rc;
}

static int setup_verifier(struct cli *cli, const struct verify_args *a, const char *path,
			  const struct input *in, struct sev_snp_verifier *v,
			  struct crl_sources *crls)
{
	time_t at;
	int rc = 0;

	if (a->at && sk_time_parse(a->at, &at))
		return SEV_E_INVALID;
	if (a->at)
		sev_snp_verifier_set_time(v, at);
	sev_snp_verifier_require_crl(v, a->require_crl);
	if ((a->product && (rc = sev_snp_verifier_set_product(v, a->product))) ||
	    (a->ark && (rc = feed_file(cli, v, a->ark, sev_snp_verifier_set_ark))) ||
	    (a->ask && (rc = feed_file(cli, v, a->ask, sev_snp_verifier_add_certs))) ||
	    (a->vcek && (rc = feed_vek(cli, v, a->vcek, SEV_SNP_KEY_VCEK))) ||
	    (a->vlek && (rc = feed_vek(cli, v, a->vlek, SEV_SNP_KEY_VLEK))) ||
	    (a->certs && (rc = feed_dir(cli, v, a->certs, crls))) ||
	    (a->cert_table && (rc = feed_file(cli, v, a->cert_table,
					      sev_snp_verifier_add_cert_table))) ||
	    (rc = feed_crls(cli, a, v, crls)))
		return rc;
	if (in->len > SEV_SNP_REPORT_SIZE) {
		cli_input_begin(cli, path);
		rc = cli_input_end(cli, sev_snp_verifier_add_cert_table(v, in->bytes + SEV_SNP_REPORT_SIZE,
								    in->len - SEV_SNP_REPORT_SIZE));
	}
	if (!rc && !sev_snp_verifier_has_vek(v))
		rc = no_vek(cli, a, path, in);
	return rc;
}

typedef int (*checks_fn)(struct sev_snp_checks *c, const char *text, size_t len);

static int load_checks_file(struct cli *cli, const char *path, checks_fn fn,
			    struct sev_snp_checks *c)
{
	uint8_t *buf;
	size_t len;
	int rc = read_input(cli, path, &buf, &len);

	if (rc)
		return cli_exit(rc);
	cli_input_begin(cli, path);
	rc = cli_input_end(cli, fn(c, (const char *)buf, len));
	free(buf);
	return cli_exit(rc);
}

/* Where a check came from: a policy file, a reference document or one option. */
struct check_source {
	char name[160];
	struct sev_snp_checks c;
};

static const char *option_name(int id)
{
	for (const struct cli_option *o = verify_options; o->name; o++)
		if (o->id == id)
			return o->name;
	return "?";
}

/* Each source in order; sources[0..n) are kept so that a conflict can name both sides. */
static int load_source(struct cli *cli, const struct verify_args *a, size_t i,
		       struct check_source *s)
{
	sev_snp_checks_init(&s->c);
	if (i == 0 && a->policy_file) {
		snprintf(s->name, sizeof(s->name), "policy file %s", a->policy_file);
		return load_checks_file(cli, a->policy_file, sev_snp_checks_from_json, &s->c);
	}
	if (i == 1 && a->reference) {
		snprintf(s->name, sizeof(s->name), "reference values %s", a->reference);
		return load_checks_file(cli, a->reference, sev_snp_checks_from_reference, &s->c);
	}
	if (i < 2)
		return 0; /* not given: no checks */
	i -= 2;
	snprintf(s->name, sizeof(s->name), "--%s%s%s", option_name(a->checks[i].id),
		 a->checks[i].arg ? " " : "", a->checks[i].arg ? a->checks[i].arg : "");
	return apply_check(cli, &s->c, a->checks[i].id, a->checks[i].arg);
}

/* Two sources pin different values for one check: name the field and both sources. */
static int conflict(struct cli *cli, const struct check_source *src, size_t k, const char *field)
{
	for (size_t j = 0; j < k; j++) {
		struct sev_snp_checks probe = src[j].c;
		const char *f = NULL;

		if (sev_snp_checks_merge(&probe, &src[k].c, &f) == SEV_E_INVALID && f &&
		    !strcmp(f, field))
			return cli_usage_error(cli, "%s: %s and %s pin different values", field,
					       src[j].name, src[k].name);
	}
	return cli_usage_error(cli, "%s: %s pins another value than before", field, src[k].name);
}

static int load_checks(struct cli *cli, const struct verify_args *a, struct sev_snp_checks *c)
{
	size_t n = a->n_checks + 2;
	struct check_source *src = calloc(n, sizeof(*src));
	const char *field = NULL;
	int rc = src ? 0 : SEV_EXIT_INTERNAL;

	sev_snp_checks_init(c);
	for (size_t i = 0; i < n && !rc; i++) {
		if ((rc = load_source(cli, a, i, &src[i])))
			break;
		rc = sev_snp_checks_merge(c, &src[i].c, &field);
		if (rc == SEV_E_INVALID)
			rc = conflict(cli, src, i, field);
		else if (rc)
			rc = cli_usage_error(cli, "%s: too many checks (%s)", src[i].name, field);
	}
	free(src);
	return rc;
}

static json_t *crls_json(const struct sev_snp_verify_info *info, const struct crl_sources *src)
{
	const char *ask = info->key ? "ASVK" : "ASK", *vek = info->key ? "VLEK" : "VCEK";
	json_t *a = json_array();
	char t[32], serial[84];

	for (size_t i = 0; i < info->n_crl; i++) {
		const struct sev_snp_crl_info *ci = &info->crl[i];
		json_t *e = json_object(), *checked = json_array(), *c;

		json_object_set_new(e, "file", src->name[i] ? json_string(src->name[i]) :
				    json_null());
		json_object_set_new(e, "issuer", json_string(ci->issuer));
		sk_time_format(ci->this_update, t, sizeof(t));
		json_object_set_new(e, "this_update", json_string(t));
		sk_time_format(ci->next_update, t, sizeof(t));
		json_object_set_new(e, "next_update", ci->next_update ? json_string(t) :
				    json_null());
		json_object_set_new(e, "current", json_boolean(ci->current));
		for (int k = 0; k < 2; k++) {
			c = json_object();
			snprintf(serial, sizeof(serial), "0x%s",
				 k ? info->vek_serial : info->ask_serial);
			json_object_set_new(c, "certificate", json_string(k ? vek : ask));
			json_object_set_new(c, "serial", json_string(serial));
			json_object_set_new(c, "revoked", json_boolean(k ? ci->vek_revoked :
									 ci->ask_revoked));
			json_array_append_new(checked, c);
		}
		json_object_set_new(e, "checked", checked);
		json_array_append_new(a, e);
	}
	return a;
}

struct verdict {
	bool signature_valid; /* chain, signature and certificate binding */
	bool checks_run;
	const struct sev_snp_check_result *res;
};

static json_t *verify_json(const struct sev_snp_verify_info *info, const struct verdict *vd,
			   const struct crl_sources *crls)
{
	const struct sev_snp_check_result *res = vd->res;
	json_t *doc = json_object(), *fails = json_array(), *vek = json_object();
	bool passed = vd->checks_run && res->n == 0;
	char t[32];

	/* the whole verdict, as the exit status: signature and every check */
	json_object_set_new(doc, "verified", json_boolean(vd->signature_valid && passed));
	json_object_set_new(doc, "signature_valid", json_boolean(vd->signature_valid));
	json_object_set_new(doc, "product", json_string(sev_snp_product_name(info->product)));
	json_object_set_new(doc, "signing_key", json_string(key_name(info->key)));
	json_object_set_new(doc, "crl_checked", json_boolean(info->crl_checked));
	json_object_set_new(doc, "crls", crls_json(info, crls));
	json_object_set_new(vek, "product_name", json_string(info->vek.product_name));
	json_object_set_new(vek, "tcb", tcb_json(sev_snp_vek_tcb(&info->vek), info->product));
	sk_time_format(info->vek.not_before, t, sizeof(t));
	json_object_set_new(vek, "not_before", json_string(t));
	sk_time_format(info->vek.not_after, t, sizeof(t));
	json_object_set_new(vek, "not_after", json_string(t));
	json_object_set_new(doc, "vek", vek);
	for (size_t i = 0; i < res->n; i++) {
		json_t *f = json_object();

		json_object_set_new(f, "check", json_string(res->fail[i].check));
		json_object_set_new(f, "expected", json_string(res->fail[i].expected));
		json_object_set_new(f, "actual", json_string(res->fail[i].actual));
		json_array_append_new(fails, f);
	}
	json_object_set_new(doc, "checks_passed", json_boolean(passed));
	json_object_set_new(doc, "failures", fails);
	return doc;
}

static void crls_text(struct cli *cli, const struct sev_snp_verify_info *info,
		      const struct crl_sources *src)
{
	for (size_t i = 0; i < info->n_crl; i++) {
		const struct sev_snp_crl_info *ci = &info->crl[i];
		char t[32];

		sk_time_format(ci->this_update, t, sizeof(t));
		cli_print(cli, "CRL %s (%s, issued %s%s): %s 0x%s and %s 0x%s not revoked\n",
			  src->name[i] ? src->name[i] : "?", ci->issuer, t,
			  ci->current ? "" : ", out of date", info->key ? "ASVK" : "ASK",
			  info->ask_serial, info->key ? "VLEK" : "VCEK", info->vek_serial);
	}
}

static void verify_text(struct cli *cli, const struct sev_snp_verify_info *info,
			const struct sev_snp_check_result *res, const struct crl_sources *crls)
{
	char tcb[64];

	sev_snp_tcb_format(sev_snp_vek_tcb(&info->vek), info->product, tcb, sizeof(tcb));
	cli_print(cli, "%sreport signature verified%s with the %s (%s, %s) chained to ARK-%s%s\n",
		  cli_green(cli), cli_reset(cli), info->key ? "VLEK" : "VCEK",
		  info->vek.product_name, tcb, sev_snp_product_name(info->product),
		  info->crl_checked ? ", CRL checked" : ", no CRL given");
	crls_text(cli, info, crls);
	if (!res->n) {
		cli_print(cli, "%sall checks passed%s\n", cli_green(cli), cli_reset(cli));
		return;
	}
	for (size_t i = 0; i < res->n; i++)
		cli_print(cli, "%sFAIL%s %s: expected %s, got %s\n", cli_red(cli), cli_reset(cli),
			  res->fail[i].check, res->fail[i].expected, res->fail[i].actual);
}

static int run_verify(struct cli *cli, const struct verify_args *a, const char *path)
{
	struct sev_snp_check_result res = { 0 };
	struct sev_snp_verify_info info = { 0 };
	struct crl_sources crls = { 0 };
	struct sev_snp_verifier *v = NULL;
	struct sev_snp_checks checks;
	struct input in = { 0 };
	int rc;

	if ((rc = load_checks(cli, a, &checks)) || (rc = read_report(cli, path, a->format, &in)))
		return rc;
	rc = sev_snp_verifier_new(&v);
	if (!rc)
		rc = setup_verifier(cli, a, path, &in, v, &crls);
	if (!rc)
		rc = sev_snp_verify(v, &in.r, &info);
	if (rc == 0 || rc == SEV_E_VERIFY) {
		struct verdict vd = { rc == 0, rc == 0, &res };

		if (vd.signature_valid)
			rc = sev_snp_check(&checks, &in.r, info.product, info.vek.product_name,
					   &res);
		if (cli->json && rc != -ENOMEM)
			cli_json(cli, verify_json(&info, &vd, &crls));
		else if (vd.signature_valid && rc != -ENOMEM)
			verify_text(cli, &info, &res, &crls);
	}
	sev_snp_check_result_free(&res);
	sev_snp_verifier_free(v);
	crl_sources_free(&crls);
	free(in.bytes);
	return cli_exit(rc);
}

int cmd_report_verify(struct cli *cli, int argc, char **argv)
{
	struct verify_args *a = calloc(1, sizeof(*a));
	int r, rc = 0;

	if (!a)
		return SEV_EXIT_INTERNAL;
	while (!rc && (r = cli_next_option(cli, argc, argv, verify_options)) != CLI_DONE) {
		if (r < 0) {
			free(a);
			return cli_stop_code(r); /* --help, or a usage error already reported */
		}
		rc = take_verify_option(cli, a, r);
	}
	if (!rc && argc - optind != 1)
		rc = cli_usage_error(cli, "expected one REPORT file");
	if (!rc && a->vcek && a->vlek)
		rc = cli_usage_error(cli, "give --vcek or --vlek, not both");
	if (!rc)
		rc = run_verify(cli, a, argv[optind]);
	free(a);
	return rc;
}
