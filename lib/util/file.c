/* SPDX-License-Identifier: Apache-2.0 */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/secure.h"
#include "util/log.h"

/* Buffers for what is read: the heap, or pages locked for secrets. */
static uint8_t *buf_new(size_t n, bool secret)
{
	return secret ? sk_secret_alloc(n) : malloc(n);
}

static void buf_free(uint8_t *b, size_t n, bool secret)
{
	if (secret)
		sk_secret_free(b);
	else
		sk_wipe_free(b, n);
}

static int read_fd(int fd, const char *path, size_t max, bool secret, uint8_t **buf,
		   size_t *len)
{
	size_t cap = 4096, n = 0;
	uint8_t *b = buf_new(cap + 1, secret);

	if (!b)
		return -ENOMEM;
	for (;;) {
		ssize_t got;

		if (n == cap) {
			uint8_t *nb;

			if (cap > max) {
				buf_free(b, n, secret);
				return sk_fail(SEV_E_TOOBIG, "%s: larger than %zu bytes", path, max);
			}
			cap *= 2;
			nb = buf_new(cap + 1, secret);
			if (!nb) {
				buf_free(b, n, secret);
				return -ENOMEM;
			}
			memcpy(nb, b, n);
			buf_free(b, n, secret);
			b = nb;
		}
		got = read(fd, b + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int err = -errno;

			buf_free(b, n, secret);
			return sk_fail(err, "%s: read failed: %s", path, strerror(-err));
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max) {
		buf_free(b, n, secret);
		return sk_fail(SEV_E_TOOBIG, "%s: larger than %zu bytes", path, max);
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

int sk_file_input_error(const char *path, int err)
{
	/* a name that leads to no file: the one who typed it can fix it, the system cannot */
	bool names_nothing = err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG ||
			     err == ELOOP;

	return sk_fail(names_nothing ? SEV_E_INVALID : -err, "%s: %s", path, strerror(err));
}

int sk_file_open_input(const char *path, int flags, struct stat *st)
{
	struct stat own;
	int fd, err;

	if (!st)
		st = &own;
	fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	if (fd < 0)
		return sk_file_input_error(path, errno);
	if (fstat(fd, st) != 0) {
		err = errno;
		close(fd);
		return sk_fail(-err, "%s: %s", path, strerror(err));
	}
	if (S_ISDIR(st->st_mode)) {
		close(fd);
		return sk_fail(SEV_E_INVALID, "%s: a directory, not a file", path);
	}
	return fd;
}

static int read_path(const char *path, size_t max, bool secret, uint8_t **buf, size_t *len)
{
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return read_fd(STDIN_FILENO, "standard input", max, secret, buf, len);
	fd = sk_file_open_input(path, 0, NULL);
	if (fd < 0)
		return fd;
	rc = read_fd(fd, path, max, secret, buf, len);
	close(fd);
	return rc;
}

int sk_file_read(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	return read_path(path, max, false, buf, len);
}

int sk_file_read_secret(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	return read_path(path, max, true, buf, len);
}

void sk_file_free_secret(uint8_t *buf, size_t len)
{
	(void)len; /* the pages know their size */
	sk_secret_free(buf);
}

void sk_outset_init(struct sk_outset *o)
{
	memset(o, 0, sizeof(*o));
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static char *temp_name(const char *path)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);

	if (tmp)
		snprintf(tmp, n, "%s.tmp-XXXXXX", path);
	return tmp;
}

int sk_outset_add(struct sk_outset *o, const char *path, const void *data, size_t len,
		  mode_t mode)
{
	char *tmp, *dup;
	int fd, rc;

	if (o->n == SK_OUT_MAX)
		return sk_fail(SEV_E_INTERNAL, "too many output files");
	tmp = temp_name(path);
	dup = strdup(path);
	if (!tmp || !dup) {
		free(tmp);
		free(dup);
		return -ENOMEM;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = -errno;
		sk_err("%s: cannot create: %s", path, strerror(-rc));
		goto fail;
	}
	rc = fchmod(fd, mode) ? -errno : write_all(fd, data, len);
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (rc) {
		sk_err("%s: write failed: %s", path, strerror(-rc));
		unlink(tmp);
		goto fail;
	}
	o->file[o->n].path = dup;
	o->file[o->n].tmp = tmp;
	o->n++;
	return 0;
fail:
	free(tmp);
	free(dup);
	return rc;
}

/* Move an existing file at path aside, so that a failed commit can put it back. */
static int set_aside(const char *path, char **backup)
{
	int fd;

	*backup = NULL;
	if (access(path, F_OK) != 0)
		return 0;
	*backup = malloc(strlen(path) + 16);
	if (!*backup)
		return -ENOMEM;
	sprintf(*backup, "%s.old-XXXXXX", path);
	fd = mkstemp(*backup);
	if (fd >= 0)
		close(fd);
	if (fd < 0 || rename(path, *backup) != 0) {
		int rc = -errno;

		if (fd >= 0)
			unlink(*backup);
		free(*backup);
		*backup = NULL;
		return sk_fail(rc, "%s: cannot replace: %s", path, strerror(-rc));
	}
	return 0;
}

int sk_outset_commit(struct sk_outset *o)
{
	char *backup[SK_OUT_MAX] = { 0 };
	size_t done = 0;
	int rc = 0;

	for (; done < o->n && !rc; done++) {
		rc = set_aside(o->file[done].path, &backup[done]);
		if (!rc && rename(o->file[done].tmp, o->file[done].path) != 0) {
			rc = -errno;
			sk_err("%s: cannot rename into place: %s", o->file[done].path,
			       strerror(-rc));
		}
	}
	/* All files or none: on failure undo every step, putting old files back. */
	for (size_t i = 0; i < done; i++) {
		if (rc && backup[i])
			rename(backup[i], o->file[i].path);
		else if (rc && (i + 1 < done || access(o->file[i].tmp, F_OK) != 0))
			unlink(o->file[i].path);
		else if (backup[i])
			unlink(backup[i]);
		free(backup[i]);
	}
	o->committed = rc == 0;
	return rc;
}

void sk_outset_free(struct sk_outset *o)
{
	for (size_t i = 0; i < o->n; i++) {
		if (!o->committed)
			unlink(o->file[i].tmp);
		free(o->file[i].tmp);
		free(o->file[i].path);
	}
	sk_outset_init(o);
}

int sk_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	struct sk_outset o;
	int rc;

	sk_outset_init(&o);
	rc = sk_outset_add(&o, path, data, len, mode);
	if (!rc)
		rc = sk_outset_commit(&o);
	sk_outset_free(&o);
	return rc;
}
