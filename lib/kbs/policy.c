/* SPDX-License-Identifier: Apache-2.0 */
/* A stored policy, read as the report checks it holds. */
#include <stdbool.h>

#include <jansson.h>

#include "kbs/protocol.h"

int sk_kbs_policy_checks(const char *text, size_t len, struct sev_snp_checks *c)
{
	json_t *doc = json_loadb(text, len, 0, NULL);
	bool reference = json_is_object(doc) && json_object_get(doc, "sevkit_reference_values");

	json_decref(doc);
	sev_snp_checks_init(c);
	return reference ? sev_snp_checks_from_reference(c, text, len) :
		sev_snp_checks_from_json(c, text, len);
}
