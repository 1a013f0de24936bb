/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kdump-compressed dumps as QEMU (dump-guest-memory format kdump-zlib) and
 * makedumpfile write them, seekable or in makedumpfile's flattened form:
 *
 *   block 0   disk_dump_header: "KDUMP   ", version, ..., status (compression),
 *             block_size, sub_hdr_size, bitmap_blocks, max_mapnr
 *   block 1   kdump_sub_header (split, max_mapnr_64, ...) and the ELF notes
 *   then      two bitmaps (bit pfn set = page present; the second one counts)
 *   then      one 24-byte page descriptor {offset, size, flags, page_flags}
 *             per present page in pfn order, then the page data. A page is
 *             raw (flags 0, size = block_size) or one zlib stream.
 *
 * The flattened form is a 4096-byte "makedumpfile" header followed by records
 * {big-endian offset, big-endian size, data} that place data in that logical
 * file, ending with offset = size = -1. Records are indexed, not copied.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "memscan/memscan-internal.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"

#define KD_HEADER_SIZE 464
#define KD_SUB_SIZE 104
#define KD_DESC_SIZE 24
#define KD_ZLIB 0x01
#define KD_LZO 0x02
#define KD_SNAPPY 0x04
#define KD_ZSTD 0x20
#define KD_FLAT_HEADER 4096
#define KD_MAX_BITMAP (256u << 20) /* one bit per page: 8 TiB of 4 KiB pages */

struct flat_rec {
	uint64_t logical;
	uint64_t size;
	uint64_t file;
};

struct ms_kdump {
	struct flat_rec *recs; /* NULL for a seekable dump */
	size_t nrecs;
	uint64_t logical_size;
	uint32_t block_size;
	uint64_t max_mapnr;
	uint8_t *bitmap;       /* the dump bitmap */
	uint64_t desc_off;     /* logical offset of the first page descriptor */
	uint64_t present;
};

/* ---- the logical file ---- */

static int cmp_rec(const void *a, const void *b)
{
	const struct flat_rec *x = a, *y = b;

	return x->logical < y->logical ? -1 : x->logical > y->logical;
}

static uint64_t get_be64(const uint8_t *p)
{
	uint8_t le[8];

	sk_reverse_copy(le, p, 8);
	return sk_get_le64(le);
}

static int index_flat(struct sev_memscan *m, struct ms_kdump *kd)
{
	struct sk_reader r;
	const uint8_t *p;
	size_t cap = 0;
	int rc;

	sk_reader_init(&r, m->data, m->size, "flattened kdump");
	if ((rc = sk_read_skip(&r, 16, "signature")) || (rc = sk_read_ref(&r, &p, 16, "type")))
		return rc;
	if (get_be64(p) != 1)
		return sk_reader_reject(&r, 16, "type", "%llu is not 1 (flattened format)",
					(unsigned long long)get_be64(p));
	if (get_be64(p + 8) != 1)
		return sk_reader_reject(&r, 24, "version", "%llu is not 1",
					(unsigned long long)get_be64(p + 8));
	if ((rc = sk_read_seek(&r, KD_FLAT_HEADER, "first record")))
		return rc;
	for (;;) {
		size_t at = r.off;
		uint64_t off, size;

		if ((rc = sk_read_ref(&r, &p, 16, "record header")))
			return rc;
		off = get_be64(p);
		size = get_be64(p + 8);
		if (off == UINT64_MAX && size == UINT64_MAX)
			break;
		if (off >> 63 || size > sk_reader_left(&r) || off > (UINT64_MAX >> 1) - size)
			return sk_reader_reject(&r, at, "record",
						"offset 0x%llx size 0x%llx is out of range",
						(unsigned long long)off, (unsigned long long)size);
		if (kd->nrecs == cap) {
			struct flat_rec *n;

			cap = cap ? 2 * cap : 256;
			n = realloc(kd->recs, cap * sizeof(*n));
			if (!n)
				return -ENOMEM;
			kd->recs = n;
		}
		kd->recs[kd->nrecs++] = (struct flat_rec){ off, size, r.off };
		if (off + size > kd->logical_size)
			kd->logical_size = off + size;
		sk_read_skip(&r, (size_t)size, "record data");
	}
	qsort(kd->recs, kd->nrecs, sizeof(*kd->recs), cmp_rec);
	for (size_t i = 1; i < kd->nrecs; i++)
		if (kd->recs[i - 1].logical + kd->recs[i - 1].size > kd->recs[i].logical)
			return sk_fail(SEV_E_FORMAT,
				       "flattened kdump: record at file offset 0x%llx overlaps "
				       "logical offset 0x%llx written by another record",
				       (unsigned long long)kd->recs[i].file - 16,
				       (unsigned long long)kd->recs[i].logical);
	return 0;
}

/* The record holding logical offset off, or the first one after it. */
static size_t find_rec(const struct ms_kdump *kd, uint64_t off)
{
	size_t lo = 0, hi = kd->nrecs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (kd->recs[mid].logical + kd->recs[mid].size <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Copy n bytes of the logical file at off; what no record wrote reads as zero. */
static int kd_read(const struct sev_memscan *m, uint64_t off, void *dst, size_t n,
		   const char *what)
{
	const struct ms_kdump *kd = m->kd;
	uint8_t *out = dst;

	if (off > kd->logical_size || n > kd->logical_size - off)
		return sk_fail(SEV_E_FORMAT, "kdump: %s at offset 0x%llx (0x%zx bytes) is beyond "
					     "the end of the dump (0x%llx)",
			       what, (unsigned long long)off, n,
			       (unsigned long long)kd->logical_size);
	if (!kd->recs) {
		memcpy(out, m->data + off, n);
		return 0;
	}
	for (size_t i = find_rec(kd, off); n > 0; i++) {
		const struct flat_rec *rec = i < kd->nrecs ? &kd->recs[i] : NULL;
		uint64_t gap = rec ? (rec->logical > off ? rec->logical - off : 0) : n;
		size_t take;

		if (gap) {
			take = gap < n ? (size_t)gap : n;
			memset(out, 0, take);
		} else {
			uint64_t in = off - rec->logical;

			take = rec->size - in < n ? (size_t)(rec->size - in) : n;
			memcpy(out, m->data + rec->file + in, take);
		}
		out += take;
		off += take;
		n -= take;
		if (gap)
			i--; /* the record still comes */
	}
	return 0;
}

/* File offset of a logical offset (the same unless flattened). */
static uint64_t kd_file_offset(const struct ms_kdump *kd, uint64_t off)
{
	size_t i;

	if (!kd->recs)
		return off;
	i = find_rec(kd, off);
	if (i < kd->nrecs && kd->recs[i].logical <= off)
		return kd->recs[i].file + (off - kd->recs[i].logical);
	return MS_UNKNOWN;
}

/* ---- headers ---- */

static const char *compression_name(uint32_t flags)
{
	return flags & KD_LZO ? "lzo" : flags & KD_SNAPPY ? "snappy" : "zstd";
}

static int unsupported_compression(uint32_t flags, const char *where)
{
	return sk_fail(SEV_E_UNSUPPORTED,
		       "kdump: %s compressed with %s is not supported: sevkit reads kdump-zlib "
		       "and uncompressed pages (QEMU writes kdump-lzo and kdump-snappy only when "
		       "built with those libraries; take the dump as elf or kdump-zlib)",
		       where, compression_name(flags));
}

struct kd_header {
	uint32_t version, status, block_size, sub_hdr_size, bitmap_blocks, max_mapnr;
};

static int parse_header(const uint8_t *h, struct kd_header *k)
{
	struct sk_reader r;
	int rc;

	sk_reader_init(&r, h, KD_HEADER_SIZE, "kdump header");
	if ((rc = sk_read_skip(&r, 8, "signature")) ||
	    (rc = sk_read_u32(&r, &k->version, "header_version")) ||
	    (rc = sk_read_skip(&r, 390 + 22, "utsname and timestamp")) ||
	    (rc = sk_read_u32(&r, &k->status, "status")) ||
	    (rc = sk_read_u32(&r, &k->block_size, "block_size")) ||
	    (rc = sk_read_u32(&r, &k->sub_hdr_size, "sub_hdr_size")) ||
	    (rc = sk_read_u32(&r, &k->bitmap_blocks, "bitmap_blocks")) ||
	    (rc = sk_read_u32(&r, &k->max_mapnr, "max_mapnr")))
		return rc;
	if (memcmp(h, "KDUMP   ", 8) != 0)
		return sk_reader_reject(&r, 0, "signature", "not \"KDUMP   \"");
	if (k->version == 0 || k->version > 6)
		return sk_reader_reject(&r, 8, "header_version", "%u is not 1 to 6", k->version);
	if (k->status & (KD_LZO | KD_SNAPPY | KD_ZSTD))
		return unsupported_compression(k->status, "the dump");
	if (k->block_size < MS_PAGE || k->block_size > 65536 ||
	    (k->block_size & (k->block_size - 1)))
		return sk_reader_reject(&r, 428, "block_size",
					"%u is not a power of two from 4096 to 65536", k->block_size);
	if (k->sub_hdr_size == 0 || k->sub_hdr_size > 1024)
		return sk_reader_reject(&r, 432, "sub_hdr_size", "%u blocks is out of range",
					k->sub_hdr_size);
	if (k->bitmap_blocks == 0 || k->bitmap_blocks % 2)
		return sk_reader_reject(&r, 436, "bitmap_blocks",
					"%u is not a positive even number (two bitmaps)",
					k->bitmap_blocks);
	return 0;
}

static int parse_sub_header(const struct sev_memscan *m, const struct kd_header *k,
			    uint64_t *max_mapnr)
{
	uint8_t sub[KD_SUB_SIZE];
	struct sk_reader r;
	uint32_t split;
	int rc;

	*max_mapnr = k->max_mapnr;
	if ((rc = kd_read(m, k->block_size, sub, sizeof(sub), "sub-header")))
		return rc;
	sk_reader_init(&r, sub, sizeof(sub), "kdump sub-header");
	if ((rc = sk_read_skip(&r, 12, "phys_base, dump_level")) ||
	    (rc = sk_read_u32(&r, &split, "split")))
		return rc;
	if (split != 0)
		return sk_fail(SEV_E_UNSUPPORTED, "kdump sub-header: split at offset 0xc: a dump "
						  "split over several files is not supported");
	if (k->version >= 6) {
		if ((rc = sk_read_seek(&r, 96, "max_mapnr_64")) ||
		    (rc = sk_read_u64(&r, max_mapnr, "max_mapnr_64")))
			return rc;
	}
	return 0;
}

static uint64_t popcount_bits(const uint8_t *b, uint64_t nbits)
{
	uint64_t n = 0, i = 0;

	for (; i + 64 <= nbits; i += 64)
		n += (uint64_t)__builtin_popcountll(sk_get_le64(b + i / 8));
	for (; i < nbits; i++)
		n += (b[i / 8] >> (i % 8)) & 1;
	return n;
}

static int load_bitmap(struct sev_memscan *m, struct ms_kdump *kd, const struct kd_header *k)
{
	uint64_t bs = k->block_size, start = (1 + (uint64_t)k->sub_hdr_size) * bs;
	uint64_t len = (uint64_t)k->bitmap_blocks * bs / 2, descs;
	int rc;

	if (len > KD_MAX_BITMAP)
		return sk_fail(SEV_E_TOOBIG, "kdump header: bitmap_blocks at offset 0x1b4: a "
					     "%llu-byte bitmap is larger than %u bytes",
			       (unsigned long long)len, KD_MAX_BITMAP);
	if (kd->max_mapnr == 0 || kd->max_mapnr > len * 8)
		return sk_fail(SEV_E_FORMAT, "kdump: max_mapnr %llu does not fit the %llu-bit "
					     "bitmap",
			       (unsigned long long)kd->max_mapnr, (unsigned long long)len * 8);
	kd->bitmap = malloc((size_t)len);
	if (!kd->bitmap)
		return -ENOMEM;
	if ((rc = kd_read(m, start + len, kd->bitmap, (size_t)len, "second bitmap")))
		return rc;
	kd->present = popcount_bits(kd->bitmap, kd->max_mapnr);
	kd->desc_off = start + 2 * len;
	descs = kd->present * KD_DESC_SIZE;
	if (kd->desc_off > kd->logical_size || descs > kd->logical_size - kd->desc_off)
		return sk_fail(SEV_E_FORMAT, "kdump: %llu page descriptors at 0x%llx do not fit in "
					     "the dump",
			       (unsigned long long)kd->present, (unsigned long long)kd->desc_off);
	return 0;
}

static void kd_close(struct sev_memscan *m)
{
	if (!m->kd)
		return;
	free(m->kd->recs);
	free(m->kd->bitmap);
	free(m->kd);
	m->kd = NULL;
}

/* ---- jobs ---- */

static bool present(const struct ms_kdump *kd, uint64_t pfn)
{
	return pfn < kd->max_mapnr && (kd->bitmap[pfn / 8] >> (pfn % 8)) & 1;
}

static int kd_next(struct sev_memscan *m, struct ms_job *job)
{
	struct ms_kdump *kd = m->kd;
	uint64_t pfn = m->cur_pos, n = 0, max = MS_JOB_BYTES / kd->block_size;

	/* skip absent pages, a byte at a time over empty stretches */
	while (pfn < kd->max_mapnr && !present(kd, pfn)) {
		if (pfn % 8 == 0 && kd->bitmap[pfn / 8] == 0)
			pfn += 8;
		else
			pfn++;
	}
	if (pfn >= kd->max_mapnr)
		return 0;
	while (n < max && present(kd, pfn + n))
		n++;
	job->seq = m->seq++;
	job->seg = 0;
	job->pos = pfn;
	job->len = n * kd->block_size;
	job->desc = m->cur_desc;
	job->page = m->cur_desc * (kd->block_size / MS_PAGE);
	m->cur_pos = pfn + n;
	m->cur_desc += n;
	return 1;
}

struct desc {
	uint64_t offset;
	uint32_t size, flags;
};

static int read_desc(const struct sev_memscan *m, uint64_t index, uint64_t pfn, struct desc *d)
{
	uint8_t raw[KD_DESC_SIZE];
	const struct ms_kdump *kd = m->kd;
	int rc = kd_read(m, kd->desc_off + index * KD_DESC_SIZE, raw, sizeof(raw),
			 "page descriptor");

	if (rc)
		return rc;
	d->offset = sk_get_le64(raw);
	d->size = sk_get_le32(raw + 8);
	d->flags = sk_get_le32(raw + 12);
	if (d->flags & (KD_LZO | KD_SNAPPY | KD_ZSTD))
		return unsupported_compression(d->flags, "a page");
	if (d->flags & ~(uint32_t)KD_ZLIB)
		return sk_fail(SEV_E_FORMAT, "kdump: page descriptor %llu (pfn 0x%llx): flags 0x%x "
					     "has unknown bits",
			       (unsigned long long)index, (unsigned long long)pfn, d->flags);
	if (d->flags ? (d->size == 0 || d->size > kd->block_size) : d->size != kd->block_size)
		return sk_fail(SEV_E_FORMAT, "kdump: page descriptor %llu (pfn 0x%llx): size %u "
					     "is wrong for a %s page of %u bytes",
			       (unsigned long long)index, (unsigned long long)pfn, d->size,
			       d->flags ? "compressed" : "raw", kd->block_size);
	return 0;
}

static int inflate_page(z_stream *zs, const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t bs,
			uint64_t pfn)
{
	int zr;

	if (inflateReset(zs) != Z_OK)
		return SEV_E_INTERNAL;
	zs->next_in = (Bytef *)src;
	zs->avail_in = n;
	zs->next_out = dst;
	zs->avail_out = bs;
	zr = inflate(zs, Z_FINISH);
	if (zr != Z_STREAM_END || zs->avail_out != 0 || zs->avail_in != 0)
		return sk_fail(SEV_E_FORMAT, "kdump: page at pfn 0x%llx: zlib data does not "
					     "inflate to exactly %u bytes (%s)",
			       (unsigned long long)pfn, bs, zs->msg ? zs->msg : "wrong length");
	return 0;
}

static int load_page(const struct sev_memscan *m, struct ms_loader *l, uint64_t index,
		     uint64_t pfn, uint8_t *dst, uint8_t *scratch)
{
	uint32_t bs = m->kd->block_size;
	struct desc d;
	int rc;

	if ((rc = read_desc(m, index, pfn, &d)))
		return rc;
	if (!d.flags)
		return kd_read(m, d.offset, dst, bs, "page data");
	if ((rc = kd_read(m, d.offset, scratch, d.size, "compressed page")))
		return rc;
	if (!l->zs) {
		z_stream *zs = calloc(1, sizeof(*zs));

		if (!zs || inflateInit(zs) != Z_OK) {
			free(zs);
			return -ENOMEM;
		}
		l->zs = zs;
	}
	return inflate_page(l->zs, scratch, d.size, dst, bs, pfn);
}

static int kd_load(struct sev_memscan *m, const struct ms_job *job, size_t ext,
		   struct ms_loader *l, const uint8_t **data, size_t *len)
{
	const struct ms_kdump *kd = m->kd;
	uint32_t bs = kd->block_size;
	uint64_t n = job->len / bs, extra = 0;
	int rc;

	/* the extension: following pages, as long as they are present */
	while (extra * bs < ext && present(kd, job->pos + n + extra))
		extra++;
	rc = sk_ms_loader_reserve(l, (size_t)(n + extra + 1) * bs);
	if (rc)
		return rc;
	for (uint64_t i = 0; i < n + extra; i++) {
		rc = load_page(m, l, job->desc + i, job->pos + i, l->buf + i * bs,
			       l->buf + (n + extra) * bs);
		if (rc)
			return rc;
	}
	*data = l->buf;
	*len = (size_t)job->len + (size_t)(extra * bs < ext ? extra * bs : ext);
	return 0;
}

static void kd_locate(const struct sev_memscan *m, const struct ms_job *job, uint64_t off,
		      struct ms_location *loc)
{
	const struct ms_kdump *kd = m->kd;
	uint64_t i = off / kd->block_size, in = off % kd->block_size;
	struct desc d;

	loc->addr = (job->pos + i) * kd->block_size + in;
	loc->phys = loc->addr;
	loc->vaddr = MS_UNKNOWN;
	loc->file_offset = MS_UNKNOWN;
	loc->storage = SEV_MEMSCAN_STORED_RAW;
	/* the page was loaded a moment ago: its descriptor reads fine */
	if (read_desc(m, job->desc + i, job->pos + i, &d) != 0)
		return;
	loc->storage = d.flags ? SEV_MEMSCAN_STORED_ZLIB : SEV_MEMSCAN_STORED_RAW;
	loc->file_offset = kd_file_offset(kd, d.offset + (d.flags ? 0 : in));
}

static const struct ms_ops kdump_ops = {
	.next = kd_next,
	.load = kd_load,
	.locate = kd_locate,
	.close = kd_close,
};

int sk_ms_open_kdump(struct sev_memscan *m, bool flattened)
{
	uint8_t h[KD_HEADER_SIZE];
	struct ms_kdump *kd;
	struct kd_header k;
	int rc;

	kd = calloc(1, sizeof(*kd));
	if (!kd)
		return -ENOMEM;
	m->kd = kd;
	m->ops = &kdump_ops;
	m->space = SEV_MEMSCAN_PHYS;
	m->producer = flattened ? "qemu-flattened" : "kdump";
	kd->logical_size = m->size;
	if (flattened) {
		kd->logical_size = 0;
		if ((rc = index_flat(m, kd)))
			return rc;
	}
	if ((rc = kd_read(m, 0, h, sizeof(h), "header")) || (rc = parse_header(h, &k)) ||
	    (rc = parse_sub_header(m, &k, &kd->max_mapnr)))
		return rc;
	kd->block_size = k.block_size;
	if ((rc = load_bitmap(m, kd, &k)))
		return rc;
	m->bytes = kd->present * kd->block_size;
	m->pages = m->bytes / MS_PAGE;
	return 0;
}

void sk_ms_loader_free(struct ms_loader *l)
{
	if (l->zs) {
		inflateEnd(l->zs);
		free(l->zs);
	}
	free(l->buf);
	memset(l, 0, sizeof(*l));
}
