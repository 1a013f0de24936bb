/* SPDX-License-Identifier: Apache-2.0 */
/*
 * veritysetup format: hash the data level by level (bottom up, each level read
 * back from the hash device), then the FEC parity, then the superblock last.
 * Everything that can be checked is checked before the first byte is written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/verity.h>

#include "crypto/digest.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/struct.h"
#include "verity/verity-internal.h"

/* Everything one format works on. */
struct format {
	struct sev_verity_params *p;
	struct sev_verity_geometry g;
	const struct sev_verity_run *run;
	struct sev_verity_fec *fec;
	struct vt_dev data;
	struct vt_out hash, fec_out, root_out;
};

/*
 * Bytes the hash file must have, as veritysetup leaves it: up to the end of the
 * tree, or, without one, to the end of the superblock written in blocks of the
 * hash block size or the page size, whichever is smaller.
 */
static uint64_t needed_size(const struct sev_verity_params *p, const struct sev_verity_geometry *g)
{
	uint64_t unit = p->hash_block_size, page = (uint64_t)sysconf(_SC_PAGESIZE);

	if (g->hash_blocks)
		return g->hash_end;
	if (!p->superblock)
		return 0;
	if (page >= 512 && page < unit)
		unit = page;
	return (p->hash_offset + SEV_VERITY_SB_SIZE + unit - 1) / unit * unit;
}

static int check_overlap(const struct vt_dev *data, const struct sev_verity_params *p,
			 const struct sev_verity_geometry *g)
{
	uint64_t data_end = p->data_blocks * p->data_block_size;
	uint64_t hash_start = g->hash_start_block * p->hash_block_size;

	if (hash_start > p->hash_offset)
		hash_start = p->hash_offset;
	if (data_end > hash_start)
		return sk_fail(SEV_E_INVALID, "%s: data area overlaps with hash area: the data "
			       "ends at byte %llu, the hash area starts at byte %llu", data->path,
			       (unsigned long long)data_end, (unsigned long long)hash_start);
	return 0;
}

static bool windowed(const struct sev_verity_run *run)
{
	return run && (run->data_offset || run->data_size);
}

static bool overwrite(const struct format *f)
{
	return f->run && f->run->overwrite;
}

/* Opened only: an existing hash file grows (its first change) once every output is open. */
static int open_hash(struct format *f, const char *path)
{
	int rc = vt_out_open(&f->hash, path, overwrite(f));

	if (!rc && vt_dev_same(&f->data, &f->hash.dev))
		rc = windowed(f->run) ? sk_fail(SEV_E_INVALID, "%s: the hash device must be another "
						"file than the one the data are a part of", path) :
			check_overlap(&f->data, f->p, &f->g);
	return rc;
}

/* The hash device's size once the hash area is reserved. */
static uint64_t hash_size(const struct format *f)
{
	uint64_t need = needed_size(f->p, &f->g);

	return f->hash.dev.size > need ? f->hash.dev.size : need;
}

/* The parity goes to a device of its own; its size follows from the hash device's. */
static int open_fec(struct format *f)
{
	struct sev_verity_fec *fec = f->fec;
	uint64_t end;
	int rc = vt_fec_check(f->p, fec);

	if (!rc)
		rc = vt_out_open(&f->fec_out, fec->device, overwrite(f));
	if (rc)
		return rc;
	if (vt_dev_same(&f->fec_out.dev, &f->data) || vt_out_same(&f->fec_out, &f->hash))
		return sk_fail(SEV_E_INVALID, "%s: FEC on the data or hash device is not "
			       "supported: give it a device of its own", fec->device);
	fec->parity_blocks = vt_fec_parity_blocks(f->p, &f->g, hash_size(f), fec->roots);
	end = fec->offset + fec->parity_blocks * f->p->data_block_size;
	/* a block device must hold it all; a file simply grows as it is written */
	if (f->fec_out.dev.block && f->fec_out.dev.size < end)
		return vt_out_reserve(&f->fec_out, end, "FEC area");
	return 0;
}

/* The root: the digest of the top hash block, or of the only data block. */
static int root_digest(const struct format *f, uint8_t *root)
{
	const struct sev_verity_params *p = f->p;
	const struct sev_verity_geometry *g = &f->g;
	const struct vt_dev *from = g->levels ? &f->hash.dev : &f->data;
	uint32_t bs = g->levels ? p->hash_block_size : p->data_block_size;
	uint64_t off = g->levels ? g->level_start[g->levels - 1] * p->hash_block_size : 0;
	struct sk_digest *dg;
	uint8_t *block = malloc(bs);
	int rc = block ? sk_digest_new(&dg, p->hash_name) : -ENOMEM;

	if (rc) {
		free(block);
		return rc;
	}
	rc = vt_pread(from, block, bs, off);
	if (!rc)
		rc = vt_digest_block(dg, p, block, bs, root);
	sk_digest_free(dg);
	free(block);
	return rc;
}

/* Each level marks its blocks that only holes lie under; the level above does not read them. */
static int build_tree(const struct format *f)
{
	const struct sev_verity_params *p = f->p;
	const struct sev_verity_geometry *g = &f->g;
	struct vt_job job = { .p = p, .g = g, .run = f->run,
			      .progress_total = p->data_blocks * p->data_block_size };
	struct vt_zero_map zero[2] = { 0 };
	int rc = 0;

	for (uint32_t k = 0; !rc && k < g->levels; k++) {
		struct vt_level lv = {
			.in = k ? &f->hash.dev : &f->data,
			.in_off = k ? g->level_start[k - 1] * p->hash_block_size : 0,
			.in_bs = k ? p->hash_block_size : p->data_block_size,
			.in_blocks = k ? g->level_blocks[k - 1] : p->data_blocks,
			.out = &f->hash.dev,
			.out_off = g->level_start[k] * p->hash_block_size,
			.out_blocks = g->level_blocks[k],
			.data = k == 0,
			.level = k,
			.in_zero = k ? &zero[(k - 1) % 2] : NULL,
			.out_zero = &zero[k % 2],
		};

		rc = vt_zero_map_new(lv.out_zero, lv.out_blocks);
		if (!rc)
			rc = vt_run_level(&job, &lv, NULL);
		if (k)
			vt_zero_map_free(&zero[(k - 1) % 2]);
	}
	vt_zero_map_free(&zero[0]);
	vt_zero_map_free(&zero[1]);
	return rc;
}

static int write_all(struct format *f, uint8_t *root)
{
	uint8_t sb[SEV_VERITY_SB_SIZE];
	struct vt_writeback wb;
	int rc = f->p->superblock ? sev_verity_sb_build(f->p, sb) : 0;

	if (!rc) {
		vt_writeback_start(&wb, f->hash.dev.fd);
		rc = build_tree(f);
		vt_writeback_stop(&wb);
	}
	if (!rc)
		rc = root_digest(f, root);
	if (!rc && f->fec)
		rc = vt_fec_encode(&f->data, &f->hash.dev, &f->fec_out.dev, f->p, &f->g, f->fec);
	/* superblock last, as veritysetup: a tree without one is not mistaken for complete */
	if (!rc && f->p->superblock)
		rc = vt_pwrite(&f->hash.dev, sb, sizeof(sb), f->p->hash_offset);
	if (!rc)
		rc = vt_out_sync(&f->hash);
	if (!rc && f->fec)
		rc = vt_out_sync(&f->fec_out);
	return rc;
}

/* Two outputs that are one file, by name or, for an existing one, by inode. */
static bool clashes(const struct vt_out *a, const struct vt_out *b)
{
	return vt_out_same(a, b) || (!b->fresh && vt_out_names(a, &b->dev));
}

/* The root hash text replaces a file of its own, never the data, hash or FEC file. */
static int open_root_file(struct format *f, const char *path)
{
	int rc = vt_out_open_replace(&f->root_out, path, overwrite(f));

	if (!rc && (vt_out_names(&f->root_out, &f->data) || clashes(&f->root_out, &f->hash) ||
		    (f->fec && clashes(&f->root_out, &f->fec_out))))
		rc = sk_fail(SEV_E_INVALID, "%s: the root hash file would replace the data, hash "
			     "or FEC file", path);
	return rc;
}

/* Every output is opened (or its temporary made) before the first byte is written. */
static int format_open(struct format *f, const char *hash_path, uint8_t *root)
{
	struct vt_out *outs[2] = { &f->hash, f->fec ? &f->fec_out : NULL };
	const char *root_file = f->run ? f->run->root_hash_file : NULL;
	char hex[2 * SEV_VERITY_DIGEST_MAX + 1];
	int rc = vt_count_data_blocks(&f->data, f->p);

	if (!rc)
		rc = sev_verity_geometry(f->p, &f->g);
	if (!rc)
		rc = open_hash(f, hash_path);
	if (!rc && f->fec)
		rc = open_fec(f);
	if (!rc && root_file)
		rc = open_root_file(f, root_file);
	if (!rc)
		rc = vt_out_reserve(&f->hash, needed_size(f->p, &f->g), "hash area");
	if (!rc)
		rc = write_all(f, root);
	if (rc)
		return rc;
	sk_hex_encode(hex, root, f->g.digest_size);
	return vt_out_commit(outs, 2, root_file ? &f->root_out : NULL, hex);
}

static int format(const char *data_path, const char *hash_path, struct sev_verity_params *p,
		  const struct sev_verity_run *run, uint8_t root[SEV_VERITY_DIGEST_MAX],
		  size_t *root_len)
{
	struct format f = { .p = p, .run = run, .fec = run ? run->fec : NULL };
	uint64_t given = p->data_blocks;
	int rc = sev_verity_params_check(p);

	if (rc)
		return rc;
	if (p->data_block_size > (uint64_t)sysconf(_SC_PAGESIZE))
		sk_warn("the kernel cannot activate a device whose data block size (%u) exceeds "
			"the page size (%ld)", p->data_block_size, sysconf(_SC_PAGESIZE));
	f.hash.dev.fd = f.fec_out.dev.fd = f.root_out.dev.fd = -1;
	rc = vt_dev_open(&f.data, data_path, O_RDONLY);
	if (!rc && (rc = vt_dev_window(&f.data, run)))
		vt_dev_close(&f.data);
	if (rc)
		return rc;
	posix_fadvise(f.data.fd, (off_t)f.data.base, (off_t)f.data.size, POSIX_FADV_SEQUENTIAL);
	rc = format_open(&f, hash_path, root);
	vt_out_close(&f.hash);
	vt_out_close(&f.fec_out);
	vt_out_close(&f.root_out);
	vt_dev_close(&f.data);
	if (rc)
		p->data_blocks = given;
	else
		*root_len = f.g.digest_size;
	return rc;
}

/* The library's own copies of params, run and run->fec, given back when format returns. */
int sev_verity_format(const char *data_path, const char *hash_path, struct sev_verity_params *p,
		      const struct sev_verity_run *run, uint8_t root[SEV_VERITY_DIGEST_MAX],
		      size_t *root_len)
{
	struct sev_verity_run run_mine = SEV_INIT(struct sev_verity_run);
	struct sev_verity_fec fec_mine = SEV_INIT(struct sev_verity_fec);
	struct sev_verity_params p_mine;
	int rc;

	if ((rc = sk_struct_in(&p_mine, sizeof(p_mine), p, "sev_verity_params")) ||
	    (run && (rc = sk_struct_in(&run_mine, sizeof(run_mine), run, "sev_verity_run"))) ||
	    (run_mine.fec && (rc = sk_struct_in(&fec_mine, sizeof(fec_mine), run_mine.fec,
						 "sev_verity_fec"))))
		return rc;
	if (run_mine.fec)
		run_mine.fec = &fec_mine;
	rc = format(data_path, hash_path, &p_mine, run ? &run_mine : NULL, root, root_len);
	sk_struct_out(p, &p_mine, sizeof(p_mine));
	if (run && run->fec)
		sk_struct_out(run->fec, &fec_mine, sizeof(fec_mine));
	return rc;
}
