/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The domain linter on arbitrary XML, the reader of what a domain boots (its
 * XML comes from a libvirt daemon), and the cloud-init seed scanners on the
 * same bytes (seeds are read from files the domain names).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/domain.h>

#include "vm/cloud-init.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_lint_options opt = { .size = sizeof(opt), .read_files = false };
	struct sev_findings f = SEV_INIT(struct sev_findings);
	struct sev_domain_boot b = SEV_INIT(struct sev_domain_boot);
	struct sk_seed_scan s;

	if (sev_domain_lint((const char *)data, size, &opt, &f) == 0) {
		for (size_t i = 0; i < f.n; i++)
			if (!f.v[i].id || !f.v[i].message || !f.v[i].fix ||
			    f.v[i].level > SEV_FINDING_ERROR)
				abort();
		sev_findings_free(&f);
	}
	if (sev_domain_boot_read((const char *)data, size, &b) == 0) {
		if ((b.loader && !b.loaders) || (b.kernel_hashes && !b.sev))
			abort();
		sev_domain_boot_free(&b);
	}
	sk_seed_scan(data, size, &s);
	if (s.plain_key[sizeof(s.plain_key) - 1] != 0)
		abort();
	(void)sk_iso_is_cidata(data, size);
	return 0;
}
