/* SPDX-License-Identifier: Apache-2.0 */
/* OCSP and CRL locations, OCSP requests, and OCSP responses given as files, through OpenSSL. */
#include "crypto/ocsp.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#include <sevkit/error.h>

#include "crypto/x509-internal.h"
#include "util/log.h"

struct sk_ocsp {
	OCSP_RESPONSE *resp;
	OCSP_BASICRESP *basic;
};

static int copy_uri(const GENERAL_NAME *gn, char *out)
{
	const ASN1_IA5STRING *uri;

	if (gn->type != GEN_URI)
		return -ENOENT;
	uri = gn->d.uniformResourceIdentifier;
	if (ASN1_STRING_length(uri) >= SK_URL_MAX ||
	    memchr(ASN1_STRING_get0_data(uri), 0, (size_t)ASN1_STRING_length(uri)))
		return SEV_E_FORMAT;
	memcpy(out, ASN1_STRING_get0_data(uri), (size_t)ASN1_STRING_length(uri));
	out[ASN1_STRING_length(uri)] = 0;
	return 0;
}

int sk_x509_crl_urls(const struct sk_x509 *c, char (*urls)[SK_URL_MAX], size_t max, size_t *n)
{
	STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(sk_x509_raw(c), NID_crl_distribution_points,
						     NULL, NULL);

	*n = 0;
	for (int i = 0; i < sk_DIST_POINT_num(dps) && *n < max; i++) {
		DIST_POINT_NAME *name = sk_DIST_POINT_value(dps, i)->distpoint;

		if (!name || name->type != 0)
			continue;
		for (int k = 0; k < sk_GENERAL_NAME_num(name->name.fullname) && *n < max; k++)
			if (!copy_uri(sk_GENERAL_NAME_value(name->name.fullname, k), urls[*n]))
				(*n)++;
	}
	CRL_DIST_POINTS_free(dps);
	return 0;
}

int sk_x509_ocsp_url(const struct sk_x509 *c, char url[SK_URL_MAX])
{
	AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(sk_x509_raw(c), NID_info_access, NULL,
						      NULL);
	int rc = -ENOENT;

	for (int i = 0; rc && i < sk_ACCESS_DESCRIPTION_num(aia); i++) {
		ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);

		if (OBJ_obj2nid(ad->method) == NID_ad_OCSP)
			rc = copy_uri(ad->location, url) ? -ENOENT : 0;
	}
	AUTHORITY_INFO_ACCESS_free(aia);
	return rc;
}

int sk_ocsp_request(const struct sk_x509 *c, const struct sk_x509 *issuer, uint8_t **der,
		    size_t *len)
{
	OCSP_REQUEST *req = OCSP_REQUEST_new();
	OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha384(), sk_x509_raw(c), sk_x509_raw(issuer));
	unsigned char *out = NULL;
	int n = -1;

	if (req && id && OCSP_request_add0_id(req, id)) {
		id = NULL; /* the request owns it */
		n = i2d_OCSP_REQUEST(req, &out);
	}
	OCSP_CERTID_free(id);
	OCSP_REQUEST_free(req);
	if (n <= 0)
		return sk_fail(SEV_E_CRYPTO, "cannot make the OCSP request");
	*der = malloc((size_t)n);
	if (*der)
		memcpy(*der, out, (size_t)n);
	OPENSSL_free(out);
	*len = (size_t)n;
	return *der ? 0 : -ENOMEM;
}

int sk_ocsp_load(const uint8_t *der, size_t len, struct sk_ocsp **r)
{
	const unsigned char *p = der;
	OCSP_RESPONSE *resp = len <= LONG_MAX ? d2i_OCSP_RESPONSE(NULL, &p, (long)len) : NULL;

	if (!resp || (size_t)(p - der) != len) {
		OCSP_RESPONSE_free(resp);
		return sk_fail(SEV_E_FORMAT, "not a DER OCSP response");
	}
	*r = calloc(1, sizeof(**r));
	if (!*r) {
		OCSP_RESPONSE_free(resp);
		return -ENOMEM;
	}
	(*r)->resp = resp;
	if (OCSP_response_status(resp) == OCSP_RESPONSE_STATUS_SUCCESSFUL)
		(*r)->basic = OCSP_response_get1_basic(resp);
	return 0;
}

void sk_ocsp_free(struct sk_ocsp *r)
{
	if (!r)
		return;
	OCSP_BASICRESP_free(r->basic);
	OCSP_RESPONSE_free(r->resp);
	free(r);
}

/* The single response for c, under any of the hashes a CertID may use. */
static int find(const struct sk_ocsp *r, const struct sk_x509 *c, const struct sk_x509 *issuer,
		int *status, ASN1_GENERALIZEDTIME **this_upd, ASN1_GENERALIZEDTIME **next_upd)
{
	const EVP_MD *mds[] = { EVP_sha1(), EVP_sha256(), EVP_sha384() };
	int reason, found = 0;

	for (size_t i = 0; !found && i < sizeof(mds) / sizeof(mds[0]); i++) {
		OCSP_CERTID *id = OCSP_cert_to_id(mds[i], sk_x509_raw(c), sk_x509_raw(issuer));
		ASN1_GENERALIZEDTIME *rev;

		found = id && OCSP_resp_find_status(r->basic, id, status, &reason, &rev, this_upd,
						    next_upd) == 1;
		OCSP_CERTID_free(id);
	}
	return found ? 0 : -ENOENT;
}

/* The signature, by the issuer or a responder it delegated to, whose chain reaches root. */
static int signed_by(const struct sk_ocsp *r, const struct sk_x509 *issuer,
		     struct sk_x509 *const *untrusted, size_t n, const struct sk_x509 *root,
		     time_t at)
{
	X509_STORE *store = X509_STORE_new();
	STACK_OF(X509) *certs = sk_X509_new_null();
	int ok = store && certs && X509_STORE_add_cert(store, sk_x509_raw(root)) == 1 &&
		 sk_X509_push(certs, sk_x509_raw(issuer));

	for (size_t i = 0; ok && i < n; i++)
		ok = sk_X509_push(certs, sk_x509_raw(untrusted[i])) > 0;
	if (ok) {
		X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), at);
		ok = OCSP_basic_verify(r->basic, certs, store, 0) == 1;
	}
	sk_X509_free(certs);
	X509_STORE_free(store);
	return ok ? 0 : SEV_E_VERIFY;
}

static int to_time(const ASN1_GENERALIZEDTIME *g, time_t *t)
{
	struct tm tm;

	if (!g || ASN1_TIME_to_tm(g, &tm) != 1)
		return SEV_E_FORMAT;
	*t = timegm(&tm);
	return 0;
}

int sk_ocsp_status(const struct sk_ocsp *r, const struct sk_x509 *c, const struct sk_x509 *issuer,
		   struct sk_x509 *const *untrusted, size_t n, const struct sk_x509 *root,
		   time_t at, enum sk_ocsp_status *status, char *why, size_t why_len)
{
	ASN1_GENERALIZEDTIME *this_upd = NULL, *next_upd = NULL;
	time_t from, to;
	int st;

	if (!r->basic) {
		snprintf(why, why_len, "the responder answered %s",
			 OCSP_response_status_str(OCSP_response_status(r->resp)));
		return SEV_E_VERIFY;
	}
	if (find(r, c, issuer, &st, &this_upd, &next_upd))
		return -ENOENT;
	if (signed_by(r, issuer, untrusted, n, root, at)) {
		snprintf(why, why_len, "not signed by the issuer or a responder it certified");
		return SEV_E_VERIFY;
	}
	if (to_time(this_upd, &from) || to_time(next_upd, &to) || at < from || at > to) {
		snprintf(why, why_len, "not current (thisUpdate to nextUpdate must hold the time)");
		return SEV_E_VERIFY;
	}
	*status = st == V_OCSP_CERTSTATUS_GOOD ? SK_OCSP_GOOD :
		  st == V_OCSP_CERTSTATUS_REVOKED ? SK_OCSP_REVOKED : SK_OCSP_UNKNOWN;
	return 0;
}
