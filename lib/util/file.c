/* SPDX-License-Identifier: Apache-2.0 */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fdio.h"
#include "util/log.h"

/* The heap for what is read; wiped on release all the same, as it may be a key. */
static void heap_release(void *p, size_t n)
{
	if (p)
		explicit_bzero(p, n);
	free(p);
}

static const struct sk_file_buffers heap = { malloc, heap_release };

static int read_fd(int fd, const char *path, size_t max, const struct sk_file_buffers *kind,
		   uint8_t **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	uint8_t *b = kind->alloc(cap + 1);

	if (!b)
		return -ENOMEM;
	for (;;) {
		size_t got;
		int rc;

		if (n == cap) {
			uint8_t *nb;

			if (cap > max) {
				kind->release(b, n);
				return sk_fail(SEV_E_TOOBIG, "%s: larger than %zu bytes", path, max);
			}
			cap *= 2;
			nb = kind->alloc(cap + 1);
			if (!nb) {
				kind->release(b, n);
				return -ENOMEM;
			}
			memcpy(nb, b, n);
			kind->release(b, n);
			b = nb;
		}
		rc = sk_read_full(fd, b + n, cap - n, &got);
		n += got;
		if (rc) {
			kind->release(b, n);
			return sk_fail(rc, "%s: read failed: %s", path, strerror(-rc));
		}
		if (n < cap) /* the end of the file */
			break;
	}
	if (n > max) {
		kind->release(b, n);
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

int sk_file_read_with(const char *path, size_t max, const struct sk_file_buffers *kind,
		      uint8_t **buf, size_t *len)
{
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return read_fd(STDIN_FILENO, "standard input", max, kind, buf, len);
	fd = sk_file_open_input(path, 0, NULL);
	if (fd < 0)
		return fd;
	rc = read_fd(fd, path, max, kind, buf, len);
	close(fd);
	return rc;
}

int sk_file_read_fd(int fd, const char *path, size_t max, uint8_t **buf, size_t *len)
{
	return read_fd(fd, path, max, &heap, buf, len);
}

int sk_file_read(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	return sk_file_read_with(path, max, &heap, buf, len);
}

/* ---- temporary names a signal must not leave behind ---- */

/*
 * The registry is process-wide because signals are: a handler can only reach
 * static storage. Slots are claimed with atomics (lock-free for int), so the
 * handler never sees half a name.
 */
#define TEMP_SLOTS 32
enum { SLOT_FREE, SLOT_FILLING, SLOT_USED };
static char temp_names[TEMP_SLOTS][PATH_MAX];
static atomic_int temp_state[TEMP_SLOTS];

static int temp_register(const char *name)
{
	size_t n = strlen(name);

	if (n >= PATH_MAX)
		return sk_fail(-ENAMETOOLONG, "%s: %s", name, strerror(ENAMETOOLONG));
	for (int i = 0; i < TEMP_SLOTS; i++) {
		int expected = SLOT_FREE;

		if (!atomic_compare_exchange_strong(&temp_state[i], &expected, SLOT_FILLING))
			continue;
		memcpy(temp_names[i], name, n + 1);
		atomic_store(&temp_state[i], SLOT_USED);
		return i;
	}
	return sk_fail(SEV_E_INTERNAL, "%s: too many temporary files at once", name);
}

static void temp_unregister(int slot)
{
	if (slot >= 0)
		atomic_store(&temp_state[slot], SLOT_FREE);
}

int sk_file_register_temporary(const char *path)
{
	return temp_register(path);
}

void sk_file_unregister_temporary(int slot)
{
	temp_unregister(slot);
}

/* Files first, then directories: a directory goes once the files in it have. */
void sk_file_remove_temporaries(void)
{
	for (int i = 0; i < TEMP_SLOTS; i++)
		if (atomic_load(&temp_state[i]) == SLOT_USED)
			unlink(temp_names[i]);
	for (int i = 0; i < TEMP_SLOTS; i++)
		if (atomic_load(&temp_state[i]) == SLOT_USED)
			rmdir(temp_names[i]);
}

void sk_signals_hold(sigset_t *old)
{
	sigset_t held;

	sigemptyset(&held);
	sigaddset(&held, SIGINT);
	sigaddset(&held, SIGTERM);
	sigaddset(&held, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &held, old);
}

void sk_signals_release(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* ---- new files ---- */

/*
 * O_TMPFILE files are named through /proc/self/fd. SEVKIT_TEST_NO_O_TMPFILE
 * makes the tests take the path of filesystems without O_TMPFILE.
 */
static bool tmpfile_usable(void)
{
	return !getenv("SEVKIT_TEST_NO_O_TMPFILE") && access("/proc/self/fd", X_OK) == 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	return slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
}

/* "PATH.tmp-" and six random letters or digits. */
static int random_name(const char *path, char *buf, size_t n)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	uint8_t r[6];
	char suffix[7];
	ssize_t got;

	/* the kernel's generator, as OpenSSL's is seeded from it: util does not call crypto */
	do
		got = getrandom(r, sizeof(r), 0);
	while (got < 0 && errno == EINTR);
	if (got != (ssize_t)sizeof(r))
		return sk_fail(SEV_E_CRYPTO, "random number generator failed");
	for (size_t i = 0; i < sizeof(r); i++)
		suffix[i] = alnum[r[i] % (sizeof(alnum) - 1)];
	suffix[6] = '\0';
	snprintf(buf, n, "%s.tmp-%s", path, suffix);
	return 0;
}

/*
 * Make a fresh temporary name for path and run make(name) on it, the name
 * registered first: a signal between the two then removes it too. On success
 * the name stays registered in *slot.
 */
static int with_temp_name(const char *path, char **name, int *slot,
			  int (*make)(const char *name, void *ctx), void *ctx)
{
	size_t n = strlen(path) + 16;
	int rc = -EEXIST;

	*name = malloc(n);
	if (!*name)
		return -ENOMEM;
	for (int tries = 0; tries < 100 && rc == -EEXIST; tries++) {
		if ((rc = random_name(path, *name, n)))
			break;
		if ((*slot = temp_register(*name)) < 0) {
			rc = *slot;
			break;
		}
		rc = make(*name, ctx);
		if (rc)
			temp_unregister(*slot);
	}
	if (rc) {
		free(*name);
		*name = NULL;
		*slot = -1;
	}
	return rc;
}

struct create_ctx {
	mode_t mode;
	int fd;
};

static int create_named(const char *name, void *ctx)
{
	struct create_ctx *c = ctx;

	c->fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, c->mode);
	return c->fd < 0 ? -errno : 0;
}

int sk_newfile_open(struct sk_newfile *f, const char *path, mode_t mode)
{
	struct create_ctx c = { mode, -1 };
	int rc;

	*f = (struct sk_newfile){ .fd = -1, .slot = -1 };
	f->path = strdup(path);
	if (!f->path)
		return -ENOMEM;
	if (tmpfile_usable()) {
		char *dir = dir_of(path);

		f->fd = dir ? open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, mode) : -1;
		rc = dir ? -errno : -ENOMEM;
		free(dir);
		if (f->fd >= 0)
			return 0;
		/* not every filesystem (nor every kernel) has O_TMPFILE */
		if (rc != -EOPNOTSUPP && rc != -EISDIR && rc != -EINVAL)
			goto fail;
	}
	rc = with_temp_name(path, &f->tmp, &f->slot, create_named, &c);
	f->fd = c.fd;
	if (!rc)
		return 0;
fail:
	sk_err("%s: cannot create: %s", path, sev_strerror(rc));
	free(f->path);
	f->path = NULL;
	return rc;
}

static int link_fd(const char *name, void *ctx)
{
	char proc[40];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", *(const int *)ctx);
	return linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) ? -errno : 0;
}

/* An unnamed file over an existing one: a temporary name first, then rename. */
static int replace_fd(struct sk_newfile *f)
{
	char *name;
	int slot, rc = with_temp_name(f->path, &name, &slot, link_fd, &f->fd);

	if (rc)
		return rc;
	rc = rename(name, f->path) ? -errno : 0;
	if (rc)
		unlink(name);
	temp_unregister(slot);
	free(name);
	return rc;
}

int sk_file_rename(const char *from, const char *to, unsigned flags)
{
	int rc;

	if (flags & SK_OUT_REPLACE)
		return rename(from, to) ? -errno : 0;
	rc = renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) ? -errno : 0;
	if (rc != -EINVAL && rc != -ENOSYS)
		return rc;
	/* a filesystem without RENAME_NOREPLACE: link, which never replaces either */
	rc = link(from, to) ? -errno : 0;
	if (!rc)
		unlink(from);
	return rc;
}

int sk_newfile_publish(struct sk_newfile *f, unsigned flags)
{
	int rc;

	if (f->published)
		return 0;
	if (f->tmp)
		rc = sk_file_rename(f->tmp, f->path, flags);
	else if (flags & SK_OUT_REPLACE)
		rc = replace_fd(f);
	else
		rc = link_fd(f->path, &f->fd);
	if (rc == -EEXIST && !(flags & SK_OUT_REPLACE))
		return sk_fail(SEV_E_INVALID, "%s: exists; not replaced", f->path);
	if (rc)
		return sk_fail(rc, "%s: cannot put in place: %s", f->path, sev_strerror(rc));
	f->published = 1;
	if (f->tmp) {
		temp_unregister(f->slot);
		f->slot = -1;
		free(f->tmp);
		f->tmp = NULL;
	}
	return 0;
}

void sk_newfile_close(struct sk_newfile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp) {
		unlink(f->tmp);
		temp_unregister(f->slot);
	}
	free(f->tmp);
	free(f->path);
	*f = (struct sk_newfile){ .fd = -1, .slot = -1 };
}

/* ---- sets of files ---- */

void sk_outset_init(struct sk_outset *o, unsigned flags)
{
	memset(o, 0, sizeof(*o));
	o->flags = flags;
}

int sk_outset_add(struct sk_outset *o, const char *path, const void *data, size_t len,
		  mode_t mode)
{
	struct sk_newfile *f;
	int rc;

	if (o->n == SK_OUT_MAX)
		return sk_fail(SEV_E_INTERNAL, "too many output files");
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->file[i].path, path))
			return sk_fail(SEV_E_INVALID, "%s: named for two outputs", path);
	f = &o->file[o->n];
	if ((rc = sk_newfile_open(f, path, mode)))
		return rc;
	/* the exact mode, whatever the umask: 0600 for secrets */
	rc = fchmod(f->fd, mode) ? -errno : sk_write_full(f->fd, data, len, NULL);
	if (!rc && fsync(f->fd))
		rc = -errno;
	if (rc) {
		sk_err("%s: write failed: %s", path, strerror(-rc));
		sk_newfile_close(f);
		return rc;
	}
	o->n++;
	return 0;
}

/* Move an existing file at path aside, so that a failed commit can put it back. */
static int set_aside(const char *path, char **backup)
{
	struct stat st;
	int fd;

	*backup = NULL;
	if (lstat(path, &st) != 0)
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

/* Put a file moved aside back in place. */
static void put_back(const char *path, char **backup)
{
	if (*backup)
		rename(*backup, path);
	free(*backup);
	*backup = NULL;
}

int sk_outset_commit(struct sk_outset *o)
{
	char *backup[SK_OUT_MAX] = { 0 };
	sigset_t old;
	size_t done = 0;
	int rc = 0;

	sk_signals_hold(&old);
	for (size_t i = 0; i < o->n && !rc; i++) {
		const char *path = o->file[i].path;

		if (o->flags & SK_OUT_REPLACE)
			rc = set_aside(path, &backup[i]);
		/* the place is free now: a file that appears meanwhile is not replaced */
		if (!rc)
			rc = sk_newfile_publish(&o->file[i], 0);
		if (rc)
			put_back(path, &backup[i]);
		else
			done = i + 1;
	}
	/* All files or none: on failure take back every name given, restore old files. */
	for (size_t i = 0; i < done; i++) {
		if (rc) {
			unlink(o->file[i].path);
			put_back(o->file[i].path, &backup[i]);
		} else if (backup[i]) {
			unlink(backup[i]);
		}
		free(backup[i]);
	}
	sk_signals_release(&old);
	o->committed = rc == 0;
	return rc;
}

void sk_outset_free(struct sk_outset *o)
{
	for (size_t i = 0; i < o->n; i++)
		sk_newfile_close(&o->file[i]);
	sk_outset_init(o, 0);
}

int sk_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
			 unsigned flags)
{
	struct sk_outset o;
	int rc;

	sk_outset_init(&o, flags);
	rc = sk_outset_add(&o, path, data, len, mode);
	if (!rc)
		rc = sk_outset_commit(&o);
	sk_outset_free(&o);
	return rc;
}
