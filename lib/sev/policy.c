/* SPDX-License-Identifier: Apache-2.0 */
#include <sevkit/policy.h>

#include "util/bytes.h"

static const struct sev_policy_bit bits[] = {
	{ SEV_POLICY_NODBG, "nodbg", "debugging of the guest is disallowed",
	  "debugging of the guest is allowed (the host can decrypt guest memory)" },
	{ SEV_POLICY_NOKS, "noks", "sharing keys with other guests is disallowed",
	  "sharing keys with other guests is allowed" },
	{ SEV_POLICY_ES, "es", "SEV-ES is required (register state is encrypted)",
	  "SEV-ES is not required" },
	{ SEV_POLICY_NOSEND, "nosend", "sending the guest to another platform is disallowed",
	  "sending the guest to another platform is allowed" },
	{ SEV_POLICY_DOMAIN, "domain", "the guest must not be sent outside its domain",
	  "the guest may be sent to another domain" },
	{ SEV_POLICY_SEV, "sev", "the guest must not be sent to a platform without SEV",
	  "the guest may be sent to a platform without SEV" },
};

const struct sev_policy_bit *sev_policy_bits(size_t *n)
{
	*n = SK_ARRAY_SIZE(bits);
	return bits;
}
