/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What every command shares: the command table entry, option parsing with the
 * common options (--json, -q, --color, --help), output modes and exit codes.
 */
#ifndef SEVKIT_CLI_H
#define SEVKIT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct cli;

struct command {
	const char *group;
	const char *verb;       /* NULL for a command that is a group by itself */
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *args;       /* operands, for the usage line */
	const char *summary;    /* one line for `sevkit help` */
	const char *help;       /* paragraph(s) for --help */
	/*
	 * One to three examples, shown last by --help and in the man page's
	 * EXAMPLES: a "# what it does" line, then the command line, which starts
	 * with "sevkit " and goes on in the next line after a closing backslash.
	 * Examples on files under tests/vectors run (from a checkout's root) in
	 * tests/cli/docs.sh.
	 */
	const char *examples;
};

struct cli_option {
	const char *name;       /* long name without "--" */
	int short_name;         /* 0 when none */
	int id;                 /* returned by cli_next_option(); must be > 0 and < 256 or >= 0x100 */
	const char *arg;        /* metavariable, NULL for a flag */
	const char *help;
};

enum cli_color { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };

struct cli {
	const struct command *cmd;
	bool json;
	bool quiet;
	bool color;
	int verbose;
	/* the input file being parsed, and the library's errors about it so far */
	const char *input;
	char held[1024];
	/* option parsing state */
	const struct cli_option *opts;
	void *longopts;
	char *shortopts;
	const char *optarg;
};

#define CLI_DONE 0

/*
 * Return the id of the next command-specific option (its argument in
 * cli->optarg), CLI_DONE when the options end (operands then start at optind),
 * or a negative value when a usage error was reported: the command then
 * returns cli_stop_code() of that value, which is never 0. --help prints the
 * help and exits with status 0.
 */
int cli_next_option(struct cli *cli, int argc, char **argv, const struct cli_option *opts);

static inline int cli_stop_code(int r)
{
	return -r - 100;
}

/* Print a usage error ("sevkit cert verify: ...") and return exit code 2. */
int cli_usage_error(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print an error of the command itself on stderr (unless -q). */
void cli_error(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Map a library return code to an exit code (the library has logged the detail). */
int cli_exit(int rc);

/* Human output on stdout, suppressed by -q and --json. */
void cli_print(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print a JSON document on stdout (unless -q) and take ownership of it. */
void cli_json(struct cli *cli, json_t *doc);
/* ANSI colour sequences, empty unless colour is on. */
const char *cli_green(const struct cli *cli);
const char *cli_red(const struct cli *cli);
const char *cli_yellow(const struct cli *cli);
const char *cli_bold(const struct cli *cli);
const char *cli_reset(const struct cli *cli);

/* Read a whole file named on the command line; errors are reported. */
int cli_read_file(struct cli *cli, const char *path, size_t max, uint8_t **buf, size_t *len);

/* Hex string helper for JSON and text output (caller frees). */
char *cli_hex(const uint8_t *p, size_t n);

/*
 * The library names what it parses ("attestation report: VERSION at offset
 * 0x0: ...") but not the file it came from. Between these two calls its errors
 * are held back, then reported as one line that names the file, the outer
 * context first. cli_input_end() returns rc.
 */
void cli_input_begin(struct cli *cli, const char *path);
int cli_input_end(struct cli *cli, int rc);
/* For the log callback: hold an error about the current input; false if there is none. */
bool cli_input_hold(struct cli *cli, const char *msg);

void cli_free(struct cli *cli);

#endif
