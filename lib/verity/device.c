/* SPDX-License-Identifier: Apache-2.0 */
/* Data and hash devices: regular files or block devices, read and written by offset. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/fdio.h"
#include "util/log.h"
#include "verity/verity-internal.h"

int vt_dev_open(struct vt_dev *d, const char *path, int flags)
{
	struct stat st;
	int fd, rc;

	/* what is only read is an input file, opened by the rule every input follows */
	if ((flags & O_ACCMODE) == O_RDONLY) {
		fd = sk_file_open_input(path, flags & ~O_ACCMODE, &st);
	} else if ((fd = open(path, flags | O_CLOEXEC)) < 0) {
		rc = -errno;
		fd = sk_fail(rc, "%s: %s", path, strerror(-rc));
	}
	if (fd < 0) {
		memset(d, 0, sizeof(*d));
		d->fd = -1;
		return fd;
	}
	return vt_dev_adopt(d, fd, path);
}

int vt_dev_adopt(struct vt_dev *d, int fd, const char *path)
{
	struct stat st;
	int rc;

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->fd = fd;
	if (fstat(d->fd, &st) != 0) {
		rc = -errno;
		sk_err("%s: %s", path, strerror(-rc));
		goto fail;
	}
	d->st_dev = st.st_dev;
	d->st_ino = st.st_ino;
	d->st_rdev = st.st_rdev;
	if (S_ISREG(st.st_mode)) {
		d->size = (uint64_t)st.st_size;
		return 0;
	}
	if (!S_ISBLK(st.st_mode)) {
		rc = sk_fail(SEV_E_INVALID, "%s: not a regular file or a block device", path);
		goto fail;
	}
	d->block = true;
	if (ioctl(d->fd, BLKGETSIZE64, &d->size) != 0) {
		rc = -errno;
		sk_err("%s: cannot get the device size: %s", path, strerror(-rc));
		goto fail;
	}
	return 0;
fail:
	close(d->fd);
	d->fd = -1;
	return rc;
}

void vt_dev_close(struct vt_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

int vt_dev_window(struct vt_dev *d, const struct sev_verity_run *run)
{
	uint64_t off = run ? run->data_offset : 0, size = run ? run->data_size : 0;

	if (off > d->size || size > d->size - off)
		return sk_fail(SEV_E_INVALID, "%s: %llu bytes at offset %llu do not fit in its %llu "
			       "bytes", d->path, (unsigned long long)size, (unsigned long long)off,
			       (unsigned long long)d->size);
	d->base = off;
	d->size = size ? size : d->size - off;
	return 0;
}

bool vt_dev_same(const struct vt_dev *a, const struct vt_dev *b)
{
	if (a->block || b->block)
		return a->block && b->block && a->st_rdev == b->st_rdev;
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

int vt_pread(const struct vt_dev *d, void *buf, size_t n, uint64_t off)
{
	size_t got;
	int rc = sk_pread_full(d->fd, buf, n, d->base + off, &got);

	off += got;
	if (rc)
		return sk_fail(rc, "%s: read at offset %llu failed: %s", d->path,
			       (unsigned long long)off, strerror(-rc));
	if (got < n)
		return sk_fail(SEV_E_FORMAT, "%s: unexpected end at offset %llu", d->path,
			       (unsigned long long)off);
	return 0;
}

int vt_pwrite(const struct vt_dev *d, const void *buf, size_t n, uint64_t off)
{
	size_t put;
	int rc = sk_pwrite_full(d->fd, buf, n, d->base + off, &put);

	if (rc)
		return sk_fail(rc, "%s: write at offset %llu failed: %s", d->path,
			       (unsigned long long)(off + put), strerror(-rc));
	return 0;
}

int vt_count_data_blocks(const struct vt_dev *data, struct sev_verity_params *p)
{
	uint64_t bs = p->data_block_size;

	unsigned long long size = data->size;

	if (p->data_blocks == 0) {
		if (size % bs)
			return sk_fail(SEV_E_FORMAT, "%s: size %llu is not a multiple of the "
				       "data block size %llu: its last %llu bytes would not be "
				       "protected; pass --data-blocks=%llu to hash only the whole "
				       "blocks", data->path, size, (unsigned long long)bs,
				       size % bs, size / bs);
		p->data_blocks = size / bs;
		if (p->data_blocks == 0)
			return sk_fail(SEV_E_FORMAT, "%s: empty: no data block to hash",
				       data->path);
		return 0;
	}
	if (size / bs < p->data_blocks)
		return sk_fail(SEV_E_FORMAT, "%s: %llu bytes, too small for %llu data blocks "
			       "of %llu bytes", data->path, size,
			       (unsigned long long)p->data_blocks, (unsigned long long)bs);
	return 0;
}

const uint8_t *vt_map(const struct vt_dev *d, uint64_t off, size_t len, struct vt_map *m)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), start;
	void *p;

	m->addr = NULL;
	/* only what the device surely holds: past its end a mapping would fault (SIGBUS) */
	if (len == 0 || off + len > d->size || off + len < off)
		return NULL;
	off += d->base;
	start = off - off % page;
	m->len = len + (size_t)(off - start);
	p = mmap(NULL, m->len, PROT_READ, MAP_SHARED | MAP_POPULATE, d->fd, (off_t)start);
	if (p == MAP_FAILED)
		return NULL;
	m->addr = p;
	return (const uint8_t *)p + (off - start);
}

void vt_unmap(struct vt_map *m)
{
	if (m->addr)
		munmap(m->addr, m->len);
	m->addr = NULL;
}
