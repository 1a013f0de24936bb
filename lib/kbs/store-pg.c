/* SPDX-License-Identifier: Apache-2.0 */
/* Placeholder until the PostgreSQL back end lands on this branch. */
#include "kbs/store.h"
#include "util/log.h"

int sk_kbs_store_pg_open(const char *url, const struct sk_kbs_store_opts *o, int *from,
			 struct sk_kbs_store **s)
{
	(void)url, (void)o, (void)from, (void)s;
	return sk_fail(SEV_E_UNSUPPORTED, "store URL scheme 'postgresql': not supported");
}
