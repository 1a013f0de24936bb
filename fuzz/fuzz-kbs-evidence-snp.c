/* SPDX-License-Identifier: Apache-2.0 */
/*
 * trustee SNP primary_evidence JSON. Invariant: what parses writes back to
 * JSON, and that JSON parses to the same report bytes and certificates.
 */
#include <stdlib.h>
#include <string.h>

#include "kbs/evidence-snp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(const struct sk_kbs_snp_evidence *a, const struct sk_kbs_snp_evidence *b)
{
	if (memcmp(a->report, b->report, sizeof(a->report)) || a->ncerts != b->ncerts)
		abort();
	for (size_t i = 0; i < a->ncerts; i++)
		if (strcmp(a->certs[i].kind, b->certs[i].kind) || a->certs[i].len != b->certs[i].len ||
		    memcmp(a->certs[i].der, b->certs[i].der, a->certs[i].len))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL), *back;
	struct sk_kbs_snp_evidence e, e2;

	if (!v)
		return 0;
	if (sk_kbs_snp_evidence_parse(v, &e) == 0) {
		if (!(back = sk_kbs_snp_evidence_to_json(&e)) ||
		    sk_kbs_snp_evidence_parse(back, &e2) != 0)
			abort();
		same(&e, &e2);
		sk_kbs_snp_evidence_clear(&e2);
		sk_kbs_snp_evidence_clear(&e);
		json_decref(back);
	}
	json_decref(v);
	return 0;
}
