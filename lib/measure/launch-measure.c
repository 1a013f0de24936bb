/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LAUNCH_MEASURE (SEV API #55766, 6.5): the firmware proves the launch digest
 * to the guest owner with MEASURE = HMAC-SHA256(TIK, 0x04 || API_MAJOR ||
 * API_MINOR || BUILD || POLICY || LD || MNONCE) and sends MEASURE || MNONCE.
 */
#include <sevkit/measure.h>

#include "crypto/mac.h"
#include "crypto/secure.h"
#include "util/bytes.h"

#define MEASURE_CONTEXT 0x04

int sev_launch_measure(const uint8_t tik[16], const struct sev_launch_info *info,
		       const uint8_t digest[32], const uint8_t mnonce[SEV_MNONCE_LEN],
		       uint8_t out[SEV_MEASURE_LEN])
{
	uint8_t head[8] = { MEASURE_CONTEXT, info->api_major, info->api_minor, info->build_id };
	struct sk_buf parts[] = {
		{ head, sizeof(head) },
		{ digest, 32 },
		{ mnonce, SEV_MNONCE_LEN },
	};

	sk_put_le32(head + 4, info->policy);
	return sk_hmac_sha256(tik, 16, parts, SK_ARRAY_SIZE(parts), out);
}

int sev_launch_measure_check(const uint8_t tik[16], const struct sev_launch_info *info,
			     const uint8_t digest[32], const uint8_t blob[SEV_LAUNCH_MEASURE_LEN])
{
	uint8_t expect[SEV_MEASURE_LEN];
	int rc = sev_launch_measure(tik, info, digest, blob + SEV_MEASURE_LEN, expect);

	if (!rc && !sk_ct_equal(expect, blob, SEV_MEASURE_LEN))
		rc = SEV_E_VERIFY;
	sk_wipe(expect, sizeof(expect));
	return rc;
}
