/* SPDX-License-Identifier: Apache-2.0 */
/* The host interface on the machine itself: CPUID, /dev/cpu/N/msr, files, /dev/kvm. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <linux/kvm.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "host/host-internal.h"
#include "util/bytes.h"
#include "util/fdio.h"
#include "util/log.h"

static int real_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
	(void)ctx;
#if defined(__x86_64__) || defined(__i386__)
	__cpuid_count(leaf, subleaf, regs[0], regs[1], regs[2], regs[3]);
	return 0;
#else
	(void)leaf;
	(void)subleaf;
	regs[0] = regs[1] = regs[2] = regs[3] = 0;
	return SEV_E_UNSUPPORTED;
#endif
}

/* The msr driver maps each MSR to the file offset of its number. */
static int real_rdmsr(void *ctx, unsigned cpu, uint32_t msr, uint64_t *value)
{
	char path[64];
	uint8_t buf[8];
	ssize_t n;
	int fd;

	(void)ctx;
	snprintf(path, sizeof(path), "/dev/cpu/%u/msr", cpu);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, buf, sizeof(buf), (off_t)msr);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	if (n != (ssize_t)sizeof(buf))
		return -EIO;
	*value = sk_get_le64(buf);
	return 0;
}

static int real_read_file(void *ctx, const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd, rc;

	(void)ctx;
	if (size == 0)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = sk_read_full(fd, buf, size - 1, &len);
	close(fd);
	if (rc)
		return rc;
	buf[len] = '\0';
	return (int)len;
}

/*
 * Opening tells more than the permission bits: a node whose driver is gone
 * fails to open (ENXIO, ENODEV) although access(2) would allow it.
 */
static int real_access(void *ctx, const char *path, int mode)
{
	int fd;

	(void)ctx;
	fd = open(path, (mode == W_OK ? O_WRONLY : O_RDONLY) | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int real_kvm_api_version(void *ctx)
{
	int fd, v;

	(void)ctx;
	fd = open(SK_PATH_DEV_KVM, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	v = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (v < 0)
		v = -errno;
	close(fd);
	return v;
}

static int real_memlock(void *ctx, uint64_t *soft, uint64_t *hard)
{
	struct rlimit rl;

	(void)ctx;
	if (getrlimit(RLIMIT_MEMLOCK, &rl) != 0)
		return -errno;
	*soft = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_cur;
	*hard = rl.rlim_max == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_max;
	return 0;
}

static void real_free(void *ctx)
{
	(void)ctx;
}

static const struct sk_host_ops real_ops = {
	.cpuid = real_cpuid,
	.rdmsr = real_rdmsr,
	.read_file = real_read_file,
	.access = real_access,
	.kvm_api_version = real_kvm_api_version,
	.memlock = real_memlock,
	.free = real_free,
};

int sk_host_new(const struct sk_host_ops *ops, void *ctx, struct sev_host **host)
{
	struct sev_host *h = calloc(1, sizeof(*h));

	if (!h)
		return -ENOMEM;
	h->ops = ops;
	h->ctx = ctx;
	*host = h;
	return 0;
}

int sev_host_open(struct sev_host **host)
{
	return sk_host_new(&real_ops, NULL, host);
}

void sev_host_free(struct sev_host *host)
{
	if (!host)
		return;
	host->ops->free(host->ctx);
	free(host);
}
