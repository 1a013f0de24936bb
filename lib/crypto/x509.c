/* SPDX-License-Identifier: Apache-2.0 */
#include "crypto/x509.h"
#include "crypto/x509-internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "util/log.h"

struct sk_x509 {
	X509 *x;
	uint8_t *der;
	size_t len;
};

struct sk_x509_crl {
	X509_CRL *crl;
	uint8_t *der;
	size_t len;
};

X509 *sk_x509_raw(const struct sk_x509 *c)
{
	return c->x;
}

void sk_x509_free(struct sk_x509 *c)
{
	if (!c)
		return;
	X509_free(c->x);
	free(c->der);
	free(c);
}

/* Keep the exact DER next to the parsed form: signatures cover those bytes. */
static int wrap(X509 *x, struct sk_x509 **out)
{
	struct sk_x509 *c = calloc(1, sizeof(*c));
	unsigned char *der = NULL;
	int n = x ? i2d_X509(x, &der) : -1;

	if (!c || n <= 0) {
		free(c);
		OPENSSL_free(der);
		X509_free(x);
		return n <= 0 ? SEV_E_FORMAT : -ENOMEM;
	}
	c->der = malloc((size_t)n);
	if (!c->der) {
		OPENSSL_free(der);
		X509_free(x);
		free(c);
		return -ENOMEM;
	}
	memcpy(c->der, der, (size_t)n);
	OPENSSL_free(der);
	c->len = (size_t)n;
	c->x = x;
	*out = c;
	return 0;
}

int sk_x509_from_der(const uint8_t *der, size_t len, struct sk_x509 **out)
{
	const unsigned char *p = der;
	X509 *x;

	if (len > LONG_MAX)
		return sk_fail(SEV_E_TOOBIG, "certificate too large");
	x = d2i_X509(NULL, &p, (long)len);
	if (!x)
		return sk_fail(SEV_E_FORMAT, "not a DER X.509 certificate");
	if ((size_t)(p - der) != len) {
		X509_free(x);
		return sk_fail(SEV_E_FORMAT, "X.509 certificate: %zu bytes of trailing data",
			       len - (size_t)(p - der));
	}
	return wrap(x, out);
}

static bool is_pem(const uint8_t *buf, size_t len)
{
	static const char tag[] = "-----BEGIN ";

	return memmem(buf, len, tag, sizeof(tag) - 1) != NULL;
}

static int load_pem(const uint8_t *buf, size_t len, struct sk_x509 **out, size_t max, size_t *n)
{
	BIO *bio = len <= INT_MAX ? BIO_new_mem_buf(buf, (int)len) : NULL;
	int rc = 0;

	if (!bio)
		return -ENOMEM;
	for (*n = 0;;) {
		X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);

		if (!x)
			break;
		if (*n == max) {
			X509_free(x);
			rc = sk_fail(SEV_E_TOOBIG, "more than %zu certificates", max);
			break;
		}
		if ((rc = wrap(x, &out[*n])))
			break;
		(*n)++;
	}
	BIO_free(bio);
	if (rc) {
		while (*n)
			sk_x509_free(out[--*n]);
		return rc;
	}
	return *n ? 0 : sk_fail(SEV_E_FORMAT, "no PEM certificate found");
}

int sk_x509_load(const uint8_t *buf, size_t len, struct sk_x509 **out, size_t max, size_t *n)
{
	if (is_pem(buf, len))
		return load_pem(buf, len, out, max, n);
	*n = 0;
	if (!max)
		return SEV_E_TOOBIG;
	if (sk_x509_from_der(buf, len, out))
		return SEV_E_FORMAT;
	*n = 1;
	return 0;
}

void sk_x509_der(const struct sk_x509 *c, const uint8_t **der, size_t *len)
{
	*der = c->der;
	*len = c->len;
}

bool sk_x509_equal(const struct sk_x509 *a, const struct sk_x509 *b)
{
	return a->len == b->len && memcmp(a->der, b->der, a->len) == 0;
}

static int name_attr(const X509_NAME *name, const char *attr, char *buf, size_t n)
{
	int nid = OBJ_txt2nid(attr), i;
	const ASN1_STRING *s;

	if (nid == NID_undef || n == 0)
		return SEV_E_INVALID;
	i = X509_NAME_get_index_by_NID(name, nid, -1);
	if (i < 0)
		return -ENOENT;
	/* a second occurrence would make the name ambiguous */
	if (X509_NAME_get_index_by_NID(name, nid, i) >= 0)
		return sk_fail(SEV_E_FORMAT, "X.509 name has %s twice", attr);
	s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
	if ((size_t)ASN1_STRING_length(s) >= n ||
	    memchr(ASN1_STRING_get0_data(s), 0, (size_t)ASN1_STRING_length(s)))
		return sk_fail(SEV_E_FORMAT, "X.509 name %s is too long or has a NUL", attr);
	memcpy(buf, ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s));
	buf[ASN1_STRING_length(s)] = 0;
	return 0;
}

int sk_x509_subject_attr(const struct sk_x509 *c, const char *attr, char *buf, size_t n)
{
	return name_attr(X509_get_subject_name(c->x), attr, buf, n);
}

int sk_x509_issuer_attr(const struct sk_x509 *c, const char *attr, char *buf, size_t n)
{
	return name_attr(X509_get_issuer_name(c->x), attr, buf, n);
}

/* A name on one line, as `openssl x509 -text` prints it; control characters are escaped. */
static int name_text(const X509_NAME *name, char *buf, size_t n)
{
	unsigned long flags = (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT;
	BIO *bio = BIO_new(BIO_s_mem());
	char *p;
	long len;
	int rc = SEV_E_FORMAT;

	if (!bio)
		return -ENOMEM;
	if (X509_NAME_print_ex(bio, name, 0, flags) >= 0) {
		len = BIO_get_mem_data(bio, &p);
		if (len >= 0 && (size_t)len < n) {
			memcpy(buf, p, (size_t)len);
			buf[len] = 0;
			rc = 0;
		}
	}
	BIO_free(bio);
	return rc ? sk_fail(rc, "X.509 name too long to show") : 0;
}

int sk_x509_subject_text(const struct sk_x509 *c, char *buf, size_t n)
{
	return name_text(X509_get_subject_name(c->x), buf, n);
}

int sk_x509_issuer_text(const struct sk_x509 *c, char *buf, size_t n)
{
	return name_text(X509_get_issuer_name(c->x), buf, n);
}

void sk_x509_sig_algo(const struct sk_x509 *c, char *buf, size_t n)
{
	int md = NID_undef, pk = NID_undef, bits = 0;
	uint32_t flags = 0;
	int sig = X509_get_signature_nid(c->x);

	/* for RSASSA-PSS the hash is in the parameters, not in the algorithm's OID */
	X509_get_signature_info(c->x, &md, &pk, &bits, &flags);
	if (sig == NID_rsassaPss && md != NID_undef)
		snprintf(buf, n, "%s (%s)", OBJ_nid2ln(sig), OBJ_nid2ln(md));
	else
		snprintf(buf, n, "%s", sig != NID_undef ? OBJ_nid2ln(sig) : "unknown");
}

bool sk_x509_named_by(const struct sk_x509 *c, const struct sk_x509 *issuer)
{
	return X509_NAME_cmp(X509_get_issuer_name(c->x), X509_get_subject_name(issuer->x)) == 0;
}

static int to_time(const ASN1_TIME *a, time_t *t)
{
	struct tm tm;

	if (!a || ASN1_TIME_to_tm(a, &tm) != 1)
		return sk_fail(SEV_E_FORMAT, "X.509: invalid time");
	*t = timegm(&tm);
	return 0;
}

int sk_x509_times(const struct sk_x509 *c, time_t *not_before, time_t *not_after)
{
	int rc = to_time(X509_get0_notBefore(c->x), not_before);

	return rc ? rc : to_time(X509_get0_notAfter(c->x), not_after);
}

int sk_x509_serial_hex(const struct sk_x509 *c, char *buf, size_t n)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(c->x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	int rc = SEV_E_FORMAT;

	if (hex && strlen(hex) < n) {
		for (size_t i = 0; hex[i]; i++)
			buf[i] = (char)(hex[i] >= 'A' && hex[i] <= 'F' ? hex[i] + 32 : hex[i]);
		buf[strlen(hex)] = 0;
		rc = 0;
	}
	OPENSSL_free(hex);
	BN_free(bn);
	return rc;
}

int sk_x509_pubkey(const struct sk_x509 *c, struct sk_key **key)
{
	EVP_PKEY *pkey = X509_get_pubkey(c->x);

	if (!pkey)
		return sk_fail(SEV_E_FORMAT, "X.509: unusable public key");
	*key = sk_key_wrap(pkey);
	return *key ? 0 : -ENOMEM;
}

static bool algor_is(const X509_ALGOR *a, int nid)
{
	const ASN1_OBJECT *obj;
	int ptype;
	const void *pval;

	if (!a)
		return false;
	X509_ALGOR_get0(&obj, &ptype, &pval, a);
	/* a hash AlgorithmIdentifier has NULL or absent parameters */
	return OBJ_obj2nid(obj) == nid && (ptype == V_ASN1_NULL || ptype == V_ASN1_UNDEF);
}

static bool mgf1_sha384(const X509_ALGOR *mgf)
{
	const ASN1_OBJECT *obj;
	int ptype;
	const void *pval;
	X509_ALGOR *hash;
	bool ok;

	if (!mgf)
		return false;
	X509_ALGOR_get0(&obj, &ptype, &pval, mgf);
	if (OBJ_obj2nid(obj) != NID_mgf1 || ptype != V_ASN1_SEQUENCE)
		return false;
	hash = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(X509_ALGOR), mgf->parameter);
	ok = algor_is(hash, NID_sha384);
	X509_ALGOR_free(hash);
	return ok;
}

/* RSASSA-PSS with SHA-384, MGF1-SHA-384, salt 48, trailer 1: nothing else. */
static int check_pss384(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *obj;
	int ptype;
	const void *pval;
	RSA_PSS_PARAMS *pss;
	bool ok;

	X509_ALGOR_get0(&obj, &ptype, &pval, alg);
	if (OBJ_obj2nid(obj) != NID_rsassaPss || ptype != V_ASN1_SEQUENCE)
		return sk_fail(SEV_E_VERIFY, "signature algorithm is not RSASSA-PSS");
	pss = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(RSA_PSS_PARAMS), alg->parameter);
	ok = pss && algor_is(pss->hashAlgorithm, NID_sha384) &&
	     mgf1_sha384(pss->maskGenAlgorithm) && pss->saltLength &&
	     ASN1_INTEGER_get(pss->saltLength) == 48 &&
	     (!pss->trailerField || ASN1_INTEGER_get(pss->trailerField) == 1);
	RSA_PSS_PARAMS_free(pss);
	return ok ? 0 : sk_fail(SEV_E_VERIFY, "RSASSA-PSS parameters are not SHA-384, "
				"MGF1-SHA-384, salt 48");
}

/* The first element of the outer SEQUENCE: the signed part (tbsCertificate/tbsCertList). */
static int tbs_of(const uint8_t *der, size_t len, const uint8_t **tbs, size_t *tbs_len)
{
	const unsigned char *p = der, *start;
	long n;
	int tag, cls, r;

	r = ASN1_get_object(&p, &n, &tag, &cls, (long)len);
	if ((r & 0x80) || tag != V_ASN1_SEQUENCE)
		return SEV_E_FORMAT;
	start = p;
	r = ASN1_get_object(&p, &n, &tag, &cls, (long)(len - (size_t)(p - der)));
	if ((r & 0x80) || tag != V_ASN1_SEQUENCE)
		return SEV_E_FORMAT;
	*tbs = start;
	*tbs_len = (size_t)(p - start) + (size_t)n;
	return 0;
}

/* ecdsa-with-SHA384, whose AlgorithmIdentifier has no parameters (RFC 5758), by a P-384 key. */
static int check_ecdsa384(const X509_ALGOR *alg, const struct sk_key *key)
{
	const ASN1_OBJECT *obj;
	int ptype;
	const void *pval;

	X509_ALGOR_get0(&obj, &ptype, &pval, alg);
	if (OBJ_obj2nid(obj) != NID_ecdsa_with_SHA384 || ptype != V_ASN1_UNDEF)
		return sk_fail(SEV_E_VERIFY, "signature algorithm is not ecdsa-with-SHA384");
	if (!sk_key_is_ec(key, SK_P384))
		return sk_fail(SEV_E_VERIFY, "the issuer's key is not an EC P-384 key");
	return 0;
}

static int verify_signed(const uint8_t *der, size_t len, const X509_ALGOR *outer,
			 const X509_ALGOR *inner, const ASN1_BIT_STRING *sig,
			 const struct sk_x509 *issuer, enum sk_x509_scheme scheme)
{
	const uint8_t *tbs, *sig_bytes = ASN1_STRING_get0_data(sig);
	size_t tbs_len, sig_len = (size_t)ASN1_STRING_length(sig);
	struct sk_key *key = NULL;
	int rc;

	if (X509_ALGOR_cmp(outer, inner) != 0)
		return sk_fail(SEV_E_VERIFY, "signature algorithm differs inside and outside "
			       "the signed part");
	if ((sig->flags & 7) != 0 && (sig->flags & ASN1_STRING_FLAG_BITS_LEFT))
		return sk_fail(SEV_E_VERIFY, "signature is not a whole number of bytes");
	if (tbs_of(der, len, &tbs, &tbs_len))
		return sk_fail(SEV_E_FORMAT, "X.509: cannot locate the signed part");
	if ((rc = sk_x509_pubkey(issuer, &key)))
		return rc;
	if (scheme == SK_X509_ECDSA_P384_SHA384) {
		rc = check_ecdsa384(outer, key);
		if (!rc)
			rc = sk_ecdsa_verify_der(key, SK_SHA384, tbs, tbs_len, sig_bytes, sig_len);
	} else {
		rc = check_pss384(outer);
		if (!rc)
			rc = sk_rsa_pss_verify(key, SK_SHA384, tbs, tbs_len, sig_bytes, sig_len);
	}
	sk_key_free(key);
	return rc;
}

int sk_x509_verify(const struct sk_x509 *c, const struct sk_x509 *issuer,
		   enum sk_x509_scheme scheme)
{
	const ASN1_BIT_STRING *sig;
	const X509_ALGOR *alg;

	X509_get0_signature(&sig, &alg, c->x);
	return verify_signed(c->der, c->len, alg, X509_get0_tbs_sigalg(c->x), sig, issuer, scheme);
}

int sk_x509_verify_pss384(const struct sk_x509 *c, const struct sk_x509 *issuer)
{
	return sk_x509_verify(c, issuer, SK_X509_RSA_PSS_SHA384);
}

bool sk_x509_is_ca(const struct sk_x509 *c)
{
	/* basicConstraints cA set (1), not an old v1 root or a Netscape-typed certificate */
	return X509_check_ca(c->x) == 1;
}

int sk_x509_ext(const struct sk_x509 *c, const char *oid, const uint8_t **data, size_t *len)
{
	ASN1_OBJECT *want = OBJ_txt2obj(oid, 1);
	int i, again;
	const ASN1_OCTET_STRING *v;

	if (!want)
		return SEV_E_INVALID;
	i = X509_get_ext_by_OBJ(c->x, want, -1);
	again = i >= 0 ? X509_get_ext_by_OBJ(c->x, want, i) : -1;
	ASN1_OBJECT_free(want);
	if (i < 0)
		return -ENOENT;
	if (again >= 0)
		return sk_fail(SEV_E_FORMAT, "X.509: extension %s appears twice", oid);
	v = X509_EXTENSION_get_data(X509_get_ext(c->x, i));
	*data = ASN1_STRING_get0_data(v);
	*len = (size_t)ASN1_STRING_length(v);
	return 0;
}

void sk_x509_crl_free(struct sk_x509_crl *crl)
{
	if (!crl)
		return;
	X509_CRL_free(crl->crl);
	free(crl->der);
	free(crl);
}

/* Keep the exact DER next to the parsed CRL, as for certificates. */
static int wrap_crl(X509_CRL *x, struct sk_x509_crl **out)
{
	struct sk_x509_crl *c = calloc(1, sizeof(*c));
	unsigned char *der = NULL;
	int n = x ? i2d_X509_CRL(x, &der) : -1;

	if (!c || n <= 0 || !(c->der = malloc((size_t)n))) {
		X509_CRL_free(x);
		OPENSSL_free(der);
		free(c);
		return n <= 0 ? sk_fail(SEV_E_FORMAT, "not an X.509 CRL") : -ENOMEM;
	}
	memcpy(c->der, der, (size_t)n);
	OPENSSL_free(der);
	c->len = (size_t)n;
	c->crl = x;
	*out = c;
	return 0;
}

static X509_CRL *crl_from_der(const uint8_t *buf, size_t len)
{
	const unsigned char *p = buf;
	X509_CRL *x;

	if (len > LONG_MAX)
		return NULL;
	x = d2i_X509_CRL(NULL, &p, (long)len);
	if (x && (size_t)(p - buf) != len) {
		X509_CRL_free(x);
		x = NULL;
	}
	return x;
}

int sk_x509_crl_load_all(const uint8_t *buf, size_t len, struct sk_x509_crl **out, size_t max,
			 size_t *n)
{
	BIO *bio;
	int rc = 0;

	*n = 0;
	if (len > INT_MAX)
		return sk_fail(SEV_E_TOOBIG, "CRL too large");
	if (!max)
		return SEV_E_TOOBIG;
	if (!is_pem(buf, len)) {
		if ((rc = wrap_crl(crl_from_der(buf, len), out)))
			return rc;
		*n = 1;
		return 0;
	}
	if (!(bio = BIO_new_mem_buf(buf, (int)len)))
		return -ENOMEM;
	for (X509_CRL *x; !rc && (x = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL));) {
		if (*n == max) {
			X509_CRL_free(x);
			rc = sk_fail(SEV_E_TOOBIG, "more than %zu CRLs", max);
		} else if (!(rc = wrap_crl(x, &out[*n]))) {
			(*n)++;
		}
	}
	BIO_free(bio);
	if (!rc && !*n)
		rc = sk_fail(SEV_E_FORMAT, "not an X.509 CRL");
	while (rc && *n)
		sk_x509_crl_free(out[--*n]);
	return rc;
}

int sk_x509_crl_load(const uint8_t *buf, size_t len, struct sk_x509_crl **out)
{
	struct sk_x509_crl *all[1];
	size_t n;
	int rc = sk_x509_crl_load_all(buf, len, all, 1, &n);

	if (!rc)
		*out = all[0];
	return rc;
}

/* PEM block names OpenSSL reads as a certificate, and as a CRL. */
static bool has_pem_block(const uint8_t *buf, size_t len, const char *name)
{
	char tag[64];
	int n = snprintf(tag, sizeof(tag), "-----BEGIN %s-----", name);

	return n > 0 && memmem(buf, len, tag, (size_t)n) != NULL;
}

void sk_x509_probe(const uint8_t *buf, size_t len, bool *certs, bool *crls)
{
	const unsigned char *p = buf;
	X509 *x;
	X509_CRL *l;

	if (is_pem(buf, len)) {
		*certs = has_pem_block(buf, len, "CERTIFICATE") ||
			 has_pem_block(buf, len, "X509 CERTIFICATE");
		*crls = has_pem_block(buf, len, "X509 CRL");
		return;
	}
	x = len <= LONG_MAX ? d2i_X509(NULL, &p, (long)len) : NULL;
	*certs = x && (size_t)(p - buf) == len;
	X509_free(x);
	l = *certs ? NULL : crl_from_der(buf, len);
	*crls = l != NULL;
	X509_CRL_free(l);
}

bool sk_x509_crl_named_by(const struct sk_x509_crl *crl, const struct sk_x509 *issuer)
{
	return X509_NAME_cmp(X509_CRL_get_issuer(crl->crl), X509_get_subject_name(issuer->x)) == 0;
}

/* tbsCertList: SEQUENCE { version INTEGER OPTIONAL, signature AlgorithmIdentifier, ... } */
static X509_ALGOR *crl_inner_sigalg(const struct sk_x509_crl *crl)
{
	const uint8_t *tbs;
	const unsigned char *p, *item;
	size_t tbs_len;
	long n;
	int tag, cls, r;

	if (tbs_of(crl->der, crl->len, &tbs, &tbs_len))
		return NULL;
	p = tbs;
	r = ASN1_get_object(&p, &n, &tag, &cls, (long)tbs_len);
	if (r & 0x80)
		return NULL;
	item = p;
	r = ASN1_get_object(&p, &n, &tag, &cls, (long)(tbs_len - (size_t)(p - tbs)));
	if (r & 0x80)
		return NULL;
	if (tag == V_ASN1_INTEGER)
		item = p + n;
	p = item;
	return d2i_X509_ALGOR(NULL, &p, (long)(tbs_len - (size_t)(item - tbs)));
}

int sk_x509_crl_verify(const struct sk_x509_crl *crl, const struct sk_x509 *issuer,
		       enum sk_x509_scheme scheme)
{
	const ASN1_BIT_STRING *sig;
	const X509_ALGOR *alg;
	X509_ALGOR *inner = crl_inner_sigalg(crl);
	int rc;

	if (!inner)
		return sk_fail(SEV_E_FORMAT, "CRL: cannot locate the signed part");
	X509_CRL_get0_signature(crl->crl, &sig, &alg);
	rc = verify_signed(crl->der, crl->len, alg, inner, sig, issuer, scheme);
	X509_ALGOR_free(inner);
	return rc;
}

int sk_x509_crl_verify_pss384(const struct sk_x509_crl *crl, const struct sk_x509 *issuer)
{
	return sk_x509_crl_verify(crl, issuer, SK_X509_RSA_PSS_SHA384);
}

int sk_x509_crl_times(const struct sk_x509_crl *crl, time_t *this_update, time_t *next_update)
{
	const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl->crl);
	int rc = to_time(X509_CRL_get0_lastUpdate(crl->crl), this_update);

	*next_update = 0;
	return rc || !next ? rc : to_time(next, next_update);
}

bool sk_x509_crl_revokes(const struct sk_x509_crl *crl, const struct sk_x509 *c)
{
	X509_REVOKED *rev = NULL;

	return X509_CRL_get0_by_serial(crl->crl, &rev,
				       (ASN1_INTEGER *)X509_get0_serialNumber(c->x)) == 1;
}

int sk_x509_path_verify(struct sk_x509 *const *chain, size_t n, const struct sk_x509 *anchor,
			time_t at, char *why, size_t why_len)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	int ok = 0, err, depth;

	if (!store || !ctx || !untrusted || X509_STORE_add_cert(store, anchor->x) != 1)
		goto out;
	for (size_t i = 1; i < n; i++)
		if (!sk_X509_push(untrusted, chain[i]->x))
			goto out;
	if (X509_STORE_CTX_init(ctx, store, chain[0]->x, untrusted) != 1)
		goto out;
	X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx), X509_V_FLAG_X509_STRICT);
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), at);
	ok = X509_verify_cert(ctx) == 1;
	if (!ok) {
		err = X509_STORE_CTX_get_error(ctx);
		depth = X509_STORE_CTX_get_error_depth(ctx);
		snprintf(why, why_len, "%s (certificate %d)", X509_verify_cert_error_string(err),
			 depth);
	}
out:
	sk_X509_free(untrusted);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	if (!ok && !why[0])
		snprintf(why, why_len, "OpenSSL could not run the check");
	return ok ? 0 : SEV_E_VERIFY;
}

int sk_time_parse(const char *text, time_t *t)
{
	struct tm tm = { 0 }, given;
	const char *end;
	long long secs;
	int used = 0;

	if (text[0] == '@') {
		if (sscanf(text + 1, "%lld%n", &secs, &used) != 1 || text[1 + used] || secs < 0)
			return sk_fail(SEV_E_INVALID, "time '%s': expected @SECONDS", text);
		*t = (time_t)secs;
		return 0;
	}
	end = strptime(text, "%Y-%m-%d", &tm);
	if (end && *end == 'T')
		end = strptime(end + 1, "%H:%M:%S", &tm);
	if (end && *end == 'Z')
		end++;
	if (!end || *end)
		return sk_fail(SEV_E_INVALID, "time '%s': expected YYYY-MM-DD[THH:MM:SS[Z]] (UTC) "
			       "or @SECONDS", text);
	/* strptime takes February 30th and the like; timegm would roll them over */
	given = tm;
	*t = timegm(&tm);
	if (tm.tm_mday != given.tm_mday || tm.tm_mon != given.tm_mon)
		return sk_fail(SEV_E_INVALID, "time '%s': no such date", text);
	return 0;
}

void sk_time_format(time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, n, "@%lld", (long long)t);
}
