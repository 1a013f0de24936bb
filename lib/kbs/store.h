/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The key broker's storage: sessions and their single-use nonces, policies,
 * resources (secrets), the append-only audit log and named keys.
 *
 * Callers see one interface; the back end behind it is chosen by the URL
 * given to sk_kbs_store_open() ("sqlite:PATH", or "postgresql://..." and
 * "postgres://..." for libpq). A back end fills a
 * struct sk_kbs_store_ops; this file's functions check the arguments that
 * every back end would check alike (names, lengths) and then call it.
 *
 * Returns: 0; -ENOENT (no such row); SEV_E_VERIFY (nonce not consumable: see
 * the out-reason); SEV_E_INVALID (bad name or argument); -EEXIST; -EBUSY
 * (policy still named by a resource); SEV_E_TOOBIG (value over the limits
 * below); SEV_E_DEVICE (the database failed or cannot be reached; the reason
 * is logged, one line: the server answers 503 with it).
 * Secrets (resource values, keys) are never logged.
 */
#ifndef SK_KBS_STORE_H
#define SK_KBS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>

struct sk_kbs_store; /* opaque; safe to use from many threads at once */
struct sk_kbs_audit;

/* Limits: a policy document, a resource value, a key, a token, an audit string. */
#define SK_KBS_POLICY_MAX (1u << 20)
#define SK_KBS_VALUE_MAX (1u << 20)
#define SK_KBS_KEY_MAX (64u << 10)
#define SK_KBS_SESSION_TOKEN_MAX (64u << 10) /* at least token.h's SK_KBS_TOKEN_MAX */
#define SK_KBS_AUDIT_TEXT_MAX (16u << 10)

/*
 * The schema this build knows. Both back ends number their migrations alike:
 * 1 the first tables, 2 the VCEK cache.
 */
#define SK_KBS_SCHEMA_VERSION 2

struct sk_kbs_store_opts {
	unsigned pool_max;     /* connections at most per process (PostgreSQL); 0: 8 */
	unsigned pool_wait_ms; /* a caller waits this long for a free one; 0: 2000 */
	unsigned timeout_ms;   /* connect and statement timeout (PostgreSQL); 0: 5000 */
	bool migrate;          /* bring an older schema up to SK_KBS_SCHEMA_VERSION */
};

/*
 * "sqlite:PATH": opens PATH, creating it 0600 (WAL mode, synchronous=FULL).
 * "postgresql://..." or "postgres://...": a libpq connection URL; the pool
 * opens its connections as they are needed. An empty database gets the current
 * schema (created in one transaction, once, however many open it at once).
 * Another scheme: SEV_E_UNSUPPORTED. A schema newer than this build knows:
 * SEV_E_UNSUPPORTED; an older one: SEV_E_UNSUPPORTED naming `sevkit kbs db
 * migrate`, unless o->migrate, which applies the missing migrations in one
 * transaction. *from (may be NULL): the version found, 0 for an empty
 * database. o NULL: the defaults. A file that other users may write: -EACCES.
 * Only a URL's scheme is ever logged: the rest may hold a password.
 */
int sk_kbs_store_open(const char *url, struct sk_kbs_store **s);
int sk_kbs_store_open_opts(const char *url, const struct sk_kbs_store_opts *o, int *from,
			   struct sk_kbs_store **s);
void sk_kbs_store_close(struct sk_kbs_store *s);

/* One round trip to the database (readiness). 0, or SEV_E_DEVICE with the reason logged. */
int sk_kbs_store_ping(struct sk_kbs_store *s);

/* The connection pool now, for /metrics. */
struct sk_kbs_pool_stats {
	unsigned max;       /* 0: grows as needed (SQLite) */
	unsigned open;      /* connections open */
	unsigned in_use;    /* connections lent out */
	uint64_t waits;     /* callers that had to wait for a connection */
	uint64_t timeouts;  /* callers that gave up waiting (SEV_E_DEVICE) */
};
void sk_kbs_store_pool_stats(struct sk_kbs_store *s, struct sk_kbs_pool_stats *out);

struct sk_kbs_session {
	char id[33];       /* 32 lowercase hex */
	char nonce[45];    /* standard base64 of 32 bytes */
	char hash_alg[8];  /* "sha384" ... */
	int64_t expires;   /* unix seconds: usable while now < expires */
	char *token;       /* malloc'd, NULL until attested */
};

/* -EEXIST when the id is taken. in->token may be NULL. */
int sk_kbs_session_create(struct sk_kbs_store *s, const struct sk_kbs_session *in);

/*
 * Atomically: the session exists, now < expires, nonce equals, nonce not yet
 * consumed -> mark it consumed and fill *out (may be NULL). Exactly one of N
 * concurrent callers (threads or processes) succeeds. Every refusal returns
 * SEV_E_VERIFY with *why saying which; 0 sets *why to SK_KBS_OK.
 */
enum sk_kbs_consume {
	SK_KBS_OK,
	SK_KBS_NO_SESSION,
	SK_KBS_EXPIRED,
	SK_KBS_NONCE_MISMATCH,
	SK_KBS_NONCE_USED,
};
int sk_kbs_session_consume(struct sk_kbs_store *s, const char *id, const char *nonce, int64_t now,
			   enum sk_kbs_consume *why, struct sk_kbs_session *out);
int sk_kbs_session_set_token(struct sk_kbs_store *s, const char *id, const char *token);
/* -ENOENT if absent or expired. */
int sk_kbs_session_get(struct sk_kbs_store *s, const char *id, int64_t now,
		       struct sk_kbs_session *out);
void sk_kbs_session_clear(struct sk_kbs_session *x); /* frees token */
/* Drop expired sessions (consumed nonces of live sessions stay). */
int sk_kbs_session_purge(struct sk_kbs_store *s, int64_t now);

/* Names of policies and keys: [A-Za-z0-9._-]{1,64}, not "." or "..". */
int sk_kbs_policy_put(struct sk_kbs_store *s, const char *name, const char *json, size_t len);
/* *json malloc'd and NUL-terminated; *len without the NUL. */
int sk_kbs_policy_get(struct sk_kbs_store *s, const char *name, char **json, size_t *len);
/* Lists call cb in name order; a nonzero return from cb stops and is returned. */
int sk_kbs_policy_list(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *name), void *ctx);
int sk_kbs_policy_delete(struct sk_kbs_store *s, const char *name); /* -EBUSY if named */

/* path "repository/type/tag": each part [A-Za-z0-9._-]{1,64}, not "." or ".." */
bool sk_kbs_resource_path_ok(const char *path);
/* policy must exist (-ENOENT otherwise); replaces an existing value. */
int sk_kbs_resource_put(struct sk_kbs_store *s, const char *path, const uint8_t *value,
			size_t len, const char *policy);
/*
 * *value in sk_secret_alloc memory (caller sk_secret_free); *policy malloc'd. value and len
 * NULL: the policy alone (the secret is not read); policy NULL: the value alone.
 */
int sk_kbs_resource_get(struct sk_kbs_store *s, const char *path, uint8_t **value, size_t *len,
			char **policy);
int sk_kbs_resource_list(struct sk_kbs_store *s,
			 int (*cb)(void *ctx, const char *path, const char *policy), void *ctx);
int sk_kbs_resource_delete(struct sk_kbs_store *s, const char *path);
/*
 * Release a secret: in one transaction, read the resource, check that its
 * policy is still `policy` (the one the caller evaluated), append the audit
 * row a (its verdict "released"), commit; only then hand out *value
 * (sk_secret_alloc memory, caller sk_secret_free). No value leaves without
 * its audit row committed, and none whose policy changed under the caller.
 * -ENOENT when the resource is gone, -ESTALE when its policy changed.
 */
int sk_kbs_resource_release(struct sk_kbs_store *s, const char *path, const char *policy,
			    const struct sk_kbs_audit *a, uint8_t **value, size_t *len);

/* Strings other than verdict may be NULL (stored and listed as NULL). */
struct sk_kbs_audit {
	int64_t time;
	const char *session, *chip_id /* hex */, *measurement /* hex */, *resource,
		*verdict /* "released","refused","attested","rejected" */, *reason;
};
int sk_kbs_audit_append(struct sk_kbs_store *s, const struct sk_kbs_audit *a); /* durable */
/* In sequence order (1, 2, ...); the strings live until cb returns. */
int sk_kbs_audit_list(struct sk_kbs_store *s,
		      int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq), void *ctx);

/*
 * The VCEK cache, shared by every replica: certificates an operator downloaded
 * from AMD's KDS (sevkit never fetches), keyed by the chip id (128 lowercase
 * hex: the report's CHIP_ID field, a Turin hwID padded with zeros) and the
 * reported TCB (the raw 64-bit value). certs: a PEM bundle, the VCEK first,
 * then the ASK/ARK it came with, if any; put replaces. get: *certs malloc'd,
 * -ENOENT when absent. list: in (chip id, tcb) order.
 */
#define SK_KBS_VCEK_CERTS_MAX (64u << 10)
int sk_kbs_vcek_put(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb,
		    const uint8_t *certs, size_t len);
int sk_kbs_vcek_get(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb,
		    uint8_t **certs, size_t *len);
int sk_kbs_vcek_list(struct sk_kbs_store *s,
		     int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb), void *ctx);

/*
 * Named keys (the token-signing JWK). put_if_absent: the first writer wins
 * (0), later writers get -EEXIST and leave the value alone; everyone reads
 * the first value with key_get. *value is NUL-terminated sk_secret_alloc
 * memory (caller sk_secret_free).
 */
int sk_kbs_key_get(struct sk_kbs_store *s, const char *name, char **value);
int sk_kbs_key_put_if_absent(struct sk_kbs_store *s, const char *name, const char *value);

/*
 * For back ends. A back end's handle starts with a struct sk_kbs_store whose
 * ops it fills; the arguments it receives are already checked (names valid,
 * lengths within the limits, out pointers non-NULL unless said).
 */
struct sk_kbs_store_ops {
	void (*close)(struct sk_kbs_store *s);
	int (*session_create)(struct sk_kbs_store *s, const struct sk_kbs_session *in);
	int (*session_consume)(struct sk_kbs_store *s, const char *id, const char *nonce,
			       int64_t now, enum sk_kbs_consume *why,
			       struct sk_kbs_session *out /* may be NULL */);
	int (*session_set_token)(struct sk_kbs_store *s, const char *id, const char *token);
	int (*session_get)(struct sk_kbs_store *s, const char *id, int64_t now,
			   struct sk_kbs_session *out);
	int (*session_purge)(struct sk_kbs_store *s, int64_t now);
	int (*policy_put)(struct sk_kbs_store *s, const char *name, const char *json, size_t len);
	int (*policy_get)(struct sk_kbs_store *s, const char *name, char **json, size_t *len);
	int (*policy_list)(struct sk_kbs_store *s, int (*cb)(void *ctx, const char *name),
			   void *ctx);
	int (*policy_delete)(struct sk_kbs_store *s, const char *name);
	int (*resource_put)(struct sk_kbs_store *s, const char *path, const uint8_t *value,
			    size_t len, const char *policy);
	int (*resource_get)(struct sk_kbs_store *s, const char *path,
			    uint8_t **value /* may be NULL, with len */, size_t *len,
			    char **policy /* may be NULL */);
	int (*resource_list)(struct sk_kbs_store *s,
			     int (*cb)(void *ctx, const char *path, const char *policy), void *ctx);
	int (*resource_delete)(struct sk_kbs_store *s, const char *path);
	int (*audit_append)(struct sk_kbs_store *s, const struct sk_kbs_audit *a);
	int (*audit_list)(struct sk_kbs_store *s,
			  int (*cb)(void *ctx, const struct sk_kbs_audit *a, int64_t seq),
			  void *ctx);
	int (*key_get)(struct sk_kbs_store *s, const char *name, char **value);
	int (*key_put_if_absent)(struct sk_kbs_store *s, const char *name, const char *value);
	int (*ping)(struct sk_kbs_store *s);
	void (*pool_stats)(struct sk_kbs_store *s, struct sk_kbs_pool_stats *out);
	int (*resource_release)(struct sk_kbs_store *s, const char *path, const char *policy,
				const struct sk_kbs_audit *a, uint8_t **value, size_t *len);
	int (*vcek_put)(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb,
			const uint8_t *certs, size_t len);
	int (*vcek_get)(struct sk_kbs_store *s, const char *chip_hex, uint64_t tcb,
			uint8_t **certs, size_t *len);
	int (*vcek_list)(struct sk_kbs_store *s,
			 int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb), void *ctx);
};

struct sk_kbs_store {
	const struct sk_kbs_store_ops *ops;
};

/*
 * The back ends, with o filled (defaults applied) and from non-NULL. SQLite is given the
 * path after "sqlite:"; PostgreSQL the whole URL.
 */
int sk_kbs_store_sqlite_open(const char *path, const struct sk_kbs_store_opts *o, int *from,
			     struct sk_kbs_store **s);
int sk_kbs_store_pg_open(const char *url, const struct sk_kbs_store_opts *o, int *from,
			 struct sk_kbs_store **s);

#endif
