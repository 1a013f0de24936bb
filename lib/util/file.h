/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whole-file input, and output that is all-or-nothing: files are written
 * without a name in the destination directory and linked into place only when
 * every file of the set has been written; an existing file is replaced only
 * when the caller says so.
 */
#ifndef SK_FILE_H
#define SK_FILE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct stat;

/*
 * Open a file to read: the one rule for every input file a user names. A
 * name that leads to no file (no such file, a missing directory on the way)
 * and a directory are SEV_E_INVALID: the command line is wrong. A refusal by
 * the system (permission, I/O) is the negated errno: the environment is. Each
 * is logged as "PATH: what". flags are added to O_RDONLY | O_CLOEXEC; st, when
 * not NULL, receives the file's status. Returns the descriptor or the code.
 */
int sk_file_open_input(const char *path, int flags, struct stat *st);
/*
 * The same rule for an input that is opened otherwise (a directory of inputs):
 * log "PATH: strerror(err)" and return the code err stands for.
 */
int sk_file_input_error(const char *path, int err);

/*
 * Read a whole file (or "-" for standard input) of at most max bytes, opened
 * by sk_file_open_input().
 * The buffer is NUL-terminated one byte past *len for convenience.
 */
int sk_file_read(const char *path, size_t max, uint8_t **buf, size_t *len);
/* The same from an open descriptor, from its position to the end; path names it in errors. */
int sk_file_read_fd(int fd, const char *path, size_t max, uint8_t **buf, size_t *len);

/*
 * sk_file_read with buffers of the caller's kind: alloc(n) returns n bytes or
 * NULL, release(p, n) wipes and frees a buffer holding n bytes read. For
 * crypto/secret-file.h, whose buffers are locked pages (util cannot call crypto).
 */
struct sk_file_buffers {
	void *(*alloc)(size_t n);
	void (*release)(void *p, size_t n);
};
int sk_file_read_with(const char *path, size_t max, const struct sk_file_buffers *kind,
		      uint8_t **buf, size_t *len);

/* Output flags. */
#define SK_OUT_REPLACE 1u /* an existing file may be replaced (--force); else it is kept */

/*
 * A new file being written. It has no name until published: it is made with
 * O_TMPFILE in the destination's directory and linked into place, so a process
 * that dies meanwhile (signal, crash) leaves nothing behind. Where the
 * filesystem has no O_TMPFILE it has a temporary name beside the destination,
 * registered for sk_file_remove_temporaries() until published or closed.
 */
struct sk_newfile {
	int fd;
	char *path;     /* the name it gets */
	char *tmp;      /* its name meanwhile (no O_TMPFILE), or NULL */
	int slot;       /* tmp's place in the registry, or -1 */
	int published;
};

/* Create the file for path, mode as open() takes it (through the umask). */
int sk_newfile_open(struct sk_newfile *f, const char *path, mode_t mode);
/*
 * Give the file its name. Without SK_OUT_REPLACE an existing file is never
 * replaced, even one that appeared meanwhile: link semantics, SEV_E_INVALID.
 */
int sk_newfile_publish(struct sk_newfile *f, unsigned flags);
/*
 * Rename from to to, never over an existing file without SK_OUT_REPLACE
 * (-EEXIST; a link where the filesystem cannot rename without replacing).
 * 0 or a negated errno, not logged.
 */
int sk_file_rename(const char *from, const char *to, unsigned flags);
/* Close; a file not published vanishes. */
void sk_newfile_close(struct sk_newfile *f);

/*
 * Remove every temporary name registered now. Async-signal-safe: this is what
 * a SIGINT/SIGTERM/SIGHUP handler calls before the process ends.
 */
void sk_file_remove_temporaries(void);
/*
 * Register a name (a file, or an empty directory once its registered files are gone) for
 * sk_file_remove_temporaries(); the slot to unregister, or a negative code.
 */
int sk_file_register_temporary(const char *path);
void sk_file_unregister_temporary(int slot);

/*
 * Hold SIGINT, SIGTERM and SIGHUP in this thread over a few steps that must
 * not be cut in two (naming a set of files); release delivers what came.
 */
void sk_signals_hold(sigset_t *old);
void sk_signals_release(const sigset_t *old);

#define SK_OUT_MAX 16

/* A set of output files committed together. */
struct sk_outset {
	size_t n;
	unsigned flags;
	struct sk_newfile file[SK_OUT_MAX];
	int committed;
};

void sk_outset_init(struct sk_outset *o, unsigned flags);
/* Write data to a new unnamed file for path with exactly this mode (0600 for secrets). */
int sk_outset_add(struct sk_outset *o, const char *path, const void *data, size_t len,
		  mode_t mode);
/*
 * Name every file, all or none: with SK_OUT_REPLACE existing files are replaced
 * (and put back when a later file fails), without it none is. Signals are held
 * meanwhile, so an interruption cannot leave part of the set.
 */
int sk_outset_commit(struct sk_outset *o);
/* Drop files that were not committed and free the set. */
void sk_outset_free(struct sk_outset *o);

/* One file, atomically. */
int sk_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
			 unsigned flags);

#endif
