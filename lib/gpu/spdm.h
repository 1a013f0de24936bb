/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NVIDIA GPU attestation reports (Hopper, and the NVSwitches of Protected PCIe systems): an
 * SPDM 1.1 GET_MEASUREMENTS request followed by its MEASUREMENTS response, as NVIDIA's driver
 * hands them out (layout: ../shared/reference/gpu.md, written from nvtrust and trustee).
 * The parse borrows from the buffer: every pointer points into it.
 */
#ifndef SK_GPU_SPDM_H
#define SK_GPU_SPDM_H

#include <stddef.h>
#include <stdint.h>

#define SK_SPDM_REQUEST_LEN 37
#define SK_SPDM_NONCE_LEN 32
#define SK_SPDM_SIG_LEN 96 /* ECDSA P-384 r || s, big-endian */
#define SK_SPDM_MAX_BLOCKS 255
#define SK_SPDM_MAX_OPAQUE 64

/* Opaque data types (trustee's OpaqueDataType; names as nvtrust gives them). */
enum sk_spdm_opaque_type {
	SK_SPDM_OPAQUE_DRIVER_VERSION = 3,
	SK_SPDM_OPAQUE_VBIOS_VERSION = 6,
	SK_SPDM_OPAQUE_MEASUREMENT_COUNT = 12,
	SK_SPDM_OPAQUE_FWID = 20,
	SK_SPDM_OPAQUE_TYPE_MAX = 36,
};

/* One measurement block: its index and the DMTF-format value it holds. */
struct sk_spdm_block {
	uint8_t index;
	uint8_t dmtf_type;    /* DMTFSpecMeasurementValueType */
	uint16_t size;        /* of value */
	const uint8_t *value;
};

struct sk_spdm_opaque {
	uint16_t type;
	uint16_t len;
	const uint8_t *value;
};

struct sk_spdm_report {
	uint8_t request_nonce[SK_SPDM_NONCE_LEN];  /* the verifier's */
	uint8_t slot;
	uint8_t responder_nonce[SK_SPDM_NONCE_LEN]; /* the GPU's own: not checked */
	size_t n_block;
	struct sk_spdm_block block[SK_SPDM_MAX_BLOCKS];
	size_t n_opaque;
	struct sk_spdm_opaque opaque[SK_SPDM_MAX_OPAQUE];
	size_t signed_len;          /* the signature covers bytes [0, signed_len) */
	const uint8_t *signature;   /* SK_SPDM_SIG_LEN bytes at signed_len */
};

/*
 * Parse a report: SPDM version 1.1 in both messages, a request for all measurements with a
 * signature, a response whose blocks are DMTF measurements that fill exactly its record
 * length, opaque fields that fill exactly theirs, of known types and each at most once, and
 * a signature. Bytes after the signature must be zero (trustee's CoCo sample carries one).
 * SEV_E_FORMAT naming the field and its offset.
 */
int sk_spdm_report_parse(const uint8_t *buf, size_t len, struct sk_spdm_report *r);
/* The opaque field of this type, or NULL. */
const struct sk_spdm_opaque *sk_spdm_opaque(const struct sk_spdm_report *r, uint16_t type);
/*
 * The VBIOS version as NVIDIA prints it: the 8 bytes "00 9f 00 96 01 00 00 00" are
 * "96.00.9f.00.01" (the first four reversed, then the fifth). out: at least 15 bytes.
 * SEV_E_FORMAT when the field is not 8 bytes.
 */
int sk_spdm_vbios_version(const struct sk_spdm_opaque *o, char out[15]);

#endif
