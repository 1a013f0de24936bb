/* SPDX-License-Identifier: Apache-2.0 */
/* Where a partition of a disk image or device is: libfdisk reads the GPT or MBR table. */
#include <libfdisk/libfdisk.h>

#include <sevkit/verity.h>

#include "util/log.h"

static int locate(struct fdisk_context *cxt, const char *disk, unsigned number,
		  uint64_t *offset, uint64_t *size)
{
	struct fdisk_partition *pa = NULL;
	unsigned long sector = fdisk_get_sector_size(cxt);
	int rc = 0;

	if (!fdisk_has_label(cxt))
		return sk_fail(SEV_E_FORMAT, "%s: no partition table (GPT or MBR)", disk);
	if (number == 0 || fdisk_get_partition(cxt, number - 1, &pa) != 0 ||
	    !fdisk_partition_has_start(pa) || !fdisk_partition_has_size(pa))
		rc = sk_fail(SEV_E_INVALID, "%s: no partition %u in its %s table", disk, number,
			     fdisk_label_get_name(fdisk_get_label(cxt, NULL)));
	if (!rc) {
		*offset = (uint64_t)fdisk_partition_get_start(pa) * sector;
		*size = (uint64_t)fdisk_partition_get_size(pa) * sector;
	}
	fdisk_unref_partition(pa);
	return rc;
}

SEV_API int sev_verity_partition(const char *disk, unsigned number, uint64_t *offset,
				 uint64_t *size)
{
	struct fdisk_context *cxt = fdisk_new_context();
	int rc;

	if (!cxt)
		return sk_fail(SEV_E_INTERNAL, "libfdisk: no context");
	rc = fdisk_assign_device(cxt, disk, 1);
	if (rc)
		rc = sk_fail(rc < 0 ? rc : SEV_E_FORMAT, "%s: cannot read its partition table", disk);
	else
		rc = locate(cxt, disk, number, offset, size);
	fdisk_unref_context(cxt);
	return rc;
}
