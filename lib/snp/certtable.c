/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The certificate table of an extended report (GHCB spec 56421, 4.1.8.1):
 * 24-byte entries {GUID, u32 offset, u32 length} ended by an all-zero entry,
 * then the certificates; offsets count from the start of the table.
 */
#include <sevkit/snp.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"

#define ENTRY_SIZE 24

/* GUIDs in RFC 4122 byte order, as the kernel and both reference clients use. */
static const struct {
	uint8_t guid[16];
	enum sev_snp_cert_kind kind;
} known[] = {
	{ { 0x63, 0xda, 0x75, 0x8d, 0xe6, 0x64, 0x45, 0x64, 0xad, 0xc5, 0xf4, 0xb9, 0x3b, 0xe8,
	    0xac, 0xcd }, SEV_SNP_CERT_VCEK },
	{ { 0xa8, 0x07, 0x4b, 0xc2, 0xa2, 0x5a, 0x48, 0x3e, 0xaa, 0xe6, 0x39, 0xc0, 0x45, 0xa0,
	    0xb8, 0xa1 }, SEV_SNP_CERT_VLEK },
	{ { 0x4a, 0xb7, 0xb3, 0x79, 0xbb, 0xac, 0x4f, 0xe4, 0xa0, 0x2f, 0x05, 0xae, 0xf3, 0x27,
	    0xc7, 0x82 }, SEV_SNP_CERT_ASK },
	{ { 0xc0, 0xb4, 0x06, 0xa4, 0xa8, 0x03, 0x49, 0x52, 0x97, 0x43, 0x3f, 0xb6, 0x01, 0x4c,
	    0xd0, 0xae }, SEV_SNP_CERT_ARK },
	{ { 0xec, 0xae, 0x0c, 0x0f, 0x95, 0x02, 0x43, 0xb1, 0xaf, 0xa2, 0x0a, 0xe2, 0xe0, 0xd5,
	    0x65, 0xb6 }, SEV_SNP_CERT_EXTRA_PLATFORM_INFO },
};

const char *sev_snp_cert_kind_name(enum sev_snp_cert_kind k)
{
	switch (k) {
	case SEV_SNP_CERT_VCEK: return "vcek";
	case SEV_SNP_CERT_VLEK: return "vlek";
	case SEV_SNP_CERT_ASK: return "ask";
	case SEV_SNP_CERT_ARK: return "ark";
	case SEV_SNP_CERT_EXTRA_PLATFORM_INFO: return "extra_platform_info";
	case SEV_SNP_CERT_OTHER: break;
	}
	return "other";
}

static enum sev_snp_cert_kind kind_of(const uint8_t guid[16])
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(known); i++)
		if (memcmp(guid, known[i].guid, 16) == 0)
			return known[i].kind;
	return SEV_SNP_CERT_OTHER;
}

static int check_entry(const struct sk_reader *rd, size_t at, size_t table_end,
		       const struct sev_snp_cert_table *t)
{
	const struct sev_snp_cert_entry *e = &t->entry[t->n];

	if (e->offset < table_end)
		return sk_reader_reject(rd, at + 16, "offset",
					"0x%x points into the table (which ends at 0x%zx)",
					e->offset, table_end);
	if (e->length > rd->len || e->offset > rd->len - e->length)
		return sk_reader_reject(rd, at + 20, "length",
					"0x%x bytes at 0x%x pass the end of the buffer (0x%zx)",
					e->length, e->offset, rd->len);
	for (size_t i = 0; i < t->n; i++)
		if (e->kind != SEV_SNP_CERT_OTHER && t->entry[i].kind == e->kind)
			return sk_reader_reject(rd, at, "GUID", "second %s entry",
						sev_snp_cert_kind_name(e->kind));
	return 0;
}

/* Count the entries up to the terminator, to know where the table ends. */
static int table_size(struct sk_reader *rd, size_t *n)
{
	for (*n = 0;; (*n)++) {
		const uint8_t *p;
		int rc;

		/* checked first: the missing terminator is the one thing to report */
		if (sk_reader_left(rd) < ENTRY_SIZE)
			return sk_reader_reject(rd, rd->off, "terminator", "no all-zero entry ends "
						"the table");
		if ((rc = sk_read_ref(rd, &p, ENTRY_SIZE, "entry")))
			return rc;
		if (sk_all_zero(p, ENTRY_SIZE))
			return 0;
		if (*n == SEV_SNP_CERT_TABLE_MAX)
			return sk_reader_reject(rd, rd->off - ENTRY_SIZE, "entry",
						"more than %d entries", SEV_SNP_CERT_TABLE_MAX);
	}
}

int sev_snp_cert_table_parse(const uint8_t *buf, size_t len, struct sev_snp_cert_table *t)
{
	struct sk_reader rd;
	size_t n, table_end;
	int rc;

	memset(t, 0, sizeof(*t));
	sk_reader_init(&rd, buf, len, "certificate table");
	/* The kernel zeroes the buffer: an all-zero one is a host without certificates. */
	if (sk_all_zero(buf, len))
		return 0;
	if ((rc = table_size(&rd, &n)))
		return rc;
	table_end = (n + 1) * ENTRY_SIZE;
	sk_reader_init(&rd, buf, len, "certificate table");
	for (t->n = 0; t->n < n;) {
		struct sev_snp_cert_entry *e = &t->entry[t->n];
		size_t at = rd.off;

		if ((rc = sk_read_bytes(&rd, e->guid, 16, "GUID")) ||
		    (rc = sk_read_u32(&rd, &e->offset, "offset")) ||
		    (rc = sk_read_u32(&rd, &e->length, "length")))
			return rc;
		e->kind = kind_of(e->guid);
		if ((rc = check_entry(&rd, at, table_end, t)))
			return rc;
		e->data = buf + e->offset;
		t->n++;
	}
	return 0;
}

static const uint8_t *guid_of(const struct sev_snp_cert_entry *e)
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(known); i++)
		if (known[i].kind == e->kind)
			return known[i].guid;
	return e->guid;
}

int sev_snp_cert_table_build(const struct sev_snp_cert_entry *e, size_t n, uint8_t **buf,
			     size_t *len)
{
	size_t off = (n + 1) * ENTRY_SIZE, total = off;
	uint8_t *out;

	if (n > SEV_SNP_CERT_TABLE_MAX)
		return sk_fail(SEV_E_INVALID, "certificate table: %zu certificates, at most %d", n,
			       SEV_SNP_CERT_TABLE_MAX);
	for (size_t i = 0; i < n; i++) {
		if (e[i].length == 0 || e[i].length > UINT32_MAX - total)
			return sk_fail(SEV_E_INVALID, "certificate table: entry %zu: bad length", i);
		total += e[i].length;
	}
	if (!(out = calloc(1, total)))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		uint8_t *slot = out + i * ENTRY_SIZE;

		memcpy(slot, guid_of(&e[i]), 16);
		sk_put_le32(slot + 16, (uint32_t)off);
		sk_put_le32(slot + 20, e[i].length);
		memcpy(out + off, e[i].data, e[i].length);
		off += e[i].length;
	}
	*buf = out; /* the all-zero terminator is calloc's */
	*len = total;
	return 0;
}
