/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV-ES VMSA (VMCB save area, AMD APM vol. 2, table B-4) of a vCPU at
 * reset, as QEMU and KVM set it up: the architectural INIT state, KVM's
 * EFER.SVME, CR4.MCE, PAT and system-segment attributes, QEMU's segment
 * attributes, and the vCPU signature in RDX. Every other byte is zero.
 */
#include <sevkit/measure.h>

#include <string.h>

#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"

enum {
	OFF_ES = 0x000,
	OFF_CS = 0x010,
	OFF_SS = 0x020,
	OFF_DS = 0x030,
	OFF_FS = 0x040,
	OFF_GS = 0x050,
	OFF_GDTR = 0x060,
	OFF_LDTR = 0x070,
	OFF_IDTR = 0x080,
	OFF_TR = 0x090,
	OFF_EFER = 0x0d0,
	OFF_CR4 = 0x148,
	OFF_CR0 = 0x158,
	OFF_DR7 = 0x160,
	OFF_DR6 = 0x168,
	OFF_RFLAGS = 0x170,
	OFF_RIP = 0x178,
	OFF_G_PAT = 0x268,
	OFF_RDX = 0x310,
	OFF_SEV_FEATURES = 0x3b0,
	OFF_XCR0 = 0x3e8,
	OFF_MXCSR = 0x408,
	OFF_X87_FCW = 0x410,
};

#define MXCSR_RESET 0x1f80
#define FCW_RESET 0x37f

/* Segment register: u16 selector, u16 attributes, u32 limit, u64 base. */
static void put_seg(uint8_t *v, size_t off, uint16_t sel, uint16_t attrib, uint32_t limit,
		    uint64_t base)
{
	sk_put_le16(v + off, sel);
	sk_put_le16(v + off + 2, attrib);
	sk_put_le32(v + off + 4, limit);
	sk_put_le64(v + off + 8, base);
}

int sev_vmsa_build(const struct sev_vmsa_params *p, uint32_t eip, uint8_t out[SEV_VMSA_SIZE])
{
	if (eip == 0)
		return sk_fail(SEV_E_INVALID, "VMSA: reset address 0 (the firmware has no SEV-ES "
			       "reset block)");
	if (p->fpu != SEV_VMSA_LEGACY && p->fpu != SEV_VMSA_INIT2)
		return sk_fail(SEV_E_INVALID, "VMSA: unknown FPU variant %d", (int)p->fpu);
	memset(out, 0, SEV_VMSA_SIZE);
	put_seg(out, OFF_ES, 0, 0x93, 0xffff, 0);
	/* Real mode: CS.base holds the upper bits of the reset address, RIP the rest. */
	put_seg(out, OFF_CS, 0xf000, 0x9b, 0xffff, eip & 0xffff0000u);
	put_seg(out, OFF_SS, 0, 0x93, 0xffff, 0);
	put_seg(out, OFF_DS, 0, 0x93, 0xffff, 0);
	put_seg(out, OFF_FS, 0, 0x93, 0xffff, 0);
	put_seg(out, OFF_GS, 0, 0x93, 0xffff, 0);
	put_seg(out, OFF_GDTR, 0, 0, 0xffff, 0);
	put_seg(out, OFF_LDTR, 0, 0x82, 0xffff, 0);
	put_seg(out, OFF_IDTR, 0, 0, 0xffff, 0);
	put_seg(out, OFF_TR, 0, 0x8b, 0xffff, 0);
	sk_put_le64(out + OFF_EFER, 0x1000);   /* SVME */
	sk_put_le64(out + OFF_CR4, 0x40);      /* MCE */
	sk_put_le64(out + OFF_CR0, 0x10);      /* ET */
	sk_put_le64(out + OFF_DR7, 0x400);
	sk_put_le64(out + OFF_DR6, 0xffff0ff0);
	sk_put_le64(out + OFF_RFLAGS, 0x2);
	sk_put_le64(out + OFF_RIP, eip & 0xffffu);
	sk_put_le64(out + OFF_G_PAT, UINT64_C(0x0007040600070406));
	sk_put_le64(out + OFF_RDX, p->vcpu_sig);
	sk_put_le64(out + OFF_SEV_FEATURES, p->sev_features);
	sk_put_le64(out + OFF_XCR0, 0x1);
	if (p->fpu == SEV_VMSA_INIT2) {
		sk_put_le32(out + OFF_MXCSR, MXCSR_RESET);
		sk_put_le16(out + OFF_X87_FCW, FCW_RESET);
	}
	return 0;
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
	} else if (info->mxcsr == MXCSR_RESET && info->x87_fcw == FCW_RESET) {
		info->fpu_known = true;
		info->fpu = SEV_VMSA_INIT2;
	}
	return 0;
}
