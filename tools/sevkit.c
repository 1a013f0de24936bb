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
	{ "verity", "format", cmd_verity_format, "DATA HASH",
	  "Build the dm-verity hash tree of an image, as veritysetup format",
	  "Hashes every block of DATA (a file or block device) and writes the superblock and\n"
	  "hash tree to HASH, byte for byte what veritysetup format writes, and prints the\n"
	  "same report with the root hash. HASH may be DATA itself when --hash-offset puts the\n"
	  "hash area after the data. A new HASH file appears only when complete; an existing\n"
	  "file or device is written in place after every check has passed. DATA must be a\n"
	  "multiple of the data block size unless --data-blocks says how many blocks to hash.\n"
	  "With --fec-device it also writes Reed-Solomon parity, as veritysetup does.\n"
	  "Hashing uses every CPU and shows progress on a terminal." },
	{ "verity", "verify", cmd_verity_verify, "DATA HASH [ROOT]",
	  "Check every data and hash block against the root hash",
	  "Verifies the tree from the top down and names the first corrupted block (data or\n"
	  "hash, with its offset). Parameters come from the superblock on HASH, or from the\n"
	  "options with --no-superblock. Exit status 1 when anything does not match." },
	{ "verity", "dump", cmd_verity_dump, "HASH",
	  "Show the dm-verity superblock, as veritysetup dump",
	  "Prints the parameters stored in the superblock at --hash-offset of HASH." },
	{ "verity", "cmdline", cmd_verity_cmdline, "HASH [ROOT]",
	  "Print the kernel command line that opens the verified root",
	  "Prints dm-mod.create=\"vroot,,,ro,<dm-verity table>\" root=/dev/dm-0, which the\n"
	  "kernel's dm-init sets up without an initramfs, or with --systemd the roothash= and\n"
	  "systemd.verity_root_*= parameters of systemd-veritysetup-generator. Parameters come\n"
	  "from the superblock on HASH (or the options with --no-superblock); the devices are\n"
	  "named as the guest sees them. Corruption panics the guest unless told otherwise." },
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
