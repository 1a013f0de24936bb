/* SPDX-License-Identifier: Apache-2.0 */
/* The kdump reader (seekable and flattened), then a scan of what it found. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sevkit/memscan.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sev_memscan_patterns *patterns(void)
{
	static struct sev_memscan_patterns *p;

	if (!p) {
		sev_memscan_patterns_new(&p);
		sev_memscan_add_secret(p, (const uint8_t *)"CANARY", 6, true);
		sev_memscan_add_detectors(p, "jwt,openssh-private-key");
		sev_memscan_patterns_compile(p);
	}
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_memscan_options o = { .size = sizeof(o),
					 .threads = 1, .context = 8, .entropy = true };
	struct sev_memscan_result *r = NULL;
	struct sev_memscan_region reg = SEV_INIT(struct sev_memscan_region);
	struct sev_memscan *m;

	/* only the kdump forms: the magic picks seekable or flattened */
	if (size < 12 || (memcmp(data, "KDUMP   ", 8) && memcmp(data, "makedumpfile", 12)))
		return 0;
	if (sev_memscan_open_mem(data, size, SEV_MEMSCAN_AUTO, &m) != 0)
		return 0;
	for (size_t i = 0; sev_memscan_get_region(m, i, &reg) == 0; i++)
		;
	if (sev_memscan_run(m, patterns(), &o, &r) == 0)
		sev_memscan_result_free(r);
	sev_memscan_close(m);
	return 0;
}
