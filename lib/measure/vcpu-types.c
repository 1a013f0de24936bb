/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPUID(1).EAX signatures of QEMU's AMD EPYC vCPU models. The guest's vCPU
 * type, not the host CPU, goes into the VMSA's RDX, so it is part of the
 * SEV-ES launch digest. Names and family/model/stepping as sev-snp-measure's
 * vcpu_types.py lists them (QEMU's builtin_x86_defs).
 */
#include <sevkit/measure.h>

#include <strings.h>

#include "util/bytes.h"
#include "util/log.h"

struct vcpu_type {
	const char *name;
	uint8_t family, model, stepping;
};

static const struct vcpu_type types[] = {
	{ "EPYC", 23, 1, 2 },
	{ "EPYC-v1", 23, 1, 2 },
	{ "EPYC-v2", 23, 1, 2 },
	{ "EPYC-IBPB", 23, 1, 2 },
	{ "EPYC-v3", 23, 1, 2 },
	{ "EPYC-v4", 23, 1, 2 },
	{ "EPYC-Rome", 23, 49, 0 },
	{ "EPYC-Rome-v1", 23, 49, 0 },
	{ "EPYC-Rome-v2", 23, 49, 0 },
	{ "EPYC-Rome-v3", 23, 49, 0 },
	{ "EPYC-Milan", 25, 1, 1 },
	{ "EPYC-Milan-v1", 25, 1, 1 },
	{ "EPYC-Milan-v2", 25, 1, 1 },
	{ "EPYC-Genoa", 25, 17, 0 },
	{ "EPYC-Genoa-v1", 25, 17, 0 },
	{ "EPYC-Turin", 26, 0, 0 },
};

/* AMD CPUID specification #25481, Fn0000_0001_EAX. */
int sev_cpu_sig(uint32_t family, uint32_t model, uint32_t stepping, uint32_t *sig)
{
	uint32_t fam_low = family, fam_ext = 0;

	if (family > 0xf + 0xff || model > 0xff || stepping > 0xf)
		return sk_fail(SEV_E_INVALID, "CPU family %u, model %u, stepping %u out of range "
			       "(at most %u, 255, 15)", family, model, stepping, 0xf + 0xff);
	if (family > 0xf) {
		fam_low = 0xf;
		fam_ext = family - 0xf;
	}
	*sig = fam_ext << 20 | (model >> 4) << 16 | fam_low << 8 | (model & 0xf) << 4 | stepping;
	return 0;
}

int sev_vcpu_type_sig(const char *name, uint32_t *sig)
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(types); i++)
		if (!strcasecmp(name, types[i].name))
			return sev_cpu_sig(types[i].family, types[i].model, types[i].stepping, sig);
	return sk_fail(SEV_E_INVALID, "unknown vCPU type '%s'", name);
}

const char *sev_vcpu_type_name(size_t i)
{
	return i < SK_ARRAY_SIZE(types) ? types[i].name : NULL;
}
