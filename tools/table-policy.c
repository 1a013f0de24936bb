/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the policy command: SEV and SEV-SNP guest policies. */
#include "commands.h"

const struct command policy_commands[] = {
	{ "policy", "decode", cmd_policy_decode, "[--snp] POLICY",
	  "Explain each bit of a SEV or SEV-SNP guest policy",
	  "POLICY is decimal or 0x-hexadecimal. Prints each policy flag and the minimum\n"
	  "firmware version the policy requires. With --snp, POLICY is the 64-bit SEV-SNP\n"
	  "guest policy: ABI minor and major, SMT, the reserved bit 17 (must be 1),\n"
	  "migration agent, debug, single socket, CXL, AES-256-XTS, RAPL, ciphertext\n"
	  "hiding, page swap disable, and bits 26-63 (must be zero). Exit status 3 when\n"
	  "the firmware would refuse the policy.",
	  "# no debugging, no key sharing\n"
	  "sevkit policy decode 0x3\n"
	  "# the default SEV-SNP policy, SMT allowed and no debugging\n"
	  "sevkit policy decode --snp 0x30000\n" },
	{ 0 },
};
