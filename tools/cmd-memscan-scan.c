/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit memscan scan: guest memory the host can see, searched for secrets; its entropy */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "memscan-common.h"

#include <sevkit/file.h>

static void print_summary(struct cli *cli, const struct sev_memscan *m, const char *name,
			  const struct sev_memscan_result *r)
{
	struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);
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
	if (r->skipped_zero_pages)
		cli_print(cli, "%" PRIu64 " pages of zeros not scanned (no secret is all zeros)\n",
			  r->skipped_zero_pages);
	if (r->has_entropy)
		cli_print(cli, "entropy: %" PRIu64 " pages, %" PRIu64 " zero; %.1f %% of the "
			       "others look encrypted (>= %.1f bits/byte), mean %.2f bits/byte\n",
			  r->pages, r->zero_pages, 100.0 * sev_memscan_encrypted_fraction(r),
			  SEV_MEMSCAN_ENCRYPTED_BITS, r->mean_entropy);
}

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
	int fd = sev_file_open_input(path, 0, NULL);
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
		json_object_set_new(doc, "skipped_zero_pages",
				    json_integer((json_int_t)r->skipped_zero_pages));
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
		rc = ms_cli_run(cli, &s, m, &res);
		if (!rc)
			rc = scan_output(cli, &s, m, src, res);
	}
	sev_memscan_result_free(res);
	sev_memscan_close(m);
	ms_cli_free(&s);
	return rc;
}
