/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's memory-encryption geometry from CPUID leaf 0x8000001F: EAX bit 1
 * says SEV is supported, EBX[5:0] is the C-bit position and EBX[11:6] the
 * number of physical address bits lost to encryption (what QEMU and libvirt
 * call cbitpos and reduced-phys-bits).
 */
#include <string.h>

#include <sevkit/domain.h>

#include "util/log.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

int sev_host_cbitpos(uint32_t *cbitpos, uint32_t *reduced_phys_bits)
{
	unsigned int a, b, c, d;
	char vendor[13];

	if (!__get_cpuid(0, &a, &b, &c, &d))
		return sk_fail(SEV_E_UNSUPPORTED, "CPUID is not available");
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = 0;
	if (strcmp(vendor, "AuthenticAMD") != 0)
		return sk_fail(SEV_E_UNSUPPORTED, "this host's processor is not an AMD one (%s)",
			       vendor);
	if ((unsigned int)__get_cpuid_max(0x80000000u, NULL) < 0x8000001fu)
		return sk_fail(SEV_E_UNSUPPORTED, "CPUID leaf 0x8000001F is not available");
	__cpuid(0x8000001fu, a, b, c, d);
	if (!(a & 2))
		return sk_fail(SEV_E_UNSUPPORTED, "CPUID 0x8000001F: SEV is not supported");
	*cbitpos = b & 0x3f;
	*reduced_phys_bits = (b >> 6) & 0x3f;
	return 0;
}
#else
int sev_host_cbitpos(uint32_t *cbitpos, uint32_t *reduced_phys_bits)
{
	(void)cbitpos;
	(void)reduced_phys_bits;
	return sk_fail(SEV_E_UNSUPPORTED, "SEV needs an x86 host");
}
#endif
