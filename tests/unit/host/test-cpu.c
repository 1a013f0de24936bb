/* SPDX-License-Identifier: Apache-2.0 */
/* CPU identity and EPYC generation, on real CPUID dumps (tests/vectors/host/README.md). */
#include "../test.h"

#include <sevkit/host.h>

#include "util/bytes.h"

static struct sev_host *open_rec(const char *name)
{
	char path[512];
	struct sev_host *h = NULL;

	snprintf(path, sizeof(path), "%s/host/%s", VECTORS, name);
	assert_int_equal(sev_host_open_recording(path, &h), 0);
	return h;
}

/*
 * Family/model/stepping from CPUID 1 EAX (AMD APM vol. 3, "CPUID Fn0000_0001_EAX"):
 * 0x00A00F11 -> family 0xF+0x0A = 0x19, model 0x0|0x1 = 0x01, stepping 1, and so on.
 */
static void recordings_decode_as_documented(void **state)
{
	static const struct {
		const char *file, *vendor, *brand;
		uint32_t family, model, stepping;
		enum sev_gen gen;
		bool vm;
	} cases[] = {
		{ "milan-epyc-7763.json", "AuthenticAMD", "AMD EPYC 7763 64-Core Processor", 0x19,
		  0x01, 1, SEV_GEN_MILAN, false },
		{ "rome-epyc-7742.json", "AuthenticAMD", "AMD EPYC 7742 64-Core Processor", 0x17,
		  0x31, 0, SEV_GEN_ROME, false },
		{ "naples-epyc-7551p.json", "AuthenticAMD", "AMD EPYC 7551P 32-Core Processor",
		  0x17, 0x01, 2, SEV_GEN_NAPLES, false },
		{ "intel-xeon-8570.json", "GenuineIntel", "INTEL(R) XEON(R) PLATINUM 8570", 0x06,
		  0xCF, 2, SEV_GEN_UNKNOWN, false },
		{ "this-machine-kvm-guest.json", "AuthenticAMD", "AMD EPYC", 0x19, 0x11, 1,
		  SEV_GEN_GENOA, true },
	};

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(cases); i++) {
		struct sev_host *h = open_rec(cases[i].file);
		struct sev_cpu cpu;

		assert_int_equal(sev_host_cpu(h, &cpu), 0);
		assert_string_equal(cpu.vendor, cases[i].vendor);
		assert_string_equal(cpu.brand, cases[i].brand);
		assert_int_equal(cpu.family, cases[i].family);
		assert_int_equal(cpu.model, cases[i].model);
		assert_int_equal(cpu.stepping, cases[i].stepping);
		assert_int_equal(cpu.gen, cases[i].gen);
		assert_int_equal(cpu.hypervisor, cases[i].vm);
		if (cases[i].vm)
			assert_string_equal(cpu.hypervisor_id, "KVMKVMKVM");
		sev_host_free(h);
	}
}

/* Server parts of each family (AMD PPRs): the first and last model of each range. */
static void generation_by_family_and_model(void **state)
{
	static const struct {
		uint32_t family, model;
		enum sev_gen gen;
	} cases[] = {
		{ 0x17, 0x01, SEV_GEN_NAPLES }, /* EPYC 7001 and EPYC Embedded 3151 */
		{ 0x17, 0x2F, SEV_GEN_NAPLES }, { 0x17, 0x30, SEV_GEN_ROME },
		{ 0x17, 0x31, SEV_GEN_ROME },   /* EPYC 7002 */
		{ 0x17, 0x3F, SEV_GEN_ROME },   { 0x17, 0x40, SEV_GEN_UNKNOWN },
		{ 0x17, 0x71, SEV_GEN_UNKNOWN }, /* Ryzen 3000 */
		{ 0x19, 0x00, SEV_GEN_MILAN },  { 0x19, 0x01, SEV_GEN_MILAN }, /* EPYC 7003 */
		{ 0x19, 0x0F, SEV_GEN_MILAN },  { 0x19, 0x10, SEV_GEN_GENOA },
		{ 0x19, 0x11, SEV_GEN_GENOA },  /* EPYC 9004 */
		{ 0x19, 0x1F, SEV_GEN_GENOA },  { 0x19, 0x21, SEV_GEN_UNKNOWN }, /* Ryzen 5000 */
		{ 0x19, 0xA0, SEV_GEN_GENOA },  /* Bergamo, Siena */
		{ 0x19, 0xAF, SEV_GEN_GENOA },  { 0x19, 0xB0, SEV_GEN_UNKNOWN },
		{ 0x1A, 0x02, SEV_GEN_TURIN },  { 0x1A, 0x11, SEV_GEN_TURIN }, /* EPYC 9005 */
		{ 0x1A, 0x20, SEV_GEN_UNKNOWN }, { 0x15, 0x01, SEV_GEN_UNKNOWN },
		{ 0x06, 0xCF, SEV_GEN_UNKNOWN },
	};

	(void)state;
	for (size_t i = 0; i < SK_ARRAY_SIZE(cases); i++)
		assert_int_equal(sev_gen_from_cpu(cases[i].family, cases[i].model), cases[i].gen);
	assert_string_equal(sev_gen_name(SEV_GEN_NAPLES), "Naples");
	assert_string_equal(sev_gen_name(SEV_GEN_ROME), "Rome");
	assert_string_equal(sev_gen_name(SEV_GEN_MILAN), "Milan");
	assert_string_equal(sev_gen_name(SEV_GEN_GENOA), "Genoa");
	assert_string_equal(sev_gen_name(SEV_GEN_TURIN), "Turin");
	assert_string_equal(sev_gen_name(SEV_GEN_UNKNOWN), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(recordings_decode_as_documented),
		cmocka_unit_test(generation_by_family_and_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
