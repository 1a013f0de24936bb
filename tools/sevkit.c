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
	{ "report", "show", cmd_report_show, "REPORT",
	  "Print every field of an SEV-SNP attestation report",
	  "REPORT is the 1184-byte report as binary, hex or base64 (detected, or --format).\n"
	  "TCB values are broken into their SPLs in the layout of the product; the guest\n"
	  "policy and PLATFORM_INFO are decoded bit by bit. A certificate table appended to\n"
	  "a binary report (or given with --cert-table) is listed too." },
	{ "report", "verify", cmd_report_verify, "REPORT",
	  "Verify an SEV-SNP report against AMD's chain and a policy",
	  "Checks the report signature (ECDSA P-384) with the VCEK or VLEK, the chain to the\n"
	  "ASK/ASVK and ARK (RSA-PSS SHA-384; builtin roots for Milan, Genoa and Turin),\n"
	  "validity times, an optional CRL, and that the certificate matches the report\n"
	  "(TCB SPLs, hwID = CHIP_ID, product). Then runs every check given as an option or\n"
	  "in --policy-file; debug and migration-agent policies are refused by default. Each\n"
	  "failed check is listed with its expected and actual value. sevkit never downloads:\n"
	  "get certificates with 'sevkit report kds-url'." },
	{ "report", "kds-url", cmd_report_kds_url, "REPORT",
	  "Print the AMD KDS URL of the VCEK that signed a report",
	  "Prints the URL of the VCEK for the report's CHIP_ID and REPORTED_TCB (Turin: the\n"
	  "8-byte chip ID and fmcSPL). --cert-chain and --crl print those URLs instead;\n"
	  "--json prints all of them. sevkit does not fetch anything." },
	{ "report", "fetch", cmd_report_fetch, "OUT",
	  "Get an attestation report inside an SEV-SNP guest",
	  "Asks the firmware for a report with the given REPORT_DATA through configfs-tsm\n"
	  "(checking the generation counter against concurrent writers) or, where configfs-tsm\n"
	  "is absent, /dev/sev-guest. Writes the 1184-byte binary report to OUT (and with\n"
	  "--extended the host's certificate table), all or nothing." },
	{ "report", "derive-key", cmd_report_derive_key, "OUT",
	  "Derive a key from the SEV-SNP firmware inside the guest",
	  "SNP_GET_DERIVED_KEY through /dev/sev-guest: a 32-byte key bound to the chosen root\n"
	  "key and guest fields, written to OUT with mode 0600." },
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
