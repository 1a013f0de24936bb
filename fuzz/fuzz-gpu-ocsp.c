/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OCSP responses given as files: the DER parse, then what the response says of NVIDIA's root
 * (as certificate, issuer and trust anchor), at a fixed time.
 */
#include <stdlib.h>

#include "crypto/ocsp.h"
#include "crypto/x509.h"
#include "gpu/roots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sk_x509 *root;
	enum sk_ocsp_status st;
	struct sk_ocsp *r;
	char why[160];
	int rc;

	if (!root && sk_gpu_device_root(&root))
		abort();
	if (sk_ocsp_load(data, size, &r))
		return 0;
	rc = sk_ocsp_status(r, root, root, &root, 1, root, 1735689600, &st, why, sizeof(why));
	if (rc == 0 && st != SK_OCSP_GOOD && st != SK_OCSP_REVOKED && st != SK_OCSP_UNKNOWN)
		abort();
	sk_ocsp_free(r);
	return 0;
}
