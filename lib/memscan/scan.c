/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scan: threads take jobs from the source, load them (with the bytes that
 * continue them), run the Hyperscan databases over them in block mode and
 * measure the entropy of their pages. A match belongs to the job it starts
 * in, so a match crossing into the next job is reported once. Hyperscan
 * reports a match of a variable-length expression at every possible end; those
 * with the same start are merged into the longest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hs/hs.h>

#include "crypto/secure.h"
#include "memscan/memscan-internal.h"
#include "util/log.h"
#include "util/struct.h"

#define MAX_CONTEXT 4096
#define MAX_MATCH_KEPT 4096        /* bytes of a long match kept in its context */
#define MAX_JOB_MATCHES (1u << 20) /* per job; beyond, matches are only counted */
#define DEFAULT_MAX_HITS 100000

struct match {
	uint32_t pat;
	uint64_t from, to;
};

/* A hit with the pattern it came from, for the final merge. */
struct hit {
	struct sev_memscan_hit h;
	uint32_t pat;
};

struct run {
	struct sev_memscan *src;
	const struct sev_memscan_patterns *p;
	size_t context, max_hits;
	bool entropy;
	sev_memscan_progress_fn progress;
	void *progress_ctx;
	uint64_t done;                  /* bytes scanned, for progress */
	pthread_mutex_t lock;
	struct hit *hits;
	size_t n_hits, cap_hits;
	uint64_t total_hits;
	int rc;
	struct sev_memscan_result *res;
};

struct worker {
	struct run *run;
	hs_scratch_t *lit_s, *re_s;
	struct ms_loader l;
	struct match *m;
	size_t n, cap;
	uint64_t dropped;
	uint32_t *last; /* per pattern: 1 + index of its latest match in this job */
	uint64_t own;   /* bytes the current job owns */
	uint64_t base;  /* offset in the job of the window being scanned */
	uint64_t skipped; /* pages of zeros not scanned */
	/* the current job's pages the scan found all zero: the entropy map does not look again */
	uint64_t zero_pages[MS_JOB_BYTES / MS_PAGE / 64];
	/* entropy totals */
	uint64_t pages, zero, enc;
	double bits;
};

static void set_error(struct run *r, int rc)
{
	pthread_mutex_lock(&r->lock);
	if (!r->rc)
		r->rc = rc;
	pthread_mutex_unlock(&r->lock);
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
		    void *ctx)
{
	struct worker *w = ctx;
	const struct ms_pattern *pat = &w->run->p->pat[id];
	uint32_t last = w->last[id];

	(void)flags;
	from += w->base;
	to += w->base;
	if (pat->literal)
		from = to - pat->len;
	if (from >= w->own)
		return 0; /* starts in the next job, which reports it */
	if (last && w->m[last - 1].from == from) {
		if (to > w->m[last - 1].to)
			w->m[last - 1].to = to;
		return 0;
	}
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 256;
		struct match *n = cap <= MAX_JOB_MATCHES ? realloc(w->m, cap * sizeof(*n)) : NULL;

		if (!n) {
			w->dropped++;
			return 0;
		}
		w->m = n;
		w->cap = cap;
	}
	w->m[w->n++] = (struct match){ id, from, to };
	w->last[id] = (uint32_t)w->n;
	return 0;
}

static int scan_db(struct worker *w, const void *db, hs_scratch_t *s, const uint8_t *d,
		   size_t len)
{
	if (!db)
		return 0;
	if (hs_scan(db, (const char *)d, (unsigned)len, 0, s, on_match, w) != HS_SUCCESS)
		return sk_fail(SEV_E_INTERNAL, "memscan: Hyperscan scan failed");
	return 0;
}

static int scan_window(struct worker *w, const uint8_t *d, uint64_t from, uint64_t to)
{
	const struct sev_memscan_patterns *p = w->run->p;
	int rc;

	w->base = from;
	if (!(rc = scan_db(w, p->lit_db, w->lit_s, d + from, (size_t)(to - from))))
		rc = scan_db(w, p->re_db, w->re_s, d + from, (size_t)(to - from));
	return rc;
}

static bool known_zero(const struct worker *w, uint64_t page)
{
	return w->zero_pages[page / 64] >> (page % 64) & 1;
}

/*
 * The end of the run of zero pages at off of the job's own bytes (off when none), each of
 * them marked; the page at the end, if any, holds a byte other than zero.
 */
static uint64_t zero_run_end(struct worker *w, const uint8_t *d, uint64_t off, uint64_t own)
{
	while (off < own) {
		size_t n = own - off < MS_PAGE ? (size_t)(own - off) : MS_PAGE;

		if (!sk_ms_zero(d + off, n))
			break;
		w->zero_pages[off / MS_PAGE / 64] |= (uint64_t)1 << (off / MS_PAGE % 64);
		off += n;
	}
	return off;
}

/*
 * Scan the job's len bytes (own of them its own, the rest what continues it) but its pages of
 * zeros, which hold no secret: a match is one that holds a byte other than zero. A match
 * holds at most zero_run zero bytes in a row, so it cannot cross a longer run of zeros. A run
 * of zero pages longer than twice that is left out, but for zero_run bytes of it on each side,
 * which the windows around it keep: a match that holds another byte lies whole in one window,
 * and no two windows overlap, so none is found twice.
 */
static int scan_job(struct worker *w, const uint8_t *d, uint64_t own, uint64_t len)
{
	uint64_t reach = w->run->p->zero_run, from = 0, off = 0;
	int rc = 0;

	memset(w->zero_pages, 0, sizeof(w->zero_pages));
	while (!rc && off < own) {
		uint64_t end = zero_run_end(w, d, off, own);

		if (end - off > 2 * reach) {
			if (off > from)
				rc = scan_window(w, d, from, off + reach < len ? off + reach : len);
			w->skipped += (end - off + MS_PAGE - 1) / MS_PAGE;
			from = end - reach;
		}
		off = end + MS_PAGE; /* past the page that ended the run */
	}
	return rc ? rc : scan_window(w, d, from, len);
}

static int make_hit(struct worker *w, const struct ms_job *job, const struct match *mt,
		    const uint8_t *d, size_t len, struct hit *out)
{
	const struct run *r = w->run;
	const struct ms_pattern *pat = &r->p->pat[mt->pat];
	struct sev_memscan_hit *h = &out->h;
	uint64_t to = mt->to < len ? mt->to : len, kept, cs, ce;
	struct ms_location loc;

	memset(out, 0, sizeof(*out));
	out->pat = mt->pat;
	kept = to - mt->from < MAX_MATCH_KEPT ? to - mt->from : MAX_MATCH_KEPT;
	cs = mt->from > r->context ? mt->from - r->context : 0;
	ce = mt->from + kept + r->context < len ? mt->from + kept + r->context : len;
	h->context = malloc(ce - cs ? (size_t)(ce - cs) : 1);
	if (!h->context)
		return -ENOMEM;
	memcpy(h->context, d + cs, (size_t)(ce - cs));
	h->context_len = (size_t)(ce - cs);
	h->match_offset = (size_t)(mt->from - cs);
	h->match_in_context = (size_t)kept;
	h->kind = pat->kind;
	h->index = pat->index;
	h->name = pat->name;
	h->utf16 = pat->utf16;
	h->len = mt->to - mt->from;
	h->page = job->page + mt->from / MS_PAGE;
	r->src->ops->locate(r->src, job, mt->from, &loc);
	h->addr = loc.addr;
	h->phys = loc.phys;
	h->has_phys = loc.phys != MS_UNKNOWN;
	h->vaddr = loc.vaddr;
	h->has_vaddr = loc.vaddr != MS_UNKNOWN;
	h->file_offset = loc.file_offset;
	h->storage = loc.storage;
	return 0;
}

static void free_hit(struct sev_memscan_hit *h)
{
	sk_wipe_free(h->context, h->context_len);
	h->context = NULL;
}

static int keep_hits(struct worker *w, const struct ms_job *job, const uint8_t *d, size_t len)
{
	struct run *r = w->run;
	int rc = 0;

	for (size_t i = 0; i < w->n && !rc; i++) {
		struct hit h;

		pthread_mutex_lock(&r->lock);
		r->total_hits++;
		if (r->n_hits >= r->max_hits) {
			pthread_mutex_unlock(&r->lock);
			continue;
		}
		pthread_mutex_unlock(&r->lock);
		if ((rc = make_hit(w, job, &w->m[i], d, len, &h)))
			break;
		pthread_mutex_lock(&r->lock);
		if (r->n_hits == r->cap_hits) {
			size_t cap = r->cap_hits ? 2 * r->cap_hits : 64;
			struct hit *n = realloc(r->hits, cap * sizeof(*n));

			if (!n) {
				pthread_mutex_unlock(&r->lock);
				free_hit(&h.h);
				return -ENOMEM;
			}
			r->hits = n;
			r->cap_hits = cap;
		}
		r->hits[r->n_hits++] = h;
		pthread_mutex_unlock(&r->lock);
	}
	for (size_t i = 0; i < w->n; i++)
		w->last[w->m[i].pat] = 0;
	w->n = 0;
	return rc;
}

static void measure(struct worker *w, const struct ms_job *job, const uint8_t *d)
{
	uint8_t *map = w->run->res->page_entropy;

	for (uint64_t off = 0, i = 0; off < job->len; off += MS_PAGE, i++) {
		size_t n = job->len - off < MS_PAGE ? (size_t)(job->len - off) : MS_PAGE;
		double bits = -1;

		map[job->page + i] = known_zero(w, i) ? SEV_MEMSCAN_ZERO
						      : sk_ms_page_entropy(d + off, n, &bits);
		w->pages++;
		if (bits < 0) {
			w->zero++;
			continue;
		}
		w->bits += bits;
		if (bits >= SEV_MEMSCAN_ENCRYPTED_BITS)
			w->enc++;
	}
}

static int do_job(struct worker *w, const struct ms_job *job)
{
	struct run *r = w->run;
	const uint8_t *d;
	size_t len;
	int rc;

	rc = r->src->ops->load(r->src, job, r->p->ext, &w->l, &d, &len);
	if (rc)
		return rc;
	w->own = job->len;
	if ((rc = scan_job(w, d, job->len, len)))
		return rc;
	if (r->entropy)
		measure(w, job, d);
	rc = keep_hits(w, job, d, len);
	if (r->src->ops->release)
		r->src->ops->release(r->src, job);
	if (!rc && r->progress) {
		pthread_mutex_lock(&r->lock);
		r->done += job->len;
		r->progress(r->done, r->src->bytes, r->progress_ctx);
		pthread_mutex_unlock(&r->lock);
	}
	return rc;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct run *r = w->run;
	struct ms_job job;

	for (;;) {
		int got, rc;

		pthread_mutex_lock(&r->src->lock);
		pthread_mutex_lock(&r->lock);
		rc = r->rc;
		pthread_mutex_unlock(&r->lock);
		got = rc ? 0 : r->src->ops->next(r->src, &job);
		pthread_mutex_unlock(&r->src->lock);
		if (got < 0)
			set_error(r, got);
		if (got <= 0)
			break;
		if ((rc = do_job(w, &job))) {
			set_error(r, rc);
			break;
		}
	}
	return NULL;
}

static int worker_init(struct worker *w, struct run *r, const struct worker *first)
{
	const struct sev_memscan_patterns *p = r->p;

	memset(w, 0, sizeof(*w));
	w->run = r;
	w->last = calloc(p->n, sizeof(*w->last));
	if (!w->last)
		return -ENOMEM;
	if (first) {
		if ((p->lit_db && hs_clone_scratch(first->lit_s, &w->lit_s) != HS_SUCCESS) ||
		    (p->re_db && hs_clone_scratch(first->re_s, &w->re_s) != HS_SUCCESS))
			return -ENOMEM;
		return 0;
	}
	if ((p->lit_db && hs_alloc_scratch(p->lit_db, &w->lit_s) != HS_SUCCESS) ||
	    (p->re_db && hs_alloc_scratch(p->re_db, &w->re_s) != HS_SUCCESS))
		return -ENOMEM;
	return 0;
}

static void worker_free(struct worker *w)
{
	hs_free_scratch(w->lit_s);
	hs_free_scratch(w->re_s);
	sk_ms_loader_free(&w->l);
	free(w->m);
	free(w->last);
}

/* Order for merging duplicates: pattern, end address, start address. */
static int cmp_dup(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	uint64_t ex = x->h.addr + x->h.len, ey = y->h.addr + y->h.len;

	if (x->pat != y->pat)
		return x->pat < y->pat ? -1 : 1;
	if (ex != ey)
		return ex < ey ? -1 : 1;
	return x->h.addr < y->h.addr ? -1 : x->h.addr > y->h.addr;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->h.addr != y->h.addr)
		return x->h.addr < y->h.addr ? -1 : 1;
	return x->pat < y->pat ? -1 : x->pat > y->pat;
}

/*
 * A match of a variable-length expression that crosses a job boundary may be
 * seen by both jobs with different starts but the same end: keep the leftmost.
 */
static void merge_hits(struct run *r)
{
	size_t k = 0;

	if (r->n_hits == 0)
		return; /* qsort wants a buffer, even for nothing */
	qsort(r->hits, r->n_hits, sizeof(*r->hits), cmp_dup);
	for (size_t i = 0; i < r->n_hits; i++) {
		if (k && r->hits[k - 1].pat == r->hits[i].pat &&
		    r->hits[k - 1].h.addr + r->hits[k - 1].h.len ==
			    r->hits[i].h.addr + r->hits[i].h.len) {
			free_hit(&r->hits[i].h);
			r->total_hits--;
			continue;
		}
		r->hits[k++] = r->hits[i];
	}
	r->n_hits = k;
	qsort(r->hits, r->n_hits, sizeof(*r->hits), cmp_addr);
}

static int publish(struct run *r, struct sev_memscan_result *res)
{
	merge_hits(r);
	res->hits = calloc(r->n_hits ? r->n_hits : 1, sizeof(*res->hits));
	if (!res->hits)
		return -ENOMEM;
	for (size_t i = 0; i < r->n_hits; i++)
		res->hits[i] = r->hits[i].h;
	res->n_hits = r->n_hits;
	res->total_hits = r->total_hits;
	r->n_hits = 0;
	return 0;
}

static unsigned thread_count(const struct sev_memscan_options *o)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (o->threads)
		return o->threads > 64 ? 64 : o->threads;
	return cpus >= 2 ? 2 : 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_workers(struct run *r, unsigned n)
{
	struct worker *w = calloc(n, sizeof(*w));
	pthread_t *tid = calloc(n, sizeof(*tid));
	unsigned started = 0;
	int rc = 0;

	if (!w || !tid) {
		free(w);
		free(tid);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < n && !rc; i++)
		rc = worker_init(&w[i], r, i ? &w[0] : NULL);
	for (unsigned i = 1; i < n && !rc; i++, started++)
		if (sk_thread_create(&tid[i], work, &w[i]) != 0)
			break;
	if (!rc)
		work(&w[0]);
	for (unsigned i = 1; i <= started; i++)
		pthread_join(tid[i], NULL);
	for (unsigned i = 0; i < n; i++) {
		r->res->pages += w[i].pages;
		r->res->zero_pages += w[i].zero;
		r->res->encrypted_pages += w[i].enc;
		r->res->mean_entropy += w[i].bits;
		r->res->unreadable += w[i].l.unreadable;
		r->res->skipped_zero_pages += w[i].skipped;
		if (w[i].dropped)
			sk_warn("memscan: %llu matches dropped (more than %u in one job)",
				(unsigned long long)w[i].dropped, MAX_JOB_MATCHES);
		worker_free(&w[i]);
	}
	free(w);
	free(tid);
	return rc ? rc : r->rc;
}

static int do_memscan_run(struct sev_memscan *m, const struct sev_memscan_patterns *p,
			  const struct sev_memscan_options *opt, struct sev_memscan_result **out)
{
	struct sev_memscan_result *res = calloc(1, sizeof(*res));
	struct run r = { .src = m, .p = p, .res = res };
	double t0 = now();
	int rc;

	*out = NULL;
	if (!res)
		return -ENOMEM;
	if (!p->compiled) {
		free(res);
		return sk_fail(SEV_E_INVALID, "memscan: patterns are not compiled");
	}
	r.context = opt->context < MAX_CONTEXT ? opt->context : MAX_CONTEXT;
	r.max_hits = opt->max_hits ? opt->max_hits : DEFAULT_MAX_HITS;
	r.entropy = opt->entropy;
	r.progress = opt->progress;
	r.progress_ctx = opt->progress_ctx;
	res->space = m->space;
	res->has_entropy = opt->entropy;
	if (opt->entropy && !(res->page_entropy = malloc(m->pages ? (size_t)m->pages : 1))) {
		free(res);
		return -ENOMEM;
	}
	pthread_mutex_init(&r.lock, NULL);
	/* every run walks the source from its start */
	m->cur_seg = 0;
	m->cur_pos = 0;
	m->cur_desc = 0;
	m->seq = 0;
	sk_log_subject_push(m->path); /* a page that cannot be read names the file */
	rc = run_workers(&r, thread_count(opt));
	sk_log_subject_pop();
	if (!rc)
		rc = publish(&r, res);
	for (size_t i = 0; i < r.n_hits; i++)
		free_hit(&r.hits[i].h);
	free(r.hits);
	pthread_mutex_destroy(&r.lock);
	res->bytes = m->bytes;
	if (res->pages > res->zero_pages)
		res->mean_entropy /= (double)(res->pages - res->zero_pages);
	res->seconds = now() - t0;
	if (rc) {
		sev_memscan_result_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

int sev_memscan_run(struct sev_memscan *m, const struct sev_memscan_patterns *p,
		    const struct sev_memscan_options *opt, struct sev_memscan_result **out)
{
	struct sev_memscan_options opt_mine;
	int rc;

	if ((rc = sk_struct_in(&opt_mine, sizeof(opt_mine), opt, "sev_memscan_options")))
		return rc;
	return do_memscan_run(m, p, &opt_mine, out);
}

double sev_memscan_encrypted_fraction(const struct sev_memscan_result *r)
{
	uint64_t nonzero = r->pages - r->zero_pages;

	return nonzero ? (double)r->encrypted_pages / (double)nonzero : 0;
}

void sev_memscan_result_free(struct sev_memscan_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_hits; i++)
		free_hit(&r->hits[i]);
	free(r->hits);
	free(r->page_entropy);
	free(r);
}
