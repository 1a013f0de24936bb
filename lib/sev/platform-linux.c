/* SPDX-License-Identifier: Apache-2.0 */
/* The SEV device node: SEV_ISSUE_CMD ioctls on /dev/sev. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/psp-sev.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "sev/platform-dev.h"
#include "util/bytes.h"
#include "util/log.h"

/* The byte layouts platform.c builds must be the kernel's. */
_Static_assert(sizeof(struct sev_issue_cmd) == 16, "sev_issue_cmd layout");
_Static_assert(sizeof(struct sev_user_data_status) == SK_STATUS_SIZE, "status layout");
_Static_assert(sizeof(struct sev_user_data_pek_csr) == SK_BUF_PARAM_SIZE, "pek_csr layout");
_Static_assert(sizeof(struct sev_user_data_get_id2) == SK_BUF_PARAM_SIZE, "get_id2 layout");
_Static_assert(sizeof(struct sev_user_data_pdh_cert_export) == SK_PAIR_PARAM_SIZE,
	       "pdh_cert_export layout");
_Static_assert(sizeof(struct sev_user_data_pek_cert_import) == SK_PAIR_PARAM_SIZE,
	       "pek_cert_import layout");
_Static_assert(sizeof(struct sev_user_data_get_id) == SK_GET_ID_SIZE, "get_id layout");
_Static_assert((int)SEV_GET_ID2 == (int)SK_SEV_GET_ID2 &&
	       (int)SEV_PDH_CERT_EXPORT == (int)SK_SEV_PDH_CERT_EXPORT, "command ids");

struct dev {
	int fd;
};

static int linux_issue(void *ctx, uint32_t cmd, uint8_t *data, uint32_t *fw_error)
{
	struct dev *d = ctx;
	uint8_t arg[16] = { 0 }; /* struct sev_issue_cmd: u32 cmd, u64 data, u32 error */
	int rc;

	sk_put_le32(arg, cmd);
	sk_put_le64(arg + 4, (uint64_t)(uintptr_t)data);
	do
		rc = ioctl(d->fd, SEV_ISSUE_CMD, arg);
	while (rc < 0 && errno == EINTR);
	*fw_error = sk_get_le32(arg + 12);
	return rc < 0 ? -errno : 0;
}

static uint32_t linux_cpuid1(void *ctx)
{
	unsigned eax = 0;
#if defined(__x86_64__) || defined(__i386__)
	unsigned ebx, ecx, edx;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
		eax = 0;
#endif
	(void)ctx;
	return eax;
}

static void linux_close(void *ctx)
{
	struct dev *d = ctx;

	close(d->fd);
	free(d);
}

static const struct sk_sev_dev_ops linux_ops = {
	.issue = linux_issue,
	.cpuid1 = linux_cpuid1,
	.close = linux_close,
};

int sk_sev_linux_open(const char *path, struct sev_platform **p)
{
	struct dev *d;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	int rc;

	/* status, export and id need only read access */
	if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS))
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		sk_debug("%s: %s", path, sev_strerror(rc));
		return rc;
	}
	d = malloc(sizeof(*d));
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	d->fd = fd;
	rc = sk_platform_new(&linux_ops, d, p);
	if (rc)
		linux_close(d);
	return rc;
}
