/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Opening a platform: the device name picks the back end (the Linux device
 * node, or "fake:DIR" for a replayed one). Apart from platform.c, so that the
 * back ends, which call platform.c, are not called from it.
 */
#include <stdlib.h>
#include <string.h>

#include "sev/platform-dev.h"

static int open_device(const char *device, struct sev_platform **p)
{
	if (strncmp(device, "fake:", 5) == 0) {
		struct sk_fake_sev *f;
		int r = sk_fake_load(device + 5, &f);

		return r ? r : sk_fake_open_owned(f, p);
	}
	return sk_sev_linux_open(device, p);
}

int sev_platform_open(const char *device, struct sev_platform **p)
{
	int r;

	if (!device)
		device = SEV_DEVICE_DEFAULT;
	if ((r = open_device(device, p)))
		return r;
	/* a command the device refuses is reported with the device's name */
	if ((r = sk_platform_name(*p, device))) {
		sev_platform_close(*p);
		*p = NULL;
	}
	return r;
}
