/* SPDX-License-Identifier: Apache-2.0 */
/* NVIDIA's embedded roots. */
#include "gpu/roots.h"

#include "crypto/x509.h"

extern const unsigned char sk_gpu_device_root_data[];
extern const size_t sk_gpu_device_root_data_len;
extern const unsigned char sk_gpu_rim_root_data[];
extern const size_t sk_gpu_rim_root_data_len;

int sk_gpu_device_root(struct sk_x509 **root)
{
	size_t n;

	return sk_x509_load(sk_gpu_device_root_data, sk_gpu_device_root_data_len, root, 1, &n);
}

void sk_gpu_rim_root_pem(const uint8_t **pem, size_t *len)
{
	*pem = sk_gpu_rim_root_data;
	*len = sk_gpu_rim_root_data_len;
}
