/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One routed request to its endpoint, with the library's messages kept as its reason.
 */
#include <string.h>

#include "kbs/protocol-internal.h"
#include "util/log.h"

void sk_kbs_handle(struct sk_kbs_ctx *c, const struct sk_kbs_route *r, const char *body,
		   size_t len, int64_t now, struct sk_kbs_response *out)
{
	struct sk_kbs_reason why;

	memset(out, 0, sizeof(*out));
	sk_kbs_reason_begin(&why);
	switch (r->ep) {
	case SK_KBS_EP_AUTH: sk_kbs_auth(c, body, len, now, out); break;
	case SK_KBS_EP_ATTEST: sk_kbs_attest(c, r, body, len, now, &why, out); break;
	case SK_KBS_EP_RESOURCE: sk_kbs_resource(c, r, now, &why, out); break;
	case SK_KBS_EP_ADMIN_RESOURCE:
	case SK_KBS_EP_ADMIN_DELETE:
	case SK_KBS_EP_ADMIN_POLICY:
	case SK_KBS_EP_ADMIN_AUDIT: sk_kbs_admin_handle(c, r, body, len, now, out); break;
	default: sk_kbs_respond_problem(out, r->problem, r->why); break;
	}
	sk_kbs_reason_end(&why);
	/* the client is told only that the database is unavailable; the log says why */
	if (out->status == 503 && why.text[0])
		sk_warn("key broker: %s", why.text);
}
