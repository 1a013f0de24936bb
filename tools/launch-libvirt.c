/* SPDX-License-Identifier: Apache-2.0 */
/* The launch state and boot files of a libvirt domain, for `sevkit launch`. */
#include "launch-libvirt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/policy.h>

int launch_libvirt_option(struct launch_libvirt *l, int id, const char *arg)
{
	switch (id) {
	case OPT_LV_CONNECT: l->uri = arg; return 0;
	case OPT_LV_DOMAIN: l->domain = arg; return 0;
	case OPT_LV_INSECURE: l->insecure = true; return 0;
	case OPT_LV_IGNORE_CONFIG: l->ignore_config = true; return 0;
	default: return -1;
	}
}

/* Refuse, in one line naming the domain; exit 4: the setup, not the input, is wrong. */
static int refuse(struct cli *cli, const struct launch_libvirt *l, const char *why)
{
	cli_error(cli, "libvirt domain %s: %s", l->domain, why);
	return SEV_EXIT_ENV;
}

/* The peer's configuration checks: an SEV launch that a measurement can vouch for. */
static int check_config(struct cli *cli, const struct launch_libvirt *l)
{
	const struct sev_domain_boot *b = &l->boot;
	bool direct = b->kernel || b->initrd || b->cmdline;

	if (!b->sev)
		return refuse(cli, l, "not configured with SEV launch security");
	if (!b->dh_cert || !b->session)
		return refuse(cli, l, "has no SEV owner certificate (dhCert) and session data: "
			      "its measurement cannot be validated");
	if (b->nvram && !l->insecure)
		return refuse(cli, l, "its firmware has an NVRAM store, which the measurement "
			      "does not cover (--insecure to proceed)");
	if (b->loaders != 1)
		return refuse(cli, l, "must have exactly one firmware <loader>");
	if (!b->kernel_hashes && direct && !l->insecure)
		return refuse(cli, l, "boots a kernel directly without kernelHashes='yes': "
			      "the kernel is not measured (--insecure to proceed)");
	if (b->kernel_hashes && !direct)
		return refuse(cli, l, "kernelHashes='yes' without a kernel, initrd or command line");
	return 0;
}

/* A file name from the domain: only with --insecure, and only when it is on this machine. */
static int from_domain(struct cli *cli, const struct launch_libvirt *l, bool remote,
		       const char *what, const char *value, const char **slot)
{
	if (*slot || !value)
		return 0;
	if (remote)
		return refuse(cli, l, what);
	if (!l->insecure) {
		char why[160];

		snprintf(why, sizeof(why), "taking the %s from the domain's XML is not secure: "
			 "give it, or --insecure", what);
		return refuse(cli, l, why);
	}
	*slot = value;
	return 0;
}

static int fill_guest(struct cli *cli, const struct launch_libvirt *l,
		      const struct sev_libvirt_state *st, struct guest_input *g, uint32_t policy)
{
	const struct sev_domain_boot *b = &l->boot;
	int rc;

	if (!g->firmware && !b->loader)
		return refuse(cli, l, "no --firmware and no firmware path in the domain");
	if ((rc = from_domain(cli, l, st->remote, "firmware", b->loader, &g->firmware)) ||
	    (rc = from_domain(cli, l, st->remote, "kernel", b->kernel, &g->kernel)) ||
	    (rc = from_domain(cli, l, st->remote, "initrd", b->initrd, &g->initrd)) ||
	    (rc = from_domain(cli, l, false, "command line", b->cmdline, &g->cmdline)))
		return rc;
	if ((policy & SEV_POLICY_ES) && !g->vcpus_set) {
		if (!l->insecure)
			return refuse(cli, l, "taking the vCPU count of an SEV-ES guest from the "
				      "domain is not secure: give --num-cpus, or --insecure");
		g->vcpus = st->vcpus;
		g->vcpus_set = true;
	}
	return 0;
}

static int read_state(struct cli *cli, struct launch_libvirt *l, struct sev_libvirt_state *st)
{
	char *xml = NULL;
	int rc;

	if ((rc = sev_libvirt_open(l->uri, l->domain, &l->v)) ||
	    (rc = sev_libvirt_state(l->v, st)))
		return cli_exit(rc);
	if (!st->remote && !l->insecure)
		return refuse(cli, l, "validating on the hypervisor host itself is not secure "
			      "(the host could answer for the guest); --insecure to proceed");
	if (!st->active)
		return refuse(cli, l, "not running: start it paused (virsh start --paused)");
	if (!st->paused && !l->insecure)
		return refuse(cli, l, "running, not paused: a measurement is only worth checking "
			      "before the guest runs");
	if ((rc = sev_libvirt_xml(l->v, 0, &xml)))
		return cli_exit(rc);
	rc = sev_domain_boot_read(xml, strlen(xml), &l->boot);
	free(xml);
	if (rc)
		return cli_exit(rc);
	return l->ignore_config ? 0 : check_config(cli, l);
}

int launch_libvirt_read(struct cli *cli, struct launch_libvirt *l, struct guest_input *g,
			uint8_t blob[48], bool have_blob, struct sev_launch_info *info,
			const bool have[4])
{
	struct sev_libvirt_state st = SEV_INIT(struct sev_libvirt_state);
	struct sev_qmp_sev sev = SEV_INIT(struct sev_qmp_sev);
	uint8_t reported[48];
	int rc;

	l->boot = SEV_INIT(struct sev_domain_boot);
	if ((rc = read_state(cli, l, &st)))
		return rc;
	if ((rc = sev_libvirt_launch_measure(l->v, reported, &sev)))
		return cli_exit(rc);
	/* what the command line gives wins, as with the peer */
	if (!have_blob)
		memcpy(blob, reported, sizeof(reported));
	if (!have[0])
		info->api_major = sev.api_major;
	if (!have[1])
		info->api_minor = sev.api_minor;
	if (!have[2])
		info->build_id = sev.build_id;
	if (!have[3])
		info->policy = sev.policy;
	return g ? fill_guest(cli, l, &st, g, info->policy) : 0;
}

void launch_libvirt_close(struct launch_libvirt *l)
{
	sev_domain_boot_free(&l->boot);
	sev_libvirt_close(l->v);
	l->v = NULL;
}
