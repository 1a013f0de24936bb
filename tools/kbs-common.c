/* SPDX-License-Identifier: Apache-2.0 */
#include "kbs-common.h"

#include <stdio.h>
#include <string.h>

#include <sevkit/util.h>

int kbs_uint_option(struct cli *cli, const char *opt, const char *text, uint32_t min,
		    uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (sev_parse_uint(text, max, &v) || v < min)
		return cli_usage_error(cli, "--%s takes a number from %u to %u", opt, min, max);
	*out = (uint32_t)v;
	return 0;
}

/* user:PASSWORD@ in the authority, and every query parameter, hidden */
const char *kbs_db_label(const char *db, char *buf, size_t n)
{
	const char *scheme_end, *auth, *at, *colon, *query;

	if (!db)
		return SEV_KBS_DEFAULT_DB;
	scheme_end = strstr(db, "://");
	if (!scheme_end)
		return db; /* sqlite:PATH holds no secret */
	auth = scheme_end + 3;
	at = strchr(auth, '@');
	query = strchr(auth, '?');
	if (at && query && query < at)
		at = NULL;
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon)
		snprintf(buf, n, "%.*s:***%.*s", (int)(colon - db), db,
			 (int)((query ? query : at + strlen(at)) - at), at);
	else
		snprintf(buf, n, "%.*s", (int)(query ? query - db : (long)strlen(db)), db);
	if (query && strlen(buf) + 5 < n)
		strcat(buf, "?...");
	return buf;
}

int kbs_open_store(struct cli *cli, const char *db, struct sev_kbs_admin **a)
{
	int rc = sev_kbs_admin_open(db, a);
	char label[512];

	if (rc)
		cli_error(cli, "cannot open the store %s", kbs_db_label(db, label, sizeof(label)));
	return rc ? cli_exit(rc) : 0;
}
