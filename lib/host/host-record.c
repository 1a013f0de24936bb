/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Record what the readiness checks read from a host, as a JSON document that
 * sev_host_open_recording loads back: a user can attach it to a report and
 * the checks then run on it exactly as on the machine.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "host/host-internal.h"
#include "host/recording.h"
#include "util/bytes.h"
#include "util/errno-name.h"
#include "util/log.h"

const uint32_t sk_host_cpuid_leaves[] = {
	0x00000000, 0x00000001, 0x40000000, 0x80000000, 0x80000001,
	0x80000002, 0x80000003, 0x80000004, 0x8000001F,
};
const size_t sk_host_cpuid_leaves_n = SK_ARRAY_SIZE(sk_host_cpuid_leaves);

const char *const sk_host_files[] = {
	SK_PATH_CPUINFO,
	SK_PATH_KVM_AMD_SEV,
	SK_PATH_KVM_AMD_SEV_ES,
	SK_PATH_KVM_AMD_SEV_SNP,
};
const size_t sk_host_files_n = SK_ARRAY_SIZE(sk_host_files);

const char *const sk_host_devices[] = { SK_PATH_DEV_SEV, SK_PATH_DEV_KVM };
const size_t sk_host_devices_n = SK_ARRAY_SIZE(sk_host_devices);

static json_t *hex32(uint32_t v)
{
	char s[16];

	snprintf(s, sizeof(s), "0x%08x", v);
	return json_string(s);
}

static json_t *errno_json(int err)
{
	return json_string(sk_errno_name(-err));
}

static int add_cpuid(struct sev_host *host, json_t *doc)
{
	static const char *const regs[] = { "eax", "ebx", "ecx", "edx" };
	json_t *arr = json_array();

	json_object_set_new(doc, "cpuid", arr);
	for (size_t i = 0; i < sk_host_cpuid_leaves_n; i++) {
		json_t *e = json_object();
		uint32_t r[4];
		int rc = host->ops->cpuid(host->ctx, sk_host_cpuid_leaves[i], 0, r);

		if (rc) {
			json_decref(e);
			return rc;
		}
		json_object_set_new(e, "leaf", hex32(sk_host_cpuid_leaves[i]));
		json_object_set_new(e, "subleaf", json_integer(0));
		for (size_t k = 0; k < 4; k++)
			json_object_set_new(e, regs[k], hex32(r[k]));
		json_array_append_new(arr, e);
	}
	return 0;
}

static void add_msr(struct sev_host *host, json_t *doc)
{
	json_t *arr = json_array(), *e = json_object();
	uint64_t v = 0;
	int rc = host->ops->rdmsr(host->ctx, 0, SK_MSR_SYSCFG, &v);
	char s[24];

	json_object_set_new(e, "cpu", json_integer(0));
	json_object_set_new(e, "msr", hex32(SK_MSR_SYSCFG));
	snprintf(s, sizeof(s), "0x%016llx", (unsigned long long)v);
	json_object_set_new(e, rc ? "error" : "value", rc ? errno_json(rc) : json_string(s));
	json_array_append_new(arr, e);
	json_object_set_new(doc, "msr", arr);
}

/* Only the first processor of /proc/cpuinfo: the checks read no further. */
static void cut_cpuinfo(char *buf)
{
	char *end = strstr(buf, "\n\n");

	if (end)
		end[1] = '\0';
}

static int add_files(struct sev_host *host, json_t *doc)
{
	json_t *files = json_object();
	char *buf = malloc(SK_HOST_FILE_MAX);

	if (!buf) {
		json_decref(files);
		return -ENOMEM;
	}
	for (size_t i = 0; i < sk_host_files_n; i++) {
		int n = host->ops->read_file(host->ctx, sk_host_files[i], buf, SK_HOST_FILE_MAX);
		json_t *v;

		if (n < 0) {
			v = json_object();
			json_object_set_new(v, "error", errno_json(n));
		} else {
			if (strcmp(sk_host_files[i], SK_PATH_CPUINFO) == 0)
				cut_cpuinfo(buf);
			v = json_string(buf);
		}
		/* json_string refuses invalid UTF-8: keep the file as unreadable then */
		if (!v) {
			v = json_object();
			json_object_set_new(v, "error", json_string("EIO"));
		}
		json_object_set_new(files, sk_host_files[i], v);
	}
	free(buf);
	json_object_set_new(doc, "files", files);
	return 0;
}

static json_t *access_json(int rc)
{
	return rc ? errno_json(rc) : json_string("ok");
}

static void add_devices(struct sev_host *host, json_t *doc)
{
	json_t *devs = json_object();

	for (size_t i = 0; i < sk_host_devices_n; i++) {
		const char *path = sk_host_devices[i];
		int r = host->ops->access(host->ctx, path, R_OK);
		int w = host->ops->access(host->ctx, path, W_OK);
		json_t *d = json_object();

		json_object_set_new(d, "read", access_json(r));
		json_object_set_new(d, "write", access_json(w));
		json_object_set_new(devs, path, d);
	}
	json_object_set_new(doc, "devices", devs);
}

static json_t *limit_json(uint64_t v)
{
	return v == UINT64_MAX ? json_string("unlimited") : json_integer((json_int_t)v);
}

static void add_kvm_memlock(struct sev_host *host, json_t *doc)
{
	int kvm = host->ops->kvm_api_version(host->ctx);
	uint64_t soft = 0, hard = 0;
	int rc = host->ops->memlock(host->ctx, &soft, &hard);

	json_object_set_new(doc, "kvm_api_version", kvm < 0 ? errno_json(kvm) : json_integer(kvm));
	if (rc) {
		json_object_set_new(doc, "memlock", errno_json(rc));
	} else {
		json_t *m = json_object();

		json_object_set_new(m, "soft", limit_json(soft));
		json_object_set_new(m, "hard", limit_json(hard));
		json_object_set_new(doc, "memlock", m);
	}
}

int sev_host_record(struct sev_host *host, const char *comment, char **json)
{
	json_t *doc = json_object();
	char *text;
	int r;

	json_object_set_new(doc, "format", json_string(SK_REC_FORMAT));
	if (comment)
		json_object_set_new(doc, "comment", json_string(comment));
	r = add_cpuid(host, doc);
	if (r) {
		json_decref(doc);
		return sk_fail(r, "host record: CPUID is not available on this machine");
	}
	add_msr(host, doc);
	r = add_files(host, doc);
	if (r) {
		json_decref(doc);
		return r;
	}
	add_devices(host, doc);
	add_kvm_memlock(host, doc);
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	/* a text file: end with a newline */
	*json = text ? realloc(text, strlen(text) + 2) : NULL;
	if (!*json) {
		free(text);
		return -ENOMEM;
	}
	strcat(*json, "\n");
	return 0;
}
