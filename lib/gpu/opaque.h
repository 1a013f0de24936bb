/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The opaque fields of a GPU report by name, and their values as trustee's claims give them
 * (strings without their trailing NULs, the VBIOS version dotted, counts per block, ...).
 */
#ifndef SK_GPU_OPAQUE_H
#define SK_GPU_OPAQUE_H

#include <jansson.h>

#include "gpu/spdm.h"

/* "driver_version", ...; "type_26" style names are not given: NULL for an unnamed type. */
const char *sk_gpu_opaque_name(uint16_t type);
/* The field's value as JSON, or NULL when it does not have the size its type needs. */
json_t *sk_gpu_opaque_json(const struct sk_spdm_opaque *o);
/* {"name": value, ...} for every field; unnamed types as "type_N" in hex. */
json_t *sk_gpu_config_json(const struct sk_spdm_report *r);

#endif
