/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEV-SNP with a Coconut SVSM (coconut-svsm's QEMU, sev-snp-measure
 * --mode snp:svsm): the OVMF image ends at 4 GiB, the OVMF_VARS area lies
 * below it, and the SVSM image below that. QEMU measures the OVMF pages, the
 * SVSM pages, the regions of the SVSM's own SEV metadata, then one VMSA per
 * vCPU, every one of them starting in 32-bit protected mode at the SVSM's
 * entry point (its SVSM_INFO footer entry, an offset from the image base).
 */
#include <stdlib.h>
#include <string.h>

#include "measure/snp-internal.h"
#include "measure/vmsa-layout.h"
#include "util/log.h"

const uint8_t sk_guid_svsm_info[SK_GUID_LEN] = {
	0x12, 0xa6, 0x89, 0xa7, 0x97, 0x05, 0x4b, 0x4c,
	0xa4, 0x9f, 0xcb, 0xb1, 0xfe, 0x9d, 0x1d, 0xdd,
};

#define SEG_FLAT_LIMIT 0xffffffffu
#define CS_FLAT 0x08
#define DS_FLAT 0x10
/* present, 32-bit, 4 KiB granularity: code read/exec, data read/write (accessed) */
#define ATTR_CODE32 0xc9b
#define ATTR_DATA32 0xc93

int sev_svsm_vmsa_build(uint32_t vcpu_sig, uint64_t rip, enum sev_vmsa_fpu fpu,
			uint8_t out[SEV_VMSA_SIZE])
{
	if (fpu != SEV_VMSA_LEGACY && fpu != SEV_VMSA_INIT2)
		return sk_fail(SEV_E_INVALID, "VMSA: unknown FPU variant %d", (int)fpu);
	memset(out, 0, SEV_VMSA_SIZE);
	sk_vmsa_put_seg(out, OFF_ES, DS_FLAT, ATTR_DATA32, SEG_FLAT_LIMIT, 0);
	sk_vmsa_put_seg(out, OFF_CS, CS_FLAT, ATTR_CODE32, SEG_FLAT_LIMIT, 0);
	sk_vmsa_put_seg(out, OFF_SS, DS_FLAT, ATTR_DATA32, SEG_FLAT_LIMIT, 0);
	sk_vmsa_put_seg(out, OFF_DS, DS_FLAT, ATTR_DATA32, SEG_FLAT_LIMIT, 0);
	sk_vmsa_put_seg(out, OFF_FS, DS_FLAT, ATTR_DATA32, SEG_FLAT_LIMIT, 0);
	sk_vmsa_put_seg(out, OFF_GS, 0, 0x93, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_GDTR, 0, 0, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_LDTR, 0, 0x82, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_IDTR, 0, 0, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_TR, 0, 0x8b, 0xffff, 0);
	sk_put_le64(out + OFF_EFER, 0x1000);   /* SVME */
	sk_put_le64(out + OFF_CR4, 0x40);      /* MCE */
	sk_put_le64(out + OFF_CR0, 0x11);      /* ET, PE */
	sk_put_le64(out + OFF_DR7, 0x400);
	sk_put_le64(out + OFF_DR6, 0xffff0ff0);
	sk_put_le64(out + OFF_RFLAGS, 0x2);
	sk_put_le64(out + OFF_RIP, rip);
	sk_put_le64(out + OFF_G_PAT, VMSA_PAT_RESET);
	sk_put_le64(out + OFF_RDX, vcpu_sig);
	sk_put_le64(out + OFF_SEV_FEATURES, 0x1); /* SNPActive, whatever the guest asks */
	sk_put_le64(out + OFF_XCR0, 0x1);
	/* MXCSR only: the launches measured on real hardware had FCW 0 */
	if (fpu == SEV_VMSA_INIT2)
		sk_put_le32(out + OFF_MXCSR, VMSA_MXCSR_RESET);
	return 0;
}

/* Where the SVSM image starts, and its entry point. */
static int place_svsm(const struct sev_snp_config *c, uint64_t *gpa, uint64_t *rip)
{
	uint64_t ovmf_gpa = SK_GPA_4G - c->firmware_len;
	const uint8_t *data;
	size_t len;
	int rc;

	if (c->svsm_len == 0 || c->svsm_len % SEV_SNP_PAGE_SIZE)
		return sk_fail(SEV_E_FORMAT, "the SVSM image is %zu bytes: SNP measures whole "
			       "4 KiB pages", c->svsm_len);
	if (c->vars_size > ovmf_gpa || c->svsm_len > ovmf_gpa - c->vars_size)
		return sk_fail(SEV_E_INVALID, "the SVSM image (%zu bytes) and 0x%llx bytes of "
			       "OVMF_VARS do not fit below the firmware", c->svsm_len,
			       (unsigned long long)c->vars_size);
	*gpa = ovmf_gpa - c->vars_size - c->svsm_len;
	if ((rc = sev_ovmf_table_find(c->svsm, c->svsm_len, sk_guid_svsm_info, &data, &len)))
		return rc == SEV_E_INVALID ? sk_fail(SEV_E_FORMAT, "the SVSM image has no "
						     "SVSM_INFO entry: no entry point") : rc;
	if (len < 4)
		return sk_fail(SEV_E_FORMAT, "the SVSM image's SVSM_INFO entry holds %zu bytes, "
			       "the entry point offset takes 4", len);
	*rip = *gpa + sk_get_le32(data);
	return 0;
}

static int measure(const struct sev_snp_config *c, uint64_t svsm_gpa,
		   const struct sev_ovmf_section *s, size_t n, const uint8_t *vmsa,
		   uint8_t ld[SEV_SNP_LD_LEN])
{
	struct sk_gctx g;
	int rc = sk_gctx_init(&g, NULL, c->on_page, c->ctx);

	if (!rc)
		rc = sk_gctx_normal_pages(&g, SK_GPA_4G - c->firmware_len, c->firmware,
					  c->firmware_len);
	if (!rc)
		rc = sk_gctx_normal_pages(&g, svsm_gpa, c->svsm, c->svsm_len);
	if (!rc)
		rc = sk_snp_measure_sections(&g, s, n, NULL, SEV_VMM_QEMU);
	if (!rc)
		rc = sk_snp_measure_vmsas(&g, c, vmsa, vmsa);
	if (!rc)
		memcpy(ld, g.ld, SEV_SNP_LD_LEN);
	sk_gctx_free(&g);
	return rc;
}

int sk_snp_svsm_digest(const struct sev_snp_config *c, uint8_t ld[SEV_SNP_LD_LEN])
{
	uint8_t vmsa[SEV_VMSA_SIZE];
	struct sev_ovmf_section *s;
	uint64_t gpa = 0, rip = 0;
	size_t n;
	int rc;

	if (c->vmm != SEV_VMM_QEMU)
		return sk_fail(SEV_E_INVALID, "an SVSM launch is defined for QEMU only");
	if (c->ovmf_hash || c->kernel_hashes)
		return sk_fail(SEV_E_INVALID, "an SVSM launch measures neither a given firmware "
			       "digest nor a kernel");
	if ((rc = place_svsm(c, &gpa, &rip)) ||
	    (rc = sev_svsm_vmsa_build(c->vcpu_sig, rip, c->fpu, vmsa)) ||
	    (rc = sk_snp_sections(c->svsm, c->svsm_len, &s, &n)))
		return rc;
	rc = measure(c, gpa, s, n, vmsa, ld);
	free(s);
	return rc;
}
