/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A domain of a libvirt daemon, through libvirt's C API: what the guest owner
 * reads of an SEV launch (virDomainGetLaunchSecurityInfo), the secret it
 * injects (virDomainSetLaunchSecurityState), the domain's XML and a memory
 * dump (virDomainCoreDumpWithFormat).
 *
 * Every failure is logged in one line that names the domain and carries
 * libvirt's own message; libvirt's default handler, which prints to stderr, is
 * replaced process-wide by a silent one on the first sev_libvirt_open().
 */
#ifndef SEVKIT_LIBVIRT_H
#define SEVKIT_LIBVIRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/error.h>
#include <sevkit/vm.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sev_libvirt;

/*
 * Connect to uri (NULL: libvirt's default) and find domain by id, UUID or
 * name, tried in that order as virsh does. A daemon that cannot be reached or
 * a domain it does not know is SEV_E_DEVICE.
 */
SEV_API int sev_libvirt_open(const char *uri, const char *domain, struct sev_libvirt **out);
SEV_API void sev_libvirt_close(struct sev_libvirt *v);

struct sev_libvirt_state {
	size_t size; /* SEV_INIT */
	bool active;          /* running or paused */
	bool paused;
	bool remote;          /* the daemon's host name is not this machine's */
	uint8_t reserved;     /* zero */
	uint32_t vcpus;       /* the domain's current vCPU count */
	char name[256];       /* the domain's name */
};
SEV_API int sev_libvirt_state(struct sev_libvirt *v, struct sev_libvirt_state *st);

/* Flags of sev_libvirt_xml(). */
#define SEV_LIBVIRT_XML_INACTIVE 1u /* the persistent definition, with its secrets, to redefine */

/* The domain's XML (the live one when it runs); *xml is the caller's to free(). */
SEV_API int sev_libvirt_xml(struct sev_libvirt *v, unsigned flags, char **xml);

/* Define (or redefine) a domain from xml on v's connection. */
SEV_API int sev_libvirt_define(struct sev_libvirt *v, const char *xml);

/*
 * The launch measurement (48 bytes: measure, then mnonce) and the firmware
 * and policy values that libvirt reports for a running SEV or SEV-ES domain.
 * A domain without SEV (libvirt reports nothing) is SEV_E_DEVICE.
 */
SEV_API int sev_libvirt_launch_measure(struct sev_libvirt *v, uint8_t blob[48],
				       struct sev_qmp_sev *info);

/* LAUNCH_SECRET through libvirt; the guest stays paused. */
SEV_API int sev_libvirt_inject_launch_secret(struct sev_libvirt *v, const uint8_t header[52],
					     const uint8_t *payload, size_t len);

/* Let a paused domain run. */
SEV_API int sev_libvirt_resume(struct sev_libvirt *v);

/*
 * A memory-only dump (virDomainCoreDumpWithFormat) written by libvirt to path,
 * format "elf" (NULL) or "kdump-zlib"; the guest is paused meanwhile. libvirt
 * opens path itself: sev_memscan_libvirt_dump() gives it a private one.
 */
SEV_API int sev_libvirt_core_dump(struct sev_libvirt *v, const char *path, const char *format);

#ifdef __cplusplus
}
#endif
#endif
