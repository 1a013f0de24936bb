/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 7807 problem bodies (lib/kbs/problem.c) as the trustee KBS protocol has them
 * (../shared/reference/kbs.md): {"type": "https://github.com/confidential-containers/kbs/
 * errors/<Kind>", "detail": "..."}, 401 when not attested or the evidence is bad, 403 when
 * the policy refuses, 404 when there is no resource; the detail one short line.
 */
#include "../test.h"

#include <jansson.h>

#include "kbs/problem.h"

#define TYPE_BASE "https://github.com/confidential-containers/kbs/errors/"

static const struct {
	enum sk_kbs_problem p;
	unsigned status;
	const char *kind;
} expected[] = {
	{ SK_KBS_P_INVALID_REQUEST, 400, "InvalidRequest" },
	{ SK_KBS_P_PROTOCOL_VERSION, 400, "ProtocolVersion" },
	{ SK_KBS_P_UNAUTHENTICATED, 401, "UnAuthenticatedCookie" },
	{ SK_KBS_P_EXPIRED, 401, "ExpiredCookie" },
	{ SK_KBS_P_ATTESTATION_FAILED, 401, "AttestationFailed" },
	{ SK_KBS_P_TOKEN_INVALID, 401, "TokenParseFailed" },
	{ SK_KBS_P_POLICY_DENY, 403, "PolicyDeny" },
	{ SK_KBS_P_ADMIN_DENIED, 401, "AdminAuth" },
	{ SK_KBS_P_NOT_FOUND, 404, "ResourceNotFound" },
	{ SK_KBS_P_METHOD, 405, "MethodNotAllowed" },
	{ SK_KBS_P_TOO_LARGE, 413, "PayloadTooLarge" },
	{ SK_KBS_P_UNSUPPORTED_TYPE, 415, "UnsupportedMediaType" },
	{ SK_KBS_P_INTERNAL, 500, "InternalError" },
	{ SK_KBS_P_UNAVAILABLE, 503, "ServiceUnavailable" },
};

/* The body of p with detail, parsed: exactly "type" and "detail", one line, *len right. */
static json_t *body_of(enum sk_kbs_problem p, const char *detail)
{
	size_t len = 0;
	char *body = sk_kbs_problem_body(p, detail, &len);
	json_t *doc;

	assert_non_null(body);
	assert_int_equal(len, strlen(body));
	assert_null(strchr(body, '\n'));
	doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	free(body);
	assert_true(json_is_object(doc));
	assert_int_equal(json_object_size(doc), 2);
	assert_true(json_is_string(json_object_get(doc, "type")));
	assert_true(json_is_string(json_object_get(doc, "detail")));
	return doc;
}

static const char *detail_of(const json_t *doc)
{
	return json_string_value(json_object_get(doc, "detail"));
}

static void statuses_and_kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		char type[160];
		json_t *doc = body_of(expected[i].p, "why");

		assert_int_equal(sk_kbs_problem_status(expected[i].p), expected[i].status);
		assert_string_equal(sk_kbs_problem_kind(expected[i].p), expected[i].kind);
		snprintf(type, sizeof(type), TYPE_BASE "%s", expected[i].kind);
		assert_string_equal(json_string_value(json_object_get(doc, "type")), type);
		assert_string_equal(detail_of(doc), "why");
		json_decref(doc);
	}
}

/* The protocol's three refusals a guest meets: not attested, policy, no resource. */
static void protocol_classes(void **state)
{
	(void)state;
	assert_int_equal(sk_kbs_problem_status(SK_KBS_P_ATTESTATION_FAILED), 401);
	assert_int_equal(sk_kbs_problem_status(SK_KBS_P_UNAUTHENTICATED), 401);
	assert_int_equal(sk_kbs_problem_status(SK_KBS_P_POLICY_DENY), 403);
	assert_int_equal(sk_kbs_problem_status(SK_KBS_P_NOT_FOUND), 404);
}

static void detail_one_line(void **state)
{
	json_t *doc;

	(void)state;
	doc = body_of(SK_KBS_P_POLICY_DENY, "measurement differs\nsecond line");
	assert_string_equal(detail_of(doc), "measurement differs");
	json_decref(doc);
	doc = body_of(SK_KBS_P_POLICY_DENY, "carriage\r\nreturn");
	assert_string_equal(detail_of(doc), "carriage");
	json_decref(doc);
	doc = body_of(SK_KBS_P_NOT_FOUND, NULL);
	assert_string_equal(detail_of(doc), "");
	json_decref(doc);
	/* quotes and backslashes are escaped, not cut */
	doc = body_of(SK_KBS_P_INVALID_REQUEST, "body must be {\"a\": \"\\\\\"}");
	assert_string_equal(detail_of(doc), "body must be {\"a\": \"\\\\\"}");
	json_decref(doc);
}

static void detail_cut_at_200(void **state)
{
	char long_detail[501];
	json_t *doc;

	(void)state;
	memset(long_detail, 'x', 500);
	long_detail[500] = 0;
	doc = body_of(SK_KBS_P_INTERNAL, long_detail);
	assert_int_equal(strlen(detail_of(doc)), 200);
	assert_int_equal(strspn(detail_of(doc), "x"), 200);
	json_decref(doc);
	/* exactly 200 stays whole */
	long_detail[200] = 0;
	doc = body_of(SK_KBS_P_INTERNAL, long_detail);
	assert_string_equal(detail_of(doc), long_detail);
	json_decref(doc);
}

static void detail_not_utf8(void **state)
{
	char cut[202];
	json_t *doc;

	(void)state;
	doc = body_of(SK_KBS_P_INVALID_REQUEST, "bad \xff byte");
	assert_string_equal(detail_of(doc), "(detail not UTF-8)");
	json_decref(doc);
	/* a two-byte character across the 200-byte cut: still a valid body */
	memset(cut, 'a', 199);
	memcpy(cut + 199, "\xc3\xa9", 3);
	doc = body_of(SK_KBS_P_INVALID_REQUEST, cut);
	assert_string_equal(detail_of(doc), "(detail not UTF-8)");
	json_decref(doc);
	/* whole multi-byte characters pass through */
	doc = body_of(SK_KBS_P_INVALID_REQUEST, "r\xc3\xa9sum\xc3\xa9");
	assert_string_equal(detail_of(doc), "r\xc3\xa9sum\xc3\xa9");
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(statuses_and_kinds),
		cmocka_unit_test(protocol_classes),
		cmocka_unit_test(detail_one_line),
		cmocka_unit_test(detail_cut_at_200),
		cmocka_unit_test(detail_not_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
