/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit report show: every field of an SEV-SNP attestation report, in text or JSON */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/snp.h>
#include <sevkit/util.h>

#include "commands.h"
#include "report-common.h"

static enum sev_snp_product show_product(const struct sev_snp_report *r, enum sev_snp_product p)
{
	return p ? p : sev_snp_report_product(r);
}

static json_t *hex_json(const uint8_t *p, size_t n)
{
	char *h = sev_hex_dup(p, n);
	json_t *j = json_string(h ? h : "");

	free(h);
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

		sev_hex_encode(hex, p + off, k);
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

		sev_hex_encode(guid, t->entry[i].guid, 16);
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
		if ((rc = take_report_option(cli, r, &f, &p)))
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
		rc = cli_read_file(cli, table, INPUT_MAX, &buf, &len);
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
