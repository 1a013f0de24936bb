/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A replayed SEV platform: it answers the device interface the way the Linux
 * driver and the firmware do (length queries answered with INVALID_LEN and
 * the length, too-small buffers refused the same way), from recorded data,
 * and can be told to misbehave per command. `--device fake:DIR` selects it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sev/cert-internal.h"
#include "sev/platform-dev.h"
#include "util/bytes.h"
#include "util/errno-name.h"
#include "util/file.h"
#include "util/hex.h"
#include "util/json.h"
#include "util/log.h"
#include "util/number.h"

struct fake {
	struct sk_fake_sev *f;
	bool owned;
};

static void *addr(const uint8_t *blk, size_t off)
{
	return (void *)(uintptr_t)sk_get_le64(blk + off);
}

static int fw(uint32_t *fw_error, uint32_t code)
{
	*fw_error = code;
	return -EIO;
}

/* One buffer returned under the length protocol; the block is {u64 addr, u32 len}. */
static int give(uint8_t *blk, const uint8_t *data, uint32_t true_len, uint32_t reported,
		uint32_t *fw_error)
{
	uint8_t *dst = addr(blk, 0);
	uint32_t room = sk_get_le32(blk + 8);

	sk_put_le32(blk + 8, reported);
	if (!dst || room < reported)
		return fw(fw_error, SK_FW_INVALID_LEN);
	memcpy(dst, data, true_len < reported ? true_len : reported);
	return 0;
}

static uint32_t reported(const uint32_t *over, uint32_t cmd, uint32_t true_len)
{
	return over[cmd] ? over[cmd] : true_len;
}

static int export(struct sk_fake_sev *f, uint8_t *blk, uint32_t *fw_error)
{
	uint32_t pdh_len = reported(f->reply_len, SK_SEV_PDH_CERT_EXPORT, SEV_CERT_SIZE);
	uint32_t chain_len = reported(f->reply_len2, SK_SEV_PDH_CERT_EXPORT,
				      3 * SEV_CERT_SIZE);
	uint8_t *pdh = addr(blk, 0), *chain = addr(blk, 12);
	uint32_t pdh_room = sk_get_le32(blk + 8), chain_room = sk_get_le32(blk + 20);

	sk_put_le32(blk + 8, pdh_len);
	sk_put_le32(blk + 20, chain_len);
	if (!pdh || !chain || pdh_room < pdh_len || chain_room < chain_len)
		return fw(fw_error, SK_FW_INVALID_LEN);
	memcpy(pdh, f->cert[0], pdh_len < SEV_CERT_SIZE ? pdh_len : SEV_CERT_SIZE);
	memcpy(chain, &f->cert[0][0] + SEV_CERT_SIZE,
	       chain_len < 3 * SEV_CERT_SIZE ? chain_len : 3 * SEV_CERT_SIZE);
	return 0;
}

/* What the platform received, as DIR/name, when record_imports asked for it. */
static void record(const struct sk_fake_sev *f, const char *name, const uint8_t *b, size_t n)
{
	char path[600];

	if (!f->dir[0])
		return;
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	if (sk_file_write_atomic(path, b, n, 0644, SK_OUT_REPLACE))
		sk_warn("fake platform: cannot record %s", path);
}

static int import(struct sk_fake_sev *f, uint8_t *blk, uint32_t *fw_error)
{
	const uint8_t *pek = addr(blk, 0), *oca = addr(blk, 12);

	if (!pek || !oca || sk_get_le32(blk + 8) != SEV_CERT_SIZE ||
	    sk_get_le32(blk + 20) != SEV_CERT_SIZE)
		return fw(fw_error, SK_FW_INVALID_LEN);
	memcpy(f->imported[0], pek, SEV_CERT_SIZE);
	memcpy(f->imported[1], oca, SEV_CERT_SIZE);
	record(f, "imported-pek.cert", pek, SEV_CERT_SIZE);
	record(f, "imported-oca.cert", oca, SEV_CERT_SIZE);
	return 0;
}

/* SNP_COMMIT: the reported TCB is set to the current TCB (the committed TCB is not in the status). */
static int snp_commit(struct sk_fake_sev *f)
{
	memcpy(f->snp_status + 24, f->snp_status + 16, 8);
	record(f, "snp-committed", f->snp_status + 16, 8);
	return 0;
}

/* SNP_SET_CONFIG, as the firmware takes it: reserved bits set are INVALID_PARAM. */
static int snp_set_config(struct sk_fake_sev *f, const uint8_t *blk, uint32_t *fw_error)
{
	uint32_t mask = sk_get_le32(blk + 8);

	if ((mask & ~3u) || !sk_all_zero(blk + 12, SK_SNP_CONFIG_SIZE - 12))
		return fw(fw_error, 0x16);
	memcpy(f->snp_config, blk, SK_SNP_CONFIG_SIZE);
	memcpy(f->snp_status + 24, blk, 8);
	sk_put_le32(f->snp_status + 8, (sk_get_le32(f->snp_status + 8) & ~3u) | mask);
	record(f, "snp-set-config.bin", blk, SK_SNP_CONFIG_SIZE);
	return 0;
}

static bool absent(const struct sk_fake_sev *f, uint32_t cmd)
{
	return cmd >= SK_SEV_CMD_COUNT || (cmd == SK_SEV_GET_ID2 && f->no_get_id2) ||
	       (cmd >= SK_SNP_PLATFORM_STATUS && f->no_snp);
}

static int fake_issue(void *ctx, uint32_t cmd, uint8_t *blk, uint32_t *fw_error)
{
	struct sk_fake_sev *f = ((struct fake *)ctx)->f;

	*fw_error = 0;
	if (absent(f, cmd))
		return -EINVAL;
	f->calls[cmd]++;
	if (f->err[cmd])
		return f->err[cmd];
	if (f->fw_error[cmd])
		return fw(fw_error, f->fw_error[cmd]);
	switch (cmd) {
	case SK_SEV_PLATFORM_STATUS:
		memcpy(blk, f->status, SK_STATUS_SIZE);
		return 0;
	case SK_SEV_PEK_CSR:
		return give(blk, f->csr, SEV_CERT_SIZE,
			    reported(f->reply_len, cmd, SEV_CERT_SIZE), fw_error);
	case SK_SEV_PDH_CERT_EXPORT:
		return export(f, blk, fw_error);
	case SK_SEV_PEK_CERT_IMPORT:
		return import(f, blk, fw_error);
	case SK_SEV_GET_ID2:
		return give(blk, f->id, f->id_len,
			    reported(f->reply_len, cmd, f->id_len), fw_error);
	case SK_SEV_GET_ID:
		memset(blk, 0, SK_GET_ID_SIZE);
		memcpy(blk, f->id, f->id_len < SK_GET_ID_SIZE ? f->id_len : SK_GET_ID_SIZE);
		return 0;
	case SK_SNP_PLATFORM_STATUS:
		memcpy(blk, f->snp_status, SK_SNP_STATUS_SIZE);
		return 0;
	case SK_SNP_COMMIT:
		return snp_commit(f);
	case SK_SNP_SET_CONFIG:
		return snp_set_config(f, blk, fw_error);
	}
	return 0; /* RESET, PEK_GEN, PDH_GEN: counted only */
}

static uint32_t fake_cpuid1(void *ctx)
{
	return ((struct fake *)ctx)->f->cpuid1;
}

static void fake_close(void *ctx)
{
	struct fake *k = ctx;

	if (k->owned)
		free(k->f);
	free(k);
}

static const struct sk_sev_dev_ops fake_ops = {
	.issue = fake_issue,
	.cpuid1 = fake_cpuid1,
	.close = fake_close,
};

static int open_fake(struct sk_fake_sev *f, bool owned, struct sev_platform **p)
{
	struct fake *k = malloc(sizeof(*k));
	int rc;

	if (!k)
		return -ENOMEM;
	k->f = f;
	k->owned = owned;
	rc = sk_platform_new(&fake_ops, k, p);
	if (rc)
		fake_close(k);
	return rc;
}

int sk_fake_open(struct sk_fake_sev *f, struct sev_platform **p)
{
	return open_fake(f, false, p);
}

int sk_fake_open_owned(struct sk_fake_sev *f, struct sev_platform **p)
{
	return open_fake(f, true, p);
}

/* ---- DIR/platform.json ---- */

#define WHAT "fake platform"

static int bad(const char *field, const char *why)
{
	return sk_fail(SEV_E_FORMAT, WHAT ": %s: %s", field, why);
}

static int num(const json_t *v, uint64_t max, const char *field, uint64_t *out)
{
	return sk_json_uint(v, max, out) ? bad(field, "expected a number in range") : 0;
}

/* A 64-bit value: a number, or a string "0x..." (JSON numbers lose bits above 2^53). */
static int num64(const json_t *v, const char *field, uint64_t *out)
{
	if (json_is_string(v))
		return sk_parse_uint(json_string_value(v), UINT64_MAX, out) ?
		       bad(field, "expected a 64-bit number") : 0;
	return num(v, UINT64_MAX, field, out);
}

/* A field of a reply block: its key, offset and size (1, 4 or 8 bytes, little-endian). */
struct field {
	const char *key;
	size_t off, size;
};

/* The reply block what from a JSON object of these fields; a field not given stays zero. */
static int put_fields(const json_t *o, const char *what, const struct field *fl, size_t n,
		      uint8_t *blk)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return bad(what, "expected an object");
	json_object_foreach((json_t *)o, k, v) {
		size_t i = 0;
		uint64_t x;

		while (i < n && strcmp(fl[i].key, k) != 0)
			i++;
		if (i == n)
			return bad(what, "unknown field");
		if (fl[i].size == 8 ? num64(v, k, &x) :
		    num(v, fl[i].size == 1 ? 0xFF : UINT32_MAX, k, &x))
			return SEV_E_FORMAT;
		if (fl[i].size == 1)
			blk[fl[i].off] = (uint8_t)x;
		else if (fl[i].size == 4)
			sk_put_le32(blk + fl[i].off, (uint32_t)x);
		else
			sk_put_le64(blk + fl[i].off, x);
	}
	return 0;
}

/* struct sev_user_data_status, packed */
static const struct field status_fields[] = {
	{ "api_major", 0, 1 }, { "api_minor", 1, 1 }, { "state", 2, 1 },
	{ "flags", 3, 4 },     { "build", 7, 1 },     { "guest_count", 8, 4 },
};

/* struct sev_user_data_snp_status */
static const struct field snp_status_fields[] = {
	{ "api_major", 0, 1 },       { "api_minor", 1, 1 },    { "state", 2, 1 },
	{ "rmp_initialized", 3, 1 }, { "build_id", 4, 4 },     { "flags", 8, 4 },
	{ "guest_count", 12, 4 },    { "current_tcb", 16, 8 }, { "reported_tcb", 24, 8 },
};

static int parse_snp(const json_t *doc, struct sk_fake_sev *f)
{
	const json_t *v = json_object_get(doc, "no_snp");
	uint64_t n = 0;
	int rc;

	if (v && !json_is_boolean(v))
		return bad("no_snp", "expected true or false");
	f->no_snp = json_is_true(v);
	if ((v = json_object_get(doc, "cpuid_1_eax")) && num64(v, "cpuid_1_eax", &n))
		return SEV_E_FORMAT;
	if (n > UINT32_MAX)
		return bad("cpuid_1_eax", "expected a 32-bit number");
	f->cpuid1 = (uint32_t)n;
	if ((v = json_object_get(doc, "snp_status")) &&
	    (rc = put_fields(v, "snp_status", snp_status_fields, SK_ARRAY_SIZE(snp_status_fields),
			     f->snp_status)))
		return rc;
	return 0;
}

static int load_cert(const char *dir, const json_t *name, const char *field, uint8_t *out)
{
	char path[1024];
	uint8_t *buf;
	size_t len;
	int rc;

	if (!name)
		return 0;
	if (!json_is_string(name))
		return bad(field, "expected a file name");
	/* relative names are relative to the directory of platform.json */
	if (json_string_value(name)[0] == '/')
		snprintf(path, sizeof(path), "%s", json_string_value(name));
	else
		snprintf(path, sizeof(path), "%s/%s", dir, json_string_value(name));
	rc = sk_file_read(path, SEV_CERT_SIZE + 1, &buf, &len);
	if (rc)
		return sk_fail(SEV_E_FORMAT, WHAT ": %s: %s: %s", field, path, sev_strerror(rc));
	if (len != SEV_CERT_SIZE) {
		free(buf);
		return sk_fail(SEV_E_FORMAT, WHAT ": %s: not one SEV certificate", path);
	}
	memcpy(out, buf, SEV_CERT_SIZE);
	free(buf);
	return 0;
}

/* {"CMD": value, ...} into one slot per command. */
static int per_cmd(const json_t *obj, const char *field, bool is_errno, uint32_t *u, int *e)
{
	const char *k;
	json_t *v;

	if (!obj)
		return 0;
	if (!json_is_object(obj))
		return bad(field, "expected an object keyed by command name");
	json_object_foreach((json_t *)obj, k, v) {
		size_t c = 0;
		uint64_t n;

		while (c < SK_SEV_CMD_COUNT && strcmp(sk_sev_cmd_name((uint32_t)c), k) != 0)
			c++;
		if (c == SK_SEV_CMD_COUNT)
			return bad(field, "unknown command name");
		if (is_errno) {
			int err;

			if (!json_is_string(v) || sk_errno_parse(json_string_value(v), &err))
				return bad(field, "expected an errno name");
			e[c] = -err;
		} else {
			if (num(v, UINT32_MAX, field, &n))
				return SEV_E_FORMAT;
			u[c] = (uint32_t)n;
		}
	}
	return 0;
}

static int parse_id(const json_t *v, struct sk_fake_sev *f)
{
	uint8_t *id;
	size_t n;

	if (!v)
		return 0;
	if (!json_is_string(v) || sk_hex_decode_alloc(json_string_value(v), &id, &n))
		return bad("id", "expected hex");
	if (n > SEV_ID_MAX) {
		free(id);
		return bad("id", "too long");
	}
	memcpy(f->id, id, n);
	f->id_len = (uint32_t)n;
	free(id);
	return 0;
}

static int known_keys(const json_t *doc)
{
	static const char *const keys[] = {
		"comment", "status", "pdh", "pek", "oca", "cek", "csr", "id", "no_get_id2",
		"fw_error", "errno", "reply_len", "reply_len2", "record_imports",
		"snp_status", "no_snp", "cpuid_1_eax",
	};
	const char *k = sk_json_unknown_key(doc, keys, SK_ARRAY_SIZE(keys));

	return k ? sk_fail(SEV_E_FORMAT, WHAT ": unknown key \"%s\"", k) : 0;
}

/* A PEK signing request: the PEK with both signature slots empty (usage INVALID, no algorithm). */
static void unsigned_pek(const uint8_t *pek, uint8_t *csr)
{
	memcpy(csr, pek, SEV_CERT_SIZE);
	for (int slot = 0; slot < 2; slot++) {
		memset(csr + SEV_OFF_SIG(slot), 0, SEV_SIG_DATA + SEV_SIG_SIZE);
		sk_put_le32(csr + SEV_OFF_SIG(slot), SEV_USAGE_INVALID);
	}
}

static int parse_config(const json_t *doc, const char *dir, struct sk_fake_sev *f)
{
	static const char *const certs[] = { "pdh", "pek", "oca", "cek" };
	const json_t *v;
	int rc;

	if (!json_is_object(doc))
		return bad("document", "expected a JSON object");
	if ((rc = known_keys(doc)))
		return rc;
	if ((v = json_object_get(doc, "status")) &&
	    (rc = put_fields(v, "status", status_fields, SK_ARRAY_SIZE(status_fields), f->status)))
		return rc;
	if ((rc = parse_snp(doc, f)))
		return rc;
	for (size_t i = 0; i < 4; i++)
		if ((rc = load_cert(dir, json_object_get(doc, certs[i]), certs[i], f->cert[i])))
			return rc;
	/* without a CSR of its own it answers as firmware does: its PEK, unsigned */
	unsigned_pek(f->cert[1], f->csr);
	if ((rc = load_cert(dir, json_object_get(doc, "csr"), "csr", f->csr)) ||
	    (rc = parse_id(json_object_get(doc, "id"), f)))
		return rc;
	v = json_object_get(doc, "no_get_id2");
	if (v && !json_is_boolean(v))
		return bad("no_get_id2", "expected true or false");
	f->no_get_id2 = json_is_true(v);
	if ((rc = per_cmd(json_object_get(doc, "fw_error"), "fw_error", false, f->fw_error,
			  NULL)) ||
	    (rc = per_cmd(json_object_get(doc, "errno"), "errno", true, NULL, f->err)) ||
	    (rc = per_cmd(json_object_get(doc, "reply_len"), "reply_len", false, f->reply_len,
			  NULL)) ||
	    (rc = per_cmd(json_object_get(doc, "reply_len2"), "reply_len2", false,
			  f->reply_len2, NULL)))
		return rc;
	v = json_object_get(doc, "record_imports");
	if (v && !json_is_boolean(v))
		return bad("record_imports", "expected true or false");
	if (json_is_true(v))
		snprintf(f->dir, sizeof(f->dir), "%s", dir);
	return 0;
}

int sk_fake_parse(const uint8_t *json, size_t len, const char *dir, struct sk_fake_sev **out)
{
	struct sk_fake_sev *f;
	json_error_t jerr;
	json_t *doc = json_loadb((const char *)json, len, JSON_REJECT_DUPLICATES, &jerr);
	int rc;

	if (!doc)
		return sk_fail(SEV_E_FORMAT, WHAT ": line %d: %s", jerr.line, jerr.text);
	f = calloc(1, sizeof(*f));
	if (!f) {
		json_decref(doc);
		return -ENOMEM;
	}
	rc = parse_config(doc, dir, f);
	json_decref(doc);
	if (rc) {
		free(f);
		return rc;
	}
	*out = f;
	return 0;
}

int sk_fake_load(const char *dir, struct sk_fake_sev **f)
{
	char path[1024];
	uint8_t *buf;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/platform.json", dir);
	rc = sk_file_read(path, 1u << 20, &buf, &len);
	if (rc) {
		sk_debug("%s: %s", path, sev_strerror(rc));
		/* the directory stands for a device: one that is not there is a missing device */
		return rc == SEV_E_INVALID ? SEV_E_DEVICE : rc;
	}
	rc = sk_fake_parse(buf, len, dir, f);
	free(buf);
	return rc;
}
