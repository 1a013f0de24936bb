/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 7807 problem bodies as trustee's KBS sends them: {"type": ".../errors/<Kind>",
 * "detail": "<one line>"} with the status that goes with the kind.
 */
#ifndef SK_KBS_PROBLEM_H
#define SK_KBS_PROBLEM_H

#include <stddef.h>

enum sk_kbs_problem {
	SK_KBS_P_INVALID_REQUEST,    /* 400: malformed JSON, JWK, evidence, path */
	SK_KBS_P_PROTOCOL_VERSION,   /* 400: not "0.4.0" */
	SK_KBS_P_UNAUTHENTICATED,    /* 401: no session, no token */
	SK_KBS_P_EXPIRED,            /* 401: the session or the token has expired */
	SK_KBS_P_ATTESTATION_FAILED, /* 401: nonce, binding, chain, signature, VMPL */
	SK_KBS_P_TOKEN_INVALID,      /* 401: a token that does not verify */
	SK_KBS_P_POLICY_DENY,        /* 403: the resource's policy refused the report */
	SK_KBS_P_ADMIN_DENIED,       /* 401: the admin token does not verify */
	SK_KBS_P_NOT_FOUND,          /* 404: no such resource, policy or endpoint */
	SK_KBS_P_METHOD,             /* 405 */
	SK_KBS_P_TOO_LARGE,          /* 413 */
	SK_KBS_P_UNSUPPORTED_TYPE,   /* 415 */
	SK_KBS_P_INTERNAL,           /* 500: the store or the crypto library failed */
	SK_KBS_P_UNAVAILABLE,        /* 503: shutting down */
};

unsigned sk_kbs_problem_status(enum sk_kbs_problem p);
const char *sk_kbs_problem_kind(enum sk_kbs_problem p);
/*
 * The JSON body (malloc'd, *len bytes) for p with detail, which is cut at its first line
 * break and at 200 bytes, other control characters shown as '?', so that a body is always
 * one line of at most SK_KBS_PROBLEM_MAX bytes. NULL when out of memory.
 */
#define SK_KBS_PROBLEM_MAX 512
char *sk_kbs_problem_body(enum sk_kbs_problem p, const char *detail, size_t *len);

#endif
