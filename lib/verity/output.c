/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Files format writes. One that does not exist yet is built without a name
 * (O_TMPFILE beside it, or a temporary name removed on a signal) and named
 * only when everything is complete. An existing block device is written in
 * place; so is an existing file, but only when the caller allows it
 * (veritysetup neither truncates nor replaces it), after every check has
 * passed. The root hash text file is always built new, and replaces an
 * existing one only when allowed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"
#include "verity/verity-internal.h"

static void out_init(struct vt_out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
	o->dev.fd = -1;
	o->file.fd = -1;
	o->file.slot = -1;
}

static int create_new(struct vt_out *o)
{
	/* 0666 through the umask, as any new file */
	int rc = sk_newfile_open(&o->file, o->path, 0666), fd;

	if (rc)
		return rc;
	o->fresh = true;
	fd = dup(o->file.fd);
	if (fd < 0) {
		rc = -errno;
		return sk_fail(rc, "%s: %s", o->path, strerror(-rc));
	}
	return vt_dev_adopt(&o->dev, fd, o->path);
}

static int refuse_existing(const char *path)
{
	return sk_fail(SEV_E_INVALID, "%s: exists; not written without leave to overwrite it",
		       path);
}

int vt_out_open(struct vt_out *o, const char *path, bool overwrite)
{
	struct stat st;

	out_init(o, path);
	if (lstat(path, &st) != 0 && errno == ENOENT)
		return create_new(o);
	/* a block device is where a tree goes; a file is another's unless we may overwrite */
	if (!overwrite && !(stat(path, &st) == 0 && S_ISBLK(st.st_mode)))
		return refuse_existing(path);
	return vt_dev_open(&o->dev, path, O_RDWR);
}

int vt_out_open_replace(struct vt_out *o, const char *path, bool overwrite)
{
	struct stat st;

	out_init(o, path);
	if (lstat(path, &st) == 0) {
		/* a file could not be put over a directory at the end */
		if (S_ISDIR(st.st_mode))
			return sk_fail(-EISDIR, "%s: %s", path, strerror(EISDIR));
		if (!overwrite)
			return refuse_existing(path);
	}
	o->replace = overwrite;
	return create_new(o);
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

/* A new file gets its name; never over another file unless it is the one to replace. */
static int publish(struct vt_out *o)
{
	if (!o || !o->fresh)
		return 0;
	return sk_newfile_publish(&o->file, o->replace ? SK_OUT_REPLACE : 0);
}

/* Take back the names given so far. */
static void unpublish(struct vt_out *const *outs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (outs[i] && outs[i]->fresh && outs[i]->file.published)
			unlink(outs[i]->path);
}

int vt_out_commit(struct vt_out *const *outs, size_t n, struct vt_out *text_out,
		  const char *text)
{
	int rc = text_out ? write_text(text_out, text) : 0;
	sigset_t old;

	/* an interruption must not leave some of the files named and not the others */
	sk_signals_hold(&old);
	for (size_t i = 0; !rc && i < n; i++)
		rc = publish(outs[i]);
	/* the text file last: it may replace an existing one, which cannot be taken back */
	if (!rc)
		rc = publish(text_out);
	if (rc)
		unpublish(outs, n); /* all files or none */
	sk_signals_release(&old);
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

	if (!a->fresh && !b->fresh)
		return vt_dev_same(&a->dev, &b->dev);
	x = resolve(a->path);
	y = resolve(b->path);
	same = x && y && strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

bool vt_out_names(const struct vt_out *o, const struct vt_dev *d)
{
	struct vt_dev there = { .fd = -1 };
	struct stat st;

	if (!o->fresh)
		return vt_dev_same(&o->dev, d);
	/* a new file that is to replace an existing one: that one's identity */
	if (stat(o->path, &st) != 0)
		return false;
	there.st_dev = st.st_dev;
	there.st_ino = st.st_ino;
	there.st_rdev = st.st_rdev;
	there.block = S_ISBLK(st.st_mode);
	return vt_dev_same(&there, d);
}

void vt_out_close(struct vt_out *o)
{
	vt_dev_close(&o->dev);
	if (o->fresh)
		sk_newfile_close(&o->file);
	o->fresh = false;
}
