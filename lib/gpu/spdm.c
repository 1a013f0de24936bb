/* SPDX-License-Identifier: Apache-2.0 */
/* NVIDIA GPU attestation reports: SPDM 1.1 GET_MEASUREMENTS request and response. */
#include "gpu/spdm.h"

#include <stdio.h>
#include <string.h>

#include <sevkit/error.h>

#include "util/reader.h"

#define SPDM_11 0x11
#define GET_MEASUREMENTS 0xe0
#define MEASUREMENTS 0x60
#define SIGNATURE_REQUESTED 0x01
#define ALL_MEASUREMENTS 0xff
#define DMTF 0x01 /* MeasurementSpecification bit 0 */

static int expect_u8(struct sk_reader *rd, uint8_t want, const char *field)
{
	size_t at = rd->off;
	uint8_t v;
	int rc = sk_read_u8(rd, &v, field);

	if (!rc && v != want)
		return sk_reader_reject(rd, at, field, "0x%02x, expected 0x%02x", v, want);
	return rc;
}

static int read_request(struct sk_reader *rd, struct sk_spdm_report *r)
{
	int rc;

	if ((rc = expect_u8(rd, SPDM_11, "request SPDMVersion")) ||
	    (rc = expect_u8(rd, GET_MEASUREMENTS, "request RequestResponseCode")) ||
	    (rc = expect_u8(rd, SIGNATURE_REQUESTED, "request Param1 (signature requested)")) ||
	    (rc = expect_u8(rd, ALL_MEASUREMENTS, "request Param2 (all measurements)")) ||
	    (rc = sk_read_bytes(rd, r->request_nonce, SK_SPDM_NONCE_LEN, "request Nonce")))
		return rc;
	return sk_read_u8(rd, &r->slot, "request SlotIDParam");
}

/* A 24-bit little-endian length. */
static int read_u24(struct sk_reader *rd, uint32_t *v, const char *field)
{
	uint8_t b[3];
	int rc = sk_read_bytes(rd, b, 3, field);

	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
	return rc;
}

/* One block: Index, MeasurementSpecification (DMTF), size, then the DMTF value. */
static int read_block(struct sk_reader *rd, struct sk_spdm_block *b)
{
	size_t at;
	uint16_t size;
	uint8_t spec;
	int rc;

	if ((rc = sk_read_u8(rd, &b->index, "measurement block Index")))
		return rc;
	at = rd->off;
	if ((rc = sk_read_u8(rd, &spec, "MeasurementSpecification")))
		return rc;
	if (spec != DMTF)
		return sk_reader_reject(rd, at, "MeasurementSpecification", "0x%02x, expected DMTF "
					"(0x01)", spec);
	if ((rc = sk_read_u16(rd, &size, "MeasurementSize")) ||
	    (rc = sk_read_u8(rd, &b->dmtf_type, "DMTFSpecMeasurementValueType")) ||
	    (rc = sk_read_u16(rd, &b->size, "DMTFSpecMeasurementValueSize")))
		return rc;
	if (size != (uint32_t)b->size + 3)
		return sk_reader_reject(rd, at + 1, "MeasurementSize", "%u, but its DMTF value is "
					"%u bytes", size, b->size);
	return sk_read_ref(rd, &b->value, b->size, "DMTFSpecMeasurementValue");
}

static int read_blocks(struct sk_reader *rd, struct sk_spdm_report *r)
{
	uint8_t n;
	uint32_t record;
	size_t at, start;
	int rc;

	if ((rc = sk_read_u8(rd, &n, "NumberOfBlocks")))
		return rc;
	at = rd->off;
	if ((rc = read_u24(rd, &record, "MeasurementRecordLength")))
		return rc;
	if (record > sk_reader_left(rd))
		return sk_reader_reject(rd, at, "MeasurementRecordLength", "%u bytes, past the end",
					record);
	start = rd->off;
	for (r->n_block = 0; r->n_block < n; r->n_block++)
		if ((rc = read_block(rd, &r->block[r->n_block])))
			return rc;
	if (rd->off - start != record)
		return sk_reader_reject(rd, at, "MeasurementRecordLength", "%u, but %u blocks take "
					"%zu bytes", record, n, rd->off - start);
	return 0;
}

/* Type/length/value fields that fill exactly OpaqueLength; each known type at most once. */
static int read_opaque(struct sk_reader *rd, struct sk_spdm_report *r)
{
	uint16_t total;
	size_t at, end;
	int rc;

	at = rd->off;
	if ((rc = sk_read_u16(rd, &total, "OpaqueLength")))
		return rc;
	if (total > sk_reader_left(rd))
		return sk_reader_reject(rd, at, "OpaqueLength", "%u bytes, past the end", total);
	end = rd->off + total;
	for (r->n_opaque = 0; rd->off < end; r->n_opaque++) {
		struct sk_spdm_opaque *o = &r->opaque[r->n_opaque];

		at = rd->off;
		if (r->n_opaque == SK_SPDM_MAX_OPAQUE)
			return sk_reader_reject(rd, at, "opaque data", "more than %d fields",
						SK_SPDM_MAX_OPAQUE);
		if ((rc = sk_read_u16(rd, &o->type, "opaque data type")) ||
		    (rc = sk_read_u16(rd, &o->len, "opaque data length")))
			return rc;
		if (o->type == 0 || o->type > SK_SPDM_OPAQUE_TYPE_MAX)
			return sk_reader_reject(rd, at, "opaque data type", "%u is not known", o->type);
		if (sk_spdm_opaque(r, o->type))
			return sk_reader_reject(rd, at, "opaque data type", "%u twice", o->type);
		if (o->len > end - rd->off)
			return sk_reader_reject(rd, at + 2, "opaque data length", "%u bytes, past "
						"OpaqueLength", o->len);
		if ((rc = sk_read_ref(rd, &o->value, o->len, "opaque data value")))
			return rc;
	}
	return 0;
}

int sk_spdm_report_parse(const uint8_t *buf, size_t len, struct sk_spdm_report *r)
{
	struct sk_reader rd;
	int rc;

	memset(r, 0, sizeof(*r));
	sk_reader_init(&rd, buf, len, "GPU attestation report");
	if ((rc = read_request(&rd, r)) ||
	    (rc = expect_u8(&rd, SPDM_11, "response SPDMVersion")) ||
	    (rc = expect_u8(&rd, MEASUREMENTS, "response RequestResponseCode")) ||
	    (rc = sk_read_skip(&rd, 2, "response Param1, Param2")) ||
	    (rc = read_blocks(&rd, r)) ||
	    (rc = sk_read_bytes(&rd, r->responder_nonce, SK_SPDM_NONCE_LEN, "response Nonce")) ||
	    (rc = read_opaque(&rd, r)))
		return rc;
	r->signed_len = rd.off;
	if ((rc = sk_read_ref(&rd, &r->signature, SK_SPDM_SIG_LEN, "Signature")))
		return rc;
	return sk_read_zero(&rd, sk_reader_left(&rd), "bytes after the signature");
}

const struct sk_spdm_opaque *sk_spdm_opaque(const struct sk_spdm_report *r, uint16_t type)
{
	for (size_t i = 0; i < r->n_opaque; i++)
		if (r->opaque[i].type == type)
			return &r->opaque[i];
	return NULL;
}

int sk_spdm_vbios_version(const struct sk_spdm_opaque *o, char out[15])
{
	const uint8_t *v = o ? o->value : NULL;

	if (!o || o->len != 8)
		return SEV_E_FORMAT;
	snprintf(out, 15, "%02x.%02x.%02x.%02x.%02x", v[3], v[2], v[1], v[0], v[4]);
	return 0;
}
