/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `sevkit launch validate|attest --connect URI --domain NAME`: the launch
 * state of a libvirt domain and, with --insecure, what it boots, read as
 * virt-qemu-sev-validate's libvirt mode reads them, with its option names and
 * its refusals.
 */
#ifndef SEVKIT_LAUNCH_LIBVIRT_H
#define SEVKIT_LAUNCH_LIBVIRT_H

#include <sevkit/domain.h>
#include <sevkit/libvirt.h>

#include "launch-input.h"

enum {
	OPT_LV_CONNECT = 0x500,
	OPT_LV_DOMAIN,
	OPT_LV_INSECURE,
	OPT_LV_IGNORE_CONFIG,
};
#define LIBVIRT_OPTIONS                                                                        \
	{ "connect", 'c', OPT_LV_CONNECT, "URI", "libvirt connection URI (default: libvirt's "  \
	  "default, e.g. qemu:///system)" },                                                     \
	{ "domain", 'o', OPT_LV_DOMAIN, "NAME", "the paused domain to attest: id, name or "     \
	  "UUID" },                                                                              \
	{ "insecure", 'i', OPT_LV_INSECURE, NULL, "proceed on the hypervisor host itself and "  \
	  "take the firmware, kernel, initrd, command line and vCPU count from the domain" },   \
	{ "ignore-config", 'g', OPT_LV_IGNORE_CONFIG, NULL, "do not check the domain's "        \
	  "launch configuration" }

struct launch_libvirt {
	const char *uri, *domain;
	bool insecure, ignore_config;
	struct sev_libvirt *v;
	struct sev_domain_boot boot; /* its strings back the guest input's file names */
};

/* Take one of LIBVIRT_OPTIONS: 0, or -1 when id is none of them. */
int launch_libvirt_option(struct launch_libvirt *l, int id, const char *arg);

/*
 * Connect, check the domain as the peer does, and fill what the command line
 * left open: the measurement blob and info (for each have[] false: api-major,
 * api-minor, build-id, policy; the blob when !have_blob) and, with --insecure,
 * the guest's files and vCPU count (g NULL: none, the launch digest is
 * given). Returns 0 or an exit code it has reported.
 */
int launch_libvirt_read(struct cli *cli, struct launch_libvirt *l, struct guest_input *g,
			uint8_t blob[48], bool have_blob, struct sev_launch_info *info,
			const bool have[4]);

void launch_libvirt_close(struct launch_libvirt *l);

#endif
