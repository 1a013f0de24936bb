/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The domain converter on arbitrary XML: it must not crash, what it writes
 * must parse again as a domain, and converting that again must change nothing.
 * The first input byte picks the mode and a few options.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/domain.h>

#include "vm/xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_domain_options o = { .size = sizeof(o), .have_cbitpos = true, .cbitpos = 51,
					.reduced_phys_bits = 1 };
	char *out = NULL, *again = NULL;
	size_t len = 0, len2 = 0;
	xmlDocPtr doc;

	if (size < 1)
		return 0;
	o.mode = (enum sev_mode)(data[0] % 3);
	o.kernel_hashes = data[0] & 0x10;
	o.firmware = (data[0] & 0x20) ? "/usr/share/OVMF/OVMF.amdsev.fd" : NULL;
	if (sev_domain_convert((const char *)data + 1, size - 1, &o, NULL, NULL, &out, &len))
		return 0;
	if (strlen(out) != len || sk_xml_parse_domain(out, len, &doc) != 0)
		abort();
	xmlFreeDoc(doc);
	if (sev_domain_convert(out, len, &o, NULL, NULL, &again, &len2) != 0 || len2 != len ||
	    memcmp(again, out, len) != 0)
		abort();
	free(out);
	free(again);
	return 0;
}
