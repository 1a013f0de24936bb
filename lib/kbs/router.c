/* SPDX-License-Identifier: Apache-2.0 */
/* The request router (router.h): every check is on bounded input and allocates nothing. */
#include <string.h>
#include <strings.h>

#include "kbs/router.h"

#define PREFIX "/kbs/v0/"
#define URL_MAX 512
#define COOKIE_NAME "kbs-session-id"

bool sk_kbs_name_ok(const char *s, size_t n)
{
	if (n < 1 || n > SK_KBS_PART_MAX)
		return false;
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static enum sk_kbs_endpoint refuse(struct sk_kbs_route *r, enum sk_kbs_problem p, const char *why)
{
	r->ep = SK_KBS_EP_NONE;
	r->problem = p;
	r->why = why;
	return SK_KBS_EP_NONE;
}

/* "repo/type/tag", each part a name: copied into r->path */
static bool resource_path(const char *s, struct sk_kbs_route *r)
{
	size_t len = strlen(s), parts = 0;
	const char *p = s;

	if (len > SK_KBS_PATH_MAX)
		return false;
	while (parts < 3) {
		size_t n = strcspn(p, "/");

		if (!sk_kbs_name_ok(p, n))
			return false;
		p += n;
		/* a separator between names only: "a/b/c/" is not a path */
		if (++parts < 3 && *p++ != '/')
			return false;
	}
	if (*p)
		return false;
	memcpy(r->path, s, len + 1);
	return true;
}

static bool is_lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/*
 * Cookie: "a=b; kbs-session-id=<32 hex>; c=d". A malformed session cookie counts as none:
 * the endpoint then answers 401, as for a client that sent no cookie.
 */
static void session_cookie(const char *cookie, struct sk_kbs_route *r)
{
	const size_t nlen = sizeof(COOKIE_NAME) - 1;
	const char *p = cookie;

	while (p && *p) {
		size_t n;

		p += strspn(p, " \t");
		n = strcspn(p, ";");
		if (n == nlen + 1 + SK_KBS_SESSION_LEN && !strncmp(p, COOKIE_NAME "=", nlen + 1) &&
		    is_lower_hex(p + nlen + 1, SK_KBS_SESSION_LEN)) {
			memcpy(r->session, p + nlen + 1, SK_KBS_SESSION_LEN);
			r->session[SK_KBS_SESSION_LEN] = 0;
			r->has_session = true;
			return;
		}
		p += n;
		if (*p == ';')
			p++;
	}
}

/* Authorization: "Bearer <token>", the token in the JWS compact alphabet */
static void bearer(const char *auth, struct sk_kbs_route *r)
{
	size_t n;

	if (!auth || strncasecmp(auth, "Bearer ", 7))
		return;
	auth += 7;
	auth += strspn(auth, " ");
	n = strspn(auth, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");
	if (n == 0 || n > SK_KBS_BEARER_MAX || auth[n])
		return;
	r->bearer = auth;
	r->bearer_len = n;
}

static enum sk_kbs_endpoint admin(const char *method, const char *rest, struct sk_kbs_route *r)
{
	if (!strncmp(rest, "resource/", 9)) {
		if (strcmp(method, "PUT") && strcmp(method, "DELETE"))
			return refuse(r, SK_KBS_P_METHOD, "use PUT or DELETE for admin resources");
		if (!resource_path(rest + 9, r))
			return refuse(r, SK_KBS_P_INVALID_REQUEST, "bad resource path");
		r->ep = method[0] == 'P' ? SK_KBS_EP_ADMIN_RESOURCE : SK_KBS_EP_ADMIN_DELETE;
		return r->ep;
	}
	if (!strncmp(rest, "policy/", 7)) {
		if (strcmp(method, "PUT"))
			return refuse(r, SK_KBS_P_METHOD, "use PUT for admin policies");
		if (!sk_kbs_name_ok(rest + 7, strlen(rest + 7)))
			return refuse(r, SK_KBS_P_INVALID_REQUEST, "bad policy name");
		strcpy(r->path, rest + 7);
		return r->ep = SK_KBS_EP_ADMIN_POLICY;
	}
	if (!strcmp(rest, "audit")) {
		if (strcmp(method, "GET"))
			return refuse(r, SK_KBS_P_METHOD, "use GET for the audit log");
		return r->ep = SK_KBS_EP_ADMIN_AUDIT;
	}
	return refuse(r, SK_KBS_P_NOT_FOUND, "no such endpoint");
}

enum sk_kbs_endpoint sk_kbs_route(const char *method, const char *url, const char *cookie,
				  const char *authorization, struct sk_kbs_route *r)
{
	const char *rest;

	memset(r, 0, sizeof(*r));
	if (!method || !url || strnlen(url, URL_MAX + 1) > URL_MAX)
		return refuse(r, SK_KBS_P_NOT_FOUND, "no such endpoint");
	session_cookie(cookie, r);
	bearer(authorization, r);
	if (!strcmp(url, "/healthz") || !strcmp(url, "/readyz") || !strcmp(url, "/metrics")) {
		if (strcmp(method, "GET"))
			return refuse(r, SK_KBS_P_METHOD, "use GET");
		return r->ep = url[1] == 'h' ? SK_KBS_EP_HEALTHZ : url[1] == 'r' ?
			SK_KBS_EP_READYZ : SK_KBS_EP_METRICS;
	}
	if (strncmp(url, PREFIX, sizeof(PREFIX) - 1))
		return refuse(r, SK_KBS_P_NOT_FOUND, "no such endpoint");
	rest = url + sizeof(PREFIX) - 1;
	if (!strcmp(rest, "auth") || !strcmp(rest, "attest")) {
		if (strcmp(method, "POST"))
			return refuse(r, SK_KBS_P_METHOD, "use POST");
		return r->ep = rest[1] == 'u' ? SK_KBS_EP_AUTH : SK_KBS_EP_ATTEST;
	}
	if (!strncmp(rest, "resource/", 9)) {
		if (strcmp(method, "GET"))
			return refuse(r, SK_KBS_P_METHOD, "use GET for resources");
		if (!resource_path(rest + 9, r))
			return refuse(r, SK_KBS_P_INVALID_REQUEST,
				      "resource path is not repository/type/tag of "
				      "[A-Za-z0-9._-]{1,64}");
		return r->ep = SK_KBS_EP_RESOURCE;
	}
	if (!strncmp(rest, "admin/", 6))
		return admin(method, rest + 6, r);
	return refuse(r, SK_KBS_P_NOT_FOUND, "no such endpoint");
}

bool sk_kbs_json_depth_ok(const char *s, size_t n, unsigned max)
{
	unsigned depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		if (in_string) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_string = false;
		} else if (ch == '"') {
			in_string = true;
		} else if (ch == '[' || ch == '{') {
			if (++depth > max)
				return false;
		} else if ((ch == ']' || ch == '}') && depth) {
			depth--;
		}
	}
	return true;
}
