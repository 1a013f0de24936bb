/* SPDX-License-Identifier: Apache-2.0 */
/* RFC 7807 problem bodies with trustee's error kinds (kbs/src/error.rs). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "kbs/problem.h"

#define TYPE_BASE "https://github.com/confidential-containers/kbs/errors/"
#define DETAIL_MAX 200

static const struct {
	unsigned status;
	const char *kind;
} problems[] = {
	[SK_KBS_P_INVALID_REQUEST] = { 400, "InvalidRequest" },
	[SK_KBS_P_PROTOCOL_VERSION] = { 400, "ProtocolVersion" },
	[SK_KBS_P_UNAUTHENTICATED] = { 401, "UnAuthenticatedCookie" },
	[SK_KBS_P_EXPIRED] = { 401, "ExpiredCookie" },
	[SK_KBS_P_ATTESTATION_FAILED] = { 401, "AttestationFailed" },
	[SK_KBS_P_TOKEN_INVALID] = { 401, "TokenParseFailed" },
	[SK_KBS_P_POLICY_DENY] = { 403, "PolicyDeny" },
	[SK_KBS_P_ADMIN_DENIED] = { 401, "AdminAuth" },
	[SK_KBS_P_NOT_FOUND] = { 404, "ResourceNotFound" },
	[SK_KBS_P_METHOD] = { 405, "MethodNotAllowed" },
	[SK_KBS_P_TOO_LARGE] = { 413, "PayloadTooLarge" },
	[SK_KBS_P_UNSUPPORTED_TYPE] = { 415, "UnsupportedMediaType" },
	[SK_KBS_P_INTERNAL] = { 500, "InternalError" },
	[SK_KBS_P_UNAVAILABLE] = { 503, "ServiceUnavailable" },
};

unsigned sk_kbs_problem_status(enum sk_kbs_problem p)
{
	return problems[p].status;
}

const char *sk_kbs_problem_kind(enum sk_kbs_problem p)
{
	return problems[p].kind;
}

char *sk_kbs_problem_body(enum sk_kbs_problem p, const char *detail, size_t *len)
{
	char type[128], line[DETAIL_MAX + 1];
	size_t n = strcspn(detail ? detail : "", "\r\n");
	json_t *doc;
	char *body;

	if (n > DETAIL_MAX)
		n = DETAIL_MAX;
	memcpy(line, detail ? detail : "", n);
	line[n] = 0;
	/* JSON would spell each as \u00XX: six bytes of nothing a reader can use */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	snprintf(type, sizeof(type), TYPE_BASE "%s", problems[p].kind);
	/* jansson refuses invalid UTF-8 (a cut in a character): say so rather than nothing */
	doc = json_pack("{s:s, s:s}", "type", type, "detail", line);
	if (!doc)
		doc = json_pack("{s:s, s:s}", "type", type, "detail", "(detail not UTF-8)");
	body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (body)
		*len = strlen(body);
	return body;
}
