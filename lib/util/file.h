/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whole-file input, and output that is all-or-nothing: files are written to a
 * temporary name in the destination directory and renamed into place only
 * when every file of the set has been written.
 */
#ifndef SK_FILE_H
#define SK_FILE_H

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

/*
 * Like sk_file_read, for files that hold secrets (keys, launch secrets): the
 * buffer is in locked memory that core dumps leave out (sk_secret_alloc), and
 * sk_file_free_secret wipes and releases it.
 */
int sk_file_read_secret(const char *path, size_t max, uint8_t **buf, size_t *len);
void sk_file_free_secret(uint8_t *buf, size_t len);

#define SK_OUT_MAX 16

/* A set of output files committed together. */
struct sk_outset {
	size_t n;
	struct {
		char *path;
		char *tmp;
	} file[SK_OUT_MAX];
	int committed;
};

void sk_outset_init(struct sk_outset *o);
/* Write data to a temporary file for path with the given mode (0600 for secrets). */
int sk_outset_add(struct sk_outset *o, const char *path, const void *data, size_t len,
		  mode_t mode);
/* Rename every temporary into place; on failure, remove what was renamed. */
int sk_outset_commit(struct sk_outset *o);
/* Remove temporaries that were not committed and free the set. */
void sk_outset_free(struct sk_outset *o);

/* One file, atomically. */
int sk_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

#endif
