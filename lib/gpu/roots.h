/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NVIDIA's roots, embedded at build time: the Device Identity CA that GPU device chains end
 * in, and the CoRIM signing root that RIM signatures chain to (PEM, from nvtrust's certs/).
 */
#ifndef SK_GPU_ROOTS_H
#define SK_GPU_ROOTS_H

#include <stddef.h>
#include <stdint.h>

struct sk_x509;

int sk_gpu_device_root(struct sk_x509 **root);
void sk_gpu_rim_root_pem(const uint8_t **pem, size_t *len);

#endif
