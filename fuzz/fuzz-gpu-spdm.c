/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GPU attestation reports (SPDM GET_MEASUREMENTS request and response), then what a parse
 * promises: every block and opaque field, and the signature, lie inside the input.
 */
#include <stdlib.h>

#include "gpu/spdm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const uint8_t *data, size_t size, const uint8_t *p, size_t n)
{
	if (n && (p < data || p + n > data + size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sk_spdm_report r;
	char vbios[15];

	if (sk_spdm_report_parse(data, size, &r))
		return 0;
	for (size_t i = 0; i < r.n_block; i++)
		inside(data, size, r.block[i].value, r.block[i].size);
	for (size_t i = 0; i < r.n_opaque; i++)
		inside(data, size, r.opaque[i].value, r.opaque[i].len);
	inside(data, size, r.signature, SK_SPDM_SIG_LEN);
	if (r.signed_len + SK_SPDM_SIG_LEN > size)
		abort();
	(void)sk_spdm_vbios_version(sk_spdm_opaque(&r, SK_SPDM_OPAQUE_VBIOS_VERSION), vbios);
	return 0;
}
