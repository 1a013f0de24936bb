/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The OVMF footer GUID table. The image's last 32 bytes are the reset vector;
 * just before them sits the footer entry {u16 total length, GUID 96b582de-...},
 * and before that the other entries, each laid out as {data, u16 length, GUID}
 * with the length counting all three. The table is read backwards.
 */
#include <sevkit/ovmf.h>

#include <string.h>

#include "ovmf/guids.h"
#include "util/bytes.h"
#include "util/guid.h"
#include "util/log.h"
#include "util/reader.h"
#include "util/struct.h"

#define RESET_VECTOR_LEN 32
#define ENTRY_HEADER_LEN (2 + SK_GUID_LEN)

typedef int (*entry_fn)(const uint8_t *guid, const uint8_t *data, size_t len, size_t off,
			void *ctx);

/* Call fn for each entry, last first; fn returns nonzero to stop. */
static int walk(const uint8_t *fw, size_t len, entry_fn fn, void *ctx)
{
	struct sk_reader r;
	const uint8_t *guid;
	size_t start, pos;
	uint16_t total;
	int rc;

	sk_reader_init(&r, fw, len, "OVMF footer table");
	if (len < RESET_VECTOR_LEN + ENTRY_HEADER_LEN)
		return sk_reader_reject(&r, 0, "footer", "file of %zu bytes is too small for "
					"an OVMF image", len);
	pos = len - RESET_VECTOR_LEN - ENTRY_HEADER_LEN;
	if ((rc = sk_read_seek(&r, pos, "footer length")) ||
	    (rc = sk_read_u16(&r, &total, "footer length")) ||
	    (rc = sk_read_ref(&r, &guid, SK_GUID_LEN, "footer GUID")))
		return rc;
	if (memcmp(guid, sk_guid_ovmf_footer, SK_GUID_LEN) != 0)
		return sk_reader_reject(&r, pos + 2, "footer GUID",
					"96b582de-1fb2-45f7-baea-a366c55a082d not found: not an "
					"OVMF image with a SEV footer table");
	if (total < ENTRY_HEADER_LEN || total > len - RESET_VECTOR_LEN)
		return sk_reader_reject(&r, pos, "footer length",
					"table length %u does not fit in the image", total);
	start = len - RESET_VECTOR_LEN - total;
	while (pos > start) {
		uint16_t elen;
		size_t hdr;

		if (pos - start < ENTRY_HEADER_LEN)
			return sk_reader_reject(&r, start, "entry", "%zu stray bytes at the "
						"start of the table", pos - start);
		hdr = pos - ENTRY_HEADER_LEN;
		if ((rc = sk_read_seek(&r, hdr, "entry length")) ||
		    (rc = sk_read_u16(&r, &elen, "entry length")) ||
		    (rc = sk_read_ref(&r, &guid, SK_GUID_LEN, "entry GUID")))
			return rc;
		if (elen < ENTRY_HEADER_LEN || elen > pos - start)
			return sk_reader_reject(&r, hdr, "entry length", "%u is outside the "
						"table (18..%zu)", elen, pos - start);
		pos -= elen;
		if ((rc = fn(guid, fw + pos, elen - ENTRY_HEADER_LEN, pos, ctx)))
			return rc > 0 ? 0 : rc;
	}
	return 0;
}

/* Read count u32 values from an entry's data, which must be long enough. */
static int get_u32s(const uint8_t *guid, const uint8_t *data, size_t len, size_t off,
		    bool *seen, uint32_t *v, size_t count)
{
	char name[SK_GUID_TEXT];

	sk_guid_format(guid, name);
	if (*seen)
		return sk_fail(SEV_E_FORMAT, "OVMF footer table: entry %s at offset 0x%zx: "
			       "appears twice", name, off);
	if (len < 4 * count)
		return sk_fail(SEV_E_FORMAT, "OVMF footer table: entry %s at offset 0x%zx: "
			       "%zu data bytes, %zu needed", name, off, len, 4 * count);
	for (size_t i = 0; i < count; i++)
		v[i] = sk_get_le32(data + 4 * i);
	*seen = true;
	return 0;
}

static int collect(const uint8_t *guid, const uint8_t *data, size_t len, size_t off, void *ctx)
{
	struct sev_ovmf_table *t = ctx;
	uint32_t v[2];
	int rc = 0;

	t->entries++;
	if (!memcmp(guid, sk_guid_sev_es_reset, SK_GUID_LEN)) {
		rc = get_u32s(guid, data, len, off, &t->has_es_reset, v, 1);
		t->es_reset_eip = v[0];
	} else if (!memcmp(guid, sk_guid_sev_hashes, SK_GUID_LEN)) {
		rc = get_u32s(guid, data, len, off, &t->has_hashes, v, 2);
		t->hashes_base = v[0];
		t->hashes_size = v[1];
	} else if (!memcmp(guid, sk_guid_sev_secret, SK_GUID_LEN)) {
		rc = get_u32s(guid, data, len, off, &t->has_secret, v, 2);
		t->secret_base = v[0];
		t->secret_size = v[1];
	} else if (!memcmp(guid, sk_guid_sev_metadata, SK_GUID_LEN)) {
		rc = get_u32s(guid, data, len, off, &t->has_metadata, v, 1);
		t->metadata_offset = v[0];
	}
	return rc;
}

static int do_ovmf_table_parse(const uint8_t *fw, size_t len, struct sev_ovmf_table *t)
{
	int rc;

	memset(t, 0, sizeof(*t));
	rc = walk(fw, len, collect, t);
	if (rc)
		memset(t, 0, sizeof(*t));
	return rc;
}

int sev_ovmf_table_parse(const uint8_t *fw, size_t len, struct sev_ovmf_table *t)
{
	struct sev_ovmf_table t_mine = SEV_INIT(struct sev_ovmf_table);
	int rc;

	if ((rc = sk_struct_check_out(t, sizeof(t_mine), "sev_ovmf_table")))
		return rc;
	rc = do_ovmf_table_parse(fw, len, &t_mine);
	sk_struct_out(t, &t_mine, sizeof(t_mine));
	return rc;
}

struct finder {
	const uint8_t *guid;
	const uint8_t *data;
	size_t len;
	bool found;
};

static int find_one(const uint8_t *guid, const uint8_t *data, size_t len, size_t off, void *ctx)
{
	struct finder *f = ctx;

	(void)off;
	if (memcmp(guid, f->guid, SK_GUID_LEN) != 0)
		return 0;
	f->data = data;
	f->len = len;
	f->found = true;
	return 1;
}

int sev_ovmf_table_find(const uint8_t *fw, size_t len, const uint8_t guid[16],
			const uint8_t **data, size_t *data_len)
{
	struct finder f = { .guid = guid };
	int rc = walk(fw, len, find_one, &f);

	if (rc)
		return rc;
	if (!f.found) {
		char name[SK_GUID_TEXT];

		sk_guid_format(guid, name);
		return sk_fail(SEV_E_INVALID, "OVMF footer table has no entry %s", name);
	}
	*data = f.data;
	*data_len = f.len;
	return 0;
}
