/* SPDX-License-Identifier: Apache-2.0 */
/*
 * configfs-tsm reports (Linux >= 6.7, Documentation/ABI/testing/
 * configfs-tsm-report): make an entry, write inblob (and privlevel), read
 * outblob (and auxblob), remove the entry. Every write bumps "generation";
 * reading it around the reads detects another writer on the same entry.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/secure.h"
#include "guest.h"
#include "util/fdio.h"
#include "util/log.h"
#include "util/number.h"

#define DEFAULT_DIR "/sys/kernel/config/tsm/report"
#define ATTR_MAX (1u << 20)

struct posix_fs {
	int dirfd;
};

static int px_mkdir(void *ctx, const char *entry)
{
	struct posix_fs *p = ctx;

	return mkdirat(p->dirfd, entry, 0700) ? -errno : 0;
}

static int px_rmdir(void *ctx, const char *entry)
{
	struct posix_fs *p = ctx;

	return unlinkat(p->dirfd, entry, AT_REMOVEDIR) ? -errno : 0;
}

static int read_all(int fd, uint8_t **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	uint8_t *b = malloc(cap + 1);

	if (!b)
		return -ENOMEM;
	for (;;) {
		size_t got;
		int rc;

		if (n == cap) {
			uint8_t *nb = cap < ATTR_MAX ? realloc(b, 2 * cap + 1) : NULL;

			if (!nb) {
				free(b);
				return cap < ATTR_MAX ? -ENOMEM : -EFBIG;
			}
			b = nb;
			cap *= 2;
		}
		rc = sk_read_full(fd, b + n, cap - n, &got);
		n += got;
		if (rc) {
			free(b);
			return rc;
		}
		if (n < cap) /* the end of the file */
			break;
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

static int px_read(void *ctx, const char *path, uint8_t **buf, size_t *len)
{
	struct posix_fs *p = ctx;
	int fd = openat(p->dirfd, path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	rc = read_all(fd, buf, len);
	close(fd);
	return rc;
}

/* No O_TRUNC or O_CREAT: configfs attributes exist and some implementations refuse both. */
static int px_write(void *ctx, const char *path, const void *data, size_t len)
{
	struct posix_fs *p = ctx;
	int fd = openat(p->dirfd, path, O_WRONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = sk_write_full(fd, data, len, NULL);
	/* a binary attribute is handed to the driver when the file is closed */
	if (close(fd) && !rc)
		rc = -errno;
	return rc;
}

static void px_close(void *ctx)
{
	struct posix_fs *p = ctx;

	close(p->dirfd);
	free(p);
}

int sk_tsm_fs_open(const char *dir, struct sk_tsm_fs *fs)
{
	struct posix_fs *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	dir = dir ? dir : DEFAULT_DIR;
	p->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p->dirfd < 0) {
		int err = -errno;

		free(p);
		return err;
	}
	*fs = (struct sk_tsm_fs){ p, px_mkdir, px_rmdir, px_read, px_write, px_close };
	return 0;
}

struct entry {
	struct sk_tsm_fs *fs;
	char name[64];
	uint64_t generation; /* what "generation" must read now */
};

static int attr_path(const struct entry *e, const char *attr, char *path, size_t n)
{
	return snprintf(path, n, "%s/%s", e->name, attr) < (int)n ? 0 : SEV_E_INTERNAL;
}

static int read_attr(struct entry *e, const char *attr, uint8_t **buf, size_t *len)
{
	char path[128];
	int rc = attr_path(e, attr, path, sizeof(path));

	if (!rc)
		rc = e->fs->read(e->fs->ctx, path, buf, len);
	return rc;
}

static int read_number(struct entry *e, const char *attr, uint64_t *v)
{
	uint8_t *buf;
	size_t len;
	int rc = read_attr(e, attr, &buf, &len);

	if (rc)
		return rc;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = 0;
	rc = sk_parse_uint((char *)buf, UINT64_MAX, v) ? SEV_E_FORMAT : 0;
	free(buf);
	return rc ? sk_fail(rc, "configfs-tsm: %s is not a number", attr) : 0;
}

static int write_attr(struct entry *e, const char *attr, const void *data, size_t len)
{
	char path[128];
	int rc = attr_path(e, attr, path, sizeof(path));

	if (!rc)
		rc = e->fs->write(e->fs->ctx, path, data, len);
	if (rc)
		return sk_fail(rc == -EINVAL ? SEV_E_INVALID : SEV_E_DEVICE,
			       "configfs-tsm: writing %s: %s", attr, strerror(rc < 0 ? -rc : EIO));
	e->generation++;
	return 0;
}

static int check_generation(struct entry *e, const char *after)
{
	uint64_t g;
	int rc = read_number(e, "generation", &g);

	if (rc)
		return rc;
	if (g != e->generation)
		return sk_fail(SEV_E_DEVICE, "configfs-tsm: generation is %llu after %s, expected "
			       "%llu: another process wrote to the report entry",
			       (unsigned long long)g, after, (unsigned long long)e->generation);
	return 0;
}

static int check_provider(struct entry *e)
{
	uint8_t *buf;
	size_t len;
	int rc = read_attr(e, "provider", &buf, &len);

	if (rc)
		return sk_fail(SEV_E_DEVICE, "configfs-tsm: %s has no provider attribute: not a "
			       "configfs-tsm report directory", e->name);
	if (len < 9 || memcmp(buf, "sev_guest", 9) != 0 || (len > 9 && buf[9] != '\n'))
		rc = sk_fail(SEV_E_UNSUPPORTED, "configfs-tsm: provider is '%.*s', not sev_guest",
			     (int)(len > 32 ? 32 : len), (char *)buf);
	free(buf);
	return rc;
}

/* VMPL: the one asked for, which must not be below privlevel_floor; else the floor. */
static int set_privlevel(struct entry *e, int vmpl)
{
	uint64_t floor = 0;
	char text[8];
	int rc = read_number(e, "privlevel_floor", &floor);

	if (rc && rc != -ENOENT)
		return rc;
	if (vmpl >= 0 && (uint64_t)vmpl < floor)
		return sk_fail(SEV_E_INVALID, "configfs-tsm: VMPL %d is below privlevel_floor %llu",
			       vmpl, (unsigned long long)floor);
	if (vmpl < 0 && floor == 0)
		return 0;
	snprintf(text, sizeof(text), "%llu\n", vmpl < 0 ? (unsigned long long)floor :
		 (unsigned long long)vmpl);
	return write_attr(e, "privlevel", text, strlen(text));
}

static int take_report(struct entry *e, uint8_t report[SEV_SNP_REPORT_SIZE])
{
	uint8_t *buf;
	size_t len;
	int rc = read_attr(e, "outblob", &buf, &len);

	if (rc)
		return sk_fail(rc == -EINVAL ? SEV_E_INVALID : SEV_E_DEVICE,
			       "configfs-tsm: reading outblob: %s", strerror(-rc));
	if (len != SEV_SNP_REPORT_SIZE)
		rc = sk_fail(SEV_E_FORMAT, "configfs-tsm: outblob has %zu bytes, expected %u", len,
			     SEV_SNP_REPORT_SIZE);
	else
		memcpy(report, buf, len);
	free(buf);
	return rc ? rc : check_generation(e, "reading outblob");
}

static int take_certs(struct entry *e, uint8_t **certs, size_t *certs_len)
{
	int rc = read_attr(e, "auxblob", certs, certs_len);

	if (rc)
		return sk_fail(SEV_E_DEVICE, "configfs-tsm: reading auxblob: %s", strerror(-rc));
	rc = check_generation(e, "reading auxblob");
	if (rc) {
		free(*certs);
		*certs = NULL;
	}
	return rc;
}

static int flow(struct entry *e, const uint8_t data[64], int vmpl, bool extended,
		uint8_t report[SEV_SNP_REPORT_SIZE], uint8_t **certs, size_t *certs_len)
{
	int rc;

	if ((rc = check_provider(e)) || (rc = read_number(e, "generation", &e->generation)) ||
	    (rc = write_attr(e, "inblob", data, 64)) || (rc = set_privlevel(e, vmpl)) ||
	    (rc = check_generation(e, "writing the request")))
		return rc;
	if (extended && (rc = take_certs(e, certs, certs_len)))
		return rc;
	rc = take_report(e, report);
	if (rc && extended) {
		free(*certs);
		*certs = NULL;
	}
	return rc;
}

int sk_tsm_report(struct sk_tsm_fs *fs, const uint8_t data[64], int vmpl, bool extended,
		  uint8_t report[SEV_SNP_REPORT_SIZE], uint8_t **certs, size_t *certs_len)
{
	struct entry e = { .fs = fs };
	uint32_t tag;
	int rc;

	if ((rc = sk_random(&tag, sizeof(tag))))
		return rc;
	snprintf(e.name, sizeof(e.name), "sevkit-%ld-%08x", (long)getpid(), tag);
	rc = fs->mkdir(fs->ctx, e.name);
	if (rc)
		return sk_fail(rc == -EACCES || rc == -EPERM ? rc : SEV_E_DEVICE,
			       "configfs-tsm: cannot create a report entry: %s", strerror(-rc));
	rc = flow(&e, data, vmpl, extended, report, certs, certs_len);
	if (fs->rmdir(fs->ctx, e.name))
		sk_warn("configfs-tsm: cannot remove the report entry %s", e.name);
	return rc;
}
