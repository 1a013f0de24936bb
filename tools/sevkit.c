/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit: the command table and the dispatcher. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/error.h>

#include "cli.h"
#include "commands.h"

static const struct command commands[] = {
	{ "cert", "show", cmd_cert_show, "FILE...",
	  "Describe SEV and AMD certificates and chain files",
	  "Each FILE is a single certificate or a chain file: `sevctl export` output\n"
	  "(PDH PEK OCA CEK, and with --full ASK ARK), sev-tool's cert_chain.cert (PEK OCA\n"
	  "CEK), AMD's ask_ark_<generation>.cert (ASK ARK), or any of these certificates in\n"
	  "that order. For each certificate it prints the usage, where it is in the file,\n"
	  "the firmware API version that made it (SEV certificates), the key algorithm and\n"
	  "size, the fingerprint as `sevctl verify` prints it (the SHA-256 or SHA-384 of\n"
	  "the signed part, by the key's own hash) and who signed each signature slot.\n"
	  "AMD's Naples ARK is published without its signature; sevkit adds the one AMD\n"
	  "gave out separately and says so. Nothing is verified: see 'sevkit cert verify'." },
	{ "cert", "verify", cmd_cert_verify, "[CHAIN]",
	  "Verify a SEV certificate chain up to AMD's root key",
	  "Checks the seven signatures of a SEV platform chain: ARK self, ARK -> ASK,\n"
	  "ASK -> CEK, CEK -> PEK, OCA -> PEK, OCA self and PEK -> PDH, and prints the\n"
	  "same tree as `sevctl verify` (a crossed mark is a signature that does not\n"
	  "verify or a certificate that is missing). CHAIN (or --sev FILE) is a chain file\n"
	  "as 'sevkit cert show' reads; --pdh/--pek/--oca/--cek add or replace single\n"
	  "certificates. Each signature must come from the slot naming its signer, with\n"
	  "the signer's own algorithm (RSA-PSS SHA-256 for a 2048-bit ASK, SHA-384 for a\n"
	  "4096-bit one); nothing else is tried.\n"
	  "The trusted root is the builtin AMD ARK of the generation whose builtin ASK\n"
	  "signed the CEK (Naples, Rome, Milan, Genoa or Turin), or the ARK of --ca FILE\n"
	  "(an ask_ark_<generation>.cert). An ASK or ARK inside CHAIN is verified too, and\n"
	  "its ARK must be the trusted one. Every failed or missing link is named on\n"
	  "stderr and the exit status is 1. --json prints each link with its signer,\n"
	  "signee, status and fingerprints, and the generation." },
	{ "cert", "split", cmd_cert_split, "FILE DIR",
	  "Write each certificate of a chain file to its own file",
	  "Writes DIR/pdh.cert, pek.cert, oca.cert, cek.cert, ask.cert and ark.cert for the\n"
	  "certificates FILE holds, byte for byte as they are in FILE. Either every file is\n"
	  "written or none is. Existing files are left alone unless --force is given." },
	{ "cert", "generate-oca", cmd_cert_generate_oca, "CERT KEY",
	  "Create a self-signed owner (OCA) certificate and its private key",
	  "Like `sevctl generate`: a new ECDSA P-384 key, and its OCA certificate (API\n"
	  "version 0.0, algorithm ECDSA_SHA256, signed by itself in the first slot) written\n"
	  "to CERT (2084 bytes). The private key is written to KEY as PKCS#8 PEM, mode\n"
	  "0600. Existing files are left alone unless --force is given; either both files\n"
	  "are written or neither." },
	{ "session", NULL, cmd_session, "[PDH POLICY]",
	  "Create a SEV launch session for a platform's PDH",
	  "Generates the guest owner's Diffie-Hellman key (GODH), agrees a shared secret\n"
	  "with the platform's PDH, draws a fresh transport encryption key (TEK) and\n"
	  "integrity key (TIK), and writes, as sevctl session does: NAME_godh.b64 and\n"
	  "NAME_session.b64 (for QEMU's sev-guest dh-cert-file and session-file, or\n"
	  "libvirt's <dhCert> and <session>), NAME_tek.bin and NAME_tik.bin (mode 0600).\n"
	  "The PDH may be a single certificate, its base64 text (libvirt's <pdh>), or a\n"
	  "chain that starts with it (sevctl export): a chain is verified up to AMD's\n"
	  "builtin root first. The policy is kept whole (all 32 bits) in POLICY_MAC.\n"
	  "sevctl's form 'sevkit session [--name N] PDH POLICY' works too. On failure no\n"
	  "file is written." },
	{ "policy", "decode", cmd_policy_decode, "POLICY",
	  "Explain each bit of a SEV guest policy",
	  "POLICY is decimal or 0x-hexadecimal. Prints each policy flag and the minimum\n"
	  "firmware version the policy requires." },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static struct cli *log_cli;

static void log_to_stderr(enum sev_log_level level, const char *msg, void *ctx)
{
	static const char *const prefix[] = { "error", "warning", "info", "debug" };
	int verbose = log_cli ? log_cli->verbose : 0;

	(void)ctx;
	if (log_cli && log_cli->quiet)
		return;
	/* info needs -v, debug -vv */
	if (level >= SEV_LOG_INFO && verbose < (int)level - 1)
		return;
	fprintf(stderr, "sevkit: %s: %s\n", prefix[level], msg);
}

static void list_group(const char *group)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const struct command *c = &commands[i];
		char name[48];

		if (group && strcmp(c->group, group) != 0)
			continue;
		snprintf(name, sizeof(name), "%s%s%s", c->group, c->verb ? " " : "",
			 c->verb ? c->verb : "");
		printf("  %-22s %s\n", name, c->summary);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: sevkit <group> <verb> [options] [operands]\n\n"
		   "AMD SEV / SEV-ES / SEV-SNP confidential VM toolkit.\n\nCommands:\n");
	if (f == stdout)
		list_group(NULL);
	fprintf(f, "\nRun 'sevkit <group> <verb> --help' for the options of a command.\n"
		   "Exit status: 0 ok, 1 verification failed, 2 usage error, 3 bad input,\n"
		   "4 environment (device, permission), 5 internal error.\n");
}

static const struct command *find(const char *group, const char *verb, int *group_known)
{
	*group_known = 0;
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(commands[i].group, group) != 0)
			continue;
		*group_known = 1;
		if (!commands[i].verb)
			return &commands[i];
		if (verb && strcmp(commands[i].verb, verb) == 0)
			return &commands[i];
	}
	return NULL;
}

static int run(const struct command *c, int argc, char **argv)
{
	struct cli cli = { .cmd = c, .color = isatty(STDOUT_FILENO) == 1 };
	int rc;

	log_cli = &cli;
	rc = c->run(&cli, argc, argv);
	log_cli = NULL;
	cli_free(&cli);
	return rc;
}

int main(int argc, char **argv)
{
	const struct command *c;
	int known;

	sev_set_log(log_to_stderr, NULL);
	if (argc < 2) {
		usage(stderr);
		return SEV_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc > 2) {
			find(argv[2], NULL, &known);
			if (!known) {
				fprintf(stderr, "sevkit: unknown command group '%s'\n", argv[2]);
				return SEV_EXIT_USAGE;
			}
			printf("Commands of 'sevkit %s':\n", argv[2]);
			list_group(argv[2]);
			return SEV_EXIT_OK;
		}
		usage(stdout);
		return SEV_EXIT_OK;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("sevkit %s\n", SEVKIT_VERSION);
		return SEV_EXIT_OK;
	}
	c = find(argv[1], argc > 2 ? argv[2] : NULL, &known);
	if (!known) {
		fprintf(stderr, "sevkit: unknown command '%s'; see 'sevkit help'\n", argv[1]);
		return SEV_EXIT_USAGE;
	}
	if (!c) {
		int asked = argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));

		if (!asked)
			fprintf(stderr, "sevkit %s: %s '%s'. Commands:\n", argv[1],
				argc > 2 ? "unknown command" : "missing command",
				argc > 2 ? argv[2] : "");
		else
			printf("Commands of 'sevkit %s':\n", argv[1]);
		if (!asked)
			for (size_t i = 0; i < N_COMMANDS; i++)
				if (!strcmp(commands[i].group, argv[1]))
					fprintf(stderr, "  sevkit %s %s\n", argv[1], commands[i].verb);
		if (asked)
			list_group(argv[1]);
		return asked ? SEV_EXIT_OK : SEV_EXIT_USAGE;
	}
	if (c->verb)
		return run(c, argc - 2, argv + 2);
	return run(c, argc - 1, argv + 1);
}
