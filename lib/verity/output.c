/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Files format writes. One that does not exist yet is built under a temporary
 * name beside it and renamed into place only when everything is complete; an
 * existing file or device is written in place (veritysetup neither truncates
 * nor replaces it), after every check has passed. The root hash text file is
 * always built under a temporary name and replaces what was there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/secure.h"
#include "util/log.h"
#include "verity/verity-internal.h"

static int create_temp(struct vt_out *o)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t n = strlen(o->path) + 16;

	o->tmp = malloc(n);
	if (!o->tmp)
		return -ENOMEM;
	for (int tries = 0; tries < 100; tries++) {
		uint8_t r[6];
		char suffix[7];
		int rc = sk_random(r, sizeof(r)), fd;

		if (rc)
			return rc;
		for (size_t i = 0; i < sizeof(r); i++)
			suffix[i] = alnum[r[i] % (sizeof(alnum) - 1)];
		suffix[6] = '\0';
		snprintf(o->tmp, n, "%s.tmp-%s", o->path, suffix);
		/* 0666 through the umask, as any new file */
		fd = open(o->tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno == EEXIST)
			continue;
		if (fd < 0) {
			rc = -errno;
			free(o->tmp);
			o->tmp = NULL;
			return sk_fail(rc, "%s: cannot create: %s", o->path, strerror(-rc));
		}
		close(fd);
		return vt_dev_open(&o->dev, o->tmp, O_RDWR);
	}
	return sk_fail(-EEXIST, "%s: cannot create a temporary file", o->path);
}

int vt_out_open(struct vt_out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
	o->dev.fd = -1;
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return create_temp(o);
	return vt_dev_open(&o->dev, path, O_RDWR);
}

int vt_out_open_replace(struct vt_out *o, const char *path)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	o->path = path;
	o->dev.fd = -1;
	/* rename() could not put a file there at the end */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sk_fail(-EISDIR, "%s: %s", path, strerror(EISDIR));
	return create_temp(o);
}

int vt_out_reserve(struct vt_out *o, uint64_t size, const char *what)
{
	int rc;

	if (o->dev.size >= size)
		return 0;
	if (o->dev.block)
		return sk_fail(SEV_E_FORMAT, "%s: %llu bytes, too small for the %s that ends at "
			       "byte %llu", o->path, (unsigned long long)o->dev.size, what,
			       (unsigned long long)size);
	/* a file grows to its full size first: it is written out of order */
	if (ftruncate(o->dev.fd, (off_t)size) != 0) {
		rc = -errno;
		return sk_fail(rc, "%s: cannot extend to %llu bytes: %s", o->path,
			       (unsigned long long)size, strerror(-rc));
	}
	o->dev.size = size;
	return 0;
}

int vt_out_sync(const struct vt_out *o)
{
	int rc;

	if (fsync(o->dev.fd) == 0)
		return 0;
	rc = -errno;
	return sk_fail(rc, "%s: %s", o->path, strerror(-rc));
}

/* Undo the renames of new files done so far. */
static void unpublish(struct vt_out *const *outs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (outs[i] && outs[i]->renamed)
			unlink(outs[i]->path);
}

static int write_text(struct vt_out *o, const char *text)
{
	int rc = vt_pwrite(&o->dev, text, strlen(text), 0);

	if (!rc && fchmod(o->dev.fd, 0644) != 0) {
		rc = -errno;
		sk_err("%s: %s", o->path, strerror(-rc));
	}
	if (!rc)
		rc = vt_out_sync(o);
	return rc;
}

/* A new file: rename its temporary into place. */
static int publish(struct vt_out *o)
{
	int rc;

	if (!o || !o->tmp)
		return 0;
	if (rename(o->tmp, o->path) != 0) {
		rc = -errno;
		return sk_fail(rc, "%s: cannot rename into place: %s", o->path, strerror(-rc));
	}
	o->renamed = true;
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

int vt_out_commit(struct vt_out *const *outs, size_t n, struct vt_out *text_out,
		  const char *text)
{
	int rc = text_out ? write_text(text_out, text) : 0;

	for (size_t i = 0; !rc && i < n; i++)
		rc = publish(outs[i]);
	/* the text file last: it may replace an existing one, which cannot be taken back */
	if (!rc)
		rc = publish(text_out);
	if (rc)
		unpublish(outs, n); /* all files or none */
	return rc;
}

/* path with its directory resolved (the file itself may not exist yet); NULL if none */
static char *resolve(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
	char *real = dir ? realpath(dir, NULL) : NULL, *out = NULL;

	if (real && asprintf(&out, "%s/%s", real, slash ? slash + 1 : path) < 0)
		out = NULL;
	free(dir);
	free(real);
	return out;
}

bool vt_out_same(const struct vt_out *a, const struct vt_out *b)
{
	char *x, *y;
	bool same;

	if (!a->tmp && !b->tmp)
		return vt_dev_same(&a->dev, &b->dev);
	x = resolve(a->path);
	y = resolve(b->path);
	same = x && y && strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

void vt_out_close(struct vt_out *o)
{
	vt_dev_close(&o->dev);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
}
