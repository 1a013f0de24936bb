/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A recorded host: a JSON document (written by sev_host_record) answers the
 * host interface instead of the machine. The whole document is checked when
 * it is loaded; what it does not hold reads as absent (ENOENT), and CPUID
 * leaves it does not hold read as zeros, as AMD CPUs answer unknown leaves.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "host/host-internal.h"
#include "host/recording.h"
#include "util/bytes.h"
#include "util/errno-name.h"
#include "util/file.h"
#include "util/json.h"
#include "util/log.h"

#define WHAT "host recording"

static int bad(const char *field, const char *why)
{
	return sk_fail(SEV_E_FORMAT, WHAT ": %s: %s", field, why);
}

static int get_uint(const json_t *v, uint64_t max, const char *field, uint64_t *out)
{
	if (sk_json_uint(v, max, out))
		return bad(field, "expected a number or a 0x-hex string, in range");
	return 0;
}

static int get_u32(const json_t *obj, const char *key, uint32_t *out)
{
	uint64_t v;
	int r = get_uint(json_object_get(obj, key), UINT32_MAX, key, &v);

	*out = (uint32_t)v;
	return r;
}

/* A result that is either a value or an errno name. */
static int get_errno(const json_t *v, const char *field, int *err)
{
	if (!json_is_string(v) || sk_errno_parse(json_string_value(v), err))
		return bad(field, "expected an errno name such as \"ENOENT\"");
	*err = -*err;
	return 0;
}

static int only_keys(const json_t *obj, const char *field, const char *const *keys, size_t n)
{
	const char *k = sk_json_unknown_key(obj, keys, n);

	return k ? sk_fail(SEV_E_FORMAT, WHAT ": %s: unknown key \"%s\"", field, k) : 0;
}

static int parse_cpuid(const json_t *arr, struct sk_recording *rec)
{
	static const char *const keys[] = { "leaf", "subleaf", "eax", "ebx", "ecx", "edx" };
	static const char *const regs[] = { "eax", "ebx", "ecx", "edx" };
	size_t i;
	json_t *e;

	if (!json_is_array(arr))
		return bad("cpuid", "expected an array");
	if (json_array_size(arr) > SK_REC_CPUID_MAX)
		return bad("cpuid", "too many entries");
	json_array_foreach(arr, i, e) {
		struct sk_rec_cpuid *c = &rec->cpuid[rec->n_cpuid];

		if (!json_is_object(e))
			return bad("cpuid[]", "expected an object");
		if (only_keys(e, "cpuid[]", keys, SK_ARRAY_SIZE(keys)) ||
		    get_u32(e, "leaf", &c->leaf))
			return SEV_E_FORMAT;
		c->subleaf = 0;
		if (json_object_get(e, "subleaf") && get_u32(e, "subleaf", &c->subleaf))
			return SEV_E_FORMAT;
		for (size_t r = 0; r < 4; r++)
			if (get_u32(e, regs[r], &c->regs[r]))
				return SEV_E_FORMAT;
		for (size_t j = 0; j < rec->n_cpuid; j++)
			if (rec->cpuid[j].leaf == c->leaf && rec->cpuid[j].subleaf == c->subleaf)
				return bad("cpuid[]", "the same leaf and subleaf appear twice");
		rec->n_cpuid++;
	}
	return 0;
}

static int parse_msr(const json_t *arr, struct sk_recording *rec)
{
	static const char *const keys[] = { "cpu", "msr", "value", "error" };
	size_t i;
	json_t *e;

	if (!json_is_array(arr))
		return bad("msr", "expected an array");
	if (json_array_size(arr) > SK_REC_MSR_MAX)
		return bad("msr", "too many entries");
	json_array_foreach(arr, i, e) {
		struct sk_rec_msr *m = &rec->msr[rec->n_msr];
		const json_t *value, *error;
		uint64_t v;

		if (!json_is_object(e))
			return bad("msr[]", "expected an object");
		if (only_keys(e, "msr[]", keys, SK_ARRAY_SIZE(keys)) ||
		    get_u32(e, "cpu", &m->cpu) || get_u32(e, "msr", &m->msr))
			return SEV_E_FORMAT;
		value = json_object_get(e, "value");
		error = json_object_get(e, "error");
		if (!value == !error)
			return bad("msr[]", "needs exactly one of \"value\" and \"error\"");
		if (value && get_uint(value, UINT64_MAX, "msr[].value", &v))
			return SEV_E_FORMAT;
		if (error && get_errno(error, "msr[].error", &m->err))
			return SEV_E_FORMAT;
		m->value = value ? v : 0;
		rec->n_msr++;
	}
	return 0;
}

static int parse_files(const json_t *obj, struct sk_recording *rec)
{
	const char *path;
	json_t *v;

	if (!json_is_object(obj))
		return bad("files", "expected an object");
	if (json_object_size(obj) > SK_REC_FILES_MAX)
		return bad("files", "too many entries");
	json_object_foreach((json_t *)obj, path, v) {
		struct sk_rec_file *f = &rec->file[rec->n_file];

		if (strlen(path) >= sizeof(f->path))
			return bad("files", "path too long");
		strcpy(f->path, path);
		if (json_is_string(v)) {
			if (json_string_length(v) >= SK_HOST_FILE_MAX ||
			    strlen(json_string_value(v)) != json_string_length(v))
				return bad("files", "content too long or holds a NUL");
			f->content = strdup(json_string_value(v));
			if (!f->content)
				return -ENOMEM;
		} else if (!json_is_object(v) || json_object_size(v) != 1 ||
			   get_errno(json_object_get(v, "error"), "files.error", &f->err)) {
			return bad("files", "each entry is a string or {\"error\": \"ENOENT\"}");
		}
		rec->n_file++;
	}
	return 0;
}

static int parse_access(const json_t *v, const char *field, int *err)
{
	if (json_is_string(v) && strcmp(json_string_value(v), "ok") == 0) {
		*err = 0;
		return 0;
	}
	return get_errno(v, field, err);
}

static int parse_devices(const json_t *obj, struct sk_recording *rec)
{
	static const char *const keys[] = { "read", "write" };
	const char *path;
	json_t *v;

	if (!json_is_object(obj))
		return bad("devices", "expected an object");
	if (json_object_size(obj) > SK_REC_DEVICES_MAX)
		return bad("devices", "too many entries");
	json_object_foreach((json_t *)obj, path, v) {
		struct sk_rec_device *d = &rec->device[rec->n_device];

		if (strlen(path) >= sizeof(d->path))
			return bad("devices", "path too long");
		strcpy(d->path, path);
		if (!json_is_object(v) || only_keys(v, "devices", keys, 2) ||
		    parse_access(json_object_get(v, "read"), "devices.read", &d->read_err) ||
		    parse_access(json_object_get(v, "write"), "devices.write", &d->write_err))
			return bad("devices", "each entry is {\"read\": \"ok\"|ERRNO, "
				   "\"write\": ...}");
		rec->n_device++;
	}
	return 0;
}

static int parse_limit(const json_t *v, const char *field, uint64_t *out)
{
	if (json_is_string(v) && strcmp(json_string_value(v), "unlimited") == 0) {
		*out = UINT64_MAX;
		return 0;
	}
	return get_uint(v, UINT64_MAX - 1, field, out);
}

static int parse_kvm_memlock(const json_t *doc, struct sk_recording *rec)
{
	const json_t *kvm = json_object_get(doc, "kvm_api_version");
	const json_t *ml = json_object_get(doc, "memlock");
	uint64_t v;

	rec->kvm = -ENOENT;
	if (kvm && json_is_string(kvm)) {
		if (get_errno(kvm, "kvm_api_version", &rec->kvm))
			return SEV_E_FORMAT;
	} else if (kvm) {
		if (get_uint(kvm, INT32_MAX, "kvm_api_version", &v))
			return SEV_E_FORMAT;
		rec->kvm = (int)v;
	}
	rec->memlock_err = -ENOENT;
	if (ml && json_is_string(ml))
		return get_errno(ml, "memlock", &rec->memlock_err);
	if (ml) {
		static const char *const keys[] = { "soft", "hard" };

		if (!json_is_object(ml) || only_keys(ml, "memlock", keys, 2) ||
		    parse_limit(json_object_get(ml, "soft"), "memlock.soft", &rec->memlock_soft) ||
		    parse_limit(json_object_get(ml, "hard"), "memlock.hard", &rec->memlock_hard))
			return bad("memlock", "expected {\"soft\": N|\"unlimited\", "
				   "\"hard\": ...}");
		rec->memlock_err = 0;
	}
	return 0;
}

static int parse_doc(const json_t *doc, struct sk_recording *rec)
{
	static const char *const keys[] = { "format", "comment", "cpuid", "msr", "files",
					    "devices", "kvm_api_version", "memlock" };
	const json_t *fmt = json_object_get(doc, "format");
	const json_t *v;

	if (!json_is_object(doc))
		return bad("document", "expected a JSON object");
	if (!json_is_string(fmt) || strcmp(json_string_value(fmt), SK_REC_FORMAT) != 0)
		return bad("format", "expected \"" SK_REC_FORMAT "\"");
	if (only_keys(doc, "document", keys, SK_ARRAY_SIZE(keys)))
		return SEV_E_FORMAT;
	v = json_object_get(doc, "comment");
	if (v && !json_is_string(v))
		return bad("comment", "expected a string");
	if ((v = json_object_get(doc, "cpuid")) && parse_cpuid(v, rec))
		return SEV_E_FORMAT;
	if ((v = json_object_get(doc, "msr")) && parse_msr(v, rec))
		return SEV_E_FORMAT;
	if ((v = json_object_get(doc, "files")) && parse_files(v, rec))
		return SEV_E_FORMAT;
	if ((v = json_object_get(doc, "devices")) && parse_devices(v, rec))
		return SEV_E_FORMAT;
	return parse_kvm_memlock(doc, rec);
}

void sk_recording_free(struct sk_recording *rec)
{
	if (!rec)
		return;
	for (size_t i = 0; i < rec->n_file; i++)
		free(rec->file[i].content);
	free(rec);
}

int sk_recording_parse(const uint8_t *buf, size_t len, struct sk_recording **out)
{
	struct sk_recording *rec;
	json_error_t jerr;
	json_t *doc;
	int r;

	if (len > SK_REC_SIZE_MAX)
		return sk_fail(SEV_E_TOOBIG, WHAT ": larger than %u bytes", SK_REC_SIZE_MAX);
	doc = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return sk_fail(SEV_E_FORMAT, WHAT ": line %d column %d: %s", jerr.line,
			       jerr.column, jerr.text);
	rec = calloc(1, sizeof(*rec));
	if (!rec) {
		json_decref(doc);
		return -ENOMEM;
	}
	r = parse_doc(doc, rec);
	json_decref(doc);
	if (r) {
		sk_recording_free(rec);
		return r;
	}
	*out = rec;
	return 0;
}

/* ---- the host interface over a recording ---- */

static int rec_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
	const struct sk_recording *rec = ctx;

	for (size_t i = 0; i < rec->n_cpuid; i++)
		if (rec->cpuid[i].leaf == leaf && rec->cpuid[i].subleaf == subleaf) {
			memcpy(regs, rec->cpuid[i].regs, sizeof(rec->cpuid[i].regs));
			return 0;
		}
	memset(regs, 0, 4 * sizeof(regs[0]));
	return 0;
}

static int rec_rdmsr(void *ctx, unsigned cpu, uint32_t msr, uint64_t *value)
{
	const struct sk_recording *rec = ctx;

	for (size_t i = 0; i < rec->n_msr; i++)
		if (rec->msr[i].cpu == cpu && rec->msr[i].msr == msr) {
			*value = rec->msr[i].value;
			return rec->msr[i].err;
		}
	return -ENOENT;
}

static int rec_read_file(void *ctx, const char *path, char *buf, size_t size)
{
	const struct sk_recording *rec = ctx;

	for (size_t i = 0; i < rec->n_file; i++) {
		const struct sk_rec_file *f = &rec->file[i];
		size_t n;

		if (strcmp(f->path, path) != 0)
			continue;
		if (!f->content)
			return f->err;
		if (size == 0)
			return -EINVAL;
		n = strlen(f->content);
		if (n > size - 1)
			n = size - 1;
		memcpy(buf, f->content, n);
		buf[n] = '\0';
		return (int)n;
	}
	return -ENOENT;
}

static int rec_access(void *ctx, const char *path, int mode)
{
	const struct sk_recording *rec = ctx;

	for (size_t i = 0; i < rec->n_device; i++)
		if (strcmp(rec->device[i].path, path) == 0)
			return mode == W_OK ? rec->device[i].write_err : rec->device[i].read_err;
	return -ENOENT;
}

static int rec_kvm_api_version(void *ctx)
{
	return ((const struct sk_recording *)ctx)->kvm;
}

static int rec_memlock(void *ctx, uint64_t *soft, uint64_t *hard)
{
	const struct sk_recording *rec = ctx;

	*soft = rec->memlock_soft;
	*hard = rec->memlock_hard;
	return rec->memlock_err;
}

static void rec_free(void *ctx)
{
	sk_recording_free(ctx);
}

static const struct sk_host_ops rec_ops = {
	.cpuid = rec_cpuid,
	.rdmsr = rec_rdmsr,
	.read_file = rec_read_file,
	.access = rec_access,
	.kvm_api_version = rec_kvm_api_version,
	.memlock = rec_memlock,
	.free = rec_free,
};

int sev_host_open_recording_mem(const uint8_t *json, size_t len, struct sev_host **host)
{
	struct sk_recording *rec;
	int r = sk_recording_parse(json, len, &rec);

	if (r)
		return r;
	r = sk_host_new(&rec_ops, rec, host);
	if (r)
		sk_recording_free(rec);
	return r;
}

int sev_host_open_recording(const char *path, struct sev_host **host)
{
	uint8_t *buf;
	size_t len;
	int r = sk_file_read(path, SK_REC_SIZE_MAX, &buf, &len);

	if (r)
		return r; /* sk_file_read named the file */
	r = sev_host_open_recording_mem(buf, len, host);
	free(buf);
	if (r)
		sk_err("%s: not a usable host recording", path);
	return r;
}
