/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit policy decode */
#include <getopt.h>
#include <stdio.h>

#include <sevkit/policy.h>

#include "commands.h"
#include "util/number.h"

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

static const struct cli_option options[] = {
	{ "snp", 0, 0x100, NULL, "POLICY is a 64-bit SEV-SNP guest policy" },
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
		snp = true;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "expected one POLICY");
	if (snp)
		return policy_decode_snp(cli, argv[optind]);
	if (sk_parse_u32(argv[optind], &policy))
		return cli_usage_error(cli, "POLICY must be a 32-bit number, decimal or 0x-hex");
	if (cli->json)
		cli_json(cli, policy_json(policy));
	else
		policy_text(cli, policy);
	/* Reserved bits make LAUNCH_START fail: bad input. */
	return (policy & SEV_POLICY_RESERVED) ? SEV_EXIT_INPUT : SEV_EXIT_OK;
}
