/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit memscan scan | dump | detectors */
#include "cmd-memscan.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "crypto/secure.h"
#include "util/file.h"
#include "util/hex.h"
#include "util/number.h"

#define SECRET_FILE_MAX (16u << 20)

/* ---- what to look for ---- */

void ms_cli_init(struct ms_cli *s)
{
	memset(s, 0, sizeof(*s));
	s->utf16 = true;
	s->opt.context = 32;
}

void ms_cli_free(struct ms_cli *s)
{
	for (size_t i = 0; i < s->n_secrets; i++)
		sk_wipe_free(s->secrets[i].bytes, s->secrets[i].len);
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
	sk_file_free_secret(buf, len);
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
	if (sk_parse_uint(arg, max, v))
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
		if (sk_hex_decode_alloc(arg, &bin, &n))
			return cli_usage_error(cli, "--secret-hex takes an even number of hex digits");
		rc = add_secret(cli, s, bin, n, false);
		sk_wipe_free(bin, n);
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

	if (sk_parse_uint(arg, 86400, &v) || v == 0)
		return cli_usage_error(cli, "--timeout takes a number of seconds from 1 to 86400");
	*ms = (int)v * 1000;
	return 0;
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

/* ---- output ---- */

const char *ms_cli_space(enum sev_memscan_space s)
{
	return s == SEV_MEMSCAN_PHYS ? "guest-physical" : "virtual";
}

void ms_cli_addr(const struct sev_memscan_hit *h, char *buf, size_t n)
{
	snprintf(buf, n, "0x%" PRIx64, h->has_phys ? h->phys : h->addr);
}

/*
 * Mark the bytes of ctx that belong to an occurrence of a secret, also one cut
 * by the edge of the context if at least 4 of its characters show.
 */
static void mask_secrets(const struct ms_cli *s, const uint8_t *ctx, size_t n, bool *mask)
{
	for (size_t k = 0; k < s->n_secrets; k++) {
		const uint8_t *sec = s->secrets[k].bytes;
		size_t len = s->secrets[k].len;

		for (size_t step = 1; step <= (s->secrets[k].text ? 2u : 1u); step++) {
			long long wlen = (long long)(len * step), ln = (long long)n;
			long long need = wlen < 4 * (long long)step ? wlen : 4 * (long long)step;

			for (long long at = need - wlen; at <= ln - need; at++) {
				long long lo = at < 0 ? 0 : at, hi = at + wlen > ln ? ln : at + wlen;
				bool same = true;

				for (long long p = lo; p < hi && same; p++) {
					size_t j = (size_t)(p - at);

					same = ctx[p] == ((j % step) ? 0 : sec[j / step]);
				}
				for (long long p = lo; same && p < hi; p++)
					mask[p] = true;
			}
		}
	}
}

/* Printable text of bytes: \xHH for the rest, '*' for masked bytes. */
static char *escape(const uint8_t *p, size_t n, const bool *mask)
{
	char *out = malloc(4 * n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (mask && mask[i])
			*o++ = '*';
		else if (p[i] == '\\')
			o += sprintf(o, "\\\\");
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			*o++ = (char)p[i];
		else if (p[i] == '\n')
			o += sprintf(o, "\\n");
		else
			o += sprintf(o, "\\x%02x", p[i]);
	}
	*o = 0;
	return out;
}

/* A secret hit's text: masked "ab********yz" (ends only when 12 or more bytes). */
static char *masked_match(const struct ms_cli *s, const struct sev_memscan_hit *h)
{
	const uint8_t *m = h->context + h->match_offset;
	size_t n = h->match_in_context, step = h->utf16 ? 2 : 1, chars = n / step;
	bool *mask;
	char *out;

	if (s->show_secrets || h->kind != SEV_MEMSCAN_SECRET) {
		mask = calloc(n ? n : 1, 1);
		if (mask && h->kind != SEV_MEMSCAN_SECRET && !s->show_secrets)
			mask_secrets(s, m, n, mask);
		out = mask ? escape(m, n, mask) : NULL;
		free(mask);
		return out;
	}
	out = malloc(chars + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < chars; i++) {
		bool show = chars >= 12 && (i < 2 || i + 2 >= chars);
		uint8_t c = m[i * step];

		out[i] = show && c >= 0x20 && c < 0x7f ? (char)c : '*';
	}
	out[chars] = 0;
	return out;
}

static char *context_text(const struct ms_cli *s, const struct sev_memscan_hit *h)
{
	bool *mask = calloc(h->context_len ? h->context_len : 1, 1);
	char *out;

	if (!mask)
		return NULL;
	if (!s->show_secrets)
		mask_secrets(s, h->context, h->context_len, mask);
	out = escape(h->context, h->context_len, mask);
	free(mask);
	return out;
}

static const char *kind_name(const struct sev_memscan_hit *h)
{
	return h->kind == SEV_MEMSCAN_SECRET ? "secret"
	       : h->kind == SEV_MEMSCAN_REGEX ? "pattern"
					      : "detector";
}

static const char *stored_name(enum sev_memscan_storage st)
{
	return st == SEV_MEMSCAN_STORED_ZLIB ? "zlib" : st == SEV_MEMSCAN_STORED_NONE ? "memory"
										     : "raw";
}

static void print_hit(struct cli *cli, const struct ms_cli *s, const struct sev_memscan_hit *h)
{
	char what[64], where[96] = "";
	char *match = masked_match(s, h), *ctx = context_text(s, h);

	if (h->kind == SEV_MEMSCAN_DETECTOR)
		snprintf(what, sizeof(what), "%s", h->name);
	else
		snprintf(what, sizeof(what), "%s #%u", kind_name(h), h->index + 1);
	if (h->has_phys)
		snprintf(where, sizeof(where), "phys 0x%" PRIx64, h->phys);
	if (h->has_vaddr)
		snprintf(where + strlen(where), sizeof(where) - strlen(where), "%svirt 0x%" PRIx64,
			 where[0] ? " " : "", h->vaddr);
	cli_print(cli, "%s%-24s%s %s%s", cli_bold(cli), what, cli_reset(cli), where,
		  h->utf16 ? " utf-16le" : "");
	if (h->storage == SEV_MEMSCAN_STORED_RAW)
		cli_print(cli, " file 0x%" PRIx64, h->file_offset);
	else if (h->storage == SEV_MEMSCAN_STORED_ZLIB)
		cli_print(cli, " file 0x%" PRIx64 " (zlib page)", h->file_offset);
	cli_print(cli, " len %" PRIu64 "\n    %s%s%s\n", h->len, cli_red(cli),
		  match ? match : "", cli_reset(cli));
	if (ctx && s->opt.context)
		cli_print(cli, "    context: %s\n", ctx);
	free(match);
	free(ctx);
}

void ms_cli_print_hits(struct cli *cli, const struct ms_cli *s, const struct sev_memscan_result *r)
{
	for (size_t i = 0; i < r->n_hits; i++)
		print_hit(cli, s, &r->hits[i]);
	if (r->total_hits > r->n_hits)
		cli_print(cli, "(%" PRIu64 " more hits not listed: --max-hits)\n",
			  r->total_hits - r->n_hits);
}

static json_t *hex_addr(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_string(buf);
}

static json_t *hit_json(const struct ms_cli *s, const struct sev_memscan_hit *h)
{
	json_t *o = json_object();
	char *match = masked_match(s, h), *ctx = context_text(s, h);

	json_object_set_new(o, "kind", json_string(kind_name(h)));
	json_object_set_new(o, "name", json_string(h->name));
	json_object_set_new(o, "index", json_integer(h->index + 1));
	json_object_set_new(o, "encoding", json_string(h->utf16 ? "utf-16le" : "ascii"));
	json_object_set_new(o, "address", hex_addr(h->addr));
	json_object_set_new(o, "guest_physical", h->has_phys ? hex_addr(h->phys) : json_null());
	json_object_set_new(o, "virtual", h->has_vaddr ? hex_addr(h->vaddr) : json_null());
	json_object_set_new(o, "file_offset", h->storage == SEV_MEMSCAN_STORED_NONE
						      ? json_null()
						      : hex_addr(h->file_offset));
	json_object_set_new(o, "stored", json_string(stored_name(h->storage)));
	json_object_set_new(o, "length", json_integer((json_int_t)h->len));
	json_object_set_new(o, "page", json_integer((json_int_t)h->page));
	json_object_set_new(o, "match", json_string(match ? match : ""));
	json_object_set_new(o, "context", json_string(ctx ? ctx : ""));
	free(match);
	free(ctx);
	return o;
}

json_t *ms_cli_hits_json(const struct ms_cli *s, const struct sev_memscan_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->n_hits; i++)
		json_array_append_new(a, hit_json(s, &r->hits[i]));
	return a;
}

json_t *ms_cli_entropy_json(const struct sev_memscan_result *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "pages", json_integer((json_int_t)r->pages));
	json_object_set_new(o, "zero_pages", json_integer((json_int_t)r->zero_pages));
	json_object_set_new(o, "encrypted_pages", json_integer((json_int_t)r->encrypted_pages));
	json_object_set_new(o, "encrypted_fraction", json_real(sev_memscan_encrypted_fraction(r)));
	json_object_set_new(o, "threshold_bits", json_real(SEV_MEMSCAN_ENCRYPTED_BITS));
	json_object_set_new(o, "mean_bits", json_real(r->mean_entropy));
	return o;
}

json_t *ms_cli_source_json(const struct sev_memscan *m, const char *name)
{
	struct sev_memscan_info info;
	json_t *o = json_object();

	sev_memscan_get_info(m, &info);
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "format", json_string(info.format_name));
	json_object_set_new(o, "producer", json_string(info.producer));
	json_object_set_new(o, "addresses", json_string(ms_cli_space(info.space)));
	json_object_set_new(o, "bytes", json_integer((json_int_t)info.bytes));
	return o;
}

static void print_summary(struct cli *cli, const struct sev_memscan *m, const char *name,
			  const struct sev_memscan_result *r)
{
	struct sev_memscan_info info;
	double gbs = r->seconds > 0 ? (double)r->bytes / r->seconds / 1e9 : 0;

	sev_memscan_get_info(m, &info);
	cli_print(cli, "%s: %s (%s), %s addresses, %.1f MiB in %.2f s (%.2f GB/s): %" PRIu64
		       " hit%s\n",
		  name, info.format_name, info.producer, ms_cli_space(info.space),
		  (double)info.bytes / 1048576.0, r->seconds, gbs, r->total_hits,
		  r->total_hits == 1 ? "" : "s");
	if (r->unreadable)
		cli_print(cli, "%" PRIu64 " bytes could not be read and count as zero\n",
			  r->unreadable);
	if (r->has_entropy)
		cli_print(cli, "entropy: %" PRIu64 " pages, %" PRIu64 " zero; %.1f %% of the "
			       "others look encrypted (>= %.1f bits/byte), mean %.2f bits/byte\n",
			  r->pages, r->zero_pages, 100.0 * sev_memscan_encrypted_fraction(r),
			  SEV_MEMSCAN_ENCRYPTED_BITS, r->mean_entropy);
}

/* ---- sevkit memscan scan ---- */

static const struct cli_option scan_options[] = {
	MS_SCAN_OPTIONS,
	{ "pid", 0, MS_OPT_PID, "PID", "read the guest RAM of a running QEMU process, no dump" },
	{ "format", 0, MS_OPT_INPUT_FORMAT, "FMT",
	  "read DUMP as auto (by magic, the default), elf, kdump or raw" },
	{ "entropy", 0, MS_OPT_ENTROPY, NULL,
	  "measure the entropy of every 4 KiB page (implied by --map)" },
	{ 0 },
};

static int parse_format(struct cli *cli, const char *arg, enum sev_memscan_format *f)
{
	static const struct {
		const char *name;
		enum sev_memscan_format f;
	} names[] = { { "auto", SEV_MEMSCAN_AUTO }, { "elf", SEV_MEMSCAN_ELF },
		      { "kdump", SEV_MEMSCAN_KDUMP }, { "raw", SEV_MEMSCAN_RAW } };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(arg, names[i].name)) {
			*f = names[i].f;
			return 0;
		}
	return cli_usage_error(cli, "--format takes auto, elf, kdump or raw");
}

/*
 * --format kdump takes both forms of a kdump-compressed file, told apart by
 * their magic; a file of another format is refused, not scanned as something else.
 */
static int kdump_form(struct cli *cli, const char *path, enum sev_memscan_format *f)
{
	uint8_t head[16];
	enum sev_memscan_format found = SEV_MEMSCAN_RAW;
	int fd = sk_file_open_input(path, 0, NULL);
	ssize_t n;

	if (fd < 0)
		return cli_exit(fd);
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n >= 0 && sev_memscan_detect(head, (size_t)n, &found) == 0 &&
	    (found == SEV_MEMSCAN_KDUMP || found == SEV_MEMSCAN_KDUMP_FLAT)) {
		*f = found;
		return 0;
	}
	cli_error(cli, "%s: not a kdump-compressed dump (no KDUMP or makedumpfile signature)",
		  path);
	return SEV_EXIT_INPUT;
}

static int scan_output(struct cli *cli, struct ms_cli *s, struct sev_memscan *m, const char *name,
		       const struct sev_memscan_result *r)
{
	int rc = ms_cli_write_map(cli, s, r);

	if (rc)
		return rc;
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "source", ms_cli_source_json(m, name));
		json_object_set_new(doc, "hits", ms_cli_hits_json(s, r));
		json_object_set_new(doc, "total_hits", json_integer((json_int_t)r->total_hits));
		json_object_set_new(doc, "seconds", json_real(r->seconds));
		if (r->has_entropy)
			json_object_set_new(doc, "entropy", ms_cli_entropy_json(r));
		if (s->map)
			json_object_set_new(doc, "map", json_string(s->map));
		cli_json(cli, doc);
	} else {
		ms_cli_print_hits(cli, s, r);
		print_summary(cli, m, name, r);
		if (s->map)
			cli_print(cli, "map: %s\n", s->map);
	}
	return r->total_hits ? SEV_EXIT_FAIL : SEV_EXIT_OK;
}

int cmd_memscan_scan(struct cli *cli, int argc, char **argv)
{
	enum sev_memscan_format fmt = SEV_MEMSCAN_AUTO;
	struct sev_memscan_result *res = NULL;
	struct sev_memscan *m = NULL;
	struct ms_cli s;
	char name[64];
	const char *src;
	int r, rc;

	ms_cli_init(&s);
	while ((r = cli_next_option(cli, argc, argv, scan_options)) != CLI_DONE) {
		if (r < 0) {
			ms_cli_free(&s);
			return cli_stop_code(r);
		}
		if (r == MS_OPT_INPUT_FORMAT)
			rc = parse_format(cli, cli->optarg, &fmt);
		else if (r == MS_OPT_ENTROPY)
			rc = (s.opt.entropy = true, 0);
		else
			rc = ms_cli_option(cli, &s, r, cli->optarg);
		if (rc) {
			ms_cli_free(&s);
			return rc < 0 ? SEV_EXIT_INTERNAL : rc;
		}
	}
	if (argc - optind != (s.pid ? 0 : 1)) {
		ms_cli_free(&s);
		return cli_usage_error(cli, s.pid ? "--pid takes no DUMP" : "expected one DUMP");
	}
	if (!s.pid && s.all_mappings) {
		ms_cli_free(&s);
		return cli_usage_error(cli, "--all-mappings goes with --pid");
	}
	snprintf(name, sizeof(name), "pid %d", s.pid);
	src = s.pid ? name : argv[optind];
	if (!s.pid && fmt == SEV_MEMSCAN_KDUMP && (rc = kdump_form(cli, src, &fmt))) {
		ms_cli_free(&s);
		return rc;
	}
	if (!(rc = ms_cli_compile(cli, &s)) && !(rc = ms_cli_open(cli, &s, src, fmt, &m)) &&
	    !(rc = ms_cli_check_map(cli, &s))) {
		rc = sev_memscan_run(m, s.pat, &s.opt, &res);
		rc = rc ? cli_exit(rc) : scan_output(cli, &s, m, src, res);
	}
	sev_memscan_result_free(res);
	sev_memscan_close(m);
	ms_cli_free(&s);
	return rc;
}

/* ---- sevkit memscan dump ---- */

static const struct cli_option dump_options[] = {
	{ "qmp", 0, MS_OPT_QMP, "SOCKET", "the QMP UNIX socket of the running QEMU (required)" },
	{ "format", 0, MS_OPT_DUMP_FORMAT, "FMT", "elf (default) or kdump-zlib" },
	MS_TIMEOUT_OPTION,
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

static void show_progress(uint64_t done, uint64_t total, void *ctx)
{
	const struct cli *cli = ctx;

	if (!cli->quiet && isatty(STDERR_FILENO) && total)
		fprintf(stderr, "\rdumping: %3.0f %%", 100.0 * (double)done / (double)total);
}

/* Returns true when the command must stop with exit code *rc. */
static bool dump_args(struct cli *cli, int argc, char **argv, const char **qmp,
		      struct sev_memscan_dump_options *o, int *rc)
{
	int r;

	*rc = 0;
	while ((r = cli_next_option(cli, argc, argv, dump_options)) != CLI_DONE) {
		if (r < 0)
			*rc = cli_stop_code(r);
		else if (r == MS_OPT_QMP)
			*qmp = cli->optarg;
		else if (r == MS_OPT_DUMP_FORMAT)
			o->format = cli->optarg;
		else if (r == MS_OPT_TIMEOUT)
			*rc = ms_cli_timeout(cli, cli->optarg, &o->timeout_ms);
		if (*rc)
			return true;
	}
	if (!*qmp)
		*rc = cli_usage_error(cli, "--qmp SOCKET is required");
	else if (strcmp(o->format, "elf") && strcmp(o->format, "kdump-zlib"))
		*rc = cli_usage_error(cli, "--format takes elf or kdump-zlib");
	else if (argc - optind != 1)
		*rc = cli_usage_error(cli, "expected one OUT file");
	return *rc != 0;
}

int cmd_memscan_dump(struct cli *cli, int argc, char **argv)
{
	struct sev_memscan_dump_options o = { .format = "elf", .progress = show_progress,
					      .ctx = cli };
	const char *qmp = NULL;
	struct sev_memscan *m = NULL;
	int rc;

	if (dump_args(cli, argc, argv, &qmp, &o, &rc))
		return rc;
	if ((rc = cli_check_output(cli, argv[optind], false)))
		return rc;
	o.flags = cli->force ? SEV_MEMSCAN_REPLACE : 0;
	rc = sev_memscan_qmp_dump(qmp, argv[optind], &o);
	if (!cli->quiet && isatty(STDERR_FILENO))
		fputc('\n', stderr);
	if (rc)
		return cli_exit(rc);
	/* read the dump back: it proves the file is whole and says what it holds */
	rc = sev_memscan_open(argv[optind], SEV_MEMSCAN_AUTO, &m);
	if (rc)
		return cli_exit(rc);
	if (cli->json) {
		json_t *doc = ms_cli_source_json(m, argv[optind]);

		json_object_set_new(doc, "qmp", json_string(qmp));
		cli_json(cli, doc);
	} else {
		struct sev_memscan_info info;

		sev_memscan_get_info(m, &info);
		cli_print(cli, "%s: %s dump, %.1f MiB of guest memory\n", argv[optind],
			  info.format_name, (double)info.bytes / 1048576.0);
	}
	sev_memscan_close(m);
	return SEV_EXIT_OK;
}

/* ---- sevkit memscan detectors ---- */

int cmd_memscan_detectors(struct cli *cli, int argc, char **argv)
{
	const struct sev_memscan_detector *d;
	size_t n;
	int r;

	while ((r = cli_next_option(cli, argc, argv, NULL)) != CLI_DONE)
		if (r < 0)
			return cli_stop_code(r);
	if (argc - optind != 0)
		return cli_usage_error(cli, "takes no operand");
	d = sev_memscan_detectors(&n);
	if (cli->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:s,s:s}", "name", d[i].name,
							   "description", d[i].description));
		cli_json(cli, a);
		return SEV_EXIT_OK;
	}
	for (size_t i = 0; i < n; i++)
		cli_print(cli, "%-24s %s\n", d[i].name, d[i].description);
	return SEV_EXIT_OK;
}
