/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whether a certificate table belongs to this SNP platform: a guest's report
 * verifies only with the VCEK of its chip at the platform's reported TCB (or
 * the loaded VLEK), so a table with any other is refused before it is served
 * to guests, and one the firmware has moved away from is found.
 */
#include <string.h>

#include <sevkit/platform.h>

#include "util/hex.h"
#include "util/log.h"

/* The role each GUID's certificate must have; the ASK slot holds the ASVK beside a VLEK. */
static const char *role_for(enum sev_snp_cert_kind kind, bool vlek)
{
	switch (kind) {
	case SEV_SNP_CERT_ARK: return "ARK";
	case SEV_SNP_CERT_ASK: return vlek ? "ASVK" : "ASK";
	case SEV_SNP_CERT_VCEK: return "VCEK";
	case SEV_SNP_CERT_VLEK: return "VLEK";
	default: return NULL;
	}
}

/* Exactly one VCEK or VLEK, and every certificate in the slot of its role. */
static int check_slots(const struct sev_snp_cert_table *t)
{
	struct sev_snp_x509_info info;
	size_t veks = 0, n;
	bool vlek = false;

	for (size_t i = 0; i < t->n; i++) {
		veks += t->entry[i].kind == SEV_SNP_CERT_VCEK || t->entry[i].kind == SEV_SNP_CERT_VLEK;
		vlek |= t->entry[i].kind == SEV_SNP_CERT_VLEK;
	}
	if (veks != 1)
		return sk_fail(SEV_E_FORMAT, "certificate table: %s VCEK or VLEK (exactly one is "
			       "served with reports)", veks ? "more than one" : "no");
	for (size_t i = 0; i < t->n; i++) {
		const struct sev_snp_cert_entry *e = &t->entry[i];
		const char *want = role_for(e->kind, vlek);

		if (!want)
			continue;
		if (sev_snp_x509_describe(e->data, e->length, &info, 1, &n) || n != 1)
			return sk_fail(SEV_E_FORMAT, "certificate table: the %s entry is not one "
				       "certificate", want);
		if (strcmp(info.role, want) != 0)
			return sk_fail(SEV_E_FORMAT, "certificate table: the %s slot holds an %s "
				       "certificate", want, info.role);
	}
	return 0;
}

/* The chain, verified without the platform: nothing is asked of the device for a bad one. */
static int check_chain(const uint8_t *table, size_t len, struct sev_snp_verify_info *info)
{
	struct sev_snp_cert_table t;
	struct sev_snp_verifier *v;
	int rc = sev_snp_cert_table_parse(table, len, &t);

	if (rc || (rc = check_slots(&t)) || (rc = sev_snp_verifier_new(&v)))
		return rc;
	if (!(rc = sev_snp_verifier_add_cert_table(v, table, len)))
		rc = sev_snp_verify_chain(v, info);
	sev_snp_verifier_free(v);
	return rc;
}

static int check_chip(struct sev_platform *p, const struct sev_snp_vek_info *vek)
{
	uint8_t id[SEV_ID_MAX];
	char want[2 * SEV_ID_MAX + 1], have[2 * sizeof(vek->hwid) + 1];
	size_t len;
	int rc = sev_platform_get_id(p, id, &len);

	if (rc)
		return rc;
	if (vek->hwid_len > len || memcmp(vek->hwid, id, vek->hwid_len) != 0) {
		sk_hex_encode(have, vek->hwid, vek->hwid_len);
		sk_hex_encode(want, id, vek->hwid_len < len ? vek->hwid_len : len);
		return sk_fail(SEV_E_VERIFY, "VCEK: it belongs to another chip: its hwID is %.16s..., "
			       "this chip's identifier %.16s...", have, want);
	}
	return 0;
}

/* The VCEK/VLEK's TCB is the reported TCB (its SPLs; the reserved bytes are in no certificate). */
static bool same_tcb(const struct sev_snp_platform_status *s, const struct sev_snp_vek_info *vek)
{
	struct sev_snp_tcb t;

	sev_snp_tcb_decode(s->reported_tcb, s->product, &t);
	memset(t.reserved, 0, sizeof(t.reserved));
	return sev_snp_tcb_encode(&t, s->product) == sev_snp_vek_tcb(vek);
}

static int check_tcb(const struct sev_snp_platform_status *s, const struct sev_snp_vek_info *vek)
{
	char want[64], have[64];

	if (same_tcb(s, vek))
		return 0;
	sev_snp_tcb_format(sev_snp_vek_tcb(vek), s->product, have, sizeof(have));
	sev_snp_tcb_format(s->reported_tcb, s->product, want, sizeof(want));
	return sk_fail(SEV_E_VERIFY, "%s: its TCB (%s) is not the platform's reported TCB (%s): "
		       "reports would not verify with it",
		       vek->kind == SEV_SNP_KEY_VLEK ? "VLEK" : "VCEK", have, want);
}

/* The key that signs this platform's reports is the one the table serves. */
static int check_key(const struct sev_snp_platform_status *s, enum sev_snp_signing_key key)
{
	bool loaded = s->flags & SEV_SNP_STATUS_VLEK_EN;

	if (key == SEV_SNP_KEY_VLEK && !loaded)
		return sk_fail(SEV_E_VERIFY, "VLEK: no VLEK is loaded on this platform: its "
			       "reports are signed with the VCEK");
	if (key == SEV_SNP_KEY_VCEK && loaded)
		return sk_fail(SEV_E_VERIFY, "VCEK: a VLEK is loaded on this platform and signs its "
			       "reports: serve the VLEK");
	return 0;
}

static int read_status(struct sev_platform *p, struct sev_snp_platform_status *s)
{
	int rc = sev_snp_platform_status(p, s);

	if (!rc && s->product == SEV_SNP_PRODUCT_UNKNOWN)
		return sk_fail(SEV_E_DEVICE, "the processor (CPUID 0x%08x) is not a Milan, Genoa or "
			       "Turin: its certificates are unknown", s->cpuid1_eax);
	return rc;
}

int sev_snp_platform_check_certs(struct sev_platform *p, const uint8_t *table, size_t len)
{
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	int rc;

	if ((rc = check_chain(table, len, &info)) || (rc = read_status(p, &s)))
		return rc;
	if (info.product != s.product)
		return sk_fail(SEV_E_VERIFY, "%s: a %s certificate on a %s platform",
			       info.key == SEV_SNP_KEY_VLEK ? "VLEK" : "VCEK",
			       sev_snp_product_name(info.product), sev_snp_product_name(s.product));
	if ((rc = check_key(&s, info.key)))
		return rc;
	if (info.key == SEV_SNP_KEY_VCEK && (rc = check_chip(p, &info.vek)))
		return rc;
	return check_tcb(&s, &info.vek);
}

int sev_snp_platform_certs_current(struct sev_platform *p, const uint8_t *table, size_t len)
{
	struct sev_snp_platform_status s = SEV_INIT(struct sev_snp_platform_status);
	struct sev_snp_cert_table t;
	struct sev_snp_vek_info vek;
	int rc = sev_snp_cert_table_parse(table, len, &t);

	if (rc || (rc = read_status(p, &s)))
		return rc;
	for (size_t i = 0; i < t.n; i++) {
		const struct sev_snp_cert_entry *e = &t.entry[i];

		if (e->kind != SEV_SNP_CERT_VCEK && e->kind != SEV_SNP_CERT_VLEK)
			continue;
		if (sev_snp_vek_parse(e->data, e->length, &vek) || !same_tcb(&s, &vek) ||
		    (e->kind == SEV_SNP_CERT_VLEK) != !!(s.flags & SEV_SNP_STATUS_VLEK_EN))
			return SEV_E_VERIFY;
	}
	return 0;
}
