/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside memscan: a source is cut into jobs (a few MiB of memory each) that
 * scanner threads load and scan independently. A job owns its bytes; loading
 * it may also bring up to `ext` bytes of the memory that continues it, so a
 * match that starts in the job and crosses into the next page, segment or job
 * is still seen whole.
 */
#ifndef SK_MEMSCAN_INTERNAL_H
#define SK_MEMSCAN_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/memscan.h>

#define MS_PAGE SEV_MEMSCAN_PAGE
#define MS_JOB_BYTES (8u << 20)
#define MS_UNKNOWN UINT64_MAX

struct ms_job {
	uint64_t seq;  /* order of the job in the source */
	size_t seg;    /* segment (segment sources) */
	uint64_t pos;  /* offset in the segment, or first pfn (kdump) */
	uint64_t len;  /* bytes the job owns */
	uint64_t page; /* dump-order index of its first 4 KiB page */
	uint64_t desc; /* kdump: index of the first page descriptor */
};

/* Per-thread loading state: a buffer and, for kdump, an inflate stream. */
struct ms_loader {
	uint8_t *buf;
	size_t cap;
	void *zs;
	uint64_t unreadable; /* bytes that could not be read */
};

int sk_ms_loader_reserve(struct ms_loader *l, size_t n);
void sk_ms_loader_free(struct ms_loader *l);

struct ms_location {
	uint64_t addr;
	uint64_t phys;
	uint64_t vaddr;
	uint64_t file_offset;
	enum sev_memscan_storage storage;
};

struct ms_ops {
	/* next job, 1; no more, 0; < 0 error. Called under the source's lock. */
	int (*next)(struct sev_memscan *m, struct ms_job *job);
	/* Load the job and up to ext following bytes; *len counts both. */
	int (*load)(struct sev_memscan *m, const struct ms_job *job, size_t ext,
		    struct ms_loader *l, const uint8_t **data, size_t *len);
	/* Where byte off of the job is. */
	void (*locate)(const struct sev_memscan *m, const struct ms_job *job, uint64_t off,
		       struct ms_location *loc);
	/* Optional: the job is done and its bytes will not be read again by it. */
	void (*release)(struct sev_memscan *m, const struct ms_job *job);
	void (*close)(struct sev_memscan *m);
};

/* A contiguous range of a segment source (ELF PT_LOAD, raw file, mapping). */
struct ms_segment {
	uint64_t addr;   /* primary address (phys or virt, per the source's space) */
	uint64_t phys;   /* MS_UNKNOWN when unknown */
	uint64_t vaddr;  /* MS_UNKNOWN when unknown */
	uint64_t file_offset;
	uint64_t len;
	uint64_t page;   /* dump-order index of its first page */
	uint64_t phys_limit; /* process mappings: bytes of the mapping with a phys address */
	char *name;
};

struct ms_kdump;

struct sev_memscan {
	const struct ms_ops *ops;
	enum sev_memscan_format format;
	enum sev_memscan_space space;
	const char *producer;
	/* the file, mapped (or a caller's buffer) */
	const uint8_t *data;
	size_t size;
	bool unmap;
	char *path;              /* the file, named in messages (NULL: a buffer or process) */
	int fd;                  /* /proc/PID/mem of a process source, else -1 */
	/* segment sources */
	struct ms_segment *segs;
	size_t nsegs;
	/* kdump sources */
	struct ms_kdump *kd;
	uint64_t bytes;
	uint64_t pages;
	/* job iteration */
	pthread_mutex_t lock;
	size_t cur_seg;
	uint64_t cur_pos;  /* offset in the segment, or next pfn (kdump) */
	uint64_t cur_desc; /* kdump: next page descriptor */
	uint64_t seq;
};

/* Shared by the openers. */
int sk_ms_new(struct sev_memscan **out, enum sev_memscan_format format);
int sk_ms_add_segment(struct sev_memscan *m, const struct ms_segment *s);
/* Number pages of the segments in order and total their sizes. */
void sk_ms_finish_segments(struct sev_memscan *m);
extern const struct ms_ops sk_ms_segment_ops;

int sk_ms_open_elf(struct sev_memscan *m);
int sk_ms_open_raw(struct sev_memscan *m);
int sk_ms_open_kdump(struct sev_memscan *m, bool flattened);

/* ---- patterns ---- */

struct ms_pattern {
	enum sev_memscan_kind kind;
	unsigned index;
	const char *name;
	bool utf16;
	bool literal;
	uint8_t *bytes;   /* literal bytes, or the expression (NUL-terminated) */
	size_t len;
	unsigned flags;   /* Hyperscan flags of an expression */
	size_t zero_run;  /* an expression: the longest run of zero bytes in a match (SIZE_MAX:
			   * not known) */
};

struct sev_memscan_patterns {
	struct ms_pattern *pat;
	size_t n, cap;
	unsigned n_secrets, n_regex, n_detectors;
	void *lit_db;     /* hs_database_t of the literals */
	void *re_db;      /* and of the expressions */
	size_t ext;       /* longest match - 1, capped: bytes loaded past a job */
	size_t zero_run;  /* the longest run of zero bytes a match can hold, at most ext */
	bool compiled;
};

/* Derive the UTF-16LE form of an expression; SEV_E_UNSUPPORTED if it cannot. */
int sk_ms_regex_utf16(const char *re, char **out);
/* Built-in detectors: name, description, expression. */
struct ms_detector {
	const char *name;
	const char *description;
	const char *regex;
	size_t zero_run; /* the longest run of zero bytes a match can hold */
};
const struct ms_detector *sk_ms_detector_table(size_t *n);

/* ---- entropy ---- */

/*
 * The map value of one page of n <= 4096 bytes: entropy * 30 (0-240), or
 * SEV_MEMSCAN_ZERO; *bits gets the entropy, or -1 for a zero page.
 */
uint8_t sk_ms_page_entropy(const uint8_t *p, size_t n, double *bits);
/* n bytes that are all zero (zero.c). */
bool sk_ms_zero(const uint8_t *p, size_t n);

#endif
