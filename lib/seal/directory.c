/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seal's output directory: built whole under a hidden name beside the one
 * asked for, then renamed in one step, so a reader never sees half a seal.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seal-internal.h"
#include "util/bytes.h"
#include "util/fdio.h"
#include "util/file.h"
#include "util/log.h"

static int errno_fail(int err, const char *path, const char *what)
{
	return sk_fail(-err, "%s: %s: %s", path, what, strerror(err));
}

/* ".NAME.XXXXXX" in the same parent, so the final rename stays on one file system. */
static char *stage_template(const char *out_dir)
{
	char *a = strdup(out_dir), *b = strdup(out_dir), *t = NULL;

	if (a && b) {
		const char *dir = dirname(a), *base = basename(b);

		if (asprintf(&t, "%s/.%s.XXXXXX", dir, base) < 0)
			t = NULL;
	}
	free(a);
	free(b);
	return t;
}

static int register_name(struct seal_dir *d, const char *path)
{
	int slot;

	if (d->n >= SK_ARRAY_SIZE(d->slots))
		return sk_fail(SEV_E_INTERNAL, "%s: too many files in a seal", path);
	slot = sk_file_register_temporary(path);
	if (slot < 0)
		return slot;
	d->slots[d->n++] = slot;
	return 0;
}

int seal_dir_open(struct seal_dir *d, const char *out_dir, bool replace)
{
	struct stat st;

	*d = (struct seal_dir){ 0 };
	if (!out_dir || !*out_dir)
		return sk_fail(SEV_E_INVALID, "no output directory");
	if (lstat(out_dir, &st) == 0 && !replace)
		return sk_fail(SEV_E_INVALID, "%s: exists (replace it with --force)", out_dir);
	if (lstat(out_dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return sk_fail(SEV_E_INVALID, "%s: exists and is not a directory", out_dir);
	d->final = strdup(out_dir);
	d->stage = stage_template(out_dir);
	if (!d->final || !d->stage)
		return -ENOMEM;
	if (!mkdtemp(d->stage))
		return errno_fail(errno, d->stage, "cannot create");
	return register_name(d, d->stage);
}

char *seal_dir_name(struct seal_dir *d, const char *name)
{
	char *path;

	if (asprintf(&path, "%s/%s", d->stage, name) < 0)
		return NULL;
	if (register_name(d, path)) {
		free(path);
		return NULL;
	}
	return path;
}

int seal_dir_track(struct seal_dir *d, const char *path)
{
	return register_name(d, path);
}

int seal_dir_write(struct seal_dir *d, const char *name, const void *data, size_t len)
{
	char *path = seal_dir_name(d, name);
	size_t put;
	int fd, rc;

	if (!path)
		return -ENOMEM;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		rc = errno_fail(errno, path, "cannot create");
	else if ((rc = sk_write_full(fd, data, len, &put)))
		rc = sk_fail(rc, "%s: %s", path, strerror(-rc));
	else if (fsync(fd))
		rc = errno_fail(errno, path, "cannot sync");
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || fsync(fd))
		rc = errno_fail(errno, path, "cannot sync");
	if (fd >= 0)
		close(fd);
	return rc;
}

/* A directory of files: the files go, then it does; 0 or -1 with errno. */
static int remove_dir(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *e;

	while (dir && (e = readdir(dir)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(dir), e->d_name, 0);
	if (dir)
		closedir(dir);
	return rmdir(path);
}

int seal_dir_commit(struct seal_dir *d, bool replace)
{
	char *parent = strdup(d->final);
	struct stat st;
	bool swap = replace && lstat(d->final, &st) == 0;
	int rc = parent ? 0 : -ENOMEM;

	if (!rc && chmod(d->stage, 0755))
		rc = errno_fail(errno, d->stage, "cannot set its mode");
	if (!rc)
		rc = sync_dir(d->stage);
	if (!rc && renameat2(AT_FDCWD, d->stage, AT_FDCWD, d->final,
			     swap ? RENAME_EXCHANGE : RENAME_NOREPLACE))
		rc = errno_fail(errno, d->final, swap ? "cannot replace" : "cannot create");
	if (!rc) {
		d->committed = true;
		/* the old directory now has the stage's name */
		if (swap && remove_dir(d->stage))
			sk_warn("%s: the replaced directory is kept here: %s", d->stage,
				strerror(errno));
		rc = sync_dir(dirname(parent));
	}
	free(parent);
	return rc;
}

void seal_dir_close(struct seal_dir *d)
{
	/* an unfinished directory goes as a signal would take it: files, then itself */
	if (!d->committed && d->stage && remove_dir(d->stage))
		sk_warn("%s: cannot remove the unfinished seal: %s", d->stage, strerror(errno));
	for (size_t i = 0; i < d->n; i++)
		sk_file_unregister_temporary(d->slots[i]);
	free(d->final);
	free(d->stage);
	*d = (struct seal_dir){ 0 };
}
