/* SPDX-License-Identifier: Apache-2.0 */
/*
 * POST /kbs/v0/auth: a new session and its nonce (trustee KBS protocol 0.4.0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/base64.h"
#include "crypto/secure.h"
#include "kbs/binding.h"
#include "kbs/protocol-internal.h"
#include "util/hex.h"
#include "util/log.h"

#define PROTOCOL_VERSION "0.4.0"

/* sha384 unless the guest lists the algorithms it has and sha384 is not among them */
static int pick_hash(const json_t *extra, enum sk_kbs_hash *h)
{
	static const enum sk_kbs_hash order[] = { SK_KBS_SHA384, SK_KBS_SHA512, SK_KBS_SHA256 };
	const json_t *list = json_is_object(extra) ?
		json_object_get(extra, "supported-hash-algorithms") : NULL;

	*h = SK_KBS_SHA384;
	if (!list)
		return 0;
	if (!json_is_array(list))
		return -1;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		size_t j;
		json_t *v;

		json_array_foreach(list, j, v)
			if (json_is_string(v) &&
			    !strcasecmp(json_string_value(v), sk_kbs_hash_name(order[i]))) {
				*h = order[i];
				return 0;
			}
	}
	return -1;
}

/* uuid v4 without dashes */
static int new_session_id(char id[33])
{
	uint8_t b[16];
	int rc = sk_random(b, sizeof(b));

	if (rc)
		return rc;
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	sk_hex_encode(id, b, sizeof(b));
	return 0;
}

void sk_kbs_auth(struct sk_kbs_ctx *c, const char *body, size_t len, int64_t now,
		    struct sk_kbs_response *out)
{
	static const char *const keys[] = { "version", "tee", "extra-params" };
	struct sk_kbs_session s = { .expires = now + c->session_ttl };
	json_t *doc = sk_kbs_parse_body(body, len, out), *extra, *reply;
	const char *version, *tee;
	enum sk_kbs_hash h;
	uint8_t n[32];
	char *nonce = NULL;
	int rc;

	if (!doc || !sk_kbs_only_keys(doc, keys, 3, "auth", out))
		goto done;
	version = json_string_value(json_object_get(doc, "version"));
	tee = json_string_value(json_object_get(doc, "tee"));
	extra = json_object_get(doc, "extra-params");
	if (!version || strcmp(version, PROTOCOL_VERSION)) {
		sk_kbs_respond_problem(out, SK_KBS_P_PROTOCOL_VERSION,
				       "KBS Client Protocol Version Mismatch: want "
				       PROTOCOL_VERSION);
		goto done;
	}
	if (!tee || strcmp(tee, "snp")) {
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST, "tee must be \"snp\"");
		goto done;
	}
	if ((extra && !json_is_object(extra) && !json_is_string(extra)) || pick_hash(extra, &h)) {
		sk_kbs_respond_problem(out, SK_KBS_P_INVALID_REQUEST,
				       "extra-params: no supported hash algorithm");
		goto done;
	}
	if (new_session_id(s.id) || sk_random(n, sizeof(n)) ||
	    !(nonce = sk_base64_encode(n, sizeof(n))) || strlen(nonce) != 44) {
		sk_kbs_respond_problem(out, SK_KBS_P_INTERNAL, "no random numbers");
		goto done;
	}
	memcpy(s.nonce, nonce, 45);
	snprintf(s.hash_alg, sizeof(s.hash_alg), "%s", sk_kbs_hash_name(h));
	if ((rc = sk_kbs_session_create(c->store, &s))) {
		sk_kbs_respond_store(out, rc, "cannot keep the session");
		goto done;
	}
	if (h == SK_KBS_SHA384)
		reply = json_pack("{s:s, s:s}", "nonce", nonce, "extra-params", "");
	else
		reply = json_pack("{s:s, s:{s:s}}", "nonce", nonce, "extra-params",
				  "selected-hash-algorithm", sk_kbs_hash_name(h));
	sk_kbs_respond_json(out, reply);
	snprintf(out->cookie, sizeof(out->cookie),
		 "kbs-session-id=%s; Path=/kbs/v0; Max-Age=%lld; HttpOnly%s", s.id,
		 (long long)c->session_ttl, c->secure_cookie ? "; Secure" : "");
done:
	free(nonce);
	json_decref(doc);
}
