/* SPDX-License-Identifier: Apache-2.0 */
/*
 * /dev/sev-guest (Linux include/uapi/linux/sev-guest.h): SNP_GET_REPORT,
 * SNP_GET_EXT_REPORT and SNP_GET_DERIVED_KEY, and sev_snp_fetch_report(),
 * which prefers configfs-tsm and falls back to the device.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "crypto/secure.h"
#include "guest.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"
#include "util/struct.h"

#define DEFAULT_DEVICE "/dev/sev-guest"
#define REPORT_REQ_SIZE 96
#define REPORT_RESP_SIZE 4000
#define KEY_REQ_SIZE 32
#define KEY_RESP_SIZE 64
#define CERTS_MAX 0x4000 /* SEV_FW_BLOB_MAX_SIZE */
#define VMM_ERR_INVALID_LEN 1
#define VMM_ERR_BUSY 2

/* The kernel's struct snp_guest_request_ioctl: an ABI the kernel reads, not input. */
struct guest_request {
	uint8_t msg_version;
	uint64_t req_data;
	uint64_t resp_data;
	uint64_t exitinfo2;
};

#define SNP_IOCTL(nr) _IOWR('S', nr, struct guest_request)

static int dev_request(void *ctx, unsigned nr, const uint8_t *req, size_t req_len,
		       uint8_t *resp, size_t resp_len, uint8_t *certs, uint32_t *certs_len,
		       uint64_t *exitinfo2)
{
	int fd = *(int *)ctx;
	uint8_t ext[112] = { 0 }; /* struct snp_ext_report_req */
	struct guest_request g = { .msg_version = 1, .resp_data = (uintptr_t)resp };
	int rc;

	(void)resp_len;
	g.req_data = (uintptr_t)req;
	if (nr == 2) {
		memcpy(ext, req, req_len);
		sk_put_le64(ext + 96, (uintptr_t)certs);
		sk_put_le32(ext + 104, *certs_len);
		g.req_data = (uintptr_t)ext;
	}
	rc = ioctl(fd, (unsigned long)(nr == 0 ? SNP_IOCTL(0) : nr == 1 ? SNP_IOCTL(1) :
				       SNP_IOCTL(2)), &g);
	*exitinfo2 = g.exitinfo2;
	if (nr == 2)
		*certs_len = sk_get_le32(ext + 104);
	return rc < 0 ? -errno : 0;
}

static void dev_close(void *ctx)
{
	close(*(int *)ctx);
	free(ctx);
}

int sk_snp_device_open(const char *path, struct sk_snp_device *dev)
{
	int *fd = malloc(sizeof(*fd));

	if (!fd)
		return -ENOMEM;
	*fd = open(path, O_RDWR | O_CLOEXEC);
	if (*fd < 0) {
		int err = -errno;

		free(fd);
		return err;
	}
	dev->ctx = fd;
	dev->request = dev_request;
	dev->close = dev_close;
	return 0;
}

static int request_failed(int rc, uint64_t exitinfo2, const char *what)
{
	uint32_t fw = (uint32_t)exitinfo2, vmm = (uint32_t)(exitinfo2 >> 32);

	if (rc == -ENOTTY)
		return sk_fail(SEV_E_DEVICE, "%s: refused by the sev-guest driver (not an SNP "
			       "guest, or its VMPCK was disabled after an error)", what);
	return sk_fail(rc == -EACCES || rc == -EPERM ? rc : SEV_E_DEVICE,
		       "%s: %s (firmware error 0x%x, hypervisor error %u)", what, strerror(-rc), fw,
		       vmm);
}

static const char *status_name(uint32_t status)
{
	switch (status) {
	case 0x16: return "INVALID_PARAM: e.g. a VMPL below the caller's";
	case 0x27: return "INVALID_KEY";
	default: return "firmware error";
	}
}

static int parse_report_resp(const uint8_t *resp, uint8_t report[SEV_SNP_REPORT_SIZE])
{
	struct sk_reader rd;
	uint32_t status, size;
	int rc;

	sk_reader_init(&rd, resp, REPORT_RESP_SIZE, "MSG_REPORT_RSP");
	if ((rc = sk_read_u32(&rd, &status, "STATUS")) ||
	    (rc = sk_read_u32(&rd, &size, "REPORT_SIZE")) ||
	    (rc = sk_read_skip(&rd, 24, "reserved")))
		return rc;
	if (status)
		return sk_fail(SEV_E_DEVICE, "report request: status 0x%x (%s)", status,
			       status_name(status));
	if (size != SEV_SNP_REPORT_SIZE)
		return sk_reader_reject(&rd, 4, "REPORT_SIZE", "%u, expected %u", size,
					SEV_SNP_REPORT_SIZE);
	return sk_read_bytes(&rd, report, SEV_SNP_REPORT_SIZE, "REPORT");
}

static int ext_request(struct sk_snp_device *dev, const uint8_t *req, uint8_t *resp,
		       uint8_t **certs, size_t *certs_len)
{
	uint32_t len = CERTS_MAX;
	uint64_t exitinfo2 = 0;
	int rc;

	for (int attempt = 0; attempt < 2; attempt++) {
		/* the kernel wants a page-aligned, page-sized buffer */
		*certs = aligned_alloc(4096, len);
		if (!*certs)
			return -ENOMEM;
		memset(*certs, 0, len);
		rc = dev->request(dev->ctx, 2, req, REPORT_REQ_SIZE, resp, REPORT_RESP_SIZE,
				  *certs, &len, &exitinfo2);
		if (!rc) {
			*certs_len = len;
			return 0;
		}
		free(*certs);
		*certs = NULL;
		if (rc != -EIO || (exitinfo2 >> 32) != VMM_ERR_INVALID_LEN || len > 16 * CERTS_MAX)
			break;
		len = (len + 4095) & ~4095u; /* the host said how much it needs */
	}
	return request_failed(rc, exitinfo2, "SNP_GET_EXT_REPORT");
}

int sk_snp_device_report(struct sk_snp_device *dev, const uint8_t data[64], uint32_t vmpl,
			 bool extended, uint8_t report[SEV_SNP_REPORT_SIZE], uint8_t **certs,
			 size_t *certs_len)
{
	uint8_t req[REPORT_REQ_SIZE] = { 0 };
	uint8_t *resp = calloc(1, REPORT_RESP_SIZE);
	uint64_t exitinfo2 = 0;
	int rc;

	if (!resp)
		return -ENOMEM;
	memcpy(req, data, 64);
	sk_put_le32(req + 64, vmpl);
	if (extended) {
		rc = ext_request(dev, req, resp, certs, certs_len);
	} else {
		rc = dev->request(dev->ctx, 0, req, sizeof(req), resp, REPORT_RESP_SIZE, NULL, NULL,
				  &exitinfo2);
		if (rc)
			rc = request_failed(rc, exitinfo2, "SNP_GET_REPORT");
	}
	if (!rc && (rc = parse_report_resp(resp, report)) && extended) {
		free(*certs);
		*certs = NULL;
	}
	free(resp);
	return rc;
}

int sk_snp_device_derive_key(struct sk_snp_device *dev, const struct sev_snp_key_request *req,
			     uint8_t key[SEV_SNP_DERIVED_KEY_SIZE])
{
	uint8_t msg[KEY_REQ_SIZE] = { 0 }, resp[KEY_RESP_SIZE] = { 0 };
	uint64_t exitinfo2 = 0;
	uint32_t status;
	int rc;

	if (req->guest_field_select & ~(uint64_t)SEV_SNP_GFS_KNOWN || req->vmpl > 3 ||
	    req->root_key > SEV_SNP_ROOT_VMRK)
		return sk_fail(SEV_E_INVALID, "derived key request: root key, VMPL (0-3) or guest "
			       "field select (0x%x) out of range", SEV_SNP_GFS_KNOWN);
	sk_put_le32(msg, (uint32_t)req->root_key);
	sk_put_le64(msg + 8, req->guest_field_select);
	sk_put_le32(msg + 16, req->vmpl);
	sk_put_le32(msg + 20, req->guest_svn);
	sk_put_le64(msg + 24, req->tcb_version);
	rc = dev->request(dev->ctx, 1, msg, sizeof(msg), resp, sizeof(resp), NULL, NULL,
			  &exitinfo2);
	if (rc)
		return request_failed(rc, exitinfo2, "SNP_GET_DERIVED_KEY");
	status = sk_get_le32(resp);
	if (status)
		rc = sk_fail(SEV_E_DEVICE, "derived key request: status 0x%x (%s)", status,
			     status_name(status));
	else
		memcpy(key, resp + 32, SEV_SNP_DERIVED_KEY_SIZE);
	sk_wipe(resp, sizeof(resp));
	return rc;
}

static int open_device(const char *path, struct sk_snp_device *dev)
{
	int rc = sk_snp_device_open(path, dev);

	if (rc)
		return sk_fail(rc == -EACCES || rc == -EPERM ? rc : SEV_E_DEVICE, "%s: %s", path,
			       strerror(-rc));
	return 0;
}

static int do_snp_fetch_report(const struct sev_snp_fetch_opts *o,
			       uint8_t report[SEV_SNP_REPORT_SIZE], uint8_t **certs,
			       size_t *certs_len)
{
	const char *path = o->device ? o->device : DEFAULT_DEVICE;
	struct sk_snp_device dev;
	struct sk_tsm_fs fs;
	int rc;

	*certs = NULL;
	*certs_len = 0;
	if (o->vmpl > 3)
		return sk_fail(SEV_E_INVALID, "VMPL %d is not 0-3", o->vmpl);
	if (o->via != SEV_SNP_VIA_IOCTL) {
		rc = sk_tsm_fs_open(o->tsm_dir, &fs);
		if (!rc) {
			rc = sk_tsm_report(&fs, o->report_data, o->vmpl, o->extended, report, certs,
					   certs_len);
			fs.close(fs.ctx);
			return rc;
		}
		if (o->via == SEV_SNP_VIA_TSM)
			return sk_fail(SEV_E_DEVICE, "configfs-tsm is not available");
		sk_info("configfs-tsm is not available; using %s", path);
	}
	if ((rc = open_device(path, &dev)))
		return rc;
	rc = sk_snp_device_report(&dev, o->report_data, o->vmpl < 0 ? 0 : (uint32_t)o->vmpl,
				  o->extended, report, certs, certs_len);
	dev.close(dev.ctx);
	return rc;
}

int sev_snp_fetch_report(const struct sev_snp_fetch_opts *o,
			 uint8_t report[SEV_SNP_REPORT_SIZE], uint8_t **certs, size_t *certs_len)
{
	struct sev_snp_fetch_opts o_mine;
	int rc;

	if ((rc = sk_struct_in(&o_mine, sizeof(o_mine), o, "sev_snp_fetch_opts")))
		return rc;
	return do_snp_fetch_report(&o_mine, report, certs, certs_len);
}

static int do_snp_derive_key(const char *device, const struct sev_snp_key_request *req,
			     uint8_t key[SEV_SNP_DERIVED_KEY_SIZE])
{
	struct sk_snp_device dev;
	int rc = open_device(device ? device : DEFAULT_DEVICE, &dev);

	if (rc)
		return rc;
	rc = sk_snp_device_derive_key(&dev, req, key);
	dev.close(dev.ctx);
	return rc;
}

int sev_snp_derive_key(const char *device, const struct sev_snp_key_request *req,
		       uint8_t key[SEV_SNP_DERIVED_KEY_SIZE])
{
	struct sev_snp_key_request req_mine;
	int rc;

	if ((rc = sk_struct_in(&req_mine, sizeof(req_mine), req, "sev_snp_key_request")))
		return rc;
	return do_snp_derive_key(device, &req_mine, key);
}

int sev_snp_gfs_by_name(const char *name, uint64_t *mask)
{
	static const char *const names[] = { "policy", "image_id", "family_id", "measurement",
					     "guest_svn", "tcb_version" };

	for (size_t i = 0; i < SK_ARRAY_SIZE(names); i++) {
		if (strcmp(name, names[i]) == 0) {
			*mask = 1ull << i;
			return 0;
		}
	}
	return SEV_E_INVALID;
}
