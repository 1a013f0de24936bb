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
#include "util/log.h"

#define LOCK_TRIES 1000 /* 10 ms apart: 10 s */

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

static int lock(int fd, const char *path)
{
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
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

int sev_snp_cert_file_lock(const char *path, bool create, int *fd)
{
	int rc;

	if (create && (rc = make_parent(path)))
		return rc;
	*fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | (create ? O_CREAT : 0), 0644);
	if (*fd < 0)
		return sk_fail(-errno, "%s: %s", path, strerror(errno));
	/* VMMs of other users read it, whatever this process's umask */
	if (create && fchmod(*fd, 0644) < 0) {
		rc = sk_fail(-errno, "%s: %s", path, strerror(errno));
		close(*fd);
		*fd = -1;
		return rc;
	}
	if ((rc = lock(*fd, path))) {
		close(*fd);
		*fd = -1;
	}
	return rc;
}

int sev_snp_cert_file_write(int fd, const char *path, const uint8_t *buf, size_t len)
{
	size_t put;
	int rc = ftruncate(fd, 0) < 0 ? -errno : sk_pwrite_full(fd, buf, len, 0, &put);

	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (rc)
		return sk_fail(rc, "%s: cannot write: %s", path, sev_strerror(rc));
	return 0;
}

void sev_snp_cert_file_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing the last descriptor releases the OFD lock */
}
