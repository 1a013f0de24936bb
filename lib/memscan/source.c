/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A memory source as the readers build it (its segments, its loader buffer)
 * and as callers query it. Opening one, which calls the readers, is open.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memscan/memscan-internal.h"
#include "util/log.h"
#include "util/struct.h"

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
