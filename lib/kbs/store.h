/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary copy of the interface in the shared design; replaced by the real header on merge. */
#ifndef SK_KBS_STORE_H
#define SK_KBS_STORE_H
#include <stddef.h>
#include <stdint.h>
struct sk_kbs_store;
int  sk_kbs_store_open(const char *url, struct sk_kbs_store **s);
void sk_kbs_store_close(struct sk_kbs_store *s);
struct sk_kbs_session { char id[33]; char nonce[45]; char hash_alg[8];
			int64_t expires; char *token; };
int  sk_kbs_session_create(struct sk_kbs_store *s, const struct sk_kbs_session *in);
enum sk_kbs_consume { SK_KBS_OK, SK_KBS_NO_SESSION, SK_KBS_EXPIRED, SK_KBS_NONCE_MISMATCH,
		      SK_KBS_NONCE_USED };
int  sk_kbs_session_consume(struct sk_kbs_store *s, const char *id, const char *nonce, int64_t now,
			    enum sk_kbs_consume *why, struct sk_kbs_session *out);
int  sk_kbs_session_set_token(struct sk_kbs_store *s, const char *id, const char *token);
int  sk_kbs_session_get(struct sk_kbs_store *s, const char *id, int64_t now,
			struct sk_kbs_session *out);
void sk_kbs_session_clear(struct sk_kbs_session *x);
int  sk_kbs_session_purge(struct sk_kbs_store *s, int64_t now);
int  sk_kbs_policy_put(struct sk_kbs_store *s, const char *name, const char *json, size_t len);
int  sk_kbs_policy_get(struct sk_kbs_store *s, const char *name, char **json, size_t *len);
int  sk_kbs_policy_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *name), void *ctx);
int  sk_kbs_policy_delete(struct sk_kbs_store *s, const char *name);
int  sk_kbs_resource_put(struct sk_kbs_store *s, const char *path, const uint8_t *value, size_t len,
			 const char *policy);
int  sk_kbs_resource_get(struct sk_kbs_store *s, const char *path, uint8_t **value, size_t *len,
			 char **policy);
int  sk_kbs_resource_list(struct sk_kbs_store *s,
			  int (*cb)(void *ctx, const char *path, const char *policy), void *ctx);
int  sk_kbs_resource_delete(struct sk_kbs_store *s, const char *path);
struct sk_kbs_audit { int64_t time; const char *session, *chip_id, *measurement,
		      *resource, *verdict, *reason; };
int  sk_kbs_audit_append(struct sk_kbs_store *s, const struct sk_kbs_audit *a);
int  sk_kbs_audit_list(struct sk_kbs_store *s,
		       int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq), void *ctx);
int  sk_kbs_key_get(struct sk_kbs_store *s, const char *name, char **value);
int  sk_kbs_key_put_if_absent(struct sk_kbs_store *s, const char *name, const char *value);
#endif
