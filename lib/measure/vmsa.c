/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV-ES VMSA (VMCB save area, AMD APM vol. 2, table B-4) of a vCPU at
 * reset, as QEMU and KVM set it up: the architectural INIT state, KVM's
 * EFER.SVME, CR4.MCE, PAT and system-segment attributes, QEMU's segment
 * attributes, and the vCPU signature in RDX. Every other byte is zero.
 * AWS EC2 and Google's GCE hypervisors differ in a few registers (as
 * sev-snp-measure's vmsa.py records them).
 */
#include <sevkit/measure.h>

#include <string.h>
#include <strings.h>

#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"
#include "util/struct.h"

#include "measure/vmsa-layout.h"

#define PAT_GCE UINT64_C(0x00070106)
/* EC2 and GCE start every vCPU with RDX = 0x600 (family 6), not the vCPU signature. */
#define RDX_CLOUD 0x600

/* What differs between the hypervisors. */
struct vmm_regs {
	const char *name;
	uint16_t cs_attr, cs_attr_bsp, ss_attr, tr_attr;
	uint64_t g_pat;
	bool sig_in_rdx;
	bool fpu_reset;
};

static const struct vmm_regs vmms[] = {
	[SEV_VMM_QEMU] = { "QEMU", 0x9b, 0x9b, 0x93, 0x8b, VMSA_PAT_RESET, true, true },
	[SEV_VMM_EC2] = { "ec2", 0x9b, 0x9a, 0x92, 0x83, VMSA_PAT_RESET, false, false },
	[SEV_VMM_GCE] = { "gce", 0x9b, 0x9b, 0x93, 0x8b, PAT_GCE, false, false },
};

int sev_vmm_type_parse(const char *name, enum sev_vmm_type *type)
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(vmms); i++) {
		if (!strcasecmp(name, vmms[i].name)) {
			*type = (enum sev_vmm_type)i;
			return 0;
		}
	}
	return sk_fail(SEV_E_INVALID, "unknown VMM type '%s' (QEMU, ec2, gce)", name);
}

const char *sev_vmm_type_name(enum sev_vmm_type type)
{
	return (size_t)type < SK_ARRAY_SIZE(vmms) ? vmms[type].name : NULL;
}

static int do_vmsa_build(const struct sev_vmsa_params *p, uint32_t eip, uint8_t out[SEV_VMSA_SIZE])
{
	const struct vmm_regs *v;

	if (eip == 0)
		return sk_fail(SEV_E_INVALID, "VMSA: reset address 0 (the firmware has no SEV-ES "
			       "reset block)");
	if (p->fpu != SEV_VMSA_LEGACY && p->fpu != SEV_VMSA_INIT2)
		return sk_fail(SEV_E_INVALID, "VMSA: unknown FPU variant %d", (int)p->fpu);
	if (!sev_vmm_type_name(p->vmm))
		return sk_fail(SEV_E_INVALID, "VMSA: unknown VMM type %d", (int)p->vmm);
	v = &vmms[p->vmm];
	memset(out, 0, SEV_VMSA_SIZE);
	sk_vmsa_put_seg(out, OFF_ES, 0, 0x93, 0xffff, 0);
	/* Real mode: CS.base holds the upper bits of the reset address, RIP the rest. */
	sk_vmsa_put_seg(out, OFF_CS, 0xf000, eip == SEV_BSP_RESET_EIP ? v->cs_attr_bsp : v->cs_attr,
		0xffff, eip & 0xffff0000u);
	sk_vmsa_put_seg(out, OFF_SS, 0, v->ss_attr, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_DS, 0, 0x93, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_FS, 0, 0x93, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_GS, 0, 0x93, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_GDTR, 0, 0, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_LDTR, 0, 0x82, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_IDTR, 0, 0, 0xffff, 0);
	sk_vmsa_put_seg(out, OFF_TR, 0, v->tr_attr, 0xffff, 0);
	sk_put_le64(out + OFF_EFER, 0x1000);   /* SVME */
	sk_put_le64(out + OFF_CR4, 0x40);      /* MCE */
	sk_put_le64(out + OFF_CR0, 0x10);      /* ET */
	sk_put_le64(out + OFF_DR7, 0x400);
	sk_put_le64(out + OFF_DR6, 0xffff0ff0);
	sk_put_le64(out + OFF_RFLAGS, 0x2);
	sk_put_le64(out + OFF_RIP, eip & 0xffffu);
	sk_put_le64(out + OFF_G_PAT, v->g_pat);
	sk_put_le64(out + OFF_RDX, v->sig_in_rdx ? p->vcpu_sig : RDX_CLOUD);
	sk_put_le64(out + OFF_SEV_FEATURES, p->sev_features);
	sk_put_le64(out + OFF_XCR0, 0x1);
	if (v->fpu_reset && p->fpu == SEV_VMSA_INIT2) {
		sk_put_le32(out + OFF_MXCSR, VMSA_MXCSR_RESET);
		sk_put_le16(out + OFF_X87_FCW, VMSA_FCW_RESET);
	}
	return 0;
}

int sev_vmsa_build(const struct sev_vmsa_params *p, uint32_t eip, uint8_t out[SEV_VMSA_SIZE])
{
	struct sev_vmsa_params p_mine;
	int rc;

	if ((rc = sk_struct_in(&p_mine, sizeof(p_mine), p, "sev_vmsa_params")))
		return rc;
	return do_vmsa_build(&p_mine, eip, out);
}

static int read_at(struct sk_reader *r, size_t off, size_t n, uint64_t *v, const char *field)
{
	uint16_t v16;
	uint32_t v32;
	int rc = sk_read_seek(r, off, field);

	if (rc)
		return rc;
	switch (n) {
	case 2:
		rc = sk_read_u16(r, &v16, field);
		*v = v16;
		return rc;
	case 4:
		rc = sk_read_u32(r, &v32, field);
		*v = v32;
		return rc;
	default:
		return sk_read_u64(r, v, field);
	}
}

int sev_vmsa_parse(const uint8_t *buf, size_t len, struct sev_vmsa_info *info)
{
	struct sk_reader r;
	uint64_t sel, attrib, mxcsr, fcw;
	int rc;

	memset(info, 0, sizeof(*info));
	sk_reader_init(&r, buf, len, "VMSA");
	if (len != SEV_VMSA_SIZE)
		return sk_reader_reject(&r, 0, "size", "%zu bytes, a VMSA has %d", len,
					SEV_VMSA_SIZE);
	if ((rc = read_at(&r, OFF_CS, 2, &sel, "cs.selector")) ||
	    (rc = read_at(&r, OFF_CS + 2, 2, &attrib, "cs.attrib")) ||
	    (rc = read_at(&r, OFF_CS + 8, 8, &info->cs_base, "cs.base")) ||
	    (rc = read_at(&r, OFF_EFER, 8, &info->efer, "efer")) ||
	    (rc = read_at(&r, OFF_CR4, 8, &info->cr4, "cr4")) ||
	    (rc = read_at(&r, OFF_CR0, 8, &info->cr0, "cr0")) ||
	    (rc = read_at(&r, OFF_RIP, 8, &info->rip, "rip")) ||
	    (rc = read_at(&r, OFF_RDX, 8, &info->rdx, "rdx")) ||
	    (rc = read_at(&r, OFF_SEV_FEATURES, 8, &info->sev_features, "sev_features")) ||
	    (rc = read_at(&r, OFF_MXCSR, 4, &mxcsr, "mxcsr")) ||
	    (rc = read_at(&r, OFF_X87_FCW, 2, &fcw, "x87_fcw")))
		return rc;
	info->cs_selector = (uint16_t)sel;
	info->cs_attrib = (uint16_t)attrib;
	info->mxcsr = (uint32_t)mxcsr;
	info->x87_fcw = (uint16_t)fcw;
	info->eip = (uint32_t)(info->cs_base + info->rip);
	if (info->mxcsr == 0 && info->x87_fcw == 0) {
		info->fpu_known = true;
		info->fpu = SEV_VMSA_LEGACY;
	} else if (info->mxcsr == VMSA_MXCSR_RESET && info->x87_fcw == VMSA_FCW_RESET) {
		info->fpu_known = true;
		info->fpu = SEV_VMSA_INIT2;
	}
	return 0;
}
