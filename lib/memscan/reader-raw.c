/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Raw memory images: QMP/HMP pmemsave, memory-backend-file RAM files, LiME
 * ranges without their headers. The whole file is one segment, and a byte's
 * offset is its guest-physical address.
 */
#include "memscan/memscan-internal.h"

int sk_ms_open_raw(struct sev_memscan *m)
{
	struct ms_segment s = { 0 };
	int rc;

	/* pmemsave and RAM files start at guest-physical 0 */
	s.addr = 0;
	s.phys = 0;
	s.vaddr = MS_UNKNOWN;
	s.file_offset = 0;
	s.len = m->size;
	s.phys_limit = m->size;
	rc = sk_ms_add_segment(m, &s);
	if (rc)
		return rc;
	m->space = SEV_MEMSCAN_PHYS;
	m->producer = "raw";
	sk_ms_finish_segments(m);
	m->ops = &sk_ms_segment_ops;
	return 0;
}
