/* SPDX-License-Identifier: Apache-2.0 */
/*
 * veritysetup format: hash the data level by level (bottom up, each level read
 * back from the hash device), then write the superblock last. Everything that
 * can be checked is checked before the first byte is written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/verity.h>

#include "crypto/digest.h"
#include "crypto/secure.h"
#include "util/file.h"
#include "util/hex.h"
#include "util/log.h"
#include "verity/verity-internal.h"

/* Where the tree goes: a new file (temporary until complete) or an existing one. */
struct target {
	struct vt_dev dev;
	char *tmp;               /* new file: the temporary name, renamed at the end */
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

static int create_temp(struct target *t, const char *path)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t n = strlen(path) + 16;

	t->tmp = malloc(n);
	if (!t->tmp)
		return -ENOMEM;
	for (int tries = 0; tries < 100; tries++) {
		uint8_t r[6];
		char suffix[7];
		int rc = sk_random(r, sizeof(r)), fd;

		if (rc)
			return rc;
		for (size_t i = 0; i < sizeof(r); i++)
			suffix[i] = alnum[r[i] % (sizeof(alnum) - 1)];
		suffix[6] = '\0';
		snprintf(t->tmp, n, "%s.tmp-%s", path, suffix);
		/* 0666 through the umask, as any new file */
		fd = open(t->tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno == EEXIST)
			continue;
		if (fd < 0) {
			rc = -errno;
			return sk_fail(rc, "%s: cannot create: %s", path, strerror(-rc));
		}
		close(fd);
		return vt_dev_open(&t->dev, t->tmp, O_RDWR);
	}
	return sk_fail(-EEXIST, "%s: cannot create a temporary file", path);
}

static int open_target(struct target *t, const char *path, const struct vt_dev *data,
		       const struct sev_verity_params *p, const struct sev_verity_geometry *g)
{
	uint64_t need = needed_size(p, g);
	int rc;

	memset(t, 0, sizeof(*t));
	t->dev.fd = -1;
	if (access(path, F_OK) != 0 && errno == ENOENT)
		rc = create_temp(t, path);
	else
		rc = vt_dev_open(&t->dev, path, O_RDWR);
	if (rc)
		return rc;
	if (vt_dev_same(data, &t->dev)) {
		rc = check_overlap(data, p, g);
		if (rc)
			return rc;
	}
	if (t->dev.block && t->dev.size < need)
		return sk_fail(SEV_E_FORMAT, "%s: %llu bytes, too small for the hash area that "
			       "ends at byte %llu", path, (unsigned long long)t->dev.size,
			       (unsigned long long)need);
	/* Grow a file to its full size first: the tree is written out of order. */
	if (!t->dev.block && t->dev.size < need && ftruncate(t->dev.fd, (off_t)need) != 0) {
		rc = -errno;
		return sk_fail(rc, "%s: cannot extend to %llu bytes: %s", path,
			       (unsigned long long)need, strerror(-rc));
	}
	return 0;
}

static void close_target(struct target *t)
{
	vt_dev_close(&t->dev);
	if (t->tmp)
		unlink(t->tmp);
	free(t->tmp);
}

/* The root: the digest of the top hash block, or of the only data block. */
static int root_digest(const struct vt_dev *data, const struct vt_dev *hash,
		       const struct sev_verity_params *p, const struct sev_verity_geometry *g,
		       uint8_t *root)
{
	const struct vt_dev *from = g->levels ? hash : data;
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

static int build_tree(const struct vt_dev *data, const struct vt_dev *hash,
		      const struct sev_verity_params *p, const struct sev_verity_geometry *g,
		      const struct sev_verity_run *run)
{
	struct vt_job job = { .p = p, .g = g, .run = run,
			      .progress_total = p->data_blocks * p->data_block_size };

	for (uint32_t k = 0; k < g->levels; k++) {
		struct vt_level lv = {
			.in = k ? hash : data,
			.in_off = k ? g->level_start[k - 1] * p->hash_block_size : 0,
			.in_bs = k ? p->hash_block_size : p->data_block_size,
			.in_blocks = k ? g->level_blocks[k - 1] : p->data_blocks,
			.out = hash,
			.out_off = g->level_start[k] * p->hash_block_size,
			.out_blocks = g->level_blocks[k],
			.data = k == 0,
		};
		int rc = vt_run_level(&job, &lv, NULL);

		if (rc)
			return rc;
	}
	return 0;
}

static int sync_dev(const struct vt_dev *d)
{
	int rc;

	if (fsync(d->fd) == 0)
		return 0;
	rc = -errno;
	return sk_fail(rc, "%s: %s", d->path, strerror(-rc));
}

/* Make the results visible: rename a new hash file, write the root hash file. */
static int commit(struct target *t, const char *hash_path, const char *root_file,
		  const uint8_t *root, size_t root_len)
{
	char hex[2 * SEV_VERITY_DIGEST_MAX + 1];
	struct sk_outset o;
	int rc = 0;

	sk_hex_encode(hex, root, root_len);
	sk_outset_init(&o);
	if (root_file)
		rc = sk_outset_add(&o, root_file, hex, strlen(hex), 0644);
	if (!rc && t->tmp) {
		if (rename(t->tmp, hash_path) != 0) {
			rc = -errno;
			sk_err("%s: cannot rename into place: %s", hash_path, strerror(-rc));
		} else {
			free(t->tmp);
			t->tmp = NULL;
			if (root_file && sk_outset_commit(&o) != 0) {
				unlink(hash_path); /* both files or neither */
				rc = SEV_E_INTERNAL;
			}
		}
	} else if (!rc && root_file) {
		rc = sk_outset_commit(&o);
	}
	sk_outset_free(&o);
	return rc;
}

static int write_all(const struct vt_dev *data, struct target *t, struct sev_verity_params *p,
		     const struct sev_verity_geometry *g, const struct sev_verity_run *run,
		     uint8_t *root)
{
	uint8_t sb[SEV_VERITY_SB_SIZE];
	int rc = p->superblock ? sev_verity_sb_build(p, sb) : 0;

	if (!rc)
		rc = build_tree(data, &t->dev, p, g, run);
	if (!rc)
		rc = root_digest(data, &t->dev, p, g, root);
	/* superblock last, as veritysetup: a tree without one is not mistaken for complete */
	if (!rc && p->superblock)
		rc = vt_pwrite(&t->dev, sb, sizeof(sb), p->hash_offset);
	if (!rc)
		rc = sync_dev(&t->dev);
	return rc;
}

int sev_verity_format(const char *data_path, const char *hash_path, struct sev_verity_params *p,
		      const struct sev_verity_run *run, uint8_t root[SEV_VERITY_DIGEST_MAX],
		      size_t *root_len)
{
	struct sev_verity_geometry g;
	struct vt_dev data;
	struct target t;
	uint64_t given = p->data_blocks;
	int rc = sev_verity_params_check(p);

	if (rc)
		return rc;
	if (p->data_block_size > 4096)
		sk_warn("the kernel cannot activate a device whose data block size (%u) exceeds "
			"the page size (4096)", p->data_block_size);
	rc = vt_dev_open(&data, data_path, O_RDONLY);
	if (rc)
		return rc;
	rc = vt_count_data_blocks(&data, p);
	if (!rc)
		rc = sev_verity_geometry(p, &g);
	if (!rc) {
		posix_fadvise(data.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
		rc = open_target(&t, hash_path, &data, p, &g);
		if (!rc)
			rc = write_all(&data, &t, p, &g, run, root);
		if (!rc)
			rc = commit(&t, hash_path, run ? run->root_hash_file : NULL, root,
				    g.digest_size);
		close_target(&t);
	}
	vt_dev_close(&data);
	if (rc)
		p->data_blocks = given;
	else
		*root_len = g.digest_size;
	return rc;
}
