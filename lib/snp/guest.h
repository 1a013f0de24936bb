/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest-side interfaces behind sev_snp_fetch_report() and
 * sev_snp_derive_key(), as small operation tables so that a fake device or
 * a fake configfs can stand in for the kernel.
 */
#ifndef SK_SNP_GUEST_H
#define SK_SNP_GUEST_H

#include <sevkit/snp.h>

/*
 * /dev/sev-guest: each call sends one request buffer and receives one
 * response buffer (the firmware's MSG_*_RSP); ext_certs is the extended
 * report's certificate buffer (NULL for the other requests).
 */
struct sk_snp_device {
	void *ctx;
	/* nr: 0 SNP_GET_REPORT, 1 SNP_GET_DERIVED_KEY, 2 SNP_GET_EXT_REPORT */
	int (*request)(void *ctx, unsigned nr, const uint8_t *req, size_t req_len, uint8_t *resp,
		       size_t resp_len, uint8_t *certs, uint32_t *certs_len, uint64_t *exitinfo2);
	void (*close)(void *ctx);
};

int sk_snp_device_open(const char *path, struct sk_snp_device *dev);
int sk_snp_device_report(struct sk_snp_device *dev, const uint8_t data[64], uint32_t vmpl,
			 bool extended, uint8_t report[SEV_SNP_REPORT_SIZE], uint8_t **certs,
			 size_t *certs_len);
int sk_snp_device_derive_key(struct sk_snp_device *dev, const struct sev_snp_key_request *req,
			     uint8_t key[SEV_SNP_DERIVED_KEY_SIZE]);

/* configfs-tsm: the few file operations of the report flow, relative to the report dir. */
struct sk_tsm_fs {
	void *ctx;
	int (*mkdir)(void *ctx, const char *entry);
	int (*rmdir)(void *ctx, const char *entry);
	/* path is "<entry>/<attribute>" */
	int (*read)(void *ctx, const char *path, uint8_t **buf, size_t *len);
	int (*write)(void *ctx, const char *path, const void *data, size_t len);
	void (*close)(void *ctx);
};

/* The real configfs at dir; -ENOENT when it does not exist. */
int sk_tsm_fs_open(const char *dir, struct sk_tsm_fs *fs);
int sk_tsm_report(struct sk_tsm_fs *fs, const uint8_t data[64], int vmpl, bool extended,
		  uint8_t report[SEV_SNP_REPORT_SIZE], uint8_t **certs, size_t *certs_len);

#endif
