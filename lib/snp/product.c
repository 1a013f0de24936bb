/* SPDX-License-Identifier: Apache-2.0 */
/* SEV-SNP product generations: names and CPUID family/model ranges. */
#include <sevkit/snp.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "util/bytes.h"

static const char *const names[] = { "unknown", "Milan", "Genoa", "Turin" };

const char *sev_snp_product_name(enum sev_snp_product p)
{
	if ((size_t)p >= SK_ARRAY_SIZE(names))
		return names[0];
	return names[p];
}

int sev_snp_product_parse(const char *name, enum sev_snp_product *p)
{
	for (size_t i = 1; i < SK_ARRAY_SIZE(names); i++) {
		size_t n = 5; /* every product name has five letters */

		/* "Milan" or "Milan-B0": the VCEK productName carries the stepping */
		if (strncasecmp(name, names[i], n) == 0 && (name[n] == 0 || name[n] == '-')) {
			*p = (enum sev_snp_product)i;
			return 0;
		}
	}
	return SEV_E_INVALID;
}

int sev_snp_product_spec_parse(const char *text, enum sev_snp_product *p, char stepping[8])
{
	const char *dash = strchr(text, '-');
	size_t n = dash ? strlen(dash + 1) : 0;

	stepping[0] = 0;
	if (sev_snp_product_parse(text, p))
		return SEV_E_INVALID;
	if (!dash)
		return 0;
	/* a stepping is matched exactly, so only a plain one is taken: no spaces, no "" */
	if (n == 0 || n > 7)
		return SEV_E_INVALID;
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)dash[1 + i]))
			return SEV_E_INVALID;
		stepping[i] = (char)toupper((unsigned char)dash[1 + i]);
	}
	stepping[n] = 0;
	return 0;
}

/*
 * Family 19h models 00h-0Fh are Milan, 10h-1Fh and A0h-AFh Genoa (and its
 * Bergamo/Siena variants); family 1Ah models 00h-11h are Turin.
 */
enum sev_snp_product sev_snp_product_from_cpuid(uint8_t family, uint8_t model)
{
	if (family == 0x19 && model <= 0x0f)
		return SEV_SNP_PRODUCT_MILAN;
	if (family == 0x19 &&
	    ((model >= 0x10 && model <= 0x1f) || (model >= 0xa0 && model <= 0xaf)))
		return SEV_SNP_PRODUCT_GENOA;
	if (family == 0x1a && model <= 0x11)
		return SEV_SNP_PRODUCT_TURIN;
	return SEV_SNP_PRODUCT_UNKNOWN;
}

enum sev_snp_product sev_snp_product_from_cpuid1(uint32_t eax)
{
	unsigned family = (eax >> 8) & 0xF, model = (eax >> 4) & 0xF;

	/* the extended family and model count only for base family 0xF (AMD APM vol. 3) */
	if (family == 0xF) {
		family += (eax >> 20) & 0xFF;
		model |= ((eax >> 16) & 0xF) << 4;
	}
	return eax ? sev_snp_product_from_cpuid((uint8_t)family, (uint8_t)model) :
		     SEV_SNP_PRODUCT_UNKNOWN;
}
