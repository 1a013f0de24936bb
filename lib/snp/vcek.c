/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VCEK and VLEK certificates: the AMD extensions (KDS spec 57230, OIDs
 * 1.3.6.1.4.1.3704.1.*). Each value is a small DER item inside the
 * extension's OCTET STRING, except hwID, which real VCEKs carry as raw bytes.
 */
#include <sevkit/snp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snp-internal.h"
#include "util/log.h"
#include "util/reader.h"

#define AMD_OID "1.3.6.1.4.1.3704.1."

/* DER INTEGER 0-255: 02 01 vv, or 02 02 00 vv when vv >= 0x80 (minimal encoding). */
static int der_small_int(const uint8_t *p, size_t len, const char *what, uint8_t *v)
{
	struct sk_reader rd;
	uint8_t tag, n, b0, b1;
	int rc;

	sk_reader_init(&rd, p, len, what);
	if ((rc = sk_read_u8(&rd, &tag, "tag")) || (rc = sk_read_u8(&rd, &n, "length")))
		return rc;
	if (tag != 0x02)
		return sk_reader_reject(&rd, 0, "tag", "0x%02x is not an INTEGER", tag);
	if (n != 1 && n != 2)
		return sk_reader_reject(&rd, 1, "length", "%u: not an integer of 0-255", n);
	if ((rc = sk_read_u8(&rd, &b0, "value")))
		return rc;
	if (n == 1 && b0 >= 0x80)
		return sk_reader_reject(&rd, 2, "value", "negative");
	if (n == 2) {
		if ((rc = sk_read_u8(&rd, &b1, "value")))
			return rc;
		if (b0 != 0 || b1 < 0x80)
			return sk_reader_reject(&rd, 2, "value", "not 0-255 in minimal encoding");
		b0 = b1;
	}
	if (sk_reader_left(&rd))
		return sk_reader_reject(&rd, rd.off, "value", "trailing bytes");
	*v = b0;
	return 0;
}

/* DER IA5String / PrintableString / UTF8String with printable ASCII only. */
static int der_string(const uint8_t *p, size_t len, const char *what, char *out, size_t max)
{
	struct sk_reader rd;
	uint8_t tag, n;
	const uint8_t *s;
	int rc;

	sk_reader_init(&rd, p, len, what);
	if ((rc = sk_read_u8(&rd, &tag, "tag")) || (rc = sk_read_u8(&rd, &n, "length")))
		return rc;
	if (tag != 0x16 && tag != 0x13 && tag != 0x0c)
		return sk_reader_reject(&rd, 0, "tag", "0x%02x is not a string", tag);
	if (n >= 0x80 || n >= max)
		return sk_reader_reject(&rd, 1, "length", "%u is too long", n);
	if ((rc = sk_read_ref(&rd, &s, n, "value")))
		return rc;
	if (sk_reader_left(&rd))
		return sk_reader_reject(&rd, rd.off, "value", "trailing bytes");
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return sk_reader_reject(&rd, 2 + i, "value", "not printable ASCII");
	memcpy(out, s, n);
	out[n] = 0;
	return 0;
}

/*
 * hwID: raw bytes (64, or 8 on Turin) as AMD issues them; an OCTET STRING
 * wrapping (04 40 ... / 04 08 ...) is also accepted. The length decides, not
 * the first byte: chip IDs that begin with 0x04 exist.
 */
static int hwid(const uint8_t *p, size_t len, struct sev_snp_vek_info *info)
{
	if (len == 66 && p[0] == 0x04 && p[1] == 64) {
		p += 2;
		len = 64;
	} else if (len == 10 && p[0] == 0x04 && p[1] == 8) {
		p += 2;
		len = 8;
	}
	if (len != 64 && len != 8)
		return sk_fail(SEV_E_FORMAT, "VCEK hwID: %zu bytes, expected 64 (8 on Turin)", len);
	memcpy(info->hwid, p, len);
	info->hwid_len = len;
	return 0;
}

static int ext_int(const struct sk_x509 *c, const char *oid, const char *name, bool required,
		   uint8_t *v)
{
	const uint8_t *p;
	size_t len;
	int rc = sk_x509_ext(c, oid, &p, &len);

	if (rc == -ENOENT && !required)
		return 0;
	if (rc == -ENOENT)
		return sk_fail(SEV_E_FORMAT, "VCEK/VLEK: extension %s (%s) is missing", name, oid);
	return rc ? rc : der_small_int(p, len, name, v);
}

static int read_spls(const struct sk_x509 *c, struct sev_snp_vek_info *info)
{
	int rc;

	if ((rc = ext_int(c, AMD_OID "3.1", "blSPL", true, &info->tcb.bootloader)) ||
	    (rc = ext_int(c, AMD_OID "3.2", "teeSPL", true, &info->tcb.tee)) ||
	    (rc = ext_int(c, AMD_OID "3.3", "snpSPL", true, &info->tcb.snp)) ||
	    (rc = ext_int(c, AMD_OID "3.8", "ucodeSPL", true, &info->tcb.microcode)))
		return rc;
	/* spl_4..spl_7 are reserved: absent (Turin omits some) or zero */
	for (int i = 4; i <= 7; i++) {
		char oid[32];
		uint8_t v = 0;

		snprintf(oid, sizeof(oid), AMD_OID "3.%d", i);
		if ((rc = ext_int(c, oid, "spl", false, &v)))
			return rc;
		if (v)
			return sk_fail(SEV_E_FORMAT, "VCEK/VLEK: reserved SPL %s is %u, not 0", oid,
				       v);
	}
	return ext_int(c, AMD_OID "3.9", "fmcSPL", info->has_fmc, &info->tcb.fmc);
}

static int read_identity(const struct sk_x509 *c, struct sev_snp_vek_info *info)
{
	const uint8_t *p;
	size_t len;
	uint8_t v = 0;
	int rc = sk_x509_ext(c, AMD_OID "1", &p, &len);

	info->struct_version = -1;
	if (rc && rc != -ENOENT)
		return rc;
	if (!rc) {
		if ((rc = der_small_int(p, len, "structVersion", &v)))
			return rc;
		info->struct_version = v;
	}
	rc = sk_x509_ext(c, AMD_OID "2", &p, &len);
	if (rc == -ENOENT)
		return sk_fail(SEV_E_FORMAT, "VCEK/VLEK: productName (" AMD_OID "2) is missing");
	if (rc || (rc = der_string(p, len, "productName", info->product_name,
				   sizeof(info->product_name))))
		return rc;
	if (sev_snp_product_parse(info->product_name, &info->product))
		info->product = SEV_SNP_PRODUCT_UNKNOWN;
	info->has_fmc = sev_snp_tcb_has_fmc(info->product) || info->struct_version >= 1;
	return 0;
}

static int read_key_id(const struct sk_x509 *c, struct sev_snp_vek_info *info)
{
	const uint8_t *p;
	size_t len;
	int rc;

	if (info->kind == SEV_SNP_KEY_VLEK) {
		rc = sk_x509_ext(c, AMD_OID "5", &p, &len);
		if (rc == -ENOENT)
			return 0;
		return rc ? rc : der_string(p, len, "cspID", info->csp_id, sizeof(info->csp_id));
	}
	rc = sk_x509_ext(c, AMD_OID "4", &p, &len);
	if (rc == -ENOENT)
		return sk_fail(SEV_E_FORMAT, "VCEK: hwID (" AMD_OID "4) is missing");
	return rc ? rc : hwid(p, len, info);
}

int sk_snp_vek_info(const struct sk_x509 *c, struct sev_snp_vek_info *info)
{
	char cn[64];
	int rc;

	memset(info, 0, sizeof(*info));
	if (sk_x509_subject_attr(c, "CN", cn, sizeof(cn)))
		return sk_fail(SEV_E_FORMAT, "VCEK/VLEK: the subject has no CN");
	if (strcmp(cn, "SEV-VCEK") == 0)
		info->kind = SEV_SNP_KEY_VCEK;
	else if (strcmp(cn, "SEV-VLEK") == 0)
		info->kind = SEV_SNP_KEY_VLEK;
	else
		return sk_fail(SEV_E_FORMAT, "certificate CN '%s' is neither SEV-VCEK nor SEV-VLEK",
			       cn);
	if (sk_x509_issuer_attr(c, "CN", info->issuer_cn, sizeof(info->issuer_cn)))
		info->issuer_cn[0] = 0;
	if ((rc = sk_x509_times(c, &info->not_before, &info->not_after)) ||
	    (rc = read_identity(c, info)) || (rc = read_spls(c, info)) ||
	    (rc = read_key_id(c, info)))
		return rc;
	if (info->hwid_len && info->hwid_len != (sev_snp_tcb_has_fmc(info->product) ? 8u : 64u))
		return sk_fail(SEV_E_FORMAT, "VCEK hwID has %zu bytes; a %s VCEK has %u",
			       info->hwid_len, sev_snp_product_name(info->product),
			       sev_snp_tcb_has_fmc(info->product) ? 8 : 64);
	return 0;
}

uint64_t sev_snp_vek_tcb(const struct sev_snp_vek_info *info)
{
	return sev_snp_tcb_encode(&info->tcb, info->product);
}

int sev_snp_vek_parse(const uint8_t *cert, size_t len, struct sev_snp_vek_info *info)
{
	struct sk_x509 *c;
	size_t n;
	int rc = sk_x509_load(cert, len, &c, 1, &n);

	if (rc)
		return rc;
	rc = sk_snp_vek_info(c, info);
	sk_x509_free(c);
	return rc;
}

enum sk_snp_role sk_snp_cert_role(const struct sk_x509 *c, enum sev_snp_product *p)
{
	char cn[64];

	*p = SEV_SNP_PRODUCT_UNKNOWN;
	if (sk_x509_subject_attr(c, "CN", cn, sizeof(cn)))
		return SK_SNP_ROLE_UNKNOWN;
	if (strcmp(cn, "SEV-VCEK") == 0)
		return SK_SNP_ROLE_VCEK;
	if (strcmp(cn, "SEV-VLEK") == 0)
		return SK_SNP_ROLE_VLEK;
	if (strncmp(cn, "ARK-", 4) == 0 && !sev_snp_product_parse(cn + 4, p))
		return SK_SNP_ROLE_ARK;
	if (strncmp(cn, "SEV-VLEK-", 9) == 0 && !sev_snp_product_parse(cn + 9, p))
		return SK_SNP_ROLE_ASVK;
	if (strncmp(cn, "SEV-", 4) == 0 && !sev_snp_product_parse(cn + 4, p))
		return SK_SNP_ROLE_ASK;
	return SK_SNP_ROLE_UNKNOWN;
}
