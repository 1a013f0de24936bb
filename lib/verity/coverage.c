/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How much of the data device a tree covers. The tree verifies data_blocks
 * blocks and nothing past them; verify reports the rest (see verity.h for why
 * that rest is not a failure, and why the number itself is not proven).
 */
#include <fcntl.h>

#include "util/log.h"
#include "util/struct.h"
#include "verity/verity-internal.h"

int vt_coverage(const char *data_path, const char *hash_path,
		const struct sev_verity_params *params, const struct sev_verity_run *run,
		struct sev_verity_coverage *c)
{
	struct sev_verity_params p = *params;
	struct vt_dev data, hash;
	int rc = sev_verity_params_check(&p);

	if (rc)
		return rc;
	rc = vt_dev_open(&data, data_path, O_RDONLY);
	if (rc)
		return rc;
	rc = vt_dev_window(&data, run);
	if (!rc)
		rc = vt_count_data_blocks(&data, &p);
	if (!rc)
		rc = vt_dev_open(&hash, hash_path, O_RDONLY);
	if (rc) {
		vt_dev_close(&data);
		return rc;
	}
	c->shared = vt_dev_same(&data, &hash);
	if (c->shared && (data.base || (run && run->data_size))) {
		vt_dev_close(&hash);
		vt_dev_close(&data);
		return sk_fail(SEV_E_INVALID, "%s: the hash device must be another file than the "
			       "one the data are a part of", hash_path);
	}
	c->data_blocks = p.data_blocks;
	c->covered = p.data_blocks * p.data_block_size; /* bounded by sev_verity_params_check */
	/* on a shared device the data ends where the hash area (superblock or tree) starts */
	c->end = c->shared ? p.hash_offset : data.size;
	vt_dev_close(&hash);
	vt_dev_close(&data);
	if (c->shared && c->covered > c->end)
		return sk_fail(SEV_E_FORMAT, "%s: data area overlaps with hash area: %llu data "
			       "blocks end at byte %llu, the hash area starts at byte %llu",
			       data_path, (unsigned long long)c->data_blocks,
			       (unsigned long long)c->covered, (unsigned long long)c->end);
	return 0;
}

int sev_verity_coverage(const char *data_path, const char *hash_path,
			const struct sev_verity_params *params, struct sev_verity_coverage *c)
{
	struct sev_verity_params params_mine;
	struct sev_verity_coverage c_mine = SEV_INIT(struct sev_verity_coverage);
	int rc;

	if ((rc = sk_struct_in(&params_mine, sizeof(params_mine), params, "sev_verity_params")) ||
	    (rc = sk_struct_check_out(c, sizeof(c_mine), "sev_verity_coverage")))
		return rc;
	rc = vt_coverage(data_path, hash_path, &params_mine, NULL, &c_mine);
	sk_struct_out(c, &c_mine, sizeof(c_mine));
	return rc;
}
