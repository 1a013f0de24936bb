/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Partition tables of disk images, as verity --partition reads them through libfdisk: the
 * input is the disk (in a memory file); a partition found must lie inside it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sevkit/verity.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("disk", MFD_CLOEXEC);
	char path[64];
	uint64_t off, len;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	for (unsigned n = 1; n <= 4; n++)
		if (!sev_verity_partition(path, n, &off, &len) && (off > UINT64_MAX - len))
			abort();
	close(fd);
	return 0;
}
