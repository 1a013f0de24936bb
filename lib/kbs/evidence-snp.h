/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary copy of the interface in the shared design; replaced by the real header on merge. */
#ifndef SK_KBS_EVIDENCE_SNP_H
#define SK_KBS_EVIDENCE_SNP_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
struct sk_kbs_cert { char kind[8]; uint8_t *der; size_t len; };
struct sk_kbs_snp_evidence { uint8_t report[1184]; struct sk_kbs_cert *certs; size_t ncerts; };
int sk_kbs_snp_evidence_parse(const json_t *primary_evidence, struct sk_kbs_snp_evidence *e);
void sk_kbs_snp_evidence_clear(struct sk_kbs_snp_evidence *e);
json_t *sk_kbs_snp_evidence_to_json(const struct sk_kbs_snp_evidence *e);
#endif
