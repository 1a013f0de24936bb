/* SPDX-License-Identifier: Apache-2.0 */
/* The opaque fields of a GPU report: names and decoded values (names as nvtrust gives them). */
#include "gpu/opaque.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/hex.h"
#include "util/json.h"

enum render {
	HEX,     /* the bytes in hex */
	STRING,  /* text with its trailing NULs removed */
	VBIOS,   /* 96.00.9f.00.01 */
	COUNTS,  /* one little-endian u32 per measurement block: {"1": n, ...} */
	PDIS,    /* 8-byte switch PDIs: ["hex", ...] */
	INTEGER, /* a little-endian number of at most 8 bytes */
};

struct field {
	const char *name;
	enum render render;
};

static const struct field fields[] = {
	[1] = { "cert_issuer_name", HEX },
	[2] = { "cert_authority_key_identifier", HEX },
	[3] = { "driver_version", STRING },
	[4] = { "gpu_info", HEX },
	[5] = { "id_sku", HEX },
	[6] = { "vbios_version", VBIOS },
	[7] = { "manufacturer_id", HEX },
	[8] = { "tamper_detection", HEX },
	[9] = { "smc", HEX },
	[10] = { "vpr", HEX },
	[11] = { "nvdec0_status", STRING },
	[12] = { "measurement_count", COUNTS },
	[13] = { "cpr_info", HEX },
	[14] = { "board_id", HEX },
	[15] = { "chip_sku", STRING },
	[16] = { "chip_sku_mod", STRING },
	[17] = { "project", STRING },
	[18] = { "project_sku", STRING },
	[19] = { "project_sku_mod", HEX },
	[20] = { "fwid", HEX },
	[21] = { "protected_pcie_status", STRING },
	[22] = { "switch_pdi", PDIS },
	[23] = { "floorswept_ports", HEX },
	[24] = { "position_id", HEX },
	[25] = { "lock_switch_status", HEX },
	[32] = { "gpu_link_conn", HEX },
	[33] = { "sys_enable_status", HEX },
	[34] = { "opaque_data_version", INTEGER },
	[35] = { "chip_info", STRING },
	[36] = { "feature_flag", INTEGER },
};

const char *sk_gpu_opaque_name(uint16_t type)
{
	return type < sizeof(fields) / sizeof(fields[0]) ? fields[type].name : NULL;
}

/* Printable ASCII once the NUL padding is gone; anything else is shown in hex. */
static json_t *string_json(const uint8_t *p, size_t n)
{
	while (n && !p[n - 1])
		n--;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return sk_json_hex(p, n);
	return json_stringn((const char *)p, n);
}

static json_t *counts_json(const uint8_t *p, size_t n)
{
	json_t *j = json_object();
	char key[8];

	if (n % 4)
		return NULL;
	for (size_t i = 0; j && i < n / 4; i++) {
		const uint8_t *c = p + 4 * i;

		snprintf(key, sizeof(key), "%zu", i + 1);
		json_object_set_new(j, key, json_integer((json_int_t)c[0] | (json_int_t)c[1] << 8 |
							 (json_int_t)c[2] << 16 |
							 (json_int_t)c[3] << 24));
	}
	return j;
}

static json_t *pdis_json(const uint8_t *p, size_t n)
{
	json_t *j = json_array();

	if (n % 8)
		return NULL;
	for (size_t i = 0; j && i < n / 8; i++)
		json_array_append_new(j, sk_json_hex(p + 8 * i, 8));
	return j;
}

static json_t *integer_json(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	if (n > 8 || (n == 8 && p[7] & 0x80))
		return NULL;
	for (size_t i = n; i--;)
		v = v << 8 | p[i];
	return json_integer((json_int_t)v);
}

json_t *sk_gpu_opaque_json(const struct sk_spdm_opaque *o)
{
	enum render how = sk_gpu_opaque_name(o->type) ? fields[o->type].render : HEX;
	char vbios[15];

	switch (how) {
	case STRING:
		return string_json(o->value, o->len);
	case VBIOS:
		return sk_spdm_vbios_version(o, vbios) ? NULL : json_string(vbios);
	case COUNTS:
		return counts_json(o->value, o->len);
	case PDIS:
		return pdis_json(o->value, o->len);
	case INTEGER:
		return integer_json(o->value, o->len);
	case HEX:
		break;
	}
	return sk_json_hex(o->value, o->len);
}

json_t *sk_gpu_config_json(const struct sk_spdm_report *r)
{
	json_t *j = json_object();
	char unnamed[16];

	for (size_t i = 0; j && i < r->n_opaque; i++) {
		const struct sk_spdm_opaque *o = &r->opaque[i];
		const char *name = sk_gpu_opaque_name(o->type);
		json_t *v = sk_gpu_opaque_json(o);

		if (!name) {
			snprintf(unnamed, sizeof(unnamed), "type_%u", o->type);
			name = unnamed;
		}
		/* a field of the wrong size for its type is shown as it is, in hex */
		json_object_set_new(j, name, v ? v : sk_json_hex(o->value, o->len));
	}
	return j;
}
