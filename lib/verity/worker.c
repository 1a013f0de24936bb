/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hashing one level of the tree on every core. The input blocks are cut into
 * chunks of about CHUNK_BYTES; threads claim chunks in order from a shared
 * counter, map each chunk while they hash it (or, where mapping fails, read it
 * with pread in READ_BYTES pieces) and either write the chunk's digests or
 * compare them with the stored ones. Memory is a few MiB per thread whatever
 * the image size. Mapping saves the copy out of the page cache, which costs
 * about a tenth of the hashing itself.
 *
 * Images are mostly empty. A block of zeros at a level (zero data, or a hash
 * block of zero subtrees) always has the same digest: it is recognised by a
 * compare, which stops at the first byte of anything else, and given the digest
 * computed once. Holes of a sparse data file are not read at all (SEEK_DATA), nor
 * are the hash blocks that only holes lie under (struct vt_zero_map).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "crypto/digest.h"
#include "crypto/secure.h"
#include "crypto/sha256-x2.h"
#include "util/log.h"
#include "verity/verity-internal.h"

/* each chunk is mapped and unmapped once: both take the process's memory-map lock and
 * unmapping makes the other cores drop their TLB entries (4 MiB chunks: 6 % slower) */
#define CHUNK_BYTES (16u << 20)
#define READ_BYTES (256u << 10)
#define THREADS_MAX 256

struct level_state {
	const struct vt_job *job;
	const struct vt_level *lv;
	uint64_t per_chunk;             /* input blocks per chunk */
	uint64_t chunks;
	atomic_uint_fast64_t next;      /* next chunk to claim */
	atomic_uint_fast64_t stop_at;   /* chunks from here on cannot lower the failure found */
	atomic_int error;
	pthread_mutex_t lock;           /* mm and progress */
	uint8_t *zero_in;               /* the input block of a zero subtree at this level */
	bool x2;                        /* SHA-256 two blocks at a time (shape: the salt) */
	struct sk_sha256_x2_shape shape;
	uint8_t zero_digest[SK_DIGEST_MAX];
	struct vt_mismatch mm;
	uint64_t mm_key;
	uint64_t done;
};

struct worker {
	struct level_state *st;
	struct sk_digest *dg;
	uint8_t *in;
	size_t in_cap;                  /* input blocks per read */
	uint8_t *out;
	uint8_t *digests;               /* of the blocks of one piece */
	pthread_t thread;
	int rc;
};

unsigned vt_threads(const struct sev_verity_run *run)
{
	cpu_set_t set;
	long n;

	if (run && run->threads)
		return run->threads > THREADS_MAX ? THREADS_MAX : run->threads;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		n = CPU_COUNT(&set);
	else
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > THREADS_MAX ? THREADS_MAX : (unsigned)n;
}

int vt_digest_block(struct sk_digest *dg, const struct sev_verity_params *p, const uint8_t *block,
		    size_t len, uint8_t *out)
{
	/* format 1 puts the salt first, the original Chrome OS format last */
	if (p->hash_type == 1)
		return sk_digest2(dg, p->salt, p->salt_size, block, len, out);
	return sk_digest2(dg, block, len, p->salt, p->salt_size, out);
}

/* Byte position of input block i's digest within the level's output. */
static uint64_t slot_pos(const struct sev_verity_geometry *g, uint32_t hbs, uint64_t i)
{
	return i / g->hash_per_block * hbs + i % g->hash_per_block * g->digest_slot;
}

/* End of what input i owns in the output: its slot, or up to the end of its block. */
static uint64_t slot_end(const struct level_state *st, uint64_t i)
{
	const struct sev_verity_geometry *g = st->job->g;
	uint32_t hbs = st->job->p->hash_block_size;

	if ((i + 1) % g->hash_per_block == 0 || i + 1 == st->lv->in_blocks)
		return (i / g->hash_per_block + 1) * hbs;
	return slot_pos(g, hbs, i) + g->digest_slot;
}

static void record(struct level_state *st, uint64_t chunk, const struct vt_mismatch *m,
		   uint64_t key)
{
	pthread_mutex_lock(&st->lock);
	if (!st->mm.found || key < st->mm_key) {
		st->mm = *m;
		st->mm_key = key;
	}
	if (chunk + 1 < atomic_load(&st->stop_at))
		atomic_store(&st->stop_at, chunk + 1);
	pthread_mutex_unlock(&st->lock);
}

/* Stored bytes after input i's digest, up to slot_end, must be zero. */
static bool padding_bad(const struct level_state *st, const uint8_t *out, uint64_t base,
			uint64_t i, uint64_t *bad)
{
	const struct sev_verity_geometry *g = st->job->g;
	uint64_t from = slot_pos(g, st->job->p->hash_block_size, i) + g->digest_size;
	uint64_t to = slot_end(st, i);

	for (uint64_t k = from; k < to; k++)
		if (out[k - base]) {
			*bad = k;
			return true;
		}
	return false;
}

/*
 * The digests of the n input blocks in in, into w->digests: a zero block gets the digest
 * known for it, the others are hashed two at a time where the CPU can (sha256-x2.h).
 */
static int digest_piece(struct worker *w, const uint8_t *in, uint64_t n)
{
	const struct level_state *st = w->st;
	size_t bs = st->lv->in_bs, ds = st->job->g->digest_size;
	const uint8_t *held = NULL;
	uint8_t *held_out = NULL;
	int rc = 0;

	for (uint64_t k = 0; k < n && !rc; k++) {
		const uint8_t *block = in + k * bs;
		uint8_t *out = w->digests + k * ds;

		if (!memcmp(block, st->zero_in, bs)) {
			memcpy(out, st->zero_digest, ds);
		} else if (!st->x2) {
			rc = vt_digest_block(w->dg, st->job->p, block, bs, out);
		} else if (!held) {
			held = block;
			held_out = out;
		} else {
			sk_sha256_x2(&st->shape, held, block, held_out, out);
			held = NULL;
		}
	}
	if (!rc && held)
		rc = vt_digest_block(w->dg, st->job->p, held, bs, held_out);
	return rc;
}

/* Hash inputs [i, i + n) held in in; compare or store their digests. */
static int hash_piece(struct worker *w, const uint8_t *in, uint64_t chunk, uint64_t i, uint64_t n,
		      uint64_t base)
{
	struct level_state *st = w->st;
	const struct vt_level *lv = st->lv;
	const struct sev_verity_geometry *g = st->job->g;
	uint32_t hbs = st->job->p->hash_block_size;
	int rc = digest_piece(w, in, n);

	for (uint64_t k = 0; k < n && !rc; k++) {
		uint64_t idx = i + k, bad;
		const uint8_t *digest = w->digests + k * g->digest_size;
		uint8_t *slot = w->out + slot_pos(g, hbs, idx) - base;

		if (!lv->verify) {
			memcpy(slot, digest, g->digest_size);
			continue;
		}
		if (padding_bad(st, w->out, base, idx, &bad)) {
			struct vt_mismatch m = { .found = true, .padding = true,
						 .out_block = idx / g->hash_per_block,
						 .pad_offset = lv->out_off + bad };

			record(st, chunk, &m, idx);
			return 1;
		}
		if (!sk_ct_equal(digest, slot, g->digest_size)) {
			struct vt_mismatch m = { .found = true, .in_block = idx };

			record(st, chunk, &m, idx);
			return 1;
		}
	}
	return rc;
}

static void progress(struct level_state *st, uint64_t bytes)
{
	const struct sev_verity_run *run = st->job->run;

	if (!st->lv->data || !run || !run->progress)
		return;
	pthread_mutex_lock(&st->lock);
	st->done += bytes;
	run->progress(st->done, st->job->progress_total, run->progress_ctx);
	pthread_mutex_unlock(&st->lock);
}

int vt_zero_map_new(struct vt_zero_map *m, uint64_t blocks)
{
	m->bits = calloc(blocks / 64 + 1, sizeof(*m->bits));
	return m->bits ? 0 : -ENOMEM;
}

void vt_zero_map_free(struct vt_zero_map *m)
{
	free(m->bits);
	m->bits = NULL;
}

static bool known_zero(const struct vt_zero_map *m, uint64_t i)
{
	return atomic_load_explicit(&m->bits[i / 64], memory_order_relaxed) >> (i % 64) & 1;
}

/*
 * Output blocks whose every slot input blocks [i0, i1) fill: zero subtrees one level up. A
 * level's last block, with padding after its last slot, is never one.
 */
static void mark_zero(const struct level_state *st, uint64_t i0, uint64_t i1)
{
	struct vt_zero_map *m = st->lv->out_zero;
	uint64_t hpb = st->job->g->hash_per_block;

	if (!m)
		return;
	for (uint64_t b = (i0 + hpb - 1) / hpb; (b + 1) * hpb <= i1; b++)
		atomic_fetch_or_explicit(&m->bits[b / 64], (uint_fast64_t)1 << (b % 64),
					 memory_order_relaxed);
}

/* Input blocks [i0, i1) that stand for zeros (a hole, a zero subtree): the digest known. */
static void fill_zero(struct worker *w, uint64_t i0, uint64_t i1, uint64_t start)
{
	const struct sev_verity_geometry *g = w->st->job->g;
	uint32_t hbs = w->st->job->p->hash_block_size;

	for (uint64_t i = i0; i < i1; i++)
		memcpy(w->out + slot_pos(g, hbs, i) - start, w->st->zero_digest, g->digest_size);
	mark_zero(w->st, i0, i1);
}

/* As next_data, from the map of the level below: its marked blocks are the holes. */
static void next_unmarked(const struct vt_zero_map *m, uint64_t i, uint64_t i1, uint64_t *data,
			  uint64_t *hole)
{
	while (i < i1 && known_zero(m, i))
		i++;
	*data = i;
	while (i < i1 && !known_zero(m, i))
		i++;
	*hole = i;
}

/*
 * The first input block at or after i that holds data, and the first after it that is in a
 * hole (i1 when none): blocks wholly inside a hole are holes. -1 when the file cannot say.
 */
static int next_data(const struct vt_level *lv, uint64_t i, uint64_t i1, uint64_t *data,
		     uint64_t *hole)
{
	uint64_t base = lv->in->base + lv->in_off;
	off_t d = lseek(lv->in->fd, (off_t)(base + i * lv->in_bs), SEEK_DATA), h;

	if (d < 0) {
		*data = *hole = i1;
		return errno == ENXIO ? 0 : -1;
	}
	*data = ((uint64_t)d - base) / lv->in_bs;
	if (*data >= i1) {
		*data = *hole = i1;
		return 0;
	}
	h = lseek(lv->in->fd, d, SEEK_HOLE);
	if (h < 0)
		return -1;
	*hole = ((uint64_t)h - base + lv->in_bs - 1) / lv->in_bs;
	if (*hole > i1 || *hole <= *data)
		*hole = i1;
	return 0;
}

static int hash_blocks(struct worker *w, uint64_t chunk, uint64_t i0, uint64_t i1,
		       uint64_t start);

/* Blocks of a sparse file, or of a level with zero subtrees: those filled, the rest hashed. */
static int hash_sparse(struct worker *w, uint64_t chunk, uint64_t i0, uint64_t i1,
		       uint64_t start)
{
	const struct vt_level *lv = w->st->lv;
	uint64_t data, hole;
	int rc = 0;

	for (uint64_t i = i0; !rc && i < i1; i = hole) {
		if (lv->in_zero)
			next_unmarked(lv->in_zero, i, i1, &data, &hole);
		else if (next_data(lv, i, i1, &data, &hole))
			return hash_blocks(w, chunk, i, i1, start);
		fill_zero(w, i, data, start);
		if (data < hole)
			rc = hash_blocks(w, chunk, data, hole, start);
	}
	return rc;
}

static int hash_input(struct worker *w, uint64_t chunk, uint64_t i0, uint64_t i1, uint64_t start)
{
	const struct vt_level *lv = w->st->lv;

	/* a block device has no holes it would tell of; verifying reads everything it checks */
	if (lv->in_zero || (lv->data && !lv->verify && !lv->in->block))
		return hash_sparse(w, chunk, i0, i1, start);
	return hash_blocks(w, chunk, i0, i1, start);
}

/* The chunk's input blocks [i0, i1): mapped in one piece, else read piece by piece. */
static int hash_blocks(struct worker *w, uint64_t chunk, uint64_t i0, uint64_t i1,
		       uint64_t start)
{
	const struct vt_level *lv = w->st->lv;
	const struct sev_verity_run *run = w->st->job->run;
	struct vt_map map = { 0 };
	const uint8_t *in = NULL;
	int rc = 0;

	if (!run || !run->pread_only)
		in = vt_map(lv->in, lv->in_off + i0 * lv->in_bs, (size_t)((i1 - i0) * lv->in_bs),
			    &map);
	if (in) {
		rc = hash_piece(w, in, chunk, i0, i1 - i0, start);
		vt_unmap(&map);
		return rc;
	}
	for (uint64_t i = i0; !rc && i < i1;) {
		uint64_t n = i1 - i < w->in_cap ? i1 - i : w->in_cap;

		rc = vt_pread(lv->in, w->in, n * lv->in_bs, lv->in_off + i * lv->in_bs);
		if (!rc)
			rc = hash_piece(w, w->in, chunk, i, n, start);
		i += n;
	}
	return rc;
}

static int do_chunk(struct worker *w, uint64_t chunk)
{
	struct level_state *st = w->st;
	const struct vt_level *lv = st->lv;
	uint64_t i0 = chunk * st->per_chunk, i1 = i0 + st->per_chunk;
	uint64_t start, end;
	int rc = 0;

	if (i1 > lv->in_blocks)
		i1 = lv->in_blocks;
	start = slot_pos(st->job->g, st->job->p->hash_block_size, i0);
	end = slot_end(st, i1 - 1);
	if (lv->verify)
		rc = vt_pread(lv->out, w->out, end - start, lv->out_off + start);
	else
		memset(w->out, 0, end - start);
	if (!rc)
		rc = hash_input(w, chunk, i0, i1, start);
	if (rc > 0)
		return 0; /* a mismatch, recorded */
	if (!rc && !lv->verify)
		rc = vt_pwrite(lv->out, w->out, end - start, lv->out_off + start);
	if (!rc)
		progress(st, (i1 - i0) * lv->in_bs);
	return rc;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct level_state *st = w->st;

	for (;;) {
		uint64_t c;

		if (atomic_load(&st->error))
			break;
		c = atomic_fetch_add(&st->next, 1);
		if (c >= st->chunks || c >= atomic_load(&st->stop_at))
			break;
		w->rc = do_chunk(w, c);
		if (w->rc) {
			int none = 0;

			atomic_compare_exchange_strong(&st->error, &none, w->rc);
			break;
		}
	}
	return NULL;
}

static int worker_init(struct worker *w, struct level_state *st)
{
	const struct sev_verity_geometry *g = st->job->g;
	uint32_t hbs = st->job->p->hash_block_size;
	size_t out_max;
	int rc;

	memset(w, 0, sizeof(*w));
	w->st = st;
	w->in_cap = READ_BYTES / st->lv->in_bs;
	if (w->in_cap == 0)
		w->in_cap = 1;
	/* a chunk covers whole hash blocks, or a run of slots inside one */
	out_max = (size_t)((st->per_chunk + g->hash_per_block - 1) / g->hash_per_block + 1) * hbs;
	w->in = malloc(w->in_cap * st->lv->in_bs);
	w->out = malloc(out_max);
	w->digests = malloc((st->per_chunk > w->in_cap ? st->per_chunk : w->in_cap) *
			    g->digest_size);
	if (!w->in || !w->out || !w->digests)
		return -ENOMEM;
	rc = sk_digest_new(&w->dg, st->job->p->hash_name);
	return rc;
}

static void worker_free(struct worker *w)
{
	free(w->in);
	free(w->out);
	free(w->digests);
	sk_digest_free(w->dg);
}

/* Chunks of about CHUNK_BYTES: whole hash blocks, or a power-of-two run of slots. */
static uint64_t chunk_blocks(const struct vt_job *job, const struct vt_level *lv)
{
	uint64_t want = CHUNK_BYTES / lv->in_bs, hpb = job->g->hash_per_block, n = 1;

	if (want >= hpb)
		return want / hpb * hpb;
	while (n * 2 <= want)
		n *= 2;
	return n;
}

static int run_workers(struct level_state *st, struct worker *w, unsigned n)
{
	unsigned started = 1;
	int rc = 0;

	for (unsigned t = 0; t < n && !rc; t++)
		rc = worker_init(&w[t], st);
	for (unsigned t = 1; !rc && t < n; t++) {
		if (sk_thread_create(&w[t].thread, work, &w[t]) != 0)
			break; /* fewer threads still finish the level */
		started++;
	}
	if (!rc)
		work(&w[0]);
	for (unsigned t = 1; t < started; t++)
		pthread_join(w[t].thread, NULL);
	for (unsigned t = 0; t < n; t++)
		worker_free(&w[t]);
	return rc ? rc : atomic_load(&st->error);
}

/*
 * The input block and digest of a subtree of zero data blocks at level: zeros at level 0, then
 * a hash block whose every slot holds the digest of the level below.
 */
static int zero_subtree(const struct vt_job *job, const struct vt_level *lv,
			struct level_state *st)
{
	const struct sev_verity_geometry *g = job->g;
	uint32_t hbs = job->p->hash_block_size;
	struct sk_digest *dg;
	uint32_t dbs = job->p->data_block_size;
	uint8_t *block = calloc(1, hbs > dbs ? hbs : dbs);
	int rc = block ? sk_digest_new(&dg, job->p->hash_name) : -ENOMEM;

	if (rc) {
		free(block);
		return rc;
	}
	rc = vt_digest_block(dg, job->p, block, dbs, st->zero_digest);
	for (uint32_t k = 0; !rc && k < lv->level; k++) {
		for (uint64_t j = 0; j < g->hash_per_block; j++)
			memcpy(block + j * g->digest_slot, st->zero_digest, g->digest_size);
		rc = vt_digest_block(dg, job->p, block, hbs, st->zero_digest);
	}
	sk_digest_free(dg);
	st->zero_in = block;
	return rc;
}

/* SHA-256 on a CPU with the SHA extensions: blocks go two at a time, salt in front or behind. */
static void two_at_a_time(const struct vt_job *job, const struct vt_level *lv,
			  struct level_state *st)
{
	const struct sev_verity_params *p = job->p;
	bool front = p->hash_type == 1;

	st->x2 = !strcasecmp(p->hash_name, "sha256") && sk_sha256_x2_available();
	st->shape = (struct sk_sha256_x2_shape){
		.prefix = front ? p->salt : NULL, .prefix_len = front ? p->salt_size : 0,
		.suffix = front ? NULL : p->salt, .suffix_len = front ? 0 : p->salt_size,
		.len = lv->in_bs,
	};
}

int vt_run_level(const struct vt_job *job, const struct vt_level *lv, struct vt_mismatch *mm)
{
	struct level_state st = { .job = job, .lv = lv };
	struct worker *w;
	unsigned n;
	int rc = zero_subtree(job, lv, &st);

	if (rc) {
		free(st.zero_in);
		return rc;
	}

	two_at_a_time(job, lv, &st);
	st.per_chunk = chunk_blocks(job, lv);
	st.chunks = lv->in_blocks / st.per_chunk + (lv->in_blocks % st.per_chunk != 0);
	atomic_init(&st.next, 0);
	atomic_init(&st.stop_at, UINT64_MAX);
	atomic_init(&st.error, 0);
	pthread_mutex_init(&st.lock, NULL);
	n = vt_threads(job->run);
	if (n > st.chunks)
		n = (unsigned)st.chunks;
	w = calloc(n, sizeof(*w));
	if (!w) {
		pthread_mutex_destroy(&st.lock);
		free(st.zero_in);
		return -ENOMEM;
	}
	rc = run_workers(&st, w, n);
	free(w);
	free(st.zero_in);
	pthread_mutex_destroy(&st.lock);
	if (mm)
		*mm = st.mm;
	return rc;
}
