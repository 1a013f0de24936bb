/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary copy of the interface in the shared design; replaced by the real header on merge. */
#ifndef SK_KBS_BINDING_H
#define SK_KBS_BINDING_H
#include <jansson.h>
#include <stdint.h>
enum sk_kbs_hash { SK_KBS_SHA384 = 0, SK_KBS_SHA256, SK_KBS_SHA512 };
int sk_kbs_hash_parse(const char *name, enum sk_kbs_hash *h);
const char *sk_kbs_hash_name(enum sk_kbs_hash h);
int sk_kbs_report_data(enum sk_kbs_hash h, const char *nonce, const json_t *tee_pubkey,
		       const char *additional_evidence, uint8_t out[64]);
#endif
