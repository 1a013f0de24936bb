/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Files as libsevkit reads and writes them (lib/util): one rule for input
 * files a user names, and output that is all-or-nothing: a new file has no
 * name until every file of its set is written, and an existing file is
 * replaced only when the caller says so.
 */
#ifndef SEVKIT_FILE_H
#define SEVKIT_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <sevkit/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Open a file to read. A name that leads to no file, or to a directory, is
 * SEV_E_INVALID (the command line is wrong); a refusal by the system is the
 * negated errno (the environment is). Each is logged as "PATH: what". flags
 * are added to O_RDONLY | O_CLOEXEC; st, when not NULL, receives the status.
 * Returns the descriptor or the code.
 */
SEV_API int sev_file_open_input(const char *path, int flags, struct stat *st);
/* The same rule for an input opened otherwise: log "PATH: strerror(err)", return its code. */
SEV_API int sev_file_input_error(const char *path, int err);
/*
 * A whole file ("-": standard input) of at most max bytes into a new buffer
 * (free()), NUL-terminated one byte past *len.
 */
SEV_API int sev_file_read(const char *path, size_t max, uint8_t **buf, size_t *len);

/* An existing file may be replaced (a command's --force); without it, it is kept. */
#define SEV_OUT_REPLACE 1u

/* One new file, written whole, then named; mode exactly (0600 for secrets). */
SEV_API int sev_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
				  unsigned flags);

/*
 * A set of output files named together, all or none. With SEV_OUT_REPLACE
 * existing files are replaced (and put back when a later one fails). Signals
 * are held while the set is named, so an interruption cannot leave part of it.
 */
struct sev_outset;
SEV_API int sev_outset_new(unsigned flags, struct sev_outset **o);
/* Write data to a new, still unnamed file for path, with exactly this mode. */
SEV_API int sev_outset_add(struct sev_outset *o, const char *path, const void *data, size_t len,
			   mode_t mode);
SEV_API int sev_outset_commit(struct sev_outset *o);
/* Drop the files not committed, and the set. */
SEV_API void sev_outset_free(struct sev_outset *o);

/* A new file written through its descriptor, named when published (streamed outputs). */
struct sev_newfile;
SEV_API int sev_newfile_open(const char *path, mode_t mode, struct sev_newfile **f);
SEV_API int sev_newfile_fd(const struct sev_newfile *f);
/* Give it its name; without SEV_OUT_REPLACE an existing file is never replaced. */
SEV_API int sev_newfile_publish(struct sev_newfile *f, unsigned flags);
/* Close and free; a file not published vanishes. */
SEV_API void sev_newfile_close(struct sev_newfile *f);

/*
 * Remove the temporary names of files being written now (only filesystems
 * without O_TMPFILE need them). Async-signal-safe: for a SIGINT/SIGTERM
 * handler to call before the process ends.
 */
SEV_API void sev_file_remove_temporaries(void);

/*
 * Hold SIGINT, SIGTERM and SIGHUP in this thread over steps that must not be
 * cut in two (naming more files than one set holds); the matching release
 * delivers what came meanwhile. Pairs nest.
 */
SEV_API void sev_signals_hold(void);
SEV_API void sev_signals_release(void);

#ifdef __cplusplus
}
#endif

#endif
