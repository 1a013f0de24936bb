/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the dm-verity files: devices, block digests and the level workers. */
#ifndef SK_VERITY_INTERNAL_H
#define SK_VERITY_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <sevkit/verity.h>

#include "util/file.h"

struct sk_digest;

bool vt_block_size_ok(uint32_t bs);

/* An open data or hash file or block device, or a window of one (a partition of a disk). */
struct vt_dev {
	int fd;
	const char *path;
	uint64_t base;         /* where the window starts on the file; offsets count from here */
	uint64_t size;         /* of the window */
	bool block;            /* a block device (its size is fixed) */
	dev_t st_dev;
	ino_t st_ino;
	dev_t st_rdev;
};

int vt_dev_open(struct vt_dev *d, const char *path, int flags);
/* The same for a descriptor already open (taken, closed on failure). */
int vt_dev_adopt(struct vt_dev *d, int fd, const char *path);
void vt_dev_close(struct vt_dev *d);
/*
 * Make d the window of size bytes at offset (size 0: to its end), as run gives them for the
 * data. SEV_E_INVALID when the window does not fit.
 */
int vt_dev_window(struct vt_dev *d, const struct sev_verity_run *run);
/* sev_verity_coverage() of the data window run gives. */
int vt_coverage(const char *data_path, const char *hash_path,
		const struct sev_verity_params *params, const struct sev_verity_run *run,
		struct sev_verity_coverage *c);
/* Both name the same file or device. */
bool vt_dev_same(const struct vt_dev *a, const struct vt_dev *b);
/*
 * Data blocks to hash: p->data_blocks if set (the device must hold them), else
 * the whole device, which must then be a multiple of the block size.
 */
int vt_count_data_blocks(const struct vt_dev *data, struct sev_verity_params *p);
/* Whole reads and writes at an offset; a short read is an error naming the path. */
int vt_pread(const struct vt_dev *d, void *buf, size_t n, uint64_t off);
int vt_pwrite(const struct vt_dev *d, const void *buf, size_t n, uint64_t off);

/*
 * Map [off, off + len) of a device read-only with its pages populated: the
 * hashing threads read the page cache without copying it. NULL when it cannot
 * be mapped (the caller then reads with vt_pread). Bounded: one chunk at a time.
 */
struct vt_map {
	void *addr;
	size_t len;
};

const uint8_t *vt_map(const struct vt_dev *d, uint64_t off, size_t len, struct vt_map *m);
void vt_unmap(struct vt_map *m);

/* A file format writes: new (without a name until committed) or existing (in place). */
struct vt_out {
	const char *path;
	struct vt_dev dev;
	bool fresh;             /* a new file: file holds it */
	bool replace;           /* fresh: it may replace an existing file on commit */
	struct sk_newfile file;
};

/*
 * A hash or FEC output: a new file, or an existing block device, or, with
 * overwrite, an existing file (written in place, as veritysetup does).
 */
int vt_out_open(struct vt_out *o, const char *path, bool overwrite);
/*
 * A file made new whole and put in place by vt_out_commit; an existing one is
 * replaced only with overwrite. Made now: a place that cannot be written is
 * found before anything else is.
 */
int vt_out_open_replace(struct vt_out *o, const char *path, bool overwrite);
/* Make the file at least size bytes (a block device must already be). */
int vt_out_reserve(struct vt_out *o, uint64_t size, const char *what);
int vt_out_sync(const struct vt_out *o);
/*
 * Write text into text_out (NULL: none), give the new files their names: all
 * or nothing, with signals held meanwhile.
 */
int vt_out_commit(struct vt_out *const *outs, size_t n, struct vt_out *text_out,
		  const char *text);
/* Both name the same file (for new files: the same path). */
bool vt_out_same(const struct vt_out *a, const struct vt_out *b);
/* The output names the file or device d, now or once committed. */
bool vt_out_names(const struct vt_out *o, const struct vt_dev *d);
/* Close; a new file not committed vanishes. */
void vt_out_close(struct vt_out *o);

/* A thread that starts writeback of the output's dirty pages every few ms (writeback.c). */
struct vt_writeback {
	int fd;
	bool stop, running;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
};

void vt_writeback_start(struct vt_writeback *wb, int fd);
void vt_writeback_stop(struct vt_writeback *wb);

/* The digest of one block with the salt where the format puts it. */
int vt_digest_block(struct sk_digest *dg, const struct sev_verity_params *p, const uint8_t *block,
		    size_t len, uint8_t *out);

/*
 * Which blocks of a level are known to stand for zero subtrees (a whole hash block of the
 * digests of holes) without being read: the level that writes them marks them, the level
 * above takes their digest as known. A bit per block; workers set bits with atomic ORs.
 */
struct vt_zero_map {
	atomic_uint_fast64_t *bits;
};

int vt_zero_map_new(struct vt_zero_map *m, uint64_t blocks);
void vt_zero_map_free(struct vt_zero_map *m);

/* One level of the tree: hash in_blocks input blocks into out_blocks hash blocks. */
struct vt_level {
	const struct vt_dev *in;
	uint64_t in_off;        /* byte offset of input block 0 */
	uint32_t in_bs;
	uint64_t in_blocks;
	const struct vt_dev *out;
	uint64_t out_off;       /* byte offset of output block 0 */
	uint64_t out_blocks;
	bool verify;            /* compare with the stored blocks instead of writing them */
	bool data;              /* input is the data: counts for progress */
	uint32_t level;         /* the tree level this one writes (0: the data's digests) */
	const struct vt_zero_map *in_zero; /* formatting: input blocks known zero, or NULL */
	struct vt_zero_map *out_zero;      /* formatting: marks output blocks known zero */
};

/* The first thing a verifying level found wrong. */
struct vt_mismatch {
	bool found;
	bool padding;           /* non-zero spare bytes in output block out_block */
	uint64_t in_block;      /* digest mismatch: the input block */
	uint64_t out_block;     /* padding: the output block */
	uint64_t pad_offset;    /* padding: byte offset of the first non-zero byte */
};

struct vt_job {
	const struct sev_verity_params *p;
	const struct sev_verity_geometry *g;
	const struct sev_verity_run *run;
	uint64_t progress_total;
};

/* Run one level on every thread; verify mode fills mm with the lowest failure. */
int vt_run_level(const struct vt_job *job, const struct vt_level *lv, struct vt_mismatch *mm);
/* Number of threads to use: run->threads, or every CPU this process may run on. */
unsigned vt_threads(const struct sev_verity_run *run);

#define VT_FEC_ROOTS_MIN 2
#define VT_FEC_ROOTS_MAX 24

/* FEC parameters veritysetup accepts: 2..24 roots, equal block sizes, aligned offset. */
int vt_fec_check(const struct sev_verity_params *p, const struct sev_verity_fec *fec);
/* Parity blocks for the data and a hash device of hash_size bytes. */
uint64_t vt_fec_parity_blocks(const struct sev_verity_params *p,
			      const struct sev_verity_geometry *g, uint64_t hash_size,
			      unsigned roots);
/* Write the parity of the data and the hash device (its current size) to out. */
int vt_fec_encode(const struct vt_dev *data, const struct vt_dev *hash, const struct vt_dev *out,
		  const struct sev_verity_params *p, const struct sev_verity_geometry *g,
		  const struct sev_verity_fec *fec);

#endif
