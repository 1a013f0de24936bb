/* SPDX-License-Identifier: Apache-2.0 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sevkit/crypto.h>
#include <sevkit/error.h>
#include <sevkit/file.h>
#include <sevkit/util.h>

enum {
	OPT_JSON = 0x1000,
	OPT_QUIET,
	OPT_COLOR,
	OPT_HELP,
	OPT_VERBOSE,
};

static const struct cli_option common_options[] = {
	{ "json", 0, OPT_JSON, NULL, "print JSON with stable keys instead of text" },
	{ "quiet", 'q', OPT_QUIET, NULL,
	  "print nothing but usage errors; the exit status tells the result" },
	{ "color", 0, OPT_COLOR, "WHEN", "colour output: auto (on a terminal), always or never" },
	{ "verbose", 'v', OPT_VERBOSE, NULL, "print more detail on stderr (repeatable)" },
	{ "help", 'h', OPT_HELP, NULL, "show this help" },
	{ 0 },
};

static size_t count(const struct cli_option *o)
{
	size_t n = 0;

	while (o && o[n].name)
		n++;
	return n;
}

static void add_options(const struct cli_option *o, struct option *lo, size_t *n, char *so)
{
	for (; o && o->name; o++) {
		lo[*n] = (struct option){ o->name, o->arg ? required_argument : no_argument, NULL,
					  o->id };
		(*n)++;
		if (o->short_name) {
			char s[3] = { (char)o->short_name, o->arg ? ':' : 0, 0 };

			strcat(so, s);
		}
	}
}

static int build_options(struct cli *cli, const struct cli_option *opts)
{
	size_t total = count(opts) + count(common_options), n = 0;
	struct option *lo = calloc(total + 1, sizeof(*lo));
	char *so = calloc(2 * total + 2, 1);

	if (!lo || !so) {
		free(lo);
		free(so);
		return -1;
	}
	so[0] = ':'; /* report a missing argument as ':' */
	add_options(opts, lo, &n, so);
	add_options(common_options, lo, &n, so);
	cli->longopts = lo;
	cli->shortopts = so;
	cli->opts = opts;
	return 0;
}

static void print_option(FILE *f, const struct cli_option *o)
{
	char left[64];

	if (o->short_name)
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
	else
		snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	fprintf(f, "  %-28s %s\n", left, o->help);
}

/* Last in --help, indented by two spaces, so a script finds them after "Examples:". */
static void print_examples(const char *text)
{
	if (!text)
		return;
	printf("\nExamples:\n");
	while (*text) {
		size_t n = strcspn(text, "\n");

		printf("  %.*s\n", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

static void print_help(const struct cli *cli, const struct cli_option *opts)
{
	const struct command *c = cli->cmd;

	printf("usage: sevkit %s%s%s [options]%s%s\n\n%s\n", c->group, c->verb ? " " : "",
	       c->verb ? c->verb : "", c->args ? " " : "", c->args ? c->args : "", c->summary);
	if (c->help)
		printf("\n%s\n", c->help);
	if (count(opts)) {
		printf("\nOptions:\n");
		for (const struct cli_option *o = opts; o->name; o++)
			print_option(stdout, o);
	}
	printf("\nCommon options:\n");
	for (const struct cli_option *o = common_options; o->name; o++)
		print_option(stdout, o);
	printf("\nExit status: 0 ok, 1 verification failed, 2 usage error, 3 bad input,\n"
	       "4 environment (device, permission), 5 internal error.\n");
	print_examples(c->examples);
}

static const char *command_name(const struct cli *cli, char *buf, size_t n)
{
	snprintf(buf, n, "sevkit %s%s%s", cli->cmd->group, cli->cmd->verb ? " " : "",
		 cli->cmd->verb ? cli->cmd->verb : "");
	return buf;
}

int cli_usage_error(struct cli *cli, const char *fmt, ...)
{
	char name[64], text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* what the library said about the value, if anything, on the same line */
	fprintf(stderr, "%s: %s%s%s\nTry '%s --help'.\n", command_name(cli, name, sizeof(name)),
		text, text[0] && cli->held[0] ? ": " : "", cli->held, name);
	cli->held[0] = '\0';
	return SEV_EXIT_USAGE;
}

/* getopt returns the character of a short option; map it to the option's id. */
static int short_to_id(int c, const struct cli_option *opts)
{
	if (c <= 0 || c == '?' || c == ':')
		return c;
	for (const struct cli_option *o = opts; o && o->name; o++)
		if (o->short_name == c && o->id != c)
			return o->id;
	for (const struct cli_option *o = common_options; o->name; o++)
		if (o->short_name == c)
			return o->id;
	return c;
}

/* Name the offending option: getopt has moved past it, or set optopt for a short one. */
static int option_error(struct cli *cli, int c, int argc, char **argv)
{
	char word[64];

	if (optopt > 0 && optopt < 128 && isalnum(optopt))
		snprintf(word, sizeof(word), "-%c", optopt);
	else if (optind > 0 && optind <= argc)
		snprintf(word, sizeof(word), "%s", argv[optind - 1]);
	else
		snprintf(word, sizeof(word), "?");
	if (c == ':')
		return cli_usage_error(cli, "option '%s' needs an argument", word);
	if (strchr(word, '=') && optopt >= 0x100)
		return cli_usage_error(cli, "option '%.*s' takes no argument",
				       (int)(strchr(word, '=') - word), word);
	return cli_usage_error(cli, "unknown option '%s'", word);
}

static int stop(int code)
{
	return -100 - code;
}

int cli_next_option(struct cli *cli, int argc, char **argv, const struct cli_option *opts)
{
	int c;

	if (cli->opts != opts || !cli->longopts) {
		free(cli->longopts);
		free(cli->shortopts);
		if (build_options(cli, opts))
			return stop(SEV_EXIT_INTERNAL);
		optind = 0; /* full reset of GNU getopt */
		opterr = 0;
	}
	for (;;) {
		c = short_to_id(getopt_long(argc, argv, cli->shortopts, cli->longopts, NULL), opts);
		cli->optarg = optarg;
		switch (c) {
		case -1:
			return CLI_DONE;
		case OPT_JSON:
			cli->json = true;
			continue;
		case OPT_QUIET:
			cli->quiet = true;
			continue;
		case OPT_VERBOSE:
			cli->verbose++;
			continue;
		case OPT_COLOR:
			if (strcmp(optarg, "always") == 0)
				cli->color = true;
			else if (strcmp(optarg, "never") == 0)
				cli->color = false;
			else if (strcmp(optarg, "auto") == 0)
				cli->color = isatty(STDOUT_FILENO) == 1;
			else
				return stop(cli_usage_error(cli, "--color takes auto, always or never"));
			continue;
		case CLI_OPT_FORCE:
			cli->force = true;
			continue;
		case OPT_HELP:
			/* Exit here: a caller that took a zero stop code for "go on" would run. */
			print_help(cli, opts);
			cli_free(cli);
			exit(fflush(stdout) ? SEV_EXIT_INTERNAL : SEV_EXIT_OK);
		case '?':
		case ':':
			return stop(option_error(cli, c, argc, argv));
		default:
			return c;
		}
	}
}

/*
 * "sevkit CMD: TEXT: what the library said", either part may be absent: one
 * line, after which nothing is held.
 */
static void error_line(struct cli *cli, const char *text)
{
	bool both = text && *text && cli->held[0];
	char name[64];

	if (!cli->quiet)
		fprintf(stderr, "%s: %s%s%s\n", command_name(cli, name, sizeof(name)),
			text ? text : "", both ? ": " : "", cli->held);
	cli->held[0] = '\0';
}

void cli_error(struct cli *cli, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	error_line(cli, text);
}

void cli_warn(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->quiet)
		return;
	fputs("sevkit: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_exit(int rc)
{
	return cli_exit_code(rc);
}

void cli_print(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->quiet || cli->json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void cli_json(struct cli *cli, json_t *doc)
{
	if (!cli->quiet && doc) {
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	}
	json_decref(doc);
}

const char *cli_green(const struct cli *cli)
{
	return cli->color ? "\033[32m" : "";
}

const char *cli_red(const struct cli *cli)
{
	return cli->color ? "\033[31m" : "";
}

const char *cli_yellow(const struct cli *cli)
{
	return cli->color ? "\033[33m" : "";
}

const char *cli_bold(const struct cli *cli)
{
	return cli->color ? "\033[1m" : "";
}

const char *cli_reset(const struct cli *cli)
{
	return cli->color ? "\033[0m" : "";
}

static int read_input(struct cli *cli, const char *path, size_t max, bool secret, uint8_t **buf,
		      size_t *len)
{
	int rc;

	cli_note_input(cli, path);
	cli_input_begin(cli, path);
	rc = secret ? sev_file_read_secret(path, max, buf, len) : sev_file_read(path, max, buf, len);
	/* every file a command reads holds something: an empty one is bad input */
	if (!rc && *len == 0) {
		if (secret)
			sev_file_free_secret(*buf, 0);
		else
			free(*buf);
		*buf = NULL;
		cli_input_hold(cli, "empty file");
		rc = SEV_E_FORMAT;
	}
	return cli_input_end(cli, rc);
}

int cli_read_file(struct cli *cli, const char *path, size_t max, uint8_t **buf, size_t *len)
{
	return read_input(cli, path, max, false, buf, len);
}

int cli_read_secret(struct cli *cli, const char *path, size_t max, uint8_t **buf, size_t *len)
{
	return read_input(cli, path, max, true, buf, len);
}

/* ---- output files ---- */

void cli_note_input(struct cli *cli, const char *path)
{
	struct cli_file_id *more;
	struct stat st;

	if (!path || !strcmp(path, "-") || stat(path, &st) != 0)
		return;
	more = realloc(cli->inputs, (cli->n_inputs + 1) * sizeof(*more));
	if (!more)
		return;
	cli->inputs = more;
	cli->inputs[cli->n_inputs++] = (struct cli_file_id){ st.st_dev, st.st_ino };
}

static bool is_input(const struct cli *cli, const struct stat *st)
{
	for (size_t i = 0; i < cli->n_inputs; i++)
		if (cli->inputs[i].dev == st->st_dev && cli->inputs[i].ino == st->st_ino)
			return true;
	return false;
}

int cli_check_output(struct cli *cli, const char *path, bool in_place)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return 0; /* a new file */
	if (stat(path, &st) == 0 && is_input(cli, &st)) {
		cli_error(cli, "%s: is also an input of this command; refusing to write onto it",
			  path);
		return SEV_EXIT_USAGE;
	}
	if (in_place && S_ISBLK(st.st_mode))
		return 0;
	if (S_ISDIR(st.st_mode)) {
		cli_error(cli, "%s: %s", path, strerror(EISDIR));
		return SEV_EXIT_ENV; /* as the system's EISDIR */
	}
	if (!cli->force) {
		cli_error(cli, "%s: exists; use --force to replace it", path);
		return SEV_EXIT_USAGE;
	}
	return 0;
}

unsigned cli_out_flags(const struct cli *cli)
{
	return cli->force ? SEV_OUT_REPLACE : 0;
}

int cli_write_file(struct cli *cli, const char *path, const void *data, size_t len, mode_t mode)
{
	int rc = cli_check_output(cli, path, false);

	if (!rc && (rc = sev_file_write_atomic(path, data, len, mode, cli_out_flags(cli))))
		rc = cli_exit(rc);
	return rc;
}

int cli_outset_new(struct cli *cli, struct sev_outset **o)
{
	return sev_outset_new(cli_out_flags(cli), o) ? SEV_EXIT_INTERNAL : 0;
}

int cli_outset_add(struct cli *cli, struct sev_outset *o, const char *path, const void *data,
		   size_t len, mode_t mode)
{
	int rc = cli_check_output(cli, path, false);

	if (!rc && (rc = sev_outset_add(o, path, data, len, mode)))
		rc = cli_exit(rc);
	return rc;
}

static void on_signal(int sig)
{
	sev_file_remove_temporaries();
	/* die of the signal itself, as without this handler */
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_handle_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;

		/* a signal ignored from the start (nohup, a background job) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

char *cli_hex(const uint8_t *p, size_t n)
{
	return sev_hex_dup(p, n);
}

void cli_input_begin(struct cli *cli, const char *path)
{
	cli->input = path;
	cli->held[0] = '\0';
}

void cli_input_hold(struct cli *cli, const char *msg)
{
	char inner[sizeof(cli->held)];
	int n;

	/* a wrapper's message comes after the one it wraps: put it first */
	memcpy(inner, cli->held, sizeof(inner));
	n = snprintf(cli->held, sizeof(cli->held), "%s%s%s", msg, inner[0] ? ": " : "", inner);
	if (n < 0 || (size_t)n >= sizeof(cli->held))
		snprintf(cli->held, sizeof(cli->held), "%s", msg);
}

/* True when the held text already starts with "PATH: ". */
static bool names_input(const struct cli *cli)
{
	size_t n = strlen(cli->input);

	return !strncmp(cli->held, cli->input, n) && !strncmp(cli->held + n, ": ", 2);
}

int cli_input_end(struct cli *cli, int rc)
{
	/* the file is named when what it holds is wrong, not when an option is */
	bool name = cli->input && cli_exit_code(rc) == SEV_EXIT_INPUT && !names_input(cli);

	if (rc && cli->held[0])
		error_line(cli, name ? cli->input : NULL);
	cli->held[0] = '\0';
	cli->input = NULL;
	return rc;
}

void cli_finish(struct cli *cli, int code)
{
	if (code != SEV_EXIT_OK && cli->held[0])
		error_line(cli, NULL);
	cli->held[0] = '\0';
	cli->input = NULL;
}

void cli_free(struct cli *cli)
{
	free(cli->longopts);
	free(cli->shortopts);
	free(cli->inputs);
	cli->longopts = NULL;
	cli->shortopts = NULL;
	cli->inputs = NULL;
	cli->n_inputs = 0;
}
