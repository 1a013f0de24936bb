/* SPDX-License-Identifier: Apache-2.0 */
/* What memscan scan and audit share: what to look for, the source to read, the map */
#include "memscan-common.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/crypto.h>
#include <sevkit/util.h>

#define SECRET_FILE_MAX (16u << 20)

/* ---- what to look for ---- */

void ms_cli_init(struct ms_cli *s)
{
	memset(s, 0, sizeof(*s));
	s->opt = SEV_INIT(struct sev_memscan_options);
	s->utf16 = true;
	s->opt.context = 32;
}

void ms_cli_free(struct ms_cli *s)
{
	for (size_t i = 0; i < s->n_secrets; i++)
		sev_wipe_free(s->secrets[i].bytes, s->secrets[i].len);
	free(s->secrets);
	sev_memscan_patterns_free(s->pat);
}

/* Keep a copy of each secret: output masks every occurrence of it. */
static int add_secret(struct cli *cli, struct ms_cli *s, const uint8_t *b, size_t n, bool text)
{
	struct ms_secret *v;
	uint8_t *copy;
	int rc;

	if (n == 0)
		return cli_usage_error(cli, "a secret must not be empty");
	if (!s->pat && sev_memscan_patterns_new(&s->pat))
		return SEV_EXIT_INTERNAL;
	v = realloc(s->secrets, (s->n_secrets + 1) * sizeof(*v));
	copy = malloc(n);
	if (!v || !copy) {
		free(copy);
		if (v)
			s->secrets = v;
		return SEV_EXIT_INTERNAL;
	}
	memcpy(copy, b, n);
	s->secrets = v;
	s->secrets[s->n_secrets++] = (struct ms_secret){ copy, n, text };
	rc = sev_memscan_add_secret(s->pat, b, n, text && s->utf16);
	s->any_user_pattern = true;
	return rc ? cli_exit(rc) : 0;
}

static int add_secret_file(struct cli *cli, struct ms_cli *s, const char *path)
{
	uint8_t *buf;
	size_t len, start = 0;
	int rc = cli_read_secret(cli, path, SECRET_FILE_MAX, &buf, &len);

	if (rc)
		return cli_exit(rc);
	for (size_t i = 0; i <= len && !rc; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		{
			size_t end = i;

			if (end > start && buf[end - 1] == '\r')
				end--;
			if (end > start)
				rc = add_secret(cli, s, buf + start, end - start, true);
		}
		start = i + 1;
	}
	sev_file_free_secret(buf, len);
	return rc;
}

static int add_pattern(struct ms_cli *s, const char *re)
{
	int rc;

	if (!s->pat && sev_memscan_patterns_new(&s->pat))
		return SEV_EXIT_INTERNAL;
	rc = sev_memscan_add_regex(s->pat, re, s->utf16);
	s->any_user_pattern = true;
	return rc ? cli_exit(rc) : 0;
}

static int parse_size(struct cli *cli, const char *arg, const char *name, uint64_t max,
		      uint64_t *v)
{
	if (sev_parse_uint(arg, max, v))
		return cli_usage_error(cli, "%s must be a number from 0 to %" PRIu64, name, max);
	return 0;
}

int ms_cli_option(struct cli *cli, struct ms_cli *s, int id, const char *arg)
{
	uint64_t v;
	uint8_t *bin;
	size_t n;
	int rc;

	switch (id) {
	case MS_OPT_SECRET:
		return add_secret(cli, s, (const uint8_t *)arg, strlen(arg), true);
	case MS_OPT_SECRET_FILE:
		return add_secret_file(cli, s, arg);
	case MS_OPT_SECRET_HEX:
		if (sev_hex_decode_alloc(arg, &bin, &n))
			return cli_usage_error(cli, "--secret-hex takes an even number of hex digits");
		rc = add_secret(cli, s, bin, n, false);
		sev_wipe_free(bin, n);
		return rc;
	case MS_OPT_PATTERN:
		return add_pattern(s, arg);
	case MS_OPT_DETECTORS:
		s->detectors = arg;
		s->no_detectors = false;
		return 0;
	case MS_OPT_NO_DETECTORS:
		s->no_detectors = true;
		return 0;
	case MS_OPT_NO_UTF16:
		if (s->pat)
			return cli_usage_error(cli, "--no-utf16 must come before the secrets and "
						    "patterns");
		s->utf16 = false;
		return 0;
	case MS_OPT_CONTEXT:
		if ((rc = parse_size(cli, arg, "--context", 4096, &v)))
			return rc;
		s->opt.context = (size_t)v;
		return 0;
	case MS_OPT_SHOW_SECRETS:
		s->show_secrets = true;
		return 0;
	case MS_OPT_MAP:
		s->map = arg;
		s->opt.entropy = true;
		return 0;
	case MS_OPT_PID:
		if ((rc = parse_size(cli, arg, "--pid", INT32_MAX, &v)))
			return rc;
		s->pid = (int)v;
		return 0;
	case MS_OPT_ALL_MAPPINGS:
		s->all_mappings = true;
		return 0;
	case MS_OPT_THREADS:
		if ((rc = parse_size(cli, arg, "--threads", 64, &v)))
			return rc;
		s->opt.threads = (unsigned)v;
		return 0;
	case MS_OPT_MAX_HITS:
		if ((rc = parse_size(cli, arg, "--max-hits", SIZE_MAX, &v)) || v == 0)
			return rc ? rc : cli_usage_error(cli, "--max-hits must be at least 1");
		s->opt.max_hits = (size_t)v;
		return 0;
	default:
		return -1;
	}
}

int ms_cli_compile(struct cli *cli, struct ms_cli *s)
{
	int rc;

	if (!s->pat && sev_memscan_patterns_new(&s->pat))
		return SEV_EXIT_INTERNAL;
	if (!s->no_detectors && (rc = sev_memscan_add_detectors(s->pat, s->detectors)))
		return cli_usage_error(cli, "--detectors: see 'sevkit memscan detectors' for the "
					    "names");
	if (sev_memscan_patterns_count(s->pat) == 0)
		return cli_usage_error(cli, "nothing to look for: give --secret, --pattern or "
					    "detectors");
	rc = sev_memscan_patterns_compile(s->pat);
	return rc ? SEV_EXIT_USAGE : 0;
}

int ms_cli_timeout(struct cli *cli, const char *arg, int *ms)
{
	uint64_t v;

	if (sev_parse_uint(arg, 86400, &v) || v == 0)
		return cli_usage_error(cli, "--timeout takes a number of seconds from 1 to 86400");
	*ms = (int)v * 1000;
	return 0;
}

int ms_cli_run(struct cli *cli, struct ms_cli *s, struct sev_memscan *m,
	       struct sev_memscan_result **res)
{
	struct progress pr;
	int rc;

	if (progress_begin(cli, &pr)) {
		s->opt.progress = progress_show;
		s->opt.progress_ctx = &pr;
	}
	rc = sev_memscan_run(m, s->pat, &s->opt, res);
	progress_end(&pr);
	s->opt.progress = NULL;
	s->opt.progress_ctx = NULL;
	return rc ? cli_exit(rc) : 0;
}

int ms_cli_check_map(struct cli *cli, const struct ms_cli *s)
{
	return s->map ? cli_check_output(cli, s->map, false) : 0;
}

int ms_cli_write_map(struct cli *cli, const struct ms_cli *s, const struct sev_memscan_result *r)
{
	int rc = ms_cli_check_map(cli, s);

	if (!rc && s->map)
		rc = cli_exit(sev_memscan_write_map(r, s->map,
						    cli->force ? SEV_MEMSCAN_REPLACE : 0));
	return rc;
}

int ms_cli_open(struct cli *cli, struct ms_cli *s, const char *path, enum sev_memscan_format f,
		struct sev_memscan **m)
{
	if (s->pid)
		return cli_exit(sev_memscan_open_pid(s->pid,
						     s->all_mappings ? SEV_MEMSCAN_PID_ALL : 0, m));
	cli_note_input(cli, path);
	cli_input_begin(cli, path);
	return cli_exit(cli_input_end(cli, sev_memscan_open(path, f, m)));
}
