/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which back end a store URL names. A file of its own: the back ends call the
 * shared checks of store.c, and this calls the back ends.
 */
#include <stdbool.h>
#include <string.h>

#include "kbs/store.h"
#include "util/log.h"

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

int sk_kbs_store_open_opts(const char *url, const struct sk_kbs_store_opts *o, int *from,
			   struct sk_kbs_store **s)
{
	static const char sqlite[] = "sqlite:";
	struct sk_kbs_store_opts d = o ? *o : (struct sk_kbs_store_opts){ 0 };
	int found = 0;
	size_t scheme;

	if (!url || !s)
		return SEV_E_INVALID;
	*s = NULL;
	if (from)
		*from = 0;
	d.pool_max = d.pool_max ? d.pool_max : 8;
	d.pool_wait_ms = d.pool_wait_ms ? d.pool_wait_ms : 2000;
	d.timeout_ms = d.timeout_ms ? d.timeout_ms : 5000;
	if (has_prefix(url, sqlite)) {
		if (url[sizeof(sqlite) - 1] == '\0')
			return sk_fail(SEV_E_INVALID, "store URL 'sqlite:' names no file");
		return sk_kbs_store_sqlite_open(url + sizeof(sqlite) - 1, &d, from ? from : &found,
						s);
	}
	if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://"))
		return sk_kbs_store_pg_open(url, &d, from ? from : &found, s);
	scheme = strcspn(url, ":");
	if (!url[scheme])
		return sk_fail(SEV_E_UNSUPPORTED, "store '%.64s' has no scheme (sqlite:PATH or "
			       "postgresql://...)", url);
	/* only the scheme: the rest of a URL may hold a password */
	return sk_fail(SEV_E_UNSUPPORTED, "store URL scheme '%.*s': not supported (supported: "
		       "sqlite:PATH, postgresql://...)", (int)(scheme < 32 ? scheme : 32), url);
}

int sk_kbs_store_open(const char *url, struct sk_kbs_store **s)
{
	return sk_kbs_store_open_opts(url, NULL, NULL, s);
}
