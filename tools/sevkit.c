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
	{ "policy", "decode", cmd_policy_decode, "POLICY",
	  "Explain each bit of a SEV guest policy",
	  "POLICY is decimal or 0x-hexadecimal. Prints each policy flag and the minimum\n"
	  "firmware version the policy requires." },
	/* "measure <mode>" entries come before the verb-less "measure" (--mode MODE) */
	{ "measure", "sev", cmd_measure, "--ovmf FILE [--kernel FILE ...]",
	  "Launch digest of an SEV guest (firmware and kernel hashes)",
	  "Prints the SHA-256 launch digest QEMU's LAUNCH_UPDATE_DATA commands produce for\n"
	  "the firmware and, with --kernel, the kernel hashes table (kernel-hashes=on).\n"
	  "Same options as sev-snp-measure; 'sevkit measure --mode sev' works too." },
	{ "measure", "seves", cmd_measure, "--ovmf FILE --vcpus N --vcpu-type TYPE ...",
	  "Launch digest of an SEV-ES guest (firmware, kernel hashes, VMSAs)",
	  "Adds one VMSA per vCPU to the SEV digest. The VMSAs are built from the vCPU\n"
	  "type (or signature, or family/model/stepping) and the firmware's SEV-ES reset\n"
	  "address, or read from --vmsa-cpu0/--vmsa-cpu1 files. --vmsa-features chooses\n"
	  "their FPU state: init2 (default, as sev-snp-measure and virtee/sev compute;\n"
	  "hosts with Linux >= 6.10 and KVM_SEV_INIT2) or legacy (MXCSR and FCW zero;\n"
	  "older hosts, sevctl and libvirt 9.0)." },
	{ "measure", NULL, cmd_measure, "[sev|seves] --ovmf FILE ...",
	  "Launch digest, with the mode as --mode MODE (sev-snp-measure's form)",
	  "sevkit measure --mode sev|seves is 'sevkit measure sev|seves'." },
	{ "launch", "validate", cmd_launch_validate, "--measurement B64 --firmware FILE ...",
	  "Check an SEV/SEV-ES launch measurement (virt-qemu-sev-validate offline)",
	  "Computes the launch digest from the firmware, kernel hashes and (policy bit 2)\n"
	  "the VMSAs, then MEASURE = HMAC-SHA256(TIK, 04 || api || build || policy ||\n"
	  "digest || nonce), and compares it in constant time with the reported one.\n"
	  "Exit 0 when it matches, 1 when not. Numbers are decimal or 0x-hex. Keys and\n"
	  "blobs are raw files, files of base64 text, or base64 on the command line.\n"
	  "With --inject-secret, a matching launch also writes the LAUNCH_SECRET packet\n"
	  "(base64 files by default, as libvirt). Built VMSAs default to legacy FPU state,\n"
	  "what virt-qemu-sev-validate 9.0 computes." },
	{ "launch", "secret", cmd_launch_secret, "--inject-secret NAME:FILE ... [HEADER PAYLOAD]",
	  "Build a LAUNCH_SECRET packet: header and encrypted secret table",
	  "The payload is OVMF's secret GUID table, padded with 0 to 15 bytes to a\n"
	  "multiple of 16 (as sevctl; libvirt's tool always adds 1 to 16), encrypted\n"
	  "with AES-128-CTR under the TEK; the 52-byte header carries flags, IV and the\n"
	  "HMAC-SHA256 over the packet and the measurement. Files are raw by default (as\n"
	  "sevctl) or base64 (--format base64, as libvirt). A fresh random IV is drawn\n"
	  "unless --iv is given, which exists for reproducible tests only." },
	{ "launch", "attest", cmd_launch_attest, "--qmp SOCKET --firmware FILE ...",
	  "Attest a paused QEMU over QMP, inject secrets, then let it run",
	  "Runs query-status, query-sev-launch-measure and query-sev, validates the\n"
	  "measurement as 'launch validate' does, then sends sev-inject-launch-secret for\n"
	  "the --inject-secret files and 'cont'. A VM whose measurement does not match\n"
	  "is never resumed (exit 1). QEMU's own error text is shown when it refuses." },
	{ "report", "validate-legacy", cmd_report_validate_legacy, "CHAIN REPORT",
	  "Check a legacy SEV attestation report's signature with the PEK",
	  "REPORT is the 0xD0-byte ATTESTATION report of an SEV/SEV-ES guest; CHAIN is a\n"
	  "file of SEV certificates that includes the PEK (a lone PEK, or sevctl export).\n"
	  "Exit 0 when the PEK signed the report, 1 when not. The chain itself is not\n"
	  "verified here: use 'sevkit cert verify' for that." },
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
