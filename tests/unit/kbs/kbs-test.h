/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the kbs JOSE tests: the last library message, JSON vectors, base64url edits. */
#ifndef SEVKIT_KBS_TEST_H
#define SEVKIT_KBS_TEST_H

#include "../test.h"

#include <jansson.h>
#include <jose/jose.h>
#include <sevkit/error.h>

static char kbs_last_msg[512];

static inline void kbs_keep_msg(enum sev_log_level level, const char *msg, void *ctx)
{
	(void)level;
	(void)ctx;
	snprintf(kbs_last_msg, sizeof(kbs_last_msg), "%s", msg);
}

/* Assert rc and that the library said why (a message containing what). */
#define assert_refused(expr, code, what)                                       \
	do {                                                                   \
		kbs_last_msg[0] = 0;                                           \
		assert_int_equal((expr), (code));                              \
		if (!strstr(kbs_last_msg, (what)))                             \
			fail_msg("message \"%s\" lacks \"%s\"", kbs_last_msg, (what)); \
	} while (0)

static inline json_t *kbs_json_vector(const char *rel)
{
	size_t len;
	uint8_t *buf = test_vector(rel, &len);
	json_t *v = json_loadb((const char *)buf, len, 0, NULL);

	free(buf);
	assert_non_null(v);
	return v;
}

/* Replace member name of obj by the base64url of its decoded bytes with bit 0 of byte i flipped. */
static inline void kbs_flip_b64u(json_t *obj, const char *name, size_t i)
{
	uint8_t buf[8192];
	size_t n = jose_b64_dec(json_object_get(obj, name), buf, sizeof(buf));

	assert_true(n != SIZE_MAX && i < n);
	buf[i] ^= 1;
	json_object_set_new(obj, name, jose_b64_enc(buf, n));
}

#endif
