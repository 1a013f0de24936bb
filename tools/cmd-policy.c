/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit policy decode */
#include <getopt.h>
#include <stdio.h>

#include <sevkit/policy.h>
#include <sevkit/snp.h>
#include <sevkit/util.h>

#include "commands.h"

static json_t *policy_json(uint32_t policy)
{
	const struct sev_policy_bit *bits;
	json_t *doc = json_object(), *flags = json_object();
	char hex[16];
	size_t n;

	snprintf(hex, sizeof(hex), "0x%08x", policy);
	json_object_set_new(doc, "policy", json_string(hex));
	bits = sev_policy_bits(&n);
	for (size_t i = 0; i < n; i++)
		json_object_set_new(flags, bits[i].name, json_boolean(policy & bits[i].mask));
	json_object_set_new(doc, "flags", flags);
	json_object_set_new(doc, "reserved", json_integer(policy & SEV_POLICY_RESERVED));
	json_object_set_new(doc, "api_major", json_integer(sev_policy_api_major(policy)));
	json_object_set_new(doc, "api_minor", json_integer(sev_policy_api_minor(policy)));
	return doc;
}

static void policy_text(struct cli *cli, uint32_t policy)
{
	const struct sev_policy_bit *bits;
	size_t n;

	cli_print(cli, "SEV guest policy 0x%08x\n", policy);
	bits = sev_policy_bits(&n);
	for (size_t i = 0; i < n; i++) {
		int set = (policy & bits[i].mask) != 0;

		cli_print(cli, "  bit %zu  %-6s %d  %s\n", i, bits[i].name, set,
			  set ? bits[i].set : bits[i].clear);
	}
	if (policy & SEV_POLICY_RESERVED)
		cli_print(cli, "  bits 6-15 reserved: 0x%04x is set (must be zero)\n",
			  (policy & SEV_POLICY_RESERVED) >> 6);
	cli_print(cli, "  minimum firmware API version: %u.%u\n", sev_policy_api_major(policy),
		  sev_policy_api_minor(policy));
}

static json_t *snp_policy_json(uint64_t policy)
{
	const struct sev_snp_bit *bits;
	json_t *doc = json_object(), *flags = json_object();
	char hex[24];
	size_t n;

	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)policy);
	json_object_set_new(doc, "policy", json_string(hex));
	bits = sev_snp_policy_bits(&n);
	for (size_t i = 0; i < n; i++)
		json_object_set_new(flags, bits[i].name, json_boolean(policy >> bits[i].bit & 1));
	json_object_set_new(doc, "flags", flags);
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)(policy & SEV_SNP_POLICY_MBZ));
	json_object_set_new(doc, "reserved", json_string(hex));
	json_object_set_new(doc, "abi_major", json_integer(sev_snp_policy_abi_major(policy)));
	json_object_set_new(doc, "abi_minor", json_integer(sev_snp_policy_abi_minor(policy)));
	return doc;
}

static void snp_policy_text(struct cli *cli, uint64_t policy)
{
	const struct sev_snp_bit *bits;
	size_t n;

	cli_print(cli, "SEV-SNP guest policy 0x%016llx\n", (unsigned long long)policy);
	cli_print(cli, "  minimum firmware ABI version: %u.%u\n", sev_snp_policy_abi_major(policy),
		  sev_snp_policy_abi_minor(policy));
	bits = sev_snp_policy_bits(&n);
	for (size_t i = 0; i < n; i++) {
		int set = policy >> bits[i].bit & 1;

		cli_print(cli, "  bit %u  %-18s %d  %s\n", bits[i].bit, bits[i].name, set,
			  set ? bits[i].set : bits[i].clear);
	}
	if (policy & SEV_SNP_POLICY_MBZ)
		cli_print(cli, "  bits 63:26 reserved: 0x%llx is set (must be zero)\n",
			  (unsigned long long)(policy & SEV_SNP_POLICY_MBZ));
}

static int decode_snp(struct cli *cli, const char *arg)
{
	uint64_t policy;

	if (sev_parse_uint(arg, UINT64_MAX, &policy))
		return cli_usage_error(cli, "POLICY must be a 64-bit number, decimal or 0x-hex");
	if (cli->json)
		cli_json(cli, snp_policy_json(policy));
	else
		snp_policy_text(cli, policy);
	/* SNP_LAUNCH_START refuses a policy with bit 17 clear or a reserved bit set. */
	return sev_snp_policy_validate(policy) ? SEV_EXIT_INPUT : SEV_EXIT_OK;
}

enum { OPT_SNP = 0x100 };

static const struct cli_option options[] = {
	{ "snp", 0, OPT_SNP, NULL, "decode a 64-bit SEV-SNP guest policy (SNP_LAUNCH_START)" },
	{ 0 },
};

int cmd_policy_decode(struct cli *cli, int argc, char **argv)
{
	uint32_t policy;
	bool snp = false;
	int r;

	while ((r = cli_next_option(cli, argc, argv, options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if (r == OPT_SNP)
			snp = true;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one POLICY");
	if (snp)
		return decode_snp(cli, argv[optind]);
	if (sev_parse_u32(argv[optind], &policy))
		return cli_usage_error(cli, "POLICY must be a 32-bit number, decimal or 0x-hex");
	if (cli->json)
		cli_json(cli, policy_json(policy));
	else
		policy_text(cli, policy);
	/* Reserved bits make LAUNCH_START fail: bad input. */
	return (policy & SEV_POLICY_RESERVED) ? SEV_EXIT_INPUT : SEV_EXIT_OK;
}
