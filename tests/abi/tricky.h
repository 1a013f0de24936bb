/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Declarations that tests/abi/symbols.py must read right (its --self-test):
 * expect-api: sev_one sev_two sev_three sev_four sev_five sev_six
 * expect-private: sev_hidden sev_hidden_var
 */
#ifndef SEVKIT_TRICKY_H
#define SEVKIT_TRICKY_H

#include <stddef.h>

#define SEV_API __attribute__((visibility("default")))
#define SEV_DECLARE(x) SEV_API int x(void); \
	SEV_API int x##_too(void);

#ifdef __cplusplus
extern "C" {
#endif

/* SEV_API int sev_in_comment(void); */
// SEV_API int sev_in_line_comment(void);
struct sev_opaque;
typedef void (*sev_cb)(int level, const char *msg);
struct sev_thing {
	int (*fn)(struct sev_thing *t);
	char name[16];
};
enum sev_kind { SEV_KIND_A = 1, SEV_KIND_B = 2 };

SEV_API int sev_one(const char *s /* "SEV_API int sev_bad(void);" */);
SEV_API const struct sev_thing *
sev_two(const struct sev_thing *t,
	size_t n);
SEV_API void (*sev_three(int which))(int level, const char *msg);
SEV_API sev_cb (*sev_four(void));
SEV_API extern const char sev_five[];
SEV_API int sev_six(void) __attribute__((warn_unused_result));
static inline int sev_inline(void) { return sev_one("x; SEV_API int sev_str(void);") + 1; }
int sev_hidden(int a);
extern int sev_hidden_var;

#ifdef __cplusplus
}
#endif
#endif
