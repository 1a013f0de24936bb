/* SPDX-License-Identifier: Apache-2.0 */
/*
 * trustee's primary_evidence JSON <-> the 1184-byte SNP ATTESTATION_REPORT.
 * The member names and their order are those of virtee/sev's
 * AttestationReport (as in trustee's attestation-service e2e evidence); the
 * offsets are the SNP ABI's (lib/snp/report.c reads the same layout).
 */
#include "kbs/evidence-snp.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/snp.h>

#include "util/bytes.h"
#include "util/json.h"
#include "util/log.h"

enum kind {
	K_U32,
	K_U64,
	K_U64_V5,  /* version 5 and later; null or absent before */
	K_U8_V3,   /* version 3 and later; null or absent in version 2 */
	K_BYTES,
	K_TCB,     /* {fmc, bootloader, tee, snp, microcode} */
	K_VERSION, /* {major, minor, build}: bytes build, minor, major */
	K_SIG,     /* {r, s}: 72 little-endian bytes each */
};

struct field {
	const char *name;
	enum kind kind;
	uint16_t off, len;
};

static const struct field fields[] = {
	{ "version", K_U32, 0x000, 4 },
	{ "guest_svn", K_U32, 0x004, 4 },
	{ "policy", K_U64, 0x008, 8 },
	{ "family_id", K_BYTES, 0x010, 16 },
	{ "image_id", K_BYTES, 0x020, 16 },
	{ "vmpl", K_U32, 0x030, 4 },
	{ "sig_algo", K_U32, 0x034, 4 },
	{ "current_tcb", K_TCB, 0x038, 8 },
	{ "plat_info", K_U64, 0x040, 8 },
	{ "key_info", K_U32, 0x048, 4 },
	{ "report_data", K_BYTES, 0x050, 64 },
	{ "measurement", K_BYTES, 0x090, 48 },
	{ "host_data", K_BYTES, 0x0c0, 32 },
	{ "id_key_digest", K_BYTES, 0x0e0, 48 },
	{ "author_key_digest", K_BYTES, 0x110, 48 },
	{ "report_id", K_BYTES, 0x140, 32 },
	{ "report_id_ma", K_BYTES, 0x160, 32 },
	{ "reported_tcb", K_TCB, 0x180, 8 },
	{ "cpuid_fam_id", K_U8_V3, 0x188, 1 },
	{ "cpuid_mod_id", K_U8_V3, 0x189, 1 },
	{ "cpuid_step", K_U8_V3, 0x18a, 1 },
	{ "chip_id", K_BYTES, 0x1a0, 64 },
	{ "committed_tcb", K_TCB, 0x1e0, 8 },
	{ "current", K_VERSION, 0x1e8, 3 },
	{ "committed", K_VERSION, 0x1ec, 3 },
	{ "launch_tcb", K_TCB, 0x1f0, 8 },
	{ "launch_mit_vector", K_U64_V5, 0x1f8, 8 },
	{ "current_mit_vector", K_U64_V5, 0x200, 8 },
	{ "signature", K_SIG, 0x2a0, 144 },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))
#define SIG_SLOT 72

static const char *const tcb_keys[] = { "fmc", "bootloader", "tee", "snp", "microcode" };
static const char *const version_keys[] = { "major", "minor", "build" };
static const char *const sig_keys[] = { "r", "s" };
static const char *const cert_kinds[] = { "VCEK", "VLEK", "ASK", "ASVK", "ARK" };

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int bad(const char *path, const char *what)
{
	return sk_fail(SEV_E_FORMAT, "SNP evidence: %s: %s", path, what);
}

/* ---- JSON -> bytes ------------------------------------------------------ */

static int get_uint(const json_t *v, uint64_t max, const char *path, uint64_t *out)
{
	json_int_t i;

	if (!json_is_integer(v))
		return bad(path, v ? "not an integer" : "missing");
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i > max)
		return sk_fail(SEV_E_FORMAT, "SNP evidence: %s: %lld is out of range (0-%llu)",
			       path, (long long)i, (unsigned long long)max);
	*out = (uint64_t)i;
	return 0;
}

static int get_bytes(const json_t *v, size_t n, const char *path, uint8_t *out)
{
	char at[96];

	if (!json_is_array(v))
		return bad(path, v ? "not an array of bytes" : "missing");
	if (json_array_size(v) != n)
		return sk_fail(SEV_E_FORMAT, "SNP evidence: %s: %zu bytes, expected %zu", path,
			       json_array_size(v), n);
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(v, i);
		uint64_t b;

		/* the element's name is made only for an error: a report has ~1500 bytes */
		if (json_is_integer(e) && json_integer_value(e) >= 0 &&
		    json_integer_value(e) <= 0xff) {
			out[i] = (uint8_t)json_integer_value(e);
			continue;
		}
		snprintf(at, sizeof(at), "%s[%zu]", path, i);
		return get_uint(e, 0xff, at, &b);
	}
	return 0;
}

static int check_keys(const json_t *obj, const char *const *keys, size_t n, const char *path)
{
	const char *k;
	char what[160];

	if (!json_is_object(obj))
		return bad(path, obj ? "not an object" : "missing");
	if ((k = sk_json_unknown_key(obj, keys, n))) {
		snprintf(what, sizeof(what), "unknown member \"%.100s\"", k);
		return bad(path, what);
	}
	return 0;
}

/* A TCB object; *fmc tells whether it has an FMC SPL (Turin layout). */
static int get_tcb(const json_t *v, const char *path, bool *fmc, uint8_t out[8])
{
	struct sev_snp_tcb t = { 0 };
	uint8_t *spl[] = { &t.fmc, &t.bootloader, &t.tee, &t.snp, &t.microcode };
	char at[96];
	int rc;

	if ((rc = check_keys(v, tcb_keys, N(tcb_keys), path)))
		return rc;
	*fmc = !json_is_null(json_object_get(v, "fmc"));
	for (size_t i = *fmc ? 0 : 1; i < N(tcb_keys); i++) {
		uint64_t x;

		snprintf(at, sizeof(at), "%s.%s", path, tcb_keys[i]);
		if ((rc = get_uint(json_object_get(v, tcb_keys[i]), 0xff, at, &x)))
			return rc;
		*spl[i] = (uint8_t)x;
	}
	sk_put_le64(out, sev_snp_tcb_encode(&t, *fmc ? SEV_SNP_PRODUCT_TURIN
					    : SEV_SNP_PRODUCT_MILAN));
	return 0;
}

static int get_version(const json_t *v, const char *path, uint8_t out[3])
{
	char at[96];
	int rc;

	if ((rc = check_keys(v, version_keys, N(version_keys), path)))
		return rc;
	for (size_t i = 0; i < 3; i++) {
		uint64_t x;

		snprintf(at, sizeof(at), "%s.%s", path, version_keys[i]);
		if ((rc = get_uint(json_object_get(v, version_keys[i]), 0xff, at, &x)))
			return rc;
		out[2 - i] = (uint8_t)x; /* major, minor, build -> build, minor, major */
	}
	return 0;
}

static int get_sig(const json_t *v, const char *path, uint8_t *out)
{
	char at[96];
	int rc;

	if ((rc = check_keys(v, sig_keys, N(sig_keys), path)))
		return rc;
	for (size_t i = 0; i < 2; i++) {
		snprintf(at, sizeof(at), "%s.%s", path, sig_keys[i]);
		if ((rc = get_bytes(json_object_get(v, sig_keys[i]), SIG_SLOT, at,
				    out + i * SIG_SLOT)))
			return rc;
	}
	return 0;
}

/* A member that exists only from some report version on: null or absent before it. */
static int get_versioned(const json_t *v, const struct field *f, uint32_t version,
			 const char *path, uint8_t *out)
{
	bool present = f->kind == K_U8_V3 ? version >= 3 : version >= 5;
	uint64_t x;
	int rc;

	if (!present) {
		if (v && !json_is_null(v))
			return bad(path, "must be null for this report version");
		return 0;
	}
	if ((rc = get_uint(v, f->len == 1 ? 0xff : INT64_MAX, path, &x)))
		return rc;
	if (f->len == 1)
		out[0] = (uint8_t)x;
	else
		sk_put_le64(out, x);
	return 0;
}

static int get_field(const json_t *v, const struct field *f, uint32_t version, bool *fmc,
		     uint8_t *report)
{
	char path[64];
	uint64_t x;
	int rc;

	snprintf(path, sizeof(path), "attestation_report.%s", f->name);
	switch (f->kind) {
	case K_U32:
	case K_U64:
		if ((rc = get_uint(v, f->kind == K_U32 ? UINT32_MAX : INT64_MAX, path, &x)))
			return rc;
		if (f->kind == K_U32)
			sk_put_le32(report + f->off, (uint32_t)x);
		else
			sk_put_le64(report + f->off, x);
		return 0;
	case K_U64_V5:
	case K_U8_V3: return get_versioned(v, f, version, path, report + f->off);
	case K_BYTES: return get_bytes(v, f->len, path, report + f->off);
	case K_TCB: return get_tcb(v, path, fmc, report + f->off);
	case K_VERSION: return get_version(v, path, report + f->off);
	case K_SIG: return get_sig(v, path, report + f->off);
	}
	return sk_fail(SEV_E_INTERNAL, "SNP evidence: unknown field kind");
}

static int get_report(const json_t *ar, uint8_t report[SEV_SNP_REPORT_SIZE])
{
	const char *names[NFIELDS];
	struct sev_snp_report r;
	uint64_t version;
	bool fmc = false, first_fmc = false, seen_tcb = false;
	int rc;

	for (size_t i = 0; i < NFIELDS; i++)
		names[i] = fields[i].name;
	if ((rc = check_keys(ar, names, NFIELDS, "attestation_report")) ||
	    (rc = get_uint(json_object_get(ar, "version"), UINT32_MAX,
			   "attestation_report.version", &version)))
		return rc;
	memset(report, 0, SEV_SNP_REPORT_SIZE);
	for (size_t i = 0; i < NFIELDS; i++) {
		if ((rc = get_field(json_object_get(ar, fields[i].name), &fields[i],
				    (uint32_t)version, &fmc, report)))
			return rc;
		if (fields[i].kind != K_TCB)
			continue;
		if (seen_tcb && fmc != first_fmc)
			return sk_fail(SEV_E_FORMAT, "SNP evidence: attestation_report.%s.fmc: "
				       "given in some TCBs and null in others", fields[i].name);
		first_fmc = fmc;
		seen_tcb = true;
	}
	if ((rc = sev_snp_report_parse(report, SEV_SNP_REPORT_SIZE, &r)))
		return rc;
	if ((sev_snp_report_product(&r) == SEV_SNP_PRODUCT_TURIN) != first_fmc)
		return bad("attestation_report.current_tcb.fmc", first_fmc ?
			   "given, but the report is not from a Turin processor" :
			   "null, but the report is from a Turin processor");
	return 0;
}

static int get_cert(const json_t *c, size_t i, struct sk_kbs_cert *out)
{
	static const char *const keys[] = { "cert_type", "data" };
	char path[64];
	const json_t *data;
	const char *kind;
	size_t k = 0;
	int rc;

	snprintf(path, sizeof(path), "cert_chain[%zu]", i);
	if ((rc = check_keys(c, keys, 2, path)))
		return rc;
	kind = json_string_value(json_object_get(c, "cert_type"));
	while (kind && k < N(cert_kinds) && strcmp(kind, cert_kinds[k]) != 0)
		k++;
	if (!kind || k == N(cert_kinds))
		return bad(path, "cert_type is not one of VCEK, VLEK, ASK, ASVK, ARK");
	strcpy(out->kind, cert_kinds[k]);
	data = json_object_get(c, "data");
	snprintf(path, sizeof(path), "cert_chain[%zu].data", i);
	if (!json_is_array(data) || json_array_size(data) == 0 ||
	    json_array_size(data) > SK_KBS_SNP_MAX_CERT_LEN)
		return bad(path, "not an array of 1 to 16384 bytes");
	out->len = json_array_size(data);
	if (!(out->der = malloc(out->len)))
		return -ENOMEM;
	return get_bytes(data, out->len, path, out->der);
}

static int get_certs(const json_t *chain, struct sk_kbs_snp_evidence *e)
{
	int rc;

	if (!chain || json_is_null(chain))
		return 0;
	if (!json_is_array(chain) || json_array_size(chain) > SK_KBS_SNP_MAX_CERTS)
		return bad("cert_chain", "not null or an array of up to 8 certificates");
	if (json_array_size(chain) == 0)
		return 0;
	if (!(e->certs = calloc(json_array_size(chain), sizeof(*e->certs))))
		return -ENOMEM;
	for (size_t i = 0; i < json_array_size(chain); i++) {
		e->ncerts++;
		if ((rc = get_cert(json_array_get(chain, i), i, &e->certs[i])))
			return rc;
	}
	return 0;
}

int sk_kbs_snp_evidence_parse(const json_t *pe, struct sk_kbs_snp_evidence *e)
{
	static const char *const keys[] = { "attestation_report", "cert_chain" };
	int rc;

	memset(e, 0, sizeof(*e));
	if ((rc = check_keys(pe, keys, 2, "primary_evidence")) ||
	    (rc = get_report(json_object_get(pe, "attestation_report"), e->report)) ||
	    (rc = get_certs(json_object_get(pe, "cert_chain"), e)))
		sk_kbs_snp_evidence_clear(e);
	return rc;
}

void sk_kbs_snp_evidence_clear(struct sk_kbs_snp_evidence *e)
{
	for (size_t i = 0; e->certs && i < e->ncerts; i++)
		free(e->certs[i].der);
	free(e->certs);
	memset(e, 0, sizeof(*e));
}

/* ---- bytes -> JSON ------------------------------------------------------ */

static json_t *bytes_json(const uint8_t *p, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		if (json_array_append_new(a, json_integer(p[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *tcb_json(const uint8_t *p, enum sev_snp_product product)
{
	struct sev_snp_tcb t;

	sev_snp_tcb_decode(sk_get_le64(p), product, &t);
	return json_pack("{s:o,s:i,s:i,s:i,s:i}", "fmc", sev_snp_tcb_has_fmc(product) ?
			 json_integer(t.fmc) : json_null(), "bootloader", t.bootloader,
			 "tee", t.tee, "snp", t.snp, "microcode", t.microcode);
}

static json_t *uint_json(uint64_t x)
{
	if (x > INT64_MAX) {
		sk_fail(SEV_E_UNSUPPORTED, "SNP evidence: 0x%llx does not fit a JSON integer",
			(unsigned long long)x);
		return NULL;
	}
	return json_integer((json_int_t)x);
}

static json_t *field_json(const struct field *f, const struct sev_snp_report *r,
			  enum sev_snp_product product)
{
	const uint8_t *p = r->raw + f->off;

	switch (f->kind) {
	case K_U32: return json_integer(sk_get_le32(p));
	case K_U64: return uint_json(sk_get_le64(p));
	case K_U64_V5: return r->has_mit_vectors ? uint_json(sk_get_le64(p)) : json_null();
	case K_U8_V3: return r->has_cpuid ? json_integer(p[0]) : json_null();
	case K_BYTES: return bytes_json(p, f->len);
	case K_TCB: return tcb_json(p, product);
	case K_VERSION:
		return json_pack("{s:i,s:i,s:i}", "major", p[2], "minor", p[1], "build", p[0]);
	case K_SIG:
		return json_pack("{s:o,s:o}", "r", bytes_json(p, SIG_SLOT), "s",
				 bytes_json(p + SIG_SLOT, SIG_SLOT));
	}
	return NULL;
}

static json_t *report_json(const uint8_t *report)
{
	struct sev_snp_report r;
	enum sev_snp_product product;
	json_t *o;

	if (sev_snp_report_parse(report, SEV_SNP_REPORT_SIZE, &r) || !(o = json_object()))
		return NULL;
	product = sev_snp_report_product(&r);
	for (size_t i = 0; i < NFIELDS; i++) {
		/* virtee/sev before the version 5 fields leaves them out of the JSON */
		if (fields[i].kind == K_U64_V5 && !r.has_mit_vectors)
			continue;
		if (json_object_set_new(o, fields[i].name, field_json(&fields[i], &r, product))) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static json_t *certs_json(const struct sk_kbs_snp_evidence *e)
{
	json_t *a;

	if (!e->ncerts)
		return json_null();
	if (!(a = json_array()))
		return NULL;
	for (size_t i = 0; i < e->ncerts; i++) {
		const struct sk_kbs_cert *c = &e->certs[i];
		size_t k = 0;

		while (k < N(cert_kinds) && strcmp(c->kind, cert_kinds[k]) != 0)
			k++;
		if (k == N(cert_kinds) || !c->len ||
		    json_array_append_new(a, json_pack("{s:s,s:o}", "cert_type", c->kind, "data",
							bytes_json(c->der, c->len)))) {
			sk_fail(SEV_E_INVALID, "SNP evidence: certificate %zu cannot be written",
				i);
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *sk_kbs_snp_evidence_to_json(const struct sk_kbs_snp_evidence *e)
{
	json_t *report = report_json(e->report), *certs;

	if (!report)
		return NULL;
	if (!(certs = certs_json(e))) {
		json_decref(report);
		return NULL;
	}
	return json_pack("{s:o,s:o}", "attestation_report", report, "cert_chain", certs);
}
