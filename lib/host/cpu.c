/* SPDX-License-Identifier: Apache-2.0 */
/* Who the CPU is: vendor, brand string, family/model/stepping, EPYC generation. */
#include <string.h>

#include "host/host-internal.h"
#include "util/bytes.h"

/*
 * Family/model ranges of the EPYC server parts (AMD PPRs; the Linux kernel's
 * and snphost's tables). Client parts of the same families (Ryzen: family
 * 0x17 model 0x71, family 0x19 model 0x21, ...) fall outside and stay unknown.
 */
enum sev_gen sev_gen_from_cpu(uint32_t family, uint32_t model)
{
	switch (family) {
	case 0x17:
		if (model <= 0x2F)
			return SEV_GEN_NAPLES;
		if (model >= 0x30 && model <= 0x3F)
			return SEV_GEN_ROME;
		break;
	case 0x19:
		if (model <= 0x0F)
			return SEV_GEN_MILAN;
		if ((model >= 0x10 && model <= 0x1F) || (model >= 0xA0 && model <= 0xAF))
			return SEV_GEN_GENOA;
		break;
	case 0x1A:
		if (model <= 0x1F)
			return SEV_GEN_TURIN;
		break;
	}
	return SEV_GEN_UNKNOWN;
}

const char *sev_gen_name(enum sev_gen gen)
{
	switch (gen) {
	case SEV_GEN_NAPLES: return "Naples";
	case SEV_GEN_ROME: return "Rome";
	case SEV_GEN_MILAN: return "Milan";
	case SEV_GEN_GENOA: return "Genoa";
	case SEV_GEN_TURIN: return "Turin";
	case SEV_GEN_UNKNOWN: break;
	}
	return "unknown";
}

/* Twelve characters from three registers, in the order CPUID defines. */
static void put_id(char out[13], uint32_t a, uint32_t b, uint32_t c)
{
	uint8_t raw[12];

	sk_put_le32(raw, a);
	sk_put_le32(raw + 4, b);
	sk_put_le32(raw + 8, c);
	for (size_t i = 0; i < 12; i++)
		out[i] = (raw[i] >= 0x20 && raw[i] < 0x7F) ? (char)raw[i] : '\0';
	out[12] = '\0';
}

static void read_brand(struct sev_host *host, char out[49])
{
	uint8_t raw[48];
	size_t start = 0, end;

	for (uint32_t i = 0; i < 3; i++) {
		uint32_t r[4];

		host->ops->cpuid(host->ctx, 0x80000002 + i, 0, r);
		for (size_t k = 0; k < 4; k++)
			sk_put_le32(raw + 16 * i + 4 * k, r[k]);
	}
	/* printable up to the first NUL, without the padding spaces */
	for (end = 0; end < sizeof(raw) && raw[end]; end++)
		if (raw[end] < 0x20 || raw[end] >= 0x7F)
			raw[end] = '?';
	while (start < end && raw[start] == ' ')
		start++;
	while (end > start && raw[end - 1] == ' ')
		end--;
	memcpy(out, raw + start, end - start);
	out[end - start] = '\0';
}

int sev_host_cpu(struct sev_host *host, struct sev_cpu *cpu)
{
	uint32_t r[4], max_ext, base_family, base_model;
	int rc;

	memset(cpu, 0, sizeof(*cpu));
	rc = host->ops->cpuid(host->ctx, 0, 0, r);
	if (rc)
		return rc;
	put_id(cpu->vendor, r[1], r[3], r[2]); /* EBX, EDX, ECX */
	host->ops->cpuid(host->ctx, 1, 0, r);
	base_family = (r[0] >> 8) & 0xF;
	base_model = (r[0] >> 4) & 0xF;
	cpu->stepping = r[0] & 0xF;
	cpu->family = base_family;
	cpu->model = base_model;
	/* the extended fields count only for these base families */
	if (base_family == 0xF)
		cpu->family += (r[0] >> 20) & 0xFF;
	if (base_family == 0xF || base_family == 0x6)
		cpu->model |= ((r[0] >> 16) & 0xF) << 4;
	cpu->hypervisor = (r[2] >> 31) & 1;
	if (cpu->hypervisor) {
		host->ops->cpuid(host->ctx, 0x40000000, 0, r);
		put_id(cpu->hypervisor_id, r[1], r[2], r[3]); /* EBX, ECX, EDX */
	}
	host->ops->cpuid(host->ctx, 0x80000000, 0, r);
	max_ext = r[0];
	if (max_ext >= 0x80000004)
		read_brand(host, cpu->brand);
	if (strcmp(cpu->vendor, "AuthenticAMD") == 0)
		cpu->gen = sev_gen_from_cpu(cpu->family, cpu->model);
	return 0;
}
