/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit policy decode --snp: the 64-bit SEV-SNP guest policy, bit by bit. */
#include <stdio.h>

#include <sevkit/policy.h>

#include "commands.h"
#include "util/number.h"

static json_t *snp_json(uint64_t policy)
{
	const struct sev_snp_policy_bit *bits;
	json_t *doc = json_object(), *flags = json_object();
	char hex[24];
	size_t n;

	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)policy);
	json_object_set_new(doc, "policy", json_string(hex));
	json_object_set_new(doc, "abi_major", json_integer(sev_snp_policy_abi_major(policy)));
	json_object_set_new(doc, "abi_minor", json_integer(sev_snp_policy_abi_minor(policy)));
	bits = sev_snp_policy_bits(&n);
	for (size_t i = 0; i < n; i++)
		json_object_set_new(flags, bits[i].name, json_boolean(policy & bits[i].mask));
	json_object_set_new(doc, "flags", flags);
	json_object_set_new(doc, "reserved_bit17",
			    json_boolean(policy & SEV_SNP_POLICY_RESERVED1));
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)(policy & SEV_SNP_POLICY_MBZ));
	json_object_set_new(doc, "mbz", json_string(hex));
	json_object_set_new(doc, "valid", json_boolean(sev_snp_policy_check(policy) == 0));
	return doc;
}

static void snp_text(struct cli *cli, uint64_t policy)
{
	const struct sev_snp_policy_bit *bits;
	size_t n;

	cli_print(cli, "SEV-SNP guest policy 0x%llx\n", (unsigned long long)policy);
	cli_print(cli, "  bits 0-15   minimum firmware ABI version: %u.%u\n",
		  sev_snp_policy_abi_major(policy), sev_snp_policy_abi_minor(policy));
	bits = sev_snp_policy_bits(&n);
	for (size_t i = 0; i < n; i++) {
		int set = (policy & bits[i].mask) != 0;

		if (bits[i].bit == 18)
			cli_print(cli, "  bit 17      %-17s %d  %s\n", "reserved",
				  (policy & SEV_SNP_POLICY_RESERVED1) != 0,
				  (policy & SEV_SNP_POLICY_RESERVED1) ? "set, as it must be" :
				  "clear: must be 1, the firmware refuses the policy");
		cli_print(cli, "  bit %-7u %-17s %d  %s\n", bits[i].bit, bits[i].name, set,
			  set ? bits[i].set : bits[i].clear);
	}
	if (policy & SEV_SNP_POLICY_MBZ)
		cli_print(cli, "  bits 26-63  must be zero: 0x%llx is set\n",
			  (unsigned long long)(policy & SEV_SNP_POLICY_MBZ));
	else
		cli_print(cli, "  bits 26-63  zero, as they must be\n");
}

int policy_decode_snp(struct cli *cli, const char *arg)
{
	uint64_t policy;

	if (sk_parse_uint(arg, UINT64_MAX, &policy))
		return cli_usage_error(cli, "POLICY must be a 64-bit number, decimal or 0x-hex");
	if (cli->json)
		cli_json(cli, snp_json(policy));
	else
		snp_text(cli, policy);
	/* the firmware refuses such a policy at SNP_LAUNCH_START: bad input */
	return sev_snp_policy_check(policy) ? SEV_EXIT_INPUT : SEV_EXIT_OK;
}
