/* SPDX-License-Identifier: Apache-2.0 */
/* A stored policy, read as the report checks it holds and what it asks of GPUs. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kbs/evidence-gpu.h"
#include "kbs/protocol.h"
#include "util/log.h"

int sk_kbs_policy_checks(const char *text, size_t len, struct sev_snp_checks *c,
			 struct sk_kbs_gpu_policy *gpu)
{
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	struct sk_kbs_gpu_policy mine;
	char *rest = NULL;
	int rc;

	sev_snp_checks_init(c);
	if (!gpu)
		gpu = &mine;
	memset(gpu, 0, sizeof(*gpu));
	if (json_is_object(doc) && json_object_get(doc, "sevkit_reference_values")) {
		json_decref(doc);
		return sev_snp_checks_from_reference(c, text, len);
	}
	if (!json_is_object(doc)) {
		json_decref(doc);
		return sev_snp_checks_from_json(c, text, len);
	}
	/* the report checks are the document without its "gpu" member */
	rc = sk_kbs_gpu_policy_take(doc, gpu);
	if (!rc && !(rest = json_dumps(doc, JSON_COMPACT)))
		rc = SEV_E_INTERNAL;
	if (!rc)
		rc = sev_snp_checks_from_json(c, rest, strlen(rest));
	free(rest);
	json_decref(doc);
	if (rc || gpu == &mine)
		sk_kbs_gpu_policy_free(gpu);
	return rc;
}
