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
#include <sys/types.h>

#include <jansson.h>

#include <sevkit/crypto.h>
#include <sevkit/file.h>

#include "exit-code.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

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
	/* output files: --force, and the files read so far, which are never written */
	bool force;
	struct cli_file_id {
		dev_t dev;
		ino_t ino;
	} *inputs;
	size_t n_inputs;
};

#define CLI_DONE 0

/*
 * --force, in the option list of every command that writes files; handled by
 * cli_next_option itself (cli->force). short_name is 'f' unless the command
 * uses -f for something else.
 */
#define CLI_OPT_FORCE 0x1100
#define CLI_FORCE_OPTION(short_name)                                                          \
	{ "force", short_name, CLI_OPT_FORCE, NULL,                                           \
	  "replace output files that exist (never a file this command reads)" }

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

/*
 * Print a usage error ("sevkit cert verify: ...", with what the library said;
 * with an empty text only that) and return exit code 2.
 */
int cli_usage_error(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print an error of the command itself on stderr (unless -q), with what the library said. */
void cli_error(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "sevkit: warning: ..." on stderr unless -q, as the library's warnings are. */
void cli_warn(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
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

/*
 * Read a whole file named on the command line. Its errors are reported, as one
 * line: a missing file or a directory is SEV_E_INVALID (exit 2), an empty
 * file SEV_E_FORMAT (exit 3), a refusal of the system a negated errno (exit 4).
 */
int cli_read_file(struct cli *cli, const char *path, size_t max, uint8_t **buf, size_t *len);
/* The same for a file of secrets (keys, launch secrets): free with sev_file_free_secret. */
int cli_read_secret(struct cli *cli, const char *path, size_t max, uint8_t **buf, size_t *len);

/* Hex string helper for JSON and text output (caller frees). */
char *cli_hex(const uint8_t *p, size_t n);

/*
 * Errors are one line each, that names the file and what is wrong with it.
 * The library's errors are held back, never printed as they come, and join
 * the next line the command prints: cli_error() appends them to its own text,
 * cli_input_end() prints them after the name of the file being parsed. The
 * library names what it parses ("attestation report: VERSION at offset 0x0:
 * ...") but not the file it came from: a command parses between
 * cli_input_begin() and cli_input_end(), which returns rc. cli_read_file()
 * does both for the reading itself. Whatever is still held when a command
 * fails is printed by cli_finish(); when it succeeds, the errors it recovered
 * from are dropped.
 */
void cli_input_begin(struct cli *cli, const char *path);
int cli_input_end(struct cli *cli, int rc);
/* For the log callback: hold an error, the outer context (logged last) first. */
void cli_input_hold(struct cli *cli, const char *msg);
/* After the command ran with exit code code: print what is held if it failed. */
void cli_finish(struct cli *cli, int code);

/*
 * Output files, one rule for every command: an existing file is replaced only
 * with --force, and never when it is a file the command reads (inputs are
 * noted by cli_read_file and cli_note_input), even with --force. Writes never
 * replace a file without --force, even one that appears meanwhile.
 */
void cli_note_input(struct cli *cli, const char *path);
/*
 * Whether the rule lets the command write path; an exit code (2, reported) or
 * 0. Commands check their outputs before the work, so that a refusal costs
 * nothing. in_place: the writer writes an existing file in place, so an
 * existing block device is a place to write, not a file to replace.
 */
int cli_check_output(struct cli *cli, const char *path, bool in_place);
/* SEV_OUT_REPLACE with --force, else 0: the flags of the library's writes. */
unsigned cli_out_flags(const struct cli *cli);
/* Write one file atomically under the rule; an exit code. */
int cli_write_file(struct cli *cli, const char *path, const void *data, size_t len, mode_t mode);
/*
 * A set of files written all or none under the rule: new, add each,
 * sev_outset_commit, sev_outset_free. An exit code.
 */
int cli_outset_new(struct cli *cli, struct sev_outset **o);
/* Add one file to the set (checked as cli_check_output does); an exit code. */
int cli_outset_add(struct cli *cli, struct sev_outset *o, const char *path, const void *data,
		   size_t len, mode_t mode);

/*
 * On SIGINT, SIGTERM and SIGHUP remove the temporary files of unfinished
 * outputs, then die of the signal (a shell sees 128 + its number).
 */
void cli_handle_signals(void);

void cli_free(struct cli *cli);

#endif
