/* SPDX-License-Identifier: Apache-2.0 */
#include "kbs-common.h"

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
