/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test-only helpers for the SNP tests: build AMD-shaped certificates and CRLs
 * signed with go-sev-guest's TESTONLY keys (RSA-PSS like AMD's), and re-sign
 * reports with the TESTONLY VCEK key, so that negative tests can have a valid
 * chain with exactly one thing wrong.
 */
#ifndef SEVKIT_SNP_TEST_H
#define SEVKIT_SNP_TEST_H

#include "../test.h"

#include <time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <sevkit/snp.h>

#include "crypto/pkey.h"
#include "util/bytes.h"

#define REPORT_VECTOR "snp/go-sev-guest_attestation.bin"
#define VCEK_VECTOR "snp/go-sev-guest_vcek_milan.der"

static inline EVP_PKEY *tc_key(const char *name)
{
	char rel[128];
	size_t len;
	uint8_t *pem;
	BIO *bio;
	EVP_PKEY *k;

	snprintf(rel, sizeof(rel), "snp/go-sev-guest_TESTONLY_%s_private_key.pem", name);
	pem = test_vector(rel, &len);
	bio = BIO_new_mem_buf(pem, (int)len);
	k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	free(pem);
	assert_non_null(k);
	return k;
}

struct tc_ext {
	const char *oid;
	const uint8_t *der;
	size_t len;
};

static inline void tc_name(X509_NAME *n, const char *cn)
{
	static const char *const attrs[][2] = { { "OU", "Engineering" }, { "C", "US" },
						{ "L", "Santa Clara" }, { "ST", "CA" },
						{ "O", "Advanced Micro Devices" } };

	for (size_t i = 0; i < 5; i++)
		assert_int_equal(X509_NAME_add_entry_by_txt(n, attrs[i][0], MBSTRING_UTF8,
							    (const unsigned char *)attrs[i][1], -1,
							    -1, 0), 1);
	assert_int_equal(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
						    (const unsigned char *)cn, -1, -1, 0), 1);
}

static inline void tc_sign_ctx(EVP_MD_CTX *md, EVP_PKEY *key, int saltlen)
{
	EVP_PKEY_CTX *pctx = NULL;

	assert_int_equal(EVP_DigestSignInit(md, &pctx, EVP_sha384(), NULL, key), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, saltlen), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha384()), 1);
}

/* A certificate for subject_key named cn, signed by issuer (NULL: self-signed). */
static inline X509 *tc_cert(const char *cn, EVP_PKEY *subject_key, X509 *issuer,
			    EVP_PKEY *issuer_key, long serial, time_t nb, time_t na, int saltlen,
			    const struct tc_ext *ext, size_t n_ext)
{
	X509 *x = X509_new();
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	assert_int_equal(X509_set_version(x, 2), 1);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	tc_name(X509_get_subject_name(x), cn);
	assert_int_equal(X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) :
					      X509_get_subject_name(x)), 1);
	assert_non_null(X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &nb));
	assert_non_null(X509_time_adj_ex(X509_getm_notAfter(x), 0, 0, &na));
	assert_int_equal(X509_set_pubkey(x, subject_key), 1);
	for (size_t i = 0; i < n_ext; i++) {
		ASN1_OBJECT *obj = OBJ_txt2obj(ext[i].oid, 1);
		ASN1_OCTET_STRING *v = ASN1_OCTET_STRING_new();
		X509_EXTENSION *e;

		assert_int_equal(ASN1_OCTET_STRING_set(v, ext[i].der, (int)ext[i].len), 1);
		e = X509_EXTENSION_create_by_OBJ(NULL, obj, 0, v);
		assert_non_null(e);
		assert_int_equal(X509_add_ext(x, e, -1), 1);
		X509_EXTENSION_free(e);
		ASN1_OCTET_STRING_free(v);
		ASN1_OBJECT_free(obj);
	}
	tc_sign_ctx(md, issuer_key, saltlen);
	assert_true(X509_sign_ctx(x, md) > 0);
	EVP_MD_CTX_free(md);
	return x;
}

static inline uint8_t *tc_der(X509 *x, size_t *len)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	uint8_t *out;

	assert_true(n > 0);
	out = malloc((size_t)n);
	memcpy(out, der, (size_t)n);
	OPENSSL_free(der);
	*len = (size_t)n;
	return out;
}

/* A CRL by issuer revoking the given serial (0: none). */
static inline uint8_t *tc_crl(X509 *issuer, EVP_PKEY *key, long revoked, time_t this_update,
			      time_t next_update, size_t *len)
{
	X509_CRL *crl = X509_CRL_new();
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	ASN1_TIME *t = ASN1_TIME_new();
	unsigned char *der = NULL;
	uint8_t *out;
	int n;

	assert_int_equal(X509_CRL_set_version(crl, 1), 1);
	assert_int_equal(X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer)), 1);
	ASN1_TIME_set(t, this_update);
	X509_CRL_set1_lastUpdate(crl, t);
	ASN1_TIME_set(t, next_update);
	X509_CRL_set1_nextUpdate(crl, t);
	if (revoked) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_INTEGER *s = ASN1_INTEGER_new();

		ASN1_INTEGER_set(s, revoked);
		X509_REVOKED_set_serialNumber(r, s);
		ASN1_TIME_set(t, this_update);
		X509_REVOKED_set_revocationDate(r, t);
		X509_CRL_add0_revoked(crl, r);
		ASN1_INTEGER_free(s);
	}
	tc_sign_ctx(md, key, 48);
	assert_true(X509_CRL_sign_ctx(crl, md) > 0);
	n = i2d_X509_CRL(crl, &der);
	assert_true(n > 0);
	out = malloc((size_t)n);
	memcpy(out, der, (size_t)n);
	*len = (size_t)n;
	OPENSSL_free(der);
	ASN1_TIME_free(t);
	EVP_MD_CTX_free(md);
	X509_CRL_free(crl);
	return out;
}

/* The AMD extensions of a Milan VCEK with these SPLs and this hwID. */
struct tc_vcek_exts {
	uint8_t sv[3], name[10], bl[3], tee[3], snp[3], ucode[4], spl0[3];
	struct tc_ext ext[12];
	size_t n;
};

static inline void tc_int(uint8_t *out, uint8_t v, size_t *len)
{
	out[0] = 0x02;
	if (v < 0x80) {
		out[1] = 1;
		out[2] = v;
		*len = 3;
	} else {
		out[1] = 2;
		out[2] = 0;
		out[3] = v;
		*len = 4;
	}
}

static inline void tc_vcek_exts(struct tc_vcek_exts *e, const struct sev_snp_tcb *t,
				const uint8_t *hwid, size_t hwid_len)
{
	static const uint8_t name[] = { 0x16, 0x08, 'M', 'i', 'l', 'a', 'n', '-', 'B', '0' };
	size_t l_bl, l_tee, l_snp, l_ucode, l;

	memcpy(e->sv, (const uint8_t[]){ 2, 1, 0 }, 3);
	memcpy(e->spl0, (const uint8_t[]){ 2, 1, 0 }, 3);
	memcpy(e->name, name, sizeof(name));
	tc_int(e->bl, t->bootloader, &l_bl);
	tc_int(e->tee, t->tee, &l_tee);
	tc_int(e->snp, t->snp, &l_snp);
	tc_int(e->ucode, t->microcode, &l_ucode);
	e->n = 0;
	e->ext[e->n++] = (struct tc_ext){ "1.3.6.1.4.1.3704.1.1", e->sv, 3 };
	e->ext[e->n++] = (struct tc_ext){ "1.3.6.1.4.1.3704.1.2", e->name, sizeof(name) };
	e->ext[e->n++] = (struct tc_ext){ "1.3.6.1.4.1.3704.1.3.1", e->bl, l_bl };
	e->ext[e->n++] = (struct tc_ext){ "1.3.6.1.4.1.3704.1.3.2", e->tee, l_tee };
	for (int i = 4; i <= 7; i++) {
		static const char *const oids[] = {
			"1.3.6.1.4.1.3704.1.3.4", "1.3.6.1.4.1.3704.1.3.5",
			"1.3.6.1.4.1.3704.1.3.6", "1.3.6.1.4.1.3704.1.3.7",
		};

		e->ext[e->n++] = (struct tc_ext){ oids[i - 4], e->spl0, 3 };
	}
	e->ext[e->n++] = (struct tc_ext){ "1.3.6.1.4.1.3704.1.3.3", e->snp, l_snp };
	e->ext[e->n++] = (struct tc_ext){ "1.3.6.1.4.1.3704.1.3.8", e->ucode, l_ucode };
	l = hwid_len;
	e->ext[e->n++] = (struct tc_ext){ "1.3.6.1.4.1.3704.1.4", hwid, l };
}

/* Sign report bytes 0x000-0x29f with key, writing R and S little-endian into the slots. */
static inline void tc_sign_report(uint8_t *raw, EVP_PKEY *key)
{
	struct sk_key *k = sk_key_wrap(key);
	uint8_t r[48], s[48];

	assert_non_null(k);
	EVP_PKEY_up_ref(key);
	assert_int_equal(sk_ecdsa_sign(k, SK_SHA384, raw, SEV_SNP_REPORT_SIGNED, r, s), 0);
	memset(raw + 0x2a0, 0, 0x200);
	sk_reverse_copy(raw + 0x2a0, r, 48);
	sk_reverse_copy(raw + 0x2a0 + 72, s, 48);
	sk_key_free(k);
}

/* GUIDs of the GHCB certificate table, RFC 4122 byte order. */
static const uint8_t tc_guid_vcek[16] = { 0x63, 0xda, 0x75, 0x8d, 0xe6, 0x64, 0x45, 0x64,
					  0xad, 0xc5, 0xf4, 0xb9, 0x3b, 0xe8, 0xac, 0xcd };
static const uint8_t tc_guid_ask[16] = { 0x4a, 0xb7, 0xb3, 0x79, 0xbb, 0xac, 0x4f, 0xe4,
					 0xa0, 0x2f, 0x05, 0xae, 0xf3, 0x27, 0xc7, 0x82 };
static const uint8_t tc_guid_ark[16] = { 0xc0, 0xb4, 0x06, 0xa4, 0xa8, 0x03, 0x49, 0x52,
					 0x97, 0x43, 0x3f, 0xb6, 0x01, 0x4c, 0xd0, 0xae };

struct tc_table_entry {
	const uint8_t *guid;
	const uint8_t *data;
	size_t len;
};

/* Lay out a certificate table: entries, an all-zero terminator, then the data. */
static inline uint8_t *tc_table(const struct tc_table_entry *e, size_t n, size_t *len)
{
	size_t off = (n + 1) * 24, total = off;
	uint8_t *t;

	for (size_t i = 0; i < n; i++)
		total += e[i].len;
	t = calloc(1, total);
	for (size_t i = 0; i < n; i++) {
		memcpy(t + 24 * i, e[i].guid, 16);
		sk_put_le32(t + 24 * i + 16, (uint32_t)off);
		sk_put_le32(t + 24 * i + 20, (uint32_t)e[i].len);
		memcpy(t + off, e[i].data, e[i].len);
		off += e[i].len;
	}
	*len = total;
	return t;
}

/* The DER of the n-th certificate of a PEM bundle vector. */
static inline uint8_t *tc_pem_der(const char *rel, int n, size_t *len)
{
	size_t plen;
	uint8_t *pem = test_vector(rel, &plen), *out;
	BIO *bio = BIO_new_mem_buf(pem, (int)plen);
	X509 *x = NULL;

	for (int i = 0; i <= n; i++) {
		X509_free(x);
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		assert_non_null(x);
	}
	out = tc_der(x, len);
	X509_free(x);
	BIO_free(bio);
	free(pem);
	return out;
}

static inline void tc_time(const char *iso, time_t *t)
{
	struct tm tm = { 0 };

	assert_non_null(strptime(iso, "%Y-%m-%d", &tm));
	*t = timegm(&tm);
}

#endif
