/* SPDX-License-Identifier: Apache-2.0 */
/* Opening a memory source: detect the format, map the file, hand over to a reader. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memscan/memscan-internal.h"
#include "util/file.h"
#include "util/log.h"
#include "util/struct.h"

struct magic {
	const char *bytes;
	size_t len;
	enum sev_memscan_format format; /* SEV_MEMSCAN_AUTO: known but not supported */
	const char *what;
};

static const struct magic magics[] = {
	{ "\x7f" "ELF", 4, SEV_MEMSCAN_ELF, "ELF core" },
	{ "KDUMP   ", 8, SEV_MEMSCAN_KDUMP, "kdump-compressed dump" },
	{ "makedumpfile", 12, SEV_MEMSCAN_KDUMP_FLAT, "flattened kdump-compressed dump" },
	{ "DISKDUMP", 8, SEV_MEMSCAN_AUTO, "diskdump file (the format before kdump)" },
	{ "PAGEDU64", 8, SEV_MEMSCAN_AUTO, "Windows crash dump (win-dmp)" },
	{ "PAGEDUMP", 8, SEV_MEMSCAN_AUTO, "32-bit Windows crash dump" },
	{ "QEVM", 4, SEV_MEMSCAN_AUTO, "QEMU migration stream (virsh dump without --memory-only)" },
	{ "LibvirtQemudSave", 16, SEV_MEMSCAN_AUTO, "libvirt save image" },
	{ "LibvirtQemudPart", 16, SEV_MEMSCAN_AUTO, "libvirt save image still being written" },
};

int sev_memscan_detect(const uint8_t *head, size_t len, enum sev_memscan_format *fmt)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		const struct magic *g = &magics[i];

		if (len < g->len || memcmp(head, g->bytes, g->len) != 0)
			continue;
		if (g->format == SEV_MEMSCAN_AUTO)
			return sk_fail(SEV_E_UNSUPPORTED,
				       "%s: not a memory dump format memscan reads; take a dump "
				       "with 'virsh dump --memory-only' or QMP dump-guest-memory",
				       g->what);
		*fmt = g->format;
		return 0;
	}
	*fmt = SEV_MEMSCAN_RAW;
	return 0;
}

int sk_ms_new(struct sev_memscan **out, enum sev_memscan_format format)
{
	struct sev_memscan *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->format = format;
	m->fd = -1;
	pthread_mutex_init(&m->lock, NULL);
	*out = m;
	return 0;
}

int sk_ms_add_segment(struct sev_memscan *m, const struct ms_segment *s)
{
	if (m->nsegs % 64 == 0) {
		struct ms_segment *n = realloc(m->segs, (m->nsegs + 64) * sizeof(*n));

		if (!n)
			return -ENOMEM;
		m->segs = n;
	}
	m->segs[m->nsegs++] = *s;
	return 0;
}

void sk_ms_finish_segments(struct sev_memscan *m)
{
	m->bytes = 0;
	m->pages = 0;
	for (size_t i = 0; i < m->nsegs; i++) {
		m->segs[i].page = m->pages;
		m->bytes += m->segs[i].len;
		m->pages += (m->segs[i].len + MS_PAGE - 1) / MS_PAGE;
	}
}

static int open_format(struct sev_memscan *m, enum sev_memscan_format format)
{
	int rc;

	if (format == SEV_MEMSCAN_AUTO) {
		rc = sev_memscan_detect(m->data, m->size, &format);
		if (rc)
			return rc;
	}
	m->format = format;
	switch (format) {
	case SEV_MEMSCAN_ELF:
		return sk_ms_open_elf(m);
	case SEV_MEMSCAN_KDUMP:
		return sk_ms_open_kdump(m, false);
	case SEV_MEMSCAN_KDUMP_FLAT:
		return sk_ms_open_kdump(m, true);
	case SEV_MEMSCAN_RAW:
		return sk_ms_open_raw(m);
	default:
		return sk_fail(SEV_E_INVALID, "memscan: format %d cannot be opened from a file",
			       (int)format);
	}
}

int sev_memscan_open_mem(const void *data, size_t len, enum sev_memscan_format format,
			 struct sev_memscan **out)
{
	struct sev_memscan *m;
	int rc;

	*out = NULL;
	if (len == 0)
		return sk_fail(SEV_E_FORMAT, "memscan: the dump is empty");
	rc = sk_ms_new(&m, format);
	if (rc)
		return rc;
	m->data = data;
	m->size = len;
	rc = open_format(m, format);
	if (rc) {
		sev_memscan_close(m);
		return rc;
	}
	*out = m;
	return 0;
}

int sev_memscan_open(const char *path, enum sev_memscan_format format, struct sev_memscan **out)
{
	struct stat st;
	void *map;
	int fd, rc;

	*out = NULL;
	fd = sk_file_open_input(path, 0, &st);
	if (fd < 0)
		return fd;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return sk_fail(SEV_E_INVALID, "%s: not a regular file", path);
	}
	if (st.st_size == 0) {
		close(fd);
		return sk_fail(SEV_E_FORMAT, "%s: the dump is empty", path);
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	rc = -errno;
	close(fd);
	if (map == MAP_FAILED)
		return sk_fail(rc, "%s: cannot map: %s", path, strerror(-rc));
	/* read ahead aggressively: the scan walks the file front to back */
	madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	sk_log_subject_push(path); /* the readers name what they parse, this names the file */
	rc = sev_memscan_open_mem(map, (size_t)st.st_size, format, out);
	sk_log_subject_pop();
	if (rc) {
		munmap(map, (size_t)st.st_size);
		return rc;
	}
	(*out)->unmap = true;
	(*out)->path = strdup(path);
	if (!(*out)->path) {
		sev_memscan_close(*out);
		*out = NULL;
		return -ENOMEM;
	}
	return 0;
}

void sev_memscan_close(struct sev_memscan *m)
{
	if (!m)
		return;
	if (m->ops && m->ops->close)
		m->ops->close(m);
	for (size_t i = 0; i < m->nsegs; i++)
		free(m->segs[i].name);
	free(m->segs);
	if (m->unmap)
		munmap((void *)m->data, m->size);
	if (m->fd >= 0)
		close(m->fd);
	free(m->path);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

static const char *format_name(enum sev_memscan_format f)
{
	switch (f) {
	case SEV_MEMSCAN_RAW:
		return "raw";
	case SEV_MEMSCAN_ELF:
		return "elf";
	case SEV_MEMSCAN_KDUMP:
		return "kdump";
	case SEV_MEMSCAN_KDUMP_FLAT:
		return "kdump-flattened";
	case SEV_MEMSCAN_PROCESS:
		return "process";
	default:
		return "unknown";
	}
}

int sev_memscan_get_info(const struct sev_memscan *m, struct sev_memscan_info *caller)
{
	struct sev_memscan_info mine = SEV_INIT(struct sev_memscan_info), *info = &mine;
	int rc = sk_struct_check_out(caller, sizeof(mine), "sev_memscan_info");

	if (rc)
		return rc;
	info->format = m->format;
	info->space = m->space;
	info->format_name = format_name(m->format);
	info->producer = m->producer ? m->producer : "unknown";
	info->bytes = m->bytes;
	info->pages = m->pages;
	info->regions = m->kd ? 0 : m->nsegs;
	sk_struct_out(caller, &mine, sizeof(mine));
	return 0;
}

static int do_memscan_get_region(const struct sev_memscan *m, size_t i,
				 struct sev_memscan_region *r)
{
	const struct ms_segment *s;

	if (m->kd || i >= m->nsegs)
		return SEV_E_INVALID;
	s = &m->segs[i];
	memset(r, 0, sizeof(*r));
	r->addr = s->addr;
	r->len = s->len;
	r->phys = s->phys;
	r->has_phys = s->phys != MS_UNKNOWN;
	r->vaddr = s->vaddr;
	r->has_vaddr = s->vaddr != MS_UNKNOWN;
	r->file_offset = s->file_offset;
	r->has_file_offset = m->format != SEV_MEMSCAN_PROCESS;
	r->name = s->name;
	return 0;
}

int sev_memscan_get_region(const struct sev_memscan *m, size_t i, struct sev_memscan_region *r)
{
	struct sev_memscan_region r_mine = SEV_INIT(struct sev_memscan_region);
	int rc;

	if ((rc = sk_struct_check_out(r, sizeof(r_mine), "sev_memscan_region")))
		return rc;
	rc = do_memscan_get_region(m, i, &r_mine);
	sk_struct_out(r, &r_mine, sizeof(r_mine));
	return rc;
}

int sk_ms_loader_reserve(struct ms_loader *l, size_t n)
{
	uint8_t *b;

	if (n <= l->cap)
		return 0;
	b = realloc(l->buf, n);
	if (!b)
		return -ENOMEM;
	l->buf = b;
	l->cap = n;
	return 0;
}
