/* SPDX-License-Identifier: Apache-2.0 */
/* What `sevkit memscan scan` and `sevkit audit` share: what to look for (memscan-common.c) and
 * how to print it (memscan-output.c). */
#ifndef SEVKIT_MEMSCAN_COMMON_H
#define SEVKIT_MEMSCAN_COMMON_H

#include <sevkit/memscan.h>

#include "cli.h"
#include "progress.h"

enum {
	MS_OPT_SECRET = 0x200,
	MS_OPT_SECRET_FILE,
	MS_OPT_SECRET_HEX,
	MS_OPT_PATTERN,
	MS_OPT_DETECTORS,
	MS_OPT_NO_DETECTORS,
	MS_OPT_NO_UTF16,
	MS_OPT_CONTEXT,
	MS_OPT_SHOW_SECRETS,
	MS_OPT_MAP,
	MS_OPT_PID,
	MS_OPT_ALL_MAPPINGS,
	MS_OPT_THREADS,
	MS_OPT_MAX_HITS,
	MS_OPT_INPUT_FORMAT,
	MS_OPT_ENTROPY,
	MS_OPT_QMP,
	MS_OPT_DUMP_FORMAT,
	MS_OPT_KEEP_DUMP,
	MS_OPT_TIMEOUT,
	MS_OPT_CONNECT,
	MS_OPT_DOMAIN,
};

/* A running guest reached through libvirt (virDomainCoreDumpWithFormat). */
#define MS_LIBVIRT_OPTIONS(what)                                                              \
	{ "connect", 'c', MS_OPT_CONNECT, "URI", "libvirt connection URI (default: libvirt's " \
	  "default)" },                                                                         \
	{ "domain", 0, MS_OPT_DOMAIN, "NAME", what " the running libvirt domain NAME (id, "    \
	  "name or UUID), memory only" }

/* QMP: how long to wait for QEMU (connecting, each reply); the library's default is 30 s. */
#define MS_TIMEOUT_OPTION                                                                     \
	{ "timeout", 0, MS_OPT_TIMEOUT, "SECONDS",                                           \
	  "give up when QEMU does not answer for this long (default 30)" }

/* The options both commands take (an initializer list for a struct cli_option[]). */
#define MS_SCAN_OPTIONS                                                                          \
	{ "secret", 0, MS_OPT_SECRET, "STR",                                                     \
	  "a secret to look for (repeatable); printed masked unless --show-secrets" },          \
	{ "secret-file", 0, MS_OPT_SECRET_FILE, "FILE",                                          \
	  "secrets to look for, one per line (repeatable)" },                                    \
	{ "secret-hex", 0, MS_OPT_SECRET_HEX, "HEX", "a binary secret in hexadecimal (repeatable)" }, \
	{ "pattern", 0, MS_OPT_PATTERN, "REGEX",                                                 \
	  "a regular expression to look for, Hyperscan/PCRE syntax (repeatable)" },             \
	{ "detectors", 0, MS_OPT_DETECTORS, "LIST",                                              \
	  "built-in detectors to run, comma-separated (default: all)" },             \
	{ "no-detectors", 0, MS_OPT_NO_DETECTORS, NULL, "run no built-in detector" },            \
	{ "no-utf16", 0, MS_OPT_NO_UTF16, NULL,                                                  \
	  "do not also look for the UTF-16LE form of secrets and patterns" },                   \
	{ "context", 'C', MS_OPT_CONTEXT, "N", "bytes shown either side of a hit (default 32)" }, \
	{ "show-secrets", 0, MS_OPT_SHOW_SECRETS, NULL,                                          \
	  "print the secrets given on the command line in full" },                               \
	{ "map", 0, MS_OPT_MAP, "PNG", "write a picture of the page entropy map" },              \
	{ "all-mappings", 0, MS_OPT_ALL_MAPPINGS, NULL,                                          \
	  "with --pid: read every readable mapping, not only guest RAM" },                      \
	{ "threads", 0, MS_OPT_THREADS, "N", "scanner threads (default: 2, or 1 on one CPU)" },   \
	{ "max-hits", 0, MS_OPT_MAX_HITS, "N", "hits listed at most (all are counted)" },        \
	CLI_FORCE_OPTION('f')

struct ms_secret {
	uint8_t *bytes;
	size_t len;
	bool text; /* also masked in its UTF-16LE form */
};

struct ms_cli {
	struct sev_memscan_patterns *pat;
	struct ms_secret *secrets;
	size_t n_secrets;
	const char *detectors; /* NULL: all */
	bool no_detectors;
	bool utf16;
	bool show_secrets;
	bool any_user_pattern;
	const char *map;
	int pid;
	bool all_mappings;
	struct sev_memscan_options opt;
};

void ms_cli_init(struct ms_cli *s);
void ms_cli_free(struct ms_cli *s);
/* Handle a shared option: 0 handled, -1 not a shared option, else an exit code. */
int ms_cli_option(struct cli *cli, struct ms_cli *s, int id, const char *arg);
/* Add the detectors and compile; an exit code. */
int ms_cli_compile(struct cli *cli, struct ms_cli *s);
/* --timeout SECONDS into milliseconds; an exit code. */
int ms_cli_timeout(struct cli *cli, const char *arg, int *ms);
/* The --map file may be written (checked before the scan); an exit code. */
int ms_cli_check_map(struct cli *cli, const struct ms_cli *s);
/* Write the --map picture, if asked for; an exit code. */
int ms_cli_write_map(struct cli *cli, const struct ms_cli *s,
		     const struct sev_memscan_result *r);
/* Open a file (an input of the command) or, with s->pid, the process; an exit code. */
int ms_cli_open(struct cli *cli, struct ms_cli *s, const char *path, enum sev_memscan_format f,
		struct sev_memscan **m);

/* Scan m with the progress line on a terminal (progress.h); an exit code. */
int ms_cli_run(struct cli *cli, struct ms_cli *s, struct sev_memscan *m,
	       struct sev_memscan_result **res);

/* Output of hits. */
void ms_cli_print_hits(struct cli *cli, const struct ms_cli *s,
		       const struct sev_memscan_result *r);
json_t *ms_cli_hits_json(const struct ms_cli *s, const struct sev_memscan_result *r);
json_t *ms_cli_entropy_json(const struct sev_memscan_result *r);
json_t *ms_cli_source_json(const struct sev_memscan *m, const char *name);
const char *ms_cli_space(enum sev_memscan_space s);
/* "0x1234" form of the address a person wants: guest-physical when known. */
void ms_cli_addr(const struct sev_memscan_hit *h, char *buf, size_t n);

#endif
