/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SNP evidence as trustee's guests send it (tee-evidence.primary_evidence):
 * the serde JSON form of virtee/sev's AttestationReport, every field by name
 * and every byte array as an array of integers, plus an optional
 * cert_chain of {"cert_type","data"}. The broker needs the exact 1184 report
 * bytes back, because the signature covers them: this maps the JSON onto the
 * SNP ABI layout (include/sevkit/snp.h), with the reserved bytes zero.
 */
#ifndef SK_KBS_EVIDENCE_SNP_H
#define SK_KBS_EVIDENCE_SNP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define SK_KBS_SNP_MAX_CERTS 8
#define SK_KBS_SNP_MAX_CERT_LEN 16384

struct sk_kbs_cert {
	char kind[8]; /* "VCEK","VLEK","ASK","ASVK","ARK" */
	uint8_t *der; /* malloc'd */
	size_t len;
};

struct sk_kbs_snp_evidence {
	uint8_t report[1184];
	struct sk_kbs_cert *certs;
	size_t ncerts;
};

/*
 * Rebuild the report and take the certificates. Strict: an unknown member,
 * a missing one, a byte array of the wrong length, a value out of its
 * field's range, a TCB whose fmc does not fit the product, or a report that
 * sev_snp_report_parse() refuses is SEV_E_FORMAT (or its error), with the
 * field named in the logged reason. cert_chain may be absent or null (no
 * certificates); up to SK_KBS_SNP_MAX_CERTS of at most SK_KBS_SNP_MAX_CERT_LEN
 * bytes. Nothing is verified here. On failure *e is empty.
 */
int sk_kbs_snp_evidence_parse(const json_t *primary_evidence, struct sk_kbs_snp_evidence *e);
/* Free the certificates; *e is left empty. */
void sk_kbs_snp_evidence_clear(struct sk_kbs_snp_evidence *e);
/*
 * The primary_evidence JSON of e (members in virtee/sev's order; the
 * mitigation vectors only for report version 5). NULL when the report does
 * not parse, a certificate kind is unknown, a 64-bit field does not fit a
 * JSON integer (above 2^63 - 1), or memory runs out (reason logged).
 */
json_t *sk_kbs_snp_evidence_to_json(const struct sk_kbs_snp_evidence *e);

#endif
