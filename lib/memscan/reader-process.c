/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A live QEMU process: its guest RAM read through /proc/PID/mem while it runs,
 * no dump written. /proc/PID/maps tells where the RAM is; see
 * sev_memscan_open_pid() for how it is recognised.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memscan/memscan-internal.h"
#include "util/log.h"

#define RAM_MIN (16u << 20)        /* thread stacks (8 MiB) and malloc arenas stay below */
#define PHYS_LOW (2ull << 30)      /* RAM below this is mapped 1:1 on pc and q35 */

struct mapping {
	uint64_t start, end;
	char perms[5];
	char path[512];
};

/* "start-end perms offset dev inode [path]" */
static int parse_line(const char *line, struct mapping *mp)
{
	unsigned long long start, end;
	int used = 0;

	mp->path[0] = 0;
	if (sscanf(line, "%llx-%llx %4s %*s %*s %*s %n", &start, &end, mp->perms, &used) < 3 ||
	    used == 0 || end < start)
		return SEV_E_FORMAT;
	mp->start = start;
	mp->end = end;
	snprintf(mp->path, sizeof(mp->path), "%s", line + used);
	mp->path[strcspn(mp->path, "\n")] = 0;
	return 0;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Guest RAM: big, read-write, not code, anonymous or a RAM backend. */
static bool looks_like_ram(const struct mapping *mp)
{
	const char *p = mp->path;
	bool shared = mp->perms[3] == 's';

	if (mp->end - mp->start < RAM_MIN || mp->perms[0] != 'r' || mp->perms[1] != 'w' ||
	    mp->perms[2] == 'x')
		return false;
	if (!p[0] || starts(p, "/memfd:") || starts(p, "/dev/shm/") || starts(p, "/dev/hugepages") ||
	    starts(p, "/anon_hugepage"))
		return true;
	/* memory-backend-file,share=on: a shared mapping of an ordinary file */
	return p[0] == '/' && shared;
}

static int add_mapping(struct sev_memscan *m, const struct mapping *mp)
{
	struct ms_segment s = { 0 };

	s.addr = mp->start;
	s.vaddr = mp->start;
	s.phys = MS_UNKNOWN;
	s.file_offset = 0;
	s.len = mp->end - mp->start;
	s.name = strdup(mp->path[0] ? mp->path : "[anon]");
	if (!s.name)
		return -ENOMEM;
	return sk_ms_add_segment(m, &s);
}

static int read_maps(struct sev_memscan *m, int pid, unsigned flags)
{
	char path[64], line[1024];
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	if (!f) {
		rc = -errno;
		return sk_fail(rc, "%s: %s", path, strerror(errno));
	}
	while (!rc && fgets(line, sizeof(line), f)) {
		struct mapping mp;

		if (parse_line(line, &mp) != 0) {
			rc = sk_fail(SEV_E_FORMAT, "%s: cannot parse line: %s", path, line);
			break;
		}
		if ((flags & SEV_MEMSCAN_PID_ALL) ? mp.perms[0] == 'r' && strcmp(mp.path, "[vvar]")
						  : looks_like_ram(&mp))
			rc = add_mapping(m, &mp);
	}
	fclose(f);
	return rc;
}

/* The largest RAM-like mapping is the main RAM block, at guest-physical 0. */
static void assign_phys(struct sev_memscan *m, unsigned flags)
{
	size_t best = m->nsegs;

	if (flags & SEV_MEMSCAN_PID_ALL)
		return;
	for (size_t i = 0; i < m->nsegs; i++)
		if (best == m->nsegs || m->segs[i].len > m->segs[best].len)
			best = i;
	if (best == m->nsegs)
		return;
	m->segs[best].phys = 0;
	m->segs[best].phys_limit = m->segs[best].len < PHYS_LOW ? m->segs[best].len : PHYS_LOW;
	sk_info("pid: main guest RAM block at 0x%" PRIx64 " (%" PRIu64 " MiB): guest-physical "
		"addresses below 0x%" PRIx64,
		m->segs[best].vaddr, m->segs[best].len >> 20, m->segs[best].phys_limit);
}

int sev_memscan_open_pid(int pid, unsigned flags, struct sev_memscan **out)
{
	struct sev_memscan *m;
	char path[64];
	int rc;

	*out = NULL;
	if (pid <= 0)
		return sk_fail(SEV_E_INVALID, "pid: %d is not a process id", pid);
	if ((rc = sk_ms_new(&m, SEV_MEMSCAN_PROCESS)))
		return rc;
	m->ops = &sk_ms_segment_ops;
	m->space = SEV_MEMSCAN_VIRT;
	m->producer = "process";
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	m->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (m->fd < 0) {
		rc = -errno;
		sev_memscan_close(m);
		return sk_fail(rc, "%s: %s (reading another process's memory needs ptrace "
				   "rights, e.g. root)",
			       path, strerror(-rc));
	}
	if ((rc = read_maps(m, pid, flags))) {
		sev_memscan_close(m);
		return rc;
	}
	if (m->nsegs == 0) {
		sev_memscan_close(m);
		return sk_fail(SEV_E_INVALID, "pid %d: no mapping looks like guest RAM (read-write, "
					      "not executable, anonymous or memory backend, >= 16 MiB)",
			       pid);
	}
	assign_phys(m, flags);
	sk_ms_finish_segments(m);
	*out = m;
	return 0;
}
