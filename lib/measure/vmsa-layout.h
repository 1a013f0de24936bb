/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Offsets of the VMSA fields a launch sets (VMCB save area, AMD APM vol. 2,
 * table B-4; Linux's struct sev_es_save_area), shared by the VMSA builders.
 */
#ifndef SK_MEASURE_VMSA_LAYOUT_H
#define SK_MEASURE_VMSA_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "util/bytes.h"

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

#define VMSA_MXCSR_RESET 0x1f80
#define VMSA_FCW_RESET 0x37f
#define VMSA_PAT_RESET UINT64_C(0x0007040600070406)

/* Segment register: u16 selector, u16 attributes, u32 limit, u64 base. */
static inline void sk_vmsa_put_seg(uint8_t *v, size_t off, uint16_t sel, uint16_t attrib,
				   uint32_t limit, uint64_t base)
{
	sk_put_le16(v + off, sel);
	sk_put_le16(v + off + 2, attrib);
	sk_put_le32(v + off + 4, limit);
	sk_put_le64(v + off + 8, base);
}

#endif
