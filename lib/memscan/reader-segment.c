/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Jobs over a list of segments stored uncompressed: ELF PT_LOAD segments and
 * raw files (bytes straight from the mapped file) and the mappings of a live
 * process (pread from /proc/PID/mem).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memscan/memscan-internal.h"
#include "util/fdio.h"
#include "util/log.h"

static int seg_next(struct sev_memscan *m, struct ms_job *job)
{
	while (m->cur_seg < m->nsegs) {
		const struct ms_segment *s = &m->segs[m->cur_seg];

		if (m->cur_pos < s->len) {
			uint64_t left = s->len - m->cur_pos;

			job->seq = m->seq++;
			job->seg = m->cur_seg;
			job->pos = m->cur_pos;
			job->len = left < MS_JOB_BYTES ? left : MS_JOB_BYTES;
			job->page = s->page + m->cur_pos / MS_PAGE;
			job->desc = 0;
			m->cur_pos += job->len;
			return 1;
		}
		m->cur_seg++;
		m->cur_pos = 0;
	}
	return 0;
}

/* Whether segment i+1 continues segment i in the address space. */
static bool continues(const struct sev_memscan *m, size_t i)
{
	return i + 1 < m->nsegs && m->segs[i].addr + m->segs[i].len == m->segs[i + 1].addr;
}

/* Copy n bytes at pos of segment s into dst; a process read may come up short. */
static size_t seg_copy(struct sev_memscan *m, const struct ms_segment *s, uint64_t pos,
		       uint8_t *dst, size_t n, struct ms_loader *l)
{
	size_t done = 0;

	if (m->fd < 0) {
		memcpy(dst, m->data + s->file_offset + pos, n);
		return n;
	}
	while (done < n) {
		size_t got, skip;

		/* short only at an error or the end: both mean an unreadable page */
		(void)sk_pread_full(m->fd, dst + done, n - done, s->vaddr + pos + done, &got);
		done += got;
		if (done == n)
			break;
		/* an unreadable page (guard, device memory): read as zero, count it */
		skip = MS_PAGE - (size_t)((s->vaddr + pos + done) % MS_PAGE);
		if (skip > n - done)
			skip = n - done;
		memset(dst + done, 0, skip);
		l->unreadable += skip;
		done += skip;
	}
	return done;
}

static int seg_load(struct sev_memscan *m, const struct ms_job *job, size_t ext,
		    struct ms_loader *l, const uint8_t **data, size_t *len)
{
	const struct ms_segment *s = &m->segs[job->seg];
	uint64_t in_seg = s->len - job->pos; /* bytes of this segment from the job on */
	size_t want = (size_t)job->len + ext, own, more = 0;
	int rc;

	if (m->fd < 0 && in_seg >= want) {
		/* the common case: the job and its extension lie in the mapped file */
		*data = m->data + s->file_offset + job->pos;
		*len = want;
		return 0;
	}
	own = (size_t)(in_seg < want ? in_seg : want);
	if (own < want && continues(m, job->seg)) {
		const struct ms_segment *n = &m->segs[job->seg + 1];

		more = want - own;
		if (more > n->len)
			more = (size_t)n->len;
	}
	rc = sk_ms_loader_reserve(l, own + more);
	if (rc)
		return rc;
	seg_copy(m, s, job->pos, l->buf, own, l);
	if (more) {
		struct ms_loader spare = { 0 };

		/* unreadable bytes of the extension belong to the next job's count */
		seg_copy(m, &m->segs[job->seg + 1], 0, l->buf + own, more, &spare);
	}
	*data = l->buf;
	*len = own + more;
	return 0;
}

static void seg_locate(const struct sev_memscan *m, const struct ms_job *job, uint64_t off,
		       struct ms_location *loc)
{
	size_t i = job->seg;
	uint64_t pos = job->pos + off;

	/* a match may start in the extension: move on to the next segment */
	while (pos >= m->segs[i].len && i + 1 < m->nsegs) {
		pos -= m->segs[i].len;
		i++;
	}
	loc->addr = m->segs[i].addr + pos;
	loc->phys = MS_UNKNOWN;
	if (m->segs[i].phys != MS_UNKNOWN && pos < m->segs[i].phys_limit)
		loc->phys = m->segs[i].phys + pos;
	loc->vaddr = m->segs[i].vaddr == MS_UNKNOWN ? MS_UNKNOWN : m->segs[i].vaddr + pos;
	loc->file_offset = m->segs[i].file_offset + pos;
	loc->storage = m->fd >= 0 ? SEV_MEMSCAN_STORED_NONE : SEV_MEMSCAN_STORED_RAW;
}

/*
 * Unmap the pages a job owns from the mapped dump file as soon as it is done:
 * tearing down the page table entries of a whole dump in munmap() takes a
 * tenth of a second or more per 2 GiB on one CPU after the scan; done job by
 * job it is shared by the scanner threads. The file stays in the page cache
 * and a page read again (the extension of the job before) just faults back in.
 * Never done to a caller's buffer: there MADV_DONTNEED would zero private memory.
 */
static void seg_release(struct sev_memscan *m, const struct ms_job *job)
{
	const struct ms_segment *s = &m->segs[job->seg];
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), from, to;

	if (!m->unmap || m->fd >= 0)
		return;
	from = (s->file_offset + job->pos + page - 1) / page * page;
	to = (s->file_offset + job->pos + job->len) / page * page;
	if (from < to)
		madvise((void *)(m->data + from), (size_t)(to - from), MADV_DONTNEED);
}

const struct ms_ops sk_ms_segment_ops = {
	.next = seg_next,
	.load = seg_load,
	.locate = seg_locate,
	.release = seg_release,
	.close = NULL,
};
