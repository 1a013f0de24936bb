/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit: the dispatcher over the command tables of table-<group>.c. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/error.h>
#include <sevkit/version.h>

#include "cli.h"
#include "commands.h"

/* The command tables (table-<group>.c), in the order `sevkit help` lists them. */
static const struct command *const tables[] = {
	host_commands,
	cert_commands,
	session_commands,
	policy_commands,
	measure_commands,
	idblock_commands,
	launch_commands,
	report_commands,
	gpu_commands,
	domain_commands,
	qemu_commands,
	verity_commands,
	seal_commands,
	memscan_commands,
	audit_commands,
	kbs_commands,
};

/* The i-th command of all tables, NULL after the last. */
static const struct command *command(size_t i)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (const struct command *c = tables[t]; c->group; c++)
			if (i-- == 0)
				return c;
	}
	return NULL;
}

/* the library's workers may log at once: their errors join one held line */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* ctx is the command that runs, NULL before one does */
static void log_to_stderr(enum sev_log_level level, const char *msg, void *ctx)
{
	static const char *const prefix[] = { "error", "warning", "info", "debug" };
	struct cli *cli = ctx;
	int verbose = cli ? cli->verbose : 0;

	/* errors join the command's one line about them (see cli_input_hold) */
	if (cli && level == SEV_LOG_ERROR) {
		pthread_mutex_lock(&log_lock);
		cli_input_hold(cli, msg);
		pthread_mutex_unlock(&log_lock);
		return;
	}
	if (cli && cli->quiet)
		return;
	/* info needs -v, debug -vv */
	if (level >= SEV_LOG_INFO && verbose < (int)level - 1)
		return;
	fprintf(stderr, "sevkit: %s: %s\n", prefix[level], msg);
}

static void list_group(FILE *f, const char *group)
{
	const struct command *c;

	for (size_t i = 0; (c = command(i)); i++) {
		char name[48];

		if (group && strcmp(c->group, group) != 0)
			continue;
		snprintf(name, sizeof(name), "%s%s%s", c->group, c->verb ? " " : "",
			 c->verb ? c->verb : "");
		/* at least two spaces between name and summary: scripts split on them */
		fprintf(f, "  %-24s  %s\n", name, c->summary);
	}
}

/* `sevkit help` prints this on stdout; `sevkit` alone, a usage error, on stderr. */
static void usage(FILE *f)
{
	fprintf(f, "usage: sevkit <group> <verb> [options] [operands]\n\n"
		   "AMD SEV / SEV-ES / SEV-SNP confidential VM toolkit.\n\nCommands:\n");
	list_group(f, NULL);
	fprintf(f, "\nRun 'sevkit <group> <verb> --help' for a command's options and examples,\n"
		   "'sevkit --version' for the version.\n"
		   "Exit status: 0 ok, 1 verification failed, 2 usage error, 3 bad input,\n"
		   "4 environment (device, permission), 5 internal error.\n");
}

static const struct command *find(const char *group, const char *verb, int *group_known)
{
	const struct command *c;

	*group_known = 0;
	for (size_t i = 0; (c = command(i)); i++) {
		if (strcmp(c->group, group) != 0)
			continue;
		*group_known = 1;
		if (!c->verb)
			return c;
		if (verb && strcmp(c->verb, verb) == 0)
			return c;
	}
	return NULL;
}

static int run(const struct command *c, int argc, char **argv)
{
	struct cli cli = { .cmd = c, .color = isatty(STDOUT_FILENO) == 1 };
	int rc;

	sev_set_log(log_to_stderr, &cli);
	cli_handle_signals();
	rc = c->run(&cli, argc, argv);
	cli_finish(&cli, rc);
	sev_set_log(log_to_stderr, NULL);
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
			list_group(stdout, argv[2]);
			return SEV_EXIT_OK;
		}
		usage(stdout);
		return SEV_EXIT_OK;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("sevkit %s\n", sev_version());
		return SEV_EXIT_OK;
	}
	c = find(argv[1], argc > 2 ? argv[2] : NULL, &known);
	if (!known) {
		fprintf(stderr, "sevkit: unknown command '%s'; see 'sevkit help'\n", argv[1]);
		return SEV_EXIT_USAGE;
	}
	if (!c) {
		int asked = argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));

		if (!asked && argc > 2)
			fprintf(stderr, "sevkit %s: unknown command '%s'. Commands:\n", argv[1],
				argv[2]);
		else if (!asked)
			fprintf(stderr, "sevkit %s: which command? Commands:\n", argv[1]);
		else
			printf("Commands of 'sevkit %s':\n", argv[1]);
		if (!asked)
			for (size_t i = 0; (c = command(i)); i++)
				if (!strcmp(c->group, argv[1]))
					fprintf(stderr, "  sevkit %s %s\n", argv[1], c->verb);
		if (asked)
			list_group(stdout, argv[1]);
		return asked ? SEV_EXIT_OK : SEV_EXIT_USAGE;
	}
	if (c->verb)
		return run(c, argc - 2, argv + 2);
	return run(c, argc - 1, argv + 1);
}
