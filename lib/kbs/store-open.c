/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which back end a store URL names. A file of its own: the back ends call the
 * shared checks of store.c, and this calls the back ends.
 */
#include <string.h>

#include "kbs/store.h"
#include "util/log.h"

int sk_kbs_store_open(const char *url, struct sk_kbs_store **s)
{
	static const char sqlite[] = "sqlite:";
	size_t scheme;

	if (!url || !s)
		return SEV_E_INVALID;
	*s = NULL;
	if (strncmp(url, sqlite, sizeof(sqlite) - 1) == 0) {
		if (url[sizeof(sqlite) - 1] == '\0')
			return sk_fail(SEV_E_INVALID, "store URL 'sqlite:' names no file");
		return sk_kbs_store_sqlite_open(url + sizeof(sqlite) - 1, s);
	}
	scheme = strcspn(url, ":");
	if (!url[scheme])
		return sk_fail(SEV_E_UNSUPPORTED, "store '%.64s' has no scheme (sqlite:PATH)", url);
	/* only the scheme: the rest of a URL may hold a password */
	return sk_fail(SEV_E_UNSUPPORTED, "store URL scheme '%.*s': not supported (supported: "
		       "sqlite:PATH)", (int)(scheme < 32 ? scheme : 32), url);
}
