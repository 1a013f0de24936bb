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
	{ "host", "ok", cmd_host_ok, "[sev|es|snp]",
	  "Check that this host is ready for SEV, SEV-ES and SEV-SNP guests",
	  "Runs the readiness checks as a tree of PASS/FAIL/SKIP results, like 'sevctl ok':\n"
	  "CPU vendor and model, CPUID 0x8000001F capabilities, the SYSCFG MSR (when\n"
	  "/dev/cpu/0/msr is readable), the kernel's /proc/cpuinfo flags, the kvm_amd\n"
	  "parameters, /dev/sev, /dev/kvm and RLIMIT_MEMLOCK. A check runs only when its\n"
	  "parent passed. With no operand the features checked are those the CPU reports\n"
	  "plus those its EPYC generation has (so a Rome host skips SEV-SNP); sev, es or\n"
	  "snp checks exactly that level. Exit status 1 when a check failed." },
	{ "host", "record", cmd_host_record, "OUT",
	  "Record what 'host ok' reads from this host into a JSON file",
	  "Writes CPUID leaves, the SYSCFG MSR, the kvm_amd parameters, the first processor\n"
	  "of /proc/cpuinfo, device access and limits to OUT. 'sevkit host ok\n"
	  "--host-record OUT' then runs the checks on that recording, e.g. on another\n"
	  "machine to reproduce a report. The recording holds no secrets." },
	{ "host", "status", cmd_host_status, NULL,
	  "Show the SEV platform status (PLATFORM_STATUS)",
	  "Prints the firmware API version, build, platform state, the flags (owned: an\n"
	  "OCA was imported; es: SEV-ES is configured) and the number of guests." },
	{ "host", "reset", cmd_host_reset, NULL,
	  "Reset the SEV platform (PLATFORM_RESET)",
	  "Deletes the platform's keys and ownership: new PDH and PEK, self-signed OCA.\n"
	  "Refused by the firmware while guests run." },
	{ "host", "rotate", cmd_host_rotate, NULL,
	  "Generate a new PDH (PDH_GEN)",
	  "Replaces the platform Diffie-Hellman key; guest owners need the new chain." },
	{ "host", "pek-csr", cmd_host_pek_csr, "OUT",
	  "Write the PEK certificate signing request (PEK_CSR)",
	  "Writes the firmware's PEK signing request, one SEV certificate, to OUT. Sign it\n"
	  "with the OCA key and give it back with 'sevkit host import'." },
	{ "host", "export", cmd_host_export, "OUT",
	  "Export the platform certificate chain (PDH_CERT_EXPORT)",
	  "Writes PDH, PEK, OCA and CEK (4 x 2084 bytes) to OUT, the layout of 'sevctl\n"
	  "export'. The CEK is the platform's own unless --cek gives the AMD-signed copy\n"
	  "(nothing is downloaded; 'sevkit host id --json' prints its URL). --full --ca FILE\n"
	  "appends the ASK and ARK of FILE, as 'sevctl export --full' appends its own." },
	{ "host", "import", cmd_host_import, "PEK OCA",
	  "Import a signed PEK and its OCA (PEK_CERT_IMPORT): take ownership",
	  "PEK is the CSR from 'sevkit host pek-csr' signed by the OCA key; OCA is the\n"
	  "owner's self-signed certificate. Both are single SEV certificates." },
	{ "host", "id", cmd_host_id, NULL,
	  "Print the chip identifier (GET_ID2)",
	  "Prints the identifier in upper-case hex, as 'sevctl show identifier'. With\n"
	  "--json, also the AMD key server URL of this chip's signed CEK." },
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
