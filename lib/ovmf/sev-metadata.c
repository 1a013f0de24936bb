/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OVMF's SEV metadata (edk2 OvmfPkg/ResetVector/X64/OvmfSevMetadata.asm): a
 * 16-byte header {"ASEV", u32 size, u32 version = 1, u32 count} followed by
 * count descriptors {u32 gpa, u32 size, u32 type}. SNP measures the regions
 * it lists; the footer table entry dc886566 gives its offset from the end.
 */
#include <sevkit/ovmf.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/reader.h"

#define HEADER_LEN 16
#define DESC_LEN 12

const char *sev_ovmf_section_name(uint32_t type)
{
	switch (type) {
	case SEV_SECTION_SNP_SEC_MEM: return "SNP_SEC_MEM";
	case SEV_SECTION_SNP_SECRETS: return "SNP_SECRETS";
	case SEV_SECTION_CPUID: return "CPUID";
	case SEV_SECTION_SVSM_CAA: return "SVSM_CAA";
	case SEV_SECTION_SNP_KERNEL_HASHES: return "SNP_KERNEL_HASHES";
	default: return NULL;
	}
}

static int read_header(struct sk_reader *r, uint32_t *count)
{
	const uint8_t *sig;
	uint32_t size, version;
	size_t at = r->off;
	int rc;

	if ((rc = sk_read_ref(r, &sig, 4, "signature")) ||
	    (rc = sk_read_u32(r, &size, "size")) ||
	    (rc = sk_read_u32(r, &version, "version")) ||
	    (rc = sk_read_u32(r, count, "section count")))
		return rc;
	if (memcmp(sig, "ASEV", 4) != 0)
		return sk_reader_reject(r, at, "signature", "\"ASEV\" expected");
	if (version != 1)
		return sk_reader_reject(r, at + 8, "version", "%u is not supported (1 is)",
					version);
	if (*count > SEV_OVMF_SECTIONS_MAX)
		return sk_reader_reject(r, at + 12, "section count", "%u is more than %d",
					*count, SEV_OVMF_SECTIONS_MAX);
	if (size < HEADER_LEN + (uint64_t)*count * DESC_LEN)
		return sk_reader_reject(r, at + 4, "size", "%u is too small for %u sections",
					size, *count);
	return 0;
}

static int read_section(struct sk_reader *r, struct sev_ovmf_section *s)
{
	size_t at = r->off;
	int rc;

	if ((rc = sk_read_u32(r, &s->gpa, "section gpa")) ||
	    (rc = sk_read_u32(r, &s->size, "section size")) ||
	    (rc = sk_read_u32(r, &s->type, "section type")))
		return rc;
	if (!sev_ovmf_section_name(s->type))
		return sk_reader_reject(r, at + 8, "section type", "unknown type 0x%x", s->type);
	if ((uint64_t)s->gpa + s->size > UINT64_C(0x100000000))
		return sk_reader_reject(r, at, "section gpa", "0x%x + 0x%x ends beyond 4 GiB",
					s->gpa, s->size);
	return 0;
}

int sev_ovmf_metadata_parse(const uint8_t *fw, size_t len, struct sev_ovmf_section **sections,
			    size_t *n)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	struct sk_reader r;
	struct sev_ovmf_section *s;
	uint32_t count;
	int rc;

	*sections = NULL;
	*n = 0;
	if ((rc = sev_ovmf_table_parse(fw, len, &t)))
		return rc;
	if (!t.has_metadata)
		return sk_fail(SEV_E_FORMAT, "OVMF footer table has no SEV metadata entry "
			       "(dc886566-984a-4798-a75e-5585a7bf67cc)");
	sk_reader_init(&r, fw, len, "OVMF SEV metadata");
	if (t.metadata_offset > len || t.metadata_offset < HEADER_LEN)
		return sk_reader_reject(&r, 0, "offset", "0x%x from the end is outside the "
					"image", t.metadata_offset);
	if ((rc = sk_read_seek(&r, len - t.metadata_offset, "header")) ||
	    (rc = read_header(&r, &count)))
		return rc;
	s = calloc(count ? count : 1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	for (uint32_t i = 0; i < count; i++) {
		if ((rc = read_section(&r, &s[i]))) {
			free(s);
			return rc;
		}
	}
	*sections = s;
	*n = count;
	return 0;
}
