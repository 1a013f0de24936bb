/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The key broker's router: "METHOD\nURL\nCOOKIE\nAUTHORIZATION" (a missing line is a
 * missing header), then what a route promises is checked: a resource path is three names,
 * a session id 32 hex digits, a bearer token in the JWS alphabet. The same bytes also go
 * through the JSON depth check and a problem body.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kbs/problem.h"
#include "kbs/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_route(const struct sk_kbs_route *r)
{
	if (r->ep == SK_KBS_EP_RESOURCE || r->ep == SK_KBS_EP_ADMIN_RESOURCE) {
		const char *a = strchr(r->path, '/'), *b = a ? strchr(a + 1, '/') : NULL;

		if (!a || !b || strchr(b + 1, '/') || !sk_kbs_name_ok(r->path, (size_t)(a - r->path)) ||
		    !sk_kbs_name_ok(b + 1, strlen(b + 1)))
			abort();
	}
	if (r->ep == SK_KBS_EP_NONE && !r->why)
		abort();
	if (r->has_session && strspn(r->session, "0123456789abcdef") != SK_KBS_SESSION_LEN)
		abort();
	if (r->bearer && (r->bearer_len == 0 || r->bearer_len > SK_KBS_BEARER_MAX))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *field[4] = { NULL, NULL, NULL, NULL }, *p;
	struct sk_kbs_route r;
	size_t len;
	char *body;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	(void)sk_kbs_json_depth_ok(text, size, 32);
	p = text;
	for (int i = 0; i < 4 && p; i++) {
		field[i] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = 0;
	}
	sk_kbs_route(field[0] ? field[0] : "", field[1] ? field[1] : "", field[2], field[3], &r);
	check_route(&r);
	body = sk_kbs_problem_body(r.ep == SK_KBS_EP_NONE ? r.problem : SK_KBS_P_INVALID_REQUEST,
				   field[1], &len);
	if (body && (memchr(body, '\n', len) || len > SK_KBS_PROBLEM_MAX))
		abort();
	free(body);
	free(text);
	return 0;
}
