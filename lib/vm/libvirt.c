/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A libvirt domain: connection, lookup, state, XML, the SEV launch calls and a
 * memory-only dump.
 */
#include <sevkit/libvirt.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <sevkit/crypto.h>

#include "util/log.h"
#include "util/struct.h"

struct sev_libvirt {
	virConnectPtr conn;
	virDomainPtr dom;
	char *label; /* the domain as the caller named it, for messages */
};

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

/* libvirt's default handler prints every error to stderr; sevkit logs its own one line */
static void quiet_handler(void *ctx, virErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static void init_libvirt(void)
{
	virInitialize();
	virSetErrorFunc(NULL, quiet_handler);
}

static const char *last_error(void)
{
	const char *msg = virGetLastErrorMessage();

	return msg ? msg : "unknown error";
}

/* Log what libvirt said about what; every libvirt refusal is the environment's. */
static int fail(const struct sev_libvirt *v, const char *what)
{
	return sk_fail(SEV_E_DEVICE, "libvirt domain %s: %s: %s", v->label, what, last_error());
}

static bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* By id, UUID or name, as virsh resolves a domain argument. */
static virDomainPtr lookup(virConnectPtr conn, const char *name)
{
	virDomainPtr dom = NULL;

	if (all_digits(name) && strlen(name) < 10)
		dom = virDomainLookupByID(conn, atoi(name));
	if (!dom && strlen(name) == 36)
		dom = virDomainLookupByUUIDString(conn, name);
	if (!dom)
		dom = virDomainLookupByName(conn, name);
	return dom;
}

int sev_libvirt_open(const char *uri, const char *domain, struct sev_libvirt **out)
{
	struct sev_libvirt *v;

	*out = NULL;
	if (!domain || !*domain)
		return sk_fail(SEV_E_INVALID, "libvirt: no domain named");
	pthread_once(&quiet_once, init_libvirt);
	v = calloc(1, sizeof(*v));
	if (!v || !(v->label = strdup(domain))) {
		free(v);
		return -ENOMEM;
	}
	v->conn = virConnectOpen(uri);
	if (!v->conn) {
		sk_fail(SEV_E_DEVICE, "libvirt: cannot connect to %s: %s", uri ? uri : "the default "
			"daemon", last_error());
		sev_libvirt_close(v);
		return SEV_E_DEVICE;
	}
	v->dom = lookup(v->conn, domain);
	if (!v->dom) {
		int rc = fail(v, "not found");

		sev_libvirt_close(v);
		return rc;
	}
	*out = v;
	return 0;
}

void sev_libvirt_close(struct sev_libvirt *v)
{
	if (!v)
		return;
	if (v->dom)
		virDomainFree(v->dom);
	if (v->conn)
		virConnectClose(v->conn);
	free(v->label);
	free(v);
}

/* Whether the daemon runs on another machine: its host name is not ours. */
static int is_remote(struct sev_libvirt *v, bool *remote)
{
	char here[HOST_NAME_MAX + 1] = "";
	char *there = virConnectGetHostname(v->conn);

	if (!there)
		return fail(v, "host name");
	if (gethostname(here, sizeof(here) - 1) != 0) {
		free(there);
		return sk_fail(-errno, "gethostname: %s", strerror(errno));
	}
	*remote = strcmp(here, there) != 0;
	free(there);
	return 0;
}

static int do_state(struct sev_libvirt *v, struct sev_libvirt_state *st)
{
	virDomainInfo info;
	const char *name;

	if (virDomainGetInfo(v->dom, &info) < 0)
		return fail(v, "state");
	st->active = virDomainIsActive(v->dom) == 1;
	st->paused = info.state == VIR_DOMAIN_PAUSED;
	st->vcpus = info.nrVirtCpu;
	name = virDomainGetName(v->dom);
	snprintf(st->name, sizeof(st->name), "%s", name ? name : v->label);
	return is_remote(v, &st->remote);
}

int sev_libvirt_state(struct sev_libvirt *v, struct sev_libvirt_state *st)
{
	struct sev_libvirt_state mine = SEV_INIT(struct sev_libvirt_state);
	int rc = sk_struct_check_out(st, sizeof(mine), "sev_libvirt_state");

	if (rc)
		return rc;
	rc = do_state(v, &mine);
	sk_struct_out(st, &mine, sizeof(mine));
	return rc;
}

int sev_libvirt_xml(struct sev_libvirt *v, unsigned flags, char **xml)
{
	unsigned vf = 0;

	if (flags & ~SEV_LIBVIRT_XML_INACTIVE)
		return sk_fail(SEV_E_INVALID, "libvirt domain %s: unknown XML flags 0x%x", v->label,
			       flags);
	if (flags & SEV_LIBVIRT_XML_INACTIVE)
		vf = VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE;
	*xml = virDomainGetXMLDesc(v->dom, vf);
	return *xml ? 0 : fail(v, "XML");
}

int sev_libvirt_define(struct sev_libvirt *v, const char *xml)
{
	virDomainPtr dom = virDomainDefineXML(v->conn, xml);

	if (!dom)
		return fail(v, "define");
	virDomainFree(dom);
	return 0;
}

static int get_uint(const struct sev_libvirt *v, virTypedParameterPtr p, int n,
		    const char *key, unsigned max, unsigned *out)
{
	if (virTypedParamsGetUInt(p, n, key, out) != 1 || *out > max)
		return sk_fail(SEV_E_FORMAT, "libvirt domain %s: launch security info without a "
			       "valid %s", v->label, key);
	return 0;
}

/* Copy libvirt's figures out of its parameters (n of them, none for a non-SEV domain). */
static int read_info(const struct sev_libvirt *v, virTypedParameterPtr p, int n,
		     uint8_t blob[48], struct sev_qmp_sev *info)
{
	const char *m64 = NULL;
	unsigned major, minor, build, policy;
	uint8_t *m = NULL;
	size_t len = 0;
	int rc;

	if (virTypedParamsGetString(p, n, VIR_DOMAIN_LAUNCH_SECURITY_SEV_MEASUREMENT, &m64) != 1)
		return sk_fail(SEV_E_DEVICE, "libvirt domain %s: no SEV launch security "
			       "(libvirt reports no launch measurement; is it an SEV guest?)",
			       v->label);
	if ((rc = get_uint(v, p, n, VIR_DOMAIN_LAUNCH_SECURITY_SEV_API_MAJOR, 0xff, &major)) ||
	    (rc = get_uint(v, p, n, VIR_DOMAIN_LAUNCH_SECURITY_SEV_API_MINOR, 0xff, &minor)) ||
	    (rc = get_uint(v, p, n, VIR_DOMAIN_LAUNCH_SECURITY_SEV_BUILD_ID, 0xff, &build)) ||
	    (rc = get_uint(v, p, n, VIR_DOMAIN_LAUNCH_SECURITY_SEV_POLICY, UINT_MAX, &policy)))
		return rc;
	if (sev_base64_decode(m64, strlen(m64), &m, &len) || len != 48) {
		free(m);
		return sk_fail(SEV_E_FORMAT, "libvirt domain %s: the launch measurement is not "
			       "48 bytes of base64", v->label);
	}
	memcpy(blob, m, 48);
	free(m);
	info->enabled = true;
	info->api_major = (uint8_t)major;
	info->api_minor = (uint8_t)minor;
	info->build_id = (uint8_t)build;
	info->policy = policy; /* libvirt reports no handle and no state: they stay zero */
	return 0;
}

int sev_libvirt_launch_measure(struct sev_libvirt *v, uint8_t blob[48], struct sev_qmp_sev *info)
{
	struct sev_qmp_sev mine = SEV_INIT(struct sev_qmp_sev);
	virTypedParameterPtr p = NULL;
	int n = 0, rc = sk_struct_check_out(info, sizeof(mine), "sev_qmp_sev");

	if (rc)
		return rc;
	if (virDomainGetLaunchSecurityInfo(v->dom, &p, &n, 0) < 0)
		return fail(v, "launch security info");
	rc = read_info(v, p, n, blob, &mine);
	virTypedParamsFree(p, n);
	sk_struct_out(info, &mine, sizeof(mine));
	return rc;
}

int sev_libvirt_inject_launch_secret(struct sev_libvirt *v, const uint8_t header[52],
				     const uint8_t *payload, size_t len)
{
	char *h64 = sev_base64_encode(header, 52), *p64 = sev_base64_encode(payload, len);
	virTypedParameterPtr p = NULL;
	int n = 0, max = 0, rc = 0;

	if (!h64 || !p64 ||
	    virTypedParamsAddString(&p, &n, &max, VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET_HEADER,
				    h64) < 0 ||
	    virTypedParamsAddString(&p, &n, &max, VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET, p64) < 0)
		rc = -ENOMEM;
	else if (virDomainSetLaunchSecurityState(v->dom, p, n, 0) < 0)
		rc = fail(v, "inject the launch secret");
	virTypedParamsFree(p, n);
	free(h64);
	free(p64);
	return rc;
}

int sev_libvirt_resume(struct sev_libvirt *v)
{
	return virDomainResume(v->dom) < 0 ? fail(v, "resume") : 0;
}

int sev_libvirt_core_dump(struct sev_libvirt *v, const char *path, const char *format)
{
	unsigned kind;

	if (!format || !strcmp(format, "elf"))
		kind = VIR_DOMAIN_CORE_DUMP_FORMAT_RAW; /* libvirt's name for QEMU's ELF dump */
	else if (!strcmp(format, "kdump-zlib"))
		kind = VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB;
	else
		return sk_fail(SEV_E_INVALID, "libvirt: dump format %s: elf or kdump-zlib", format);
	if (virDomainCoreDumpWithFormat(v->dom, path, kind, VIR_DUMP_MEMORY_ONLY) < 0)
		return fail(v, "memory dump");
	return 0;
}
