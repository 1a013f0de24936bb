/* SPDX-License-Identifier: Apache-2.0 */
/* Root hash signatures (DER PKCS#7) as verity verify reads them, against a fixed certificate. */
#include <stdlib.h>

#include "crypto/cms.h"
#include "crypto/x509.h"
#include "gpu/roots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char root_hash[] =
		"88b4a5ece856e7446de30d899c5073770be137d66e640b891cb87cfac0ab209d";
	static struct sk_x509 *trusted;
	int rc;

	if (!trusted && sk_gpu_device_root(&trusted))
		abort();
	rc = sk_cms_verify_detached(root_hash, sizeof(root_hash) - 1, data, size, &trusted, 1);
	/* nobody holds that root's key: no input may verify */
	if (rc == 0)
		abort();
	return 0;
}
