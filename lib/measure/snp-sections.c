/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The steps the plain and the SVSM SNP launch digest share (snp-digest.c,
 * snp-svsm.c): an image's SEV metadata sections and their measurement, the
 * check of the configuration, and the VMSA pages.
 */
#include "measure/snp-internal.h"
#include "util/log.h"

#define VCPUS_MAX 4096

int sk_snp_sections(const uint8_t *img, size_t len, struct sev_ovmf_section **s, size_t *n)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	int rc;

	*s = NULL;
	*n = 0;
	if ((rc = sev_ovmf_table_parse(img, len, &t)))
		return rc;
	if (!t.has_metadata) {
		sk_warn("the image has no SEV metadata (footer entry dc886566): only its own "
			"pages and the VMSAs are measured, and it cannot launch under SEV-SNP");
		return 0;
	}
	return sev_ovmf_metadata_parse(img, len, s, n);
}

/* Regions measured page by page must be whole, aligned pages. */
static int check_section(const struct sev_ovmf_section *s, size_t i)
{
	bool one_page = s->type == SEV_SECTION_SNP_SECRETS || s->type == SEV_SECTION_CPUID;

	if (s->gpa & SK_PAGE_MASK || (!one_page && s->size & SK_PAGE_MASK))
		return sk_fail(SEV_E_FORMAT, "SEV metadata section %zu (%s at 0x%x, 0x%x bytes) "
			       "is not made of whole pages", i, sev_ovmf_section_name(s->type),
			       s->gpa, s->size);
	return 0;
}

static int measure_section(struct sk_gctx *g, const struct sev_ovmf_section *s,
			   const uint8_t *hashes_page, enum sev_vmm_type vmm)
{
	uint8_t digest[SEV_SNP_LD_LEN];
	int rc;

	switch (s->type) {
	case SEV_SECTION_SNP_SEC_MEM:
		/* GCE does not pre-validate these pages: the guest accepts them itself */
		return sk_gctx_empty_pages(g, vmm == SEV_VMM_GCE ? SEV_SNP_PAGE_UNMEASURED :
					   SEV_SNP_PAGE_ZERO, s->gpa, s->size);
	case SEV_SECTION_SNP_SECRETS:
		return sk_gctx_empty_pages(g, SEV_SNP_PAGE_SECRETS, s->gpa, SEV_SNP_PAGE_SIZE);
	case SEV_SECTION_CPUID:
		if (vmm == SEV_VMM_EC2)
			return 0;
		return sk_gctx_empty_pages(g, SEV_SNP_PAGE_CPUID, s->gpa, SEV_SNP_PAGE_SIZE);
	case SEV_SECTION_SNP_KERNEL_HASHES:
		if (!hashes_page)
			return sk_gctx_empty_pages(g, SEV_SNP_PAGE_ZERO, s->gpa, s->size);
		if (s->size != SEV_SNP_PAGE_SIZE)
			return sk_fail(SEV_E_FORMAT, "SEV metadata: the kernel hashes section is "
				       "0x%x bytes, QEMU fills exactly one page", s->size);
		if ((rc = sk_gctx_page_digest(g, hashes_page, digest)))
			return rc;
		return sk_gctx_update(g, SEV_SNP_PAGE_NORMAL, s->gpa, digest);
	default:
		return sk_gctx_empty_pages(g, SEV_SNP_PAGE_ZERO, s->gpa, s->size);
	}
}

static uint64_t section_end(const struct sev_ovmf_section *s)
{
	bool one_page = s->type == SEV_SECTION_SNP_SECRETS || s->type == SEV_SECTION_CPUID;

	return (uint64_t)s->gpa + (one_page ? SEV_SNP_PAGE_SIZE : s->size);
}

/*
 * The firmware cannot validate a page twice, so regions never overlap; this
 * also bounds the work to the 1 Mi pages below 4 GiB.
 */
static int check_overlap(const struct sev_ovmf_section *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (s[i].gpa < section_end(&s[j]) && s[j].gpa < section_end(&s[i]))
				return sk_fail(SEV_E_FORMAT, "SEV metadata sections %zu and %zu "
					       "overlap", i, j);
	return 0;
}

int sk_snp_measure_sections(struct sk_gctx *g, const struct sev_ovmf_section *s, size_t n,
			    const uint8_t *hashes_page, enum sev_vmm_type vmm)
{
	int rc;

	for (size_t i = 0; i < n; i++)
		if ((rc = check_section(&s[i], i)))
			return rc;
	if ((rc = check_overlap(s, n)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = measure_section(g, &s[i], hashes_page, vmm)))
			return rc;
	/* EC2 measures the CPUID pages last */
	for (size_t i = 0; vmm == SEV_VMM_EC2 && i < n; i++)
		if (s[i].type == SEV_SECTION_CPUID &&
		    (rc = sk_gctx_empty_pages(g, SEV_SNP_PAGE_CPUID, s[i].gpa, SEV_SNP_PAGE_SIZE)))
			return rc;
	return 0;
}

int sk_snp_check_config(const struct sev_snp_config *c)
{
	if (!c->firmware || c->firmware_len == 0)
		return sk_fail(SEV_E_INVALID, "no firmware to measure");
	if (c->firmware_len % SEV_SNP_PAGE_SIZE || c->firmware_len > SK_GPA_4G)
		return sk_fail(SEV_E_FORMAT, "the firmware image is %zu bytes: SNP measures whole "
			       "4 KiB pages below 4 GiB", c->firmware_len);
	if (c->vcpus < 1 || c->vcpus > VCPUS_MAX)
		return sk_fail(SEV_E_INVALID, "SEV-SNP needs 1 to %d vCPUs, not %u", VCPUS_MAX,
			       c->vcpus);
	if (!sev_vmm_type_name(c->vmm))
		return sk_fail(SEV_E_INVALID, "unknown VMM type %d", (int)c->vmm);
	if (c->fpu != SEV_VMSA_LEGACY && c->fpu != SEV_VMSA_INIT2)
		return sk_fail(SEV_E_INVALID, "unknown VMSA FPU variant %d", (int)c->fpu);
	return 0;
}

int sk_snp_measure_vmsas(struct sk_gctx *g, const struct sev_snp_config *c,
			 const uint8_t bsp[SEV_VMSA_SIZE], const uint8_t ap[SEV_VMSA_SIZE])
{
	uint8_t d_bsp[SEV_SNP_LD_LEN], d_ap[SEV_SNP_LD_LEN];
	int rc;

	/* every AP has the same VMSA: hash it once */
	if ((rc = sk_gctx_page_digest(g, bsp, d_bsp)) ||
	    (c->vcpus > 1 && (rc = sk_gctx_page_digest(g, ap, d_ap))))
		return rc;
	for (uint32_t i = 0; i < c->vcpus; i++) {
		if ((rc = sk_gctx_update(g, SEV_SNP_PAGE_VMSA, SEV_SNP_VMSA_GPA, i ? d_ap : d_bsp)))
			return rc;
		if (c->on_vmsa && (rc = c->on_vmsa(i, i ? ap : bsp, c->ctx)))
			return rc;
	}
	return 0;
}
