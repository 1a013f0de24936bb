/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The broker's endpoints, independent of HTTP: a routed request and its body in, a status,
 * a body and maybe a session cookie out. Every decision is written to the audit log.
 */
#ifndef SK_KBS_PROTOCOL_H
#define SK_KBS_PROTOCOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kbs/router.h"
#include <sevkit/snp.h>

#include "kbs/store.h"

struct sk_kbs_chain_cache;
struct sk_kbs_metrics;
struct sk_kbs_gpu_policy;

struct sk_kbs_blobs {
	size_t n;
	struct {
		uint8_t *data;
		size_t len;
	} *b;
};

struct sk_kbs_ctx {
	struct sk_kbs_store *store;
	json_t *token_jwk;          /* private, ES256 */
	json_t *token_pub;
	struct sk_kbs_blobs ark;    /* trust anchors besides AMD's builtin roots */
	struct sk_kbs_blobs crl;
	struct sk_kbs_blobs gpu_root; /* at most one: the GPU root instead of NVIDIA's */
	struct sk_kbs_blobs gpu_rim;  /* RIMs every GPU's measurements are compared with */
	struct sk_kbs_chain_cache *chains; /* verified chains; NULL: none kept */
	struct sk_kbs_metrics *metrics;    /* NULL: not counted */
	uint8_t *admin_key;         /* Ed25519 public key PEM; NULL: no admin API */
	size_t admin_key_len;
	int64_t session_ttl, token_ttl;
	bool secure_cookie;         /* served over TLS */
};

#define SK_KBS_JSON_DEPTH_MAX 32
#define SK_KBS_ADMIN_TOKEN_MAX_LIFE 600 /* seconds an admin token may be valid for */

struct sk_kbs_response {
	unsigned status;
	char *body;                 /* malloc'd */
	size_t len;
	const char *content_type;
	char cookie[160];           /* Set-Cookie value, "" for none */
};

/* Handle one routed request (r->ep is not NONE) with its body at time now. */
void sk_kbs_handle(struct sk_kbs_ctx *c, const struct sk_kbs_route *r, const char *body,
		   size_t len, int64_t now, struct sk_kbs_response *out);
/* A problem response (problem.h) with this detail. */
void sk_kbs_respond_problem(struct sk_kbs_response *out, enum sk_kbs_problem p,
			    const char *detail);
/*
 * Read a stored policy: a reference document (it has "sevkit_reference_values") or a
 * policy file, whose "gpu" member says what it asks of GPUs (into gpu, when not NULL: free
 * it with sk_kbs_gpu_policy_free). SEV_E_FORMAT with the reason logged.
 */
int sk_kbs_policy_checks(const char *text, size_t len, struct sev_snp_checks *c,
			 struct sk_kbs_gpu_policy *gpu);
/* The token key: given (a private JWK), or the store's, created there on first use. */
int sk_kbs_token_key_load(struct sk_kbs_store *s, const uint8_t *given, size_t len,
			  json_t **priv);

#endif
