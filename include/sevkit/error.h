/* SPDX-License-Identifier: Apache-2.0 */
/* Return codes and diagnostics shared by every libsevkit function. */
#ifndef SEVKIT_ERROR_H
#define SEVKIT_ERROR_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define SEV_API __attribute__((visibility("default")))
#else
#define SEV_API
#endif

/*
 * Library functions return 0 on success or a negative code. Codes above
 * SEV_E_BASE are negated errno values from the system (-ENOENT, -EACCES, ...);
 * the named codes below describe what went wrong with the data itself.
 */
enum sev_error {
	SEV_OK = 0,
	SEV_E_BASE = -1000,
	SEV_E_VERIFY = -1001,      /* a signature, MAC, measurement or policy check failed */
	SEV_E_FORMAT = -1002,      /* input is malformed or out of specification */
	SEV_E_INVALID = -1003,     /* an argument value is invalid */
	SEV_E_UNSUPPORTED = -1004, /* valid but not supported (version, algorithm) */
	SEV_E_DEVICE = -1005,      /* a device or host facility is missing or refused */
	SEV_E_CRYPTO = -1006,      /* the crypto library failed unexpectedly */
	SEV_E_INTERNAL = -1007,    /* a bug or an impossible state */
	SEV_E_TOOBIG = -1008,      /* input larger than the format or a limit allows */
};

SEV_API const char *sev_strerror(int err);

/*
 * Structs that a caller allocates and that may gain fields in a later
 * release start with `size_t size`, which the caller sets to the size it was
 * compiled with: SEV_INIT(struct sev_x) gives one zeroed with its size set.
 * The library reads and writes only the first `size` bytes: a field the
 * caller does not know reads as zero (its default) and is never written, and
 * a caller's larger struct is accepted when the part the library does not
 * know is zero. A size of 0 (the struct not initialised) is SEV_E_INVALID.
 * Such a struct has no padding, not even at its end: where the compiler would
 * pad, a `reserved` member (zero) holds the place that a later field takes.
 */
#define SEV_INIT(type) ((type){ .size = sizeof(type) })

enum sev_log_level {
	SEV_LOG_ERROR = 0,
	SEV_LOG_WARNING = 1,
	SEV_LOG_INFO = 2,
	SEV_LOG_DEBUG = 3,
};

typedef void (*sev_log_fn)(enum sev_log_level level, const char *msg, void *ctx);

/*
 * Where diagnostics go. A message goes to the callback of the thread that
 * calls the library, set with sev_set_thread_log(); a thread without one uses
 * the process-wide default of sev_set_log(). Each call brings one complete
 * message, no trailing newline, already prefixed with the name of the file
 * being parsed when the caller gave one. Until sev_set_log() is called they
 * are discarded.
 *
 * Why per thread rather than per handle: most functions take no handle
 * (sev_snp_report_parse() gets bytes), and a message is often raised deep in
 * a parser that a handle never reaches; a thread is the one context every call
 * has. A service that verifies many reports at once sets its callback on the
 * thread that serves a request, with that request as ctx, and each request's
 * messages reach only its own ctx (a request that moves between threads sets
 * it on each). Threads the library starts itself (hash
 * tree workers, memory scanners) speak through the callback, and with the
 * file name, of the thread that called it.
 */

/*
 * Install the process-wide default callback (NULL: discard). Safe to call
 * while other threads log: each message sees either the old pair or the new
 * one, though a call already under way may still be running the old one.
 */
SEV_API void sev_set_log(sev_log_fn fn, void *ctx);

/*
 * Install the calling thread's own callback, which takes precedence over the
 * default for every message this thread (and the workers the library starts
 * for it) raises. fn NULL returns the thread to the default; to discard this
 * thread's messages only, pass a function that does nothing. Another library
 * in the same thread can save and restore the callback with
 * sev_get_thread_log(), which gives NULL while the thread uses the default.
 */
SEV_API void sev_set_thread_log(sev_log_fn fn, void *ctx);
SEV_API void sev_get_thread_log(sev_log_fn *fn, void **ctx);

/*
 * Name what this thread is working on: messages get "subject: " in front
 * until the matching pop. Pushes nest and the innermost names the messages
 * (NULL names none). The string must live until its pop.
 */
SEV_API void sev_log_subject_push(const char *subject);
SEV_API void sev_log_subject_pop(void);

#ifdef __cplusplus
}
#endif
#endif
