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
	{ "memscan", "scan", cmd_memscan_scan, "DUMP | --pid PID",
	  "Scan guest memory the host can see for secrets; map its entropy",
	  "DUMP is a QEMU dump-guest-memory or 'virsh dump --memory-only' file (ELF,\n"
	  "kdump-zlib seekable or flattened), a gdb gcore core, or a raw memory image\n"
	  "(pmemsave, RAM file); the format is found by its magic. With --pid, the guest RAM\n"
	  "of a running QEMU process is read through /proc/PID/mem (read-write mappings of\n"
	  "16 MiB or more, anonymous or memory backends; the largest is RAM from\n"
	  "guest-physical 0, so hits below 2 GiB in it also get a guest-physical address).\n"
	  "Secrets are looked for as given and, for text, as UTF-16LE; built-in detectors\n"
	  "(see 'sevkit memscan detectors') run unless --no-detectors. Every hit shows its\n"
	  "guest-physical or virtual address and its file offset (for a zlib page, the\n"
	  "offset of the compressed page). Secrets from the command line are masked in\n"
	  "the output unless --show-secrets. A page looks encrypted at 7.9 bits/byte of\n"
	  "entropy or more (random data: 7.95); zero pages count apart.\n"
	  "Exit status 1 when anything is found." },
	{ "memscan", "dump", cmd_memscan_dump, "--qmp SOCKET OUT",
	  "Dump a running QEMU guest's memory over QMP",
	  "Runs dump-guest-memory detached (the file is passed to QEMU as a descriptor,\n"
	  "created 0600 and renamed to OUT only when QEMU reports completion) and polls\n"
	  "query-dump for progress. The guest is paused while QEMU writes the dump." },
	{ "memscan", "detectors", cmd_memscan_detectors, NULL,
	  "List the built-in secret detectors", NULL },
	{ "audit", NULL, cmd_audit, "--qmp SOCKET | --pid PID | DUMP",
	  "Can the host read this guest's memory? Dump, scan, entropy, verdict",
	  "Takes the guest's memory as the host sees it (a QMP dump to a temporary file,\n"
	  "the live QEMU process, or a dump file), looks for the given secrets and the\n"
	  "built-in detectors, measures the entropy of every page, and prints a verdict:\n"
	  "readable (secrets found, exit 1), plaintext (no secret, but fewer than 95 % of\n"
	  "the non-zero pages look encrypted, exit 1) or encrypted (exit 0)." },
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
