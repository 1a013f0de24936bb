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

/*
 * Read a whole file (or "-" for standard input) of at most max bytes.
 * The buffer is NUL-terminated one byte past *len for convenience.
 */
int sk_file_read(const char *path, size_t max, uint8_t **buf, size_t *len);

/* Like sk_file_read, for files that hold secrets: the buffer is wiped on free. */
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
