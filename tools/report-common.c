/* SPDX-License-Identifier: Apache-2.0 */
/* What the report verbs share: reading a report file, option arguments, JSON of a TCB. */
#include "report-common.h"

#include <stdio.h>
#include <stdlib.h>

#include <sevkit/util.h>

int parse_input(struct cli *cli, const char *path, input_fn fn, void *ctx)
{
	uint8_t *buf;
	size_t len;
	int rc = cli_read_file(cli, path, INPUT_MAX, &buf, &len);

	if (rc)
		return rc;
	cli_input_begin(cli, path);
	rc = cli_input_end(cli, fn(buf, len, ctx));
	free(buf);
	return rc;
}

struct report_file {
	enum sev_snp_input_format format;
	struct input *in;
};

static int decode_report(const uint8_t *buf, size_t len, void *ctx)
{
	struct report_file *rf = ctx;
	struct input *in = rf->in;
	int rc = sev_snp_input_decode(buf, len, rf->format, &in->bytes, &in->len);

	/* a raw report may carry its certificate table behind it (go-sev-guest's extended form) */
	if (!rc)
		rc = sev_snp_report_parse(in->bytes, in->len > SEV_SNP_REPORT_SIZE ?
					  SEV_SNP_REPORT_SIZE : in->len, &in->r);
	if (rc) {
		free(in->bytes);
		in->bytes = NULL;
	}
	return rc;
}

int read_report(struct cli *cli, const char *path, enum sev_snp_input_format f,
		struct input *in)
{
	struct report_file rf = { f, in };

	return cli_exit(parse_input(cli, path, decode_report, &rf));
}

int parse_format(struct cli *cli, const char *arg, enum sev_snp_input_format *f)
{
	if (sev_snp_input_format_parse(arg, f))
		return cli_usage_error(cli, "--format takes auto, bin, hex or base64");
	return 0;
}

int parse_product(struct cli *cli, const char *arg, enum sev_snp_product *p)
{
	if (sev_snp_product_parse(arg, p))
		return cli_usage_error(cli, "unknown product '%s' (Milan, Genoa or Turin)", arg);
	return 0;
}

int take_report_option(struct cli *cli, int r, enum sev_snp_input_format *f,
		       enum sev_snp_product *p)
{
	if (r == OPT_FORMAT)
		return parse_format(cli, cli->optarg, f);
	if (r == OPT_PRODUCT)
		return parse_product(cli, cli->optarg, p);
	return 0;
}

int parse_vmpl(struct cli *cli, const char *arg, int *vmpl)
{
	uint64_t v;

	if (sev_parse_uint(arg, 3, &v))
		return cli_usage_error(cli, "--vmpl takes 0-3");
	*vmpl = (int)v;
	return 0;
}

const char *key_name(enum sev_snp_signing_key k)
{
	return k == SEV_SNP_KEY_VCEK ? "vcek" : k == SEV_SNP_KEY_VLEK ? "vlek" : "none";
}

json_t *u64_hex_json(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)v);
	return json_string(buf);
}

json_t *tcb_json(uint64_t raw, enum sev_snp_product p)
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
