/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevkit audit: can the host read this guest's memory? Dump it over QMP or
 * through libvirt (or read the live QEMU process, or take a dump file), scan it for the given
 * secrets and the built-in detectors, map its entropy, and give one verdict.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memscan-common.h"
#include "commands.h"

#include <sevkit/file.h>
#include <sevkit/libvirt.h>

/* Below this fraction of encrypted-looking non-zero pages, memory is plaintext. */
#define ENCRYPTED_VERDICT 0.95
#define LISTED_ADDRESSES 8

static const struct cli_option audit_options[] = {
	MS_SCAN_OPTIONS,
	{ "qmp", 0, MS_OPT_QMP, "SOCKET", "dump the running guest through this QMP socket" },
	MS_LIBVIRT_OPTIONS("dump"),
	{ "pid", 0, MS_OPT_PID, "PID", "read the guest RAM of this running QEMU process" },
	{ "format", 0, MS_OPT_DUMP_FORMAT, "FMT", "with --qmp or --domain: dump as elf (default) "
	  "or kdump-zlib" },
	{ "keep-dump", 0, MS_OPT_KEEP_DUMP, "FILE", "with --qmp or --domain: keep the dump in "
	  "FILE" },
	MS_TIMEOUT_OPTION,
	{ 0 },
};

struct audit {
	const char *qmp, *uri, *domain, *format, *keep, *dump_path;
	int timeout_ms;          /* 0: the library's default */
	struct sev_newfile *dump; /* the QMP dump: nameless unless kept */
	int dump_fd;              /* the libvirt dump, unlinked, or -1 */
	char fd_path[40];
	char tmp_path[4096];
	char source[160];
};

/*
 * The dump is a new file with no name (O_TMPFILE; on a filesystem without it,
 * a temporary name removed even on SIGINT/SIGTERM/SIGHUP): plaintext guest
 * memory must not stay behind. With --keep-dump it is named FILE once whole;
 * else it is made in $TMPDIR and read back through /proc/self/fd.
 */
static int take_dump(struct cli *cli, struct audit *a)
{
	struct sev_memscan_dump_options o = { .size = sizeof(o),
					      .format = a->format, .timeout_ms = a->timeout_ms };
	const char *tmpdir = getenv("TMPDIR"), *path;
	int rc, fd;

	if (a->keep && (rc = cli_check_output(cli, a->keep, false)))
		return rc;
	snprintf(a->tmp_path, sizeof(a->tmp_path), "%s/sevkit-audit.dump",
		 tmpdir && *tmpdir ? tmpdir : "/tmp");
	path = a->keep ? a->keep : a->tmp_path;
	if ((rc = sev_newfile_open(path, 0600, &a->dump)))
		return cli_exit(rc);
	fd = sev_newfile_fd(a->dump);
	if (fchmod(fd, 0600) != 0) {
		cli_error(cli, "%s: %s", path, strerror(errno));
		return SEV_EXIT_ENV;
	}
	rc = sev_memscan_qmp_dump_fd(a->qmp, fd, &o);
	if (!rc && a->keep)
		rc = sev_newfile_publish(a->dump, cli_out_flags(cli));
	if (rc)
		return cli_exit(rc);
	/* the descriptor reads the file whether it has a name or not */
	snprintf(a->fd_path, sizeof(a->fd_path), "/proc/self/fd/%d", fd);
	a->dump_path = a->keep ? a->keep : a->fd_path;
	return 0;
}

/*
 * Through libvirt, which writes the dump by name: in a private directory in
 * $TMPDIR, unlinked once whole and read through its descriptor; with
 * --keep-dump, renamed to FILE.
 */
static int take_libvirt_dump(struct cli *cli, struct audit *a)
{
	struct sev_memscan_dump_options o = { .size = sizeof(o), .format = a->format,
					      .flags = cli->force ? SEV_MEMSCAN_REPLACE : 0 };
	const char *tmpdir = getenv("TMPDIR");
	struct sev_libvirt *v = NULL;
	int rc;

	if (a->keep && (rc = cli_check_output(cli, a->keep, false)))
		return rc;
	rc = sev_libvirt_open(a->uri, a->domain, &v);
	if (!rc && a->keep)
		rc = sev_memscan_libvirt_dump(v, a->keep, &o);
	else if (!rc)
		rc = sev_memscan_libvirt_dump_fd(v, tmpdir && *tmpdir ? tmpdir : "/tmp", &o,
						 &a->dump_fd);
	sev_libvirt_close(v);
	if (rc)
		return cli_exit(rc);
	snprintf(a->fd_path, sizeof(a->fd_path), "/proc/self/fd/%d", a->dump_fd);
	a->dump_path = a->keep ? a->keep : a->fd_path;
	return 0;
}

enum verdict { READABLE_SECRETS, READABLE_PLAINTEXT, ENCRYPTED };

static enum verdict judge(const struct sev_memscan_result *r)
{
	if (r->total_hits)
		return READABLE_SECRETS;
	if (r->pages == r->zero_pages || sev_memscan_encrypted_fraction(r) < ENCRYPTED_VERDICT)
		return READABLE_PLAINTEXT;
	return ENCRYPTED;
}

static void verdict_text(const struct sev_memscan_result *r, char *buf, size_t n)
{
	size_t used;

	switch (judge(r)) {
	case READABLE_SECRETS:
		used = (size_t)snprintf(buf, n, "guest memory is readable by the host: %" PRIu64
						" secret%s found at ",
					r->total_hits, r->total_hits == 1 ? "" : "s");
		for (size_t i = 0; i < r->n_hits && i < LISTED_ADDRESSES && used < n; i++) {
			char addr[24];

			ms_cli_addr(&r->hits[i], addr, sizeof(addr));
			used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", addr);
		}
		if (r->n_hits > LISTED_ADDRESSES && used < n)
			snprintf(buf + used, n - used, ", ...");
		break;
	case READABLE_PLAINTEXT:
		snprintf(buf, n, "no secret found, but only %.1f %% of pages look encrypted: the host "
				 "reads this guest's memory in plaintext",
			 100.0 * sev_memscan_encrypted_fraction(r));
		break;
	default:
		snprintf(buf, n, "no secret found, %.1f %% of pages look encrypted",
			 100.0 * sev_memscan_encrypted_fraction(r));
	}
}

static void report_text(struct cli *cli, const struct ms_cli *s, const struct audit *a,
			const struct sev_memscan *m, const struct sev_memscan_result *r,
			const char *verdict)
{
	struct sev_memscan_info info = SEV_INIT(struct sev_memscan_info);
	enum verdict v = judge(r);

	sev_memscan_get_info(m, &info);
	cli_print(cli, "%ssevkit audit%s: guest memory as the host sees it\n", cli_bold(cli),
		  cli_reset(cli));
	cli_print(cli, "  source     %s: %s (%s), %.1f MiB, %s addresses\n", a->source,
		  info.format_name, info.producer, (double)info.bytes / 1048576.0,
		  ms_cli_space(info.space));
	cli_print(cli, "  scanned    %" PRIu64 " pages in %.2f s, %zu patterns\n", r->pages,
		  r->seconds, sev_memscan_patterns_count(s->pat));
	cli_print(cli, "  entropy    %" PRIu64 " zero pages; %" PRIu64 " of %" PRIu64
		       " others (%.1f %%) look encrypted (>= %.1f bits/byte); mean %.2f bits/byte\n",
		  r->zero_pages, r->encrypted_pages, r->pages - r->zero_pages,
		  100.0 * sev_memscan_encrypted_fraction(r), SEV_MEMSCAN_ENCRYPTED_BITS,
		  r->mean_entropy);
	if (s->map)
		cli_print(cli, "  map        %s\n", s->map);
	if (r->n_hits) {
		cli_print(cli, "  hits:\n");
		ms_cli_print_hits(cli, s, r);
	}
	cli_print(cli, "%sverdict: %s%s\n", v == ENCRYPTED ? cli_green(cli) : cli_red(cli), verdict,
		  cli_reset(cli));
}

static int report(struct cli *cli, const struct ms_cli *s, const struct audit *a,
		  const struct sev_memscan *m, const struct sev_memscan_result *r)
{
	static const char *const names[] = { "readable-secrets", "readable-plaintext",
					     "encrypted" };
	enum verdict v = judge(r);
	char verdict[512];

	verdict_text(r, verdict, sizeof(verdict));
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "verdict", json_string(names[v]));
		json_object_set_new(doc, "summary", json_string(verdict));
		json_object_set_new(doc, "source", ms_cli_source_json(m, a->source));
		json_object_set_new(doc, "entropy", ms_cli_entropy_json(r));
		json_object_set_new(doc, "hits", ms_cli_hits_json(s, r));
		json_object_set_new(doc, "total_hits", json_integer((json_int_t)r->total_hits));
		if (s->map)
			json_object_set_new(doc, "map", json_string(s->map));
		if (a->keep)
			json_object_set_new(doc, "dump", json_string(a->keep));
		cli_json(cli, doc);
	} else {
		report_text(cli, s, a, m, r, verdict);
	}
	return v == ENCRYPTED ? SEV_EXIT_OK : SEV_EXIT_FAIL;
}

static int parse(struct cli *cli, int argc, char **argv, struct ms_cli *s, struct audit *a)
{
	int r, rc, sources;

	while ((r = cli_next_option(cli, argc, argv, audit_options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		rc = 0;
		if (r == MS_OPT_QMP)
			a->qmp = cli->optarg;
		else if (r == MS_OPT_CONNECT)
			a->uri = cli->optarg;
		else if (r == MS_OPT_DOMAIN)
			a->domain = cli->optarg;
		else if (r == MS_OPT_DUMP_FORMAT)
			a->format = cli->optarg;
		else if (r == MS_OPT_KEEP_DUMP)
			a->keep = cli->optarg;
		else if (r == MS_OPT_TIMEOUT)
			rc = ms_cli_timeout(cli, cli->optarg, &a->timeout_ms);
		else
			rc = ms_cli_option(cli, s, r, cli->optarg);
		if (rc)
			return rc < 0 ? SEV_EXIT_INTERNAL : rc;
	}
	sources = (a->qmp != NULL) + (a->domain != NULL) + (s->pid != 0) + (argc - optind);
	if (sources != 1)
		return cli_usage_error(cli, "give exactly one of --qmp SOCKET, --domain NAME, "
				       "--pid PID or DUMP");
	if (a->uri && !a->domain)
		return cli_usage_error(cli, "--connect needs --domain");
	if (strcmp(a->format, "elf") && strcmp(a->format, "kdump-zlib"))
		return cli_usage_error(cli, "--format takes elf or kdump-zlib");
	if (a->keep && !a->qmp && !a->domain)
		return cli_usage_error(cli, "--keep-dump goes with --qmp or --domain");
	if (a->keep && s->map && !strcmp(a->keep, s->map))
		return cli_usage_error(cli, "--keep-dump and --map name the same file");
	if (a->timeout_ms && !a->qmp)
		return cli_usage_error(cli, "--timeout goes with --qmp");
	if (a->qmp)
		snprintf(a->source, sizeof(a->source), "QMP %s", a->qmp);
	else if (a->domain)
		snprintf(a->source, sizeof(a->source), "libvirt domain %s", a->domain);
	else if (s->pid)
		snprintf(a->source, sizeof(a->source), "pid %d", s->pid);
	else
		snprintf(a->source, sizeof(a->source), "%s", argv[optind]);
	a->dump_path = a->qmp || a->domain ? NULL : argv[optind < argc ? optind : 0];
	return 0;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	struct audit a = { .format = "elf", .dump_fd = -1 };
	struct sev_memscan_result *res = NULL;
	struct sev_memscan *m = NULL;
	struct ms_cli s;
	int rc;

	ms_cli_init(&s);
	s.opt.entropy = true;
	rc = parse(cli, argc, argv, &s, &a);
	if (!rc)
		rc = ms_cli_compile(cli, &s);
	if (!rc && a.dump_path)
		cli_note_input(cli, a.dump_path);
	if (!rc)
		rc = ms_cli_check_map(cli, &s);
	if (!rc && a.qmp)
		rc = take_dump(cli, &a);
	else if (!rc && a.domain)
		rc = take_libvirt_dump(cli, &a);
	if (!rc)
		rc = ms_cli_open(cli, &s, a.dump_path, SEV_MEMSCAN_AUTO, &m);
	if (!rc)
		rc = ms_cli_run(cli, &s, m, &res);
	if (!rc)
		rc = ms_cli_write_map(cli, &s, res);
	if (!rc)
		rc = report(cli, &s, &a, m, res);
	sev_memscan_result_free(res);
	sev_memscan_close(m);
	sev_newfile_close(a.dump);
	if (a.dump_fd >= 0)
		close(a.dump_fd);
	ms_cli_free(&s);
	return rc;
}
