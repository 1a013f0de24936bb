/* SPDX-License-Identifier: Apache-2.0 */
/*
 * veritysetup verify, top down: the top hash block against the root hash, each
 * level against the (already verified) level above it, the data last. So the
 * first mismatch names the block that is actually corrupted, not its child.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/verity.h>

#include "crypto/digest.h"
#include "crypto/secure.h"
#include "util/log.h"
#include "util/struct.h"
#include "verity/verity-internal.h"

const char *sev_verity_area_name(enum sev_verity_area area)
{
	switch (area) {
	case SEV_VERITY_OK: return "none";
	case SEV_VERITY_ROOT: return "root";
	case SEV_VERITY_HASH: return "hash";
	case SEV_VERITY_DATA: return "data";
	case SEV_VERITY_PADDING: return "padding";
	}
	return "?";
}

static int check_root(const struct vt_dev *data, const struct vt_dev *hash,
		      const struct sev_verity_params *p, const struct sev_verity_geometry *g,
		      const uint8_t *root, struct sev_verity_failure *fail)
{
	const struct vt_dev *from = g->levels ? hash : data;
	uint32_t bs = g->levels ? p->hash_block_size : p->data_block_size;
	uint64_t block = g->levels ? g->level_start[g->levels - 1] : 0;
	uint8_t digest[SK_DIGEST_MAX], *buf = malloc(bs);
	struct sk_digest *dg;
	int rc = buf ? sk_digest_new(&dg, p->hash_name) : -ENOMEM;

	if (rc) {
		free(buf);
		return rc;
	}
	rc = vt_pread(from, buf, bs, block * bs);
	if (!rc)
		rc = vt_digest_block(dg, p, buf, bs, digest);
	if (!rc && !sk_ct_equal(digest, root, g->digest_size)) {
		fail->area = SEV_VERITY_ROOT;
		fail->level = g->levels ? g->levels - 1 : 0;
		fail->block = block;
		fail->offset = block * bs;
		rc = SEV_E_VERIFY;
	}
	sk_digest_free(dg);
	free(buf);
	return rc;
}

static void describe(const struct vt_level *lv, uint32_t level, const struct vt_mismatch *mm,
		     uint32_t hbs, struct sev_verity_failure *fail)
{
	if (mm->padding) {
		fail->area = SEV_VERITY_PADDING;
		fail->level = level;
		fail->block = lv->out_off / hbs + mm->out_block;
		fail->offset = mm->pad_offset;
	} else if (lv->data) {
		fail->area = SEV_VERITY_DATA;
		fail->block = mm->in_block;
		fail->offset = mm->in_block * lv->in_bs;
	} else {
		fail->area = SEV_VERITY_HASH;
		fail->level = level - 1;
		fail->block = lv->in_off / hbs + mm->in_block;
		fail->offset = lv->in_off + mm->in_block * hbs;
	}
}

/* Verify level k-1 (or the data, k = 0) against the stored level k. */
static int check_level(const struct vt_job *job, const struct vt_dev *data,
		       const struct vt_dev *hash, uint32_t k, struct sev_verity_failure *fail)
{
	const struct sev_verity_params *p = job->p;
	const struct sev_verity_geometry *g = job->g;
	struct vt_level lv = {
		.in = k ? hash : data,
		.in_off = k ? g->level_start[k - 1] * p->hash_block_size : 0,
		.in_bs = k ? p->hash_block_size : p->data_block_size,
		.in_blocks = k ? g->level_blocks[k - 1] : p->data_blocks,
		.out = hash,
		.out_off = g->level_start[k] * p->hash_block_size,
		.out_blocks = g->level_blocks[k],
		.verify = true,
		.data = k == 0,
		.level = k,
	};
	struct vt_mismatch mm;
	int rc = vt_run_level(job, &lv, &mm);

	if (rc)
		return rc;
	if (!mm.found)
		return 0;
	describe(&lv, k, &mm, p->hash_block_size, fail);
	return SEV_E_VERIFY;
}

static int check_sizes(const struct vt_dev *hash, const struct sev_verity_geometry *g)
{
	/* a one-block image has no tree: the hash device may end with the superblock */
	if (g->hash_blocks && hash->size < g->hash_end)
		return sk_fail(SEV_E_FORMAT, "%s: %llu bytes, too small for the hash area that "
			       "ends at byte %llu", hash->path, (unsigned long long)hash->size,
			       (unsigned long long)g->hash_end);
	return 0;
}

static int verify_open(const struct vt_dev *data, const struct vt_dev *hash,
		       const struct sev_verity_params *p, const struct sev_verity_geometry *g,
		       const uint8_t *root, const struct sev_verity_run *run,
		       struct sev_verity_failure *fail)
{
	struct vt_job job = { .p = p, .g = g, .run = run,
			      .progress_total = p->data_blocks * p->data_block_size };
	int rc = check_sizes(hash, g);

	if (!rc)
		rc = check_root(data, hash, p, g, root, fail);
	for (uint32_t k = g->levels; !rc && k-- > 0;)
		rc = check_level(&job, data, hash, k, fail);
	return rc;
}

int sev_verity_verify(const char *data_path, const char *hash_path,
		      const struct sev_verity_params *params, const uint8_t *root,
		      size_t root_len, const struct sev_verity_run *run,
		      struct sev_verity_failure *fail)
{
	struct sev_verity_coverage cov = SEV_INIT(struct sev_verity_coverage);

	return sev_verity_verify_coverage(data_path, hash_path, params, root, root_len, run, fail,
					  &cov);
}

static int do_verity_verify_coverage(const char *data_path, const char *hash_path,
				     const struct sev_verity_params *params, const uint8_t *root,
				     size_t root_len, const struct sev_verity_run *run,
				     struct sev_verity_failure *fail,
				     struct sev_verity_coverage *cov)
{
	struct sev_verity_params p = *params;
	struct sev_verity_geometry g;
	struct vt_dev data, hash;
	int rc;

	memset(fail, 0, sizeof(*fail));
	rc = sev_verity_params_check(&p);
	if (rc)
		return rc;
	/* with its check that the data does not run into a hash area on the same device */
	rc = vt_coverage(data_path, hash_path, &p, run, cov);
	if (rc)
		return rc;
	rc = vt_dev_open(&data, data_path, O_RDONLY);
	if (rc)
		return rc;
	rc = vt_dev_window(&data, run);
	if (!rc)
		rc = vt_count_data_blocks(&data, &p);
	if (!rc)
		rc = sev_verity_geometry(&p, &g);
	if (!rc && root_len != g.digest_size)
		rc = sk_fail(SEV_E_INVALID, "the root hash has %zu bytes, %s digests have %u",
			     root_len, p.hash_name, g.digest_size);
	if (!rc)
		rc = vt_dev_open(&hash, hash_path, O_RDONLY);
	if (!rc) {
		posix_fadvise(data.fd, (off_t)data.base, (off_t)data.size, POSIX_FADV_SEQUENTIAL);
		rc = verify_open(&data, &hash, &p, &g, root, run, fail);
		vt_dev_close(&hash);
	}
	vt_dev_close(&data);
	return rc;
}

int sev_verity_verify_coverage(const char *data_path, const char *hash_path,
			       const struct sev_verity_params *params, const uint8_t *root,
			       size_t root_len, const struct sev_verity_run *run,
			       struct sev_verity_failure *fail, struct sev_verity_coverage *cov)
{
	struct sev_verity_params params_mine;
	struct sev_verity_run run_mine = SEV_INIT(struct sev_verity_run);
	struct sev_verity_failure fail_mine = SEV_INIT(struct sev_verity_failure);
	struct sev_verity_coverage cov_mine = SEV_INIT(struct sev_verity_coverage);
	int rc;

	if ((rc = sk_struct_in(&params_mine, sizeof(params_mine), params, "sev_verity_params")) ||
	    (run && (rc = sk_struct_in(&run_mine, sizeof(run_mine), run, "sev_verity_run"))) ||
	    (rc = sk_struct_check_out(fail, sizeof(fail_mine), "sev_verity_failure")) ||
	    (rc = sk_struct_check_out(cov, sizeof(cov_mine), "sev_verity_coverage")))
		return rc;
	rc = do_verity_verify_coverage(data_path, hash_path, &params_mine, root, root_len,
				       run ? &run_mine : NULL, &fail_mine, &cov_mine);
	sk_struct_out(fail, &fail_mine, sizeof(fail_mine));
	sk_struct_out(cov, &cov_mine, sizeof(cov_mine));
	return rc;
}
