/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The public names of the file rules (include/sevkit/file.h). The output sets
 * and new files are opaque there, so that they can grow without breaking a
 * caller: this file allocates them.
 */
#include <sevkit/file.h>

#include <errno.h>
#include <stdlib.h>

#include "util/file.h"

_Static_assert(SEV_OUT_REPLACE == SK_OUT_REPLACE, "one flag, two names");

struct sev_outset {
	struct sk_outset set;
};

struct sev_newfile {
	struct sk_newfile file;
};

int sev_file_open_input(const char *path, int flags, struct stat *st)
{
	return sk_file_open_input(path, flags, st);
}

int sev_file_input_error(const char *path, int err)
{
	return sk_file_input_error(path, err);
}

int sev_file_read(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	return sk_file_read(path, max, buf, len);
}

int sev_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
			  unsigned flags)
{
	return sk_file_write_atomic(path, data, len, mode, flags & SEV_OUT_REPLACE);
}

int sev_outset_new(unsigned flags, struct sev_outset **o)
{
	*o = calloc(1, sizeof(**o));
	if (!*o)
		return -ENOMEM;
	sk_outset_init(&(*o)->set, flags & SEV_OUT_REPLACE);
	return 0;
}

int sev_outset_add(struct sev_outset *o, const char *path, const void *data, size_t len,
		   mode_t mode)
{
	return sk_outset_add(&o->set, path, data, len, mode);
}

int sev_outset_commit(struct sev_outset *o)
{
	return sk_outset_commit(&o->set);
}

void sev_outset_free(struct sev_outset *o)
{
	if (!o)
		return;
	sk_outset_free(&o->set);
	free(o);
}

int sev_newfile_open(const char *path, mode_t mode, struct sev_newfile **f)
{
	int rc;

	*f = calloc(1, sizeof(**f));
	if (!*f)
		return -ENOMEM;
	if ((rc = sk_newfile_open(&(*f)->file, path, mode))) {
		free(*f);
		*f = NULL;
	}
	return rc;
}

int sev_newfile_fd(const struct sev_newfile *f)
{
	return f->file.fd;
}

int sev_newfile_publish(struct sev_newfile *f, unsigned flags)
{
	return sk_newfile_publish(&f->file, flags & SEV_OUT_REPLACE);
}

void sev_newfile_close(struct sev_newfile *f)
{
	if (!f)
		return;
	sk_newfile_close(&f->file);
	free(f);
}

void sev_file_remove_temporaries(void)
{
	sk_file_remove_temporaries();
}

/* the mask before the outermost hold, per thread as signal masks are */
static _Thread_local sigset_t held_mask;
static _Thread_local unsigned held_depth;

void sev_signals_hold(void)
{
	if (held_depth++ == 0)
		sk_signals_hold(&held_mask);
}

void sev_signals_release(void)
{
	if (held_depth && --held_depth == 0)
		sk_signals_release(&held_mask);
}
