/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The certificate file a VMM serves extended reports from, and its lock. The
 * file is rewritten in place, not renamed over: a VMM waiting for its shared
 * lock holds the old file open, and must read the new contents once the lock
 * is released, not the old ones of a file that is no longer there.
 */
#include <sevkit/snp.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/fdio.h"
#include "util/file.h"
#include "util/log.h"

#define LOCK_TRIES 1000 /* 10 ms apart: 10 s */
#define FILE_MAX (1u << 20)

static int make_parent(const char *path)
{
	char *copy = strdup(path);
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	if (mkdir(dirname(copy), 0755) < 0 && errno != EEXIST)
		rc = sk_fail(-errno, "%s: cannot create its directory: %s", path, strerror(errno));
	free(copy);
	return rc;
}

static int lock(int fd, short type, const char *path)
{
	struct flock l = { .l_type = type, .l_whence = SEEK_SET };
	const struct timespec pause = { 0, 10 * 1000 * 1000 };

	for (int i = 0; i < LOCK_TRIES; i++) {
		if (fcntl(fd, F_OFD_SETLK, &l) == 0)
			return 0;
		if (errno != EAGAIN && errno != EACCES && errno != EINTR)
			return sk_fail(-errno, "%s: cannot lock: %s", path, strerror(errno));
		nanosleep(&pause, NULL);
	}
	return sk_fail(SEV_E_DEVICE, "%s: still locked after 10 s by another process (a VMM "
		       "serving a report?)", path);
}

/* Open it, creating it 0644 (VMMs of other users read it, whatever the umask) when asked. */
static int open_file(const char *path, unsigned flags, bool *created)
{
	int mode = flags & SEV_SNP_CERT_FILE_READ ? O_RDONLY : O_RDWR;
	int fd = open(path, mode | O_CLOEXEC | O_NOFOLLOW);

	*created = false;
	if (fd >= 0 || errno != ENOENT || !(flags & SEV_SNP_CERT_FILE_CREATE))
		return fd < 0 ? -errno : fd;
	fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return -errno;
	*created = true;
	if (fchmod(fd, 0644) < 0) {
		int rc = -errno;

		unlink(path);
		close(fd);
		return rc;
	}
	return fd;
}

int sev_snp_cert_file_open(const char *path, unsigned flags, int *fd, bool *created)
{
	struct stat st;
	bool made;
	int rc;

	*fd = -1;
	if ((flags & SEV_SNP_CERT_FILE_CREATE) && (rc = make_parent(path)))
		return rc;
	if ((rc = open_file(path, flags, &made)) < 0)
		return sk_fail(rc, "%s: %s", path, sev_strerror(rc));
	*fd = rc;
	/* a link or a device would be written through, or read by the VMM from elsewhere */
	if (fstat(*fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1)
		rc = sk_fail(SEV_E_INVALID, "%s: not a regular file with one name", path);
	else
		rc = lock(*fd, flags & SEV_SNP_CERT_FILE_READ ? F_RDLCK : F_WRLCK, path);
	if (rc) {
		if (made)
			unlink(path);
		close(*fd);
		*fd = -1;
		return rc;
	}
	if (created)
		*created = made;
	return 0;
}

int sev_snp_cert_file_read(int fd, const char *path, uint8_t **buf, size_t *len)
{
	if (lseek(fd, 0, SEEK_SET) < 0)
		return sk_fail(-errno, "%s: %s", path, strerror(errno));
	return sk_file_read_fd(fd, path, FILE_MAX, buf, len);
}

/*
 * Room first, so that a full disk fails before anything changes; then the new
 * contents over the old and the rest cut off. Should a write fail half-way,
 * the empty table replaces what it left: no report is served with half a
 * certificate.
 */
int sev_snp_cert_file_write(int fd, const char *path, const uint8_t *buf, size_t len)
{
	static const uint8_t empty[24];
	size_t put;
	int rc = posix_fallocate(fd, 0, (off_t)len);

	if (rc && rc != EOPNOTSUPP && rc != EINVAL)
		return sk_fail(-rc, "%s: cannot write: %s", path, strerror(rc));
	rc = sk_pwrite_full(fd, buf, len, 0, &put);
	if (!rc && ftruncate(fd, (off_t)len) < 0)
		rc = -errno;
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (rc) {
		if (sk_pwrite_full(fd, empty, sizeof(empty), 0, &put) == 0 &&
		    ftruncate(fd, sizeof(empty)) < 0)
			sk_debug("%s: %s", path, strerror(errno));
		return sk_fail(rc, "%s: cannot write (left as an empty table): %s", path,
			       sev_strerror(rc));
	}
	return 0;
}

void sev_snp_cert_file_close(int fd)
{
	if (fd >= 0)
		close(fd); /* closing the last descriptor releases the OFD lock */
}
