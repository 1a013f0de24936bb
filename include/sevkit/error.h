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

enum sev_log_level {
	SEV_LOG_ERROR = 0,
	SEV_LOG_WARNING = 1,
	SEV_LOG_INFO = 2,
	SEV_LOG_DEBUG = 3,
};

typedef void (*sev_log_fn)(enum sev_log_level level, const char *msg, void *ctx);

/*
 * Install the callback that receives the library's diagnostics (one complete
 * message per call, no trailing newline). The default discards them.
 */
SEV_API void sev_set_log(sev_log_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
