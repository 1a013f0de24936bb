/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Verifying GPU evidence: the report's signature with the chain's leaf, the chain to NVIDIA's
 * root, the FWID that binds them, the nonce, and the RIMs. The checks that do not depend on the
 * report (the chain, the RIM signatures) run once and are kept until an input changes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/gpu.h>

#include "crypto/ocsp.h"
#include "crypto/pkey.h"
#include "crypto/secure.h"
#include "crypto/x509.h"
#include "gpu/chain.h"
#include "gpu/report.h"
#include "gpu/rim.h"
#include "util/log.h"
#include "util/struct.h"

#define MAX_RIMS 8
#define MAX_CRLS 8
#define MAX_OCSP 8

struct sev_gpu_verifier {
	struct sk_x509 *root; /* NULL: NVIDIA's */
	struct sk_gpu_chain chain;
	struct sk_ecdsa_verifier *leaf; /* the leaf's key, ready for report signatures */
	bool has_nonce, require_fwid;
	uint8_t nonce[SEV_GPU_NONCE_LEN];
	time_t at;
	struct sk_gpu_rim rim[MAX_RIMS];
	size_t n_rim;
	struct sk_gpu_crl crl[MAX_CRLS];
	size_t n_crl;
	struct sk_gpu_ocsp ocsp[MAX_OCSP];
	size_t n_ocsp;
	/* what the report-independent checks gave, while their inputs stay the same */
	bool fixed_done, chain_ok, revocation_checked, rims_signed;
	struct sev_gpu_result *fixed;
};

SEV_API int sev_gpu_verifier_new(struct sev_gpu_verifier **v)
{
	*v = calloc(1, sizeof(**v));
	if (*v && !((*v)->fixed = calloc(1, sizeof(*(*v)->fixed)))) {
		free(*v);
		*v = NULL;
	}
	return *v ? 0 : -ENOMEM;
}

static void forget_fixed(struct sev_gpu_verifier *v)
{
	v->fixed_done = false;
	memset(v->fixed, 0, sizeof(*v->fixed));
}

SEV_API void sev_gpu_verifier_free(struct sev_gpu_verifier *v)
{
	if (!v)
		return;
	sk_x509_free(v->root);
	sk_gpu_chain_free(&v->chain);
	sk_ecdsa_verifier_free(v->leaf);
	for (size_t i = 0; i < v->n_rim; i++)
		sk_gpu_rim_free(&v->rim[i]);
	for (size_t i = 0; i < v->n_crl; i++)
		sk_x509_crl_free(v->crl[i].crl);
	for (size_t i = 0; i < v->n_ocsp; i++)
		sk_ocsp_free(v->ocsp[i].resp);
	free(v->fixed);
	free(v);
}

SEV_API int sev_gpu_verifier_set_chain(struct sev_gpu_verifier *v, const uint8_t *pem,
				       size_t len)
{
	struct sk_key *key = NULL;
	int rc;

	sk_gpu_chain_free(&v->chain);
	sk_ecdsa_verifier_free(v->leaf);
	v->leaf = NULL;
	forget_fixed(v);
	if ((rc = sk_gpu_chain_load(pem, len, &v->chain)))
		return rc;
	rc = sk_x509_pubkey(v->chain.cert[0], &key);
	if (!rc && !sk_key_is_ec(key, SK_P384))
		rc = sk_fail(SEV_E_VERIFY, "GPU certificate chain: the leaf's key is not EC P-384");
	else if (!rc)
		rc = sk_ecdsa_verifier_new(key, SK_SHA384, &v->leaf);
	sk_key_free(key);
	/* no chain rather than one whose leaf cannot check a report */
	if (rc)
		sk_gpu_chain_free(&v->chain);
	return rc;
}

SEV_API int sev_gpu_verifier_set_root(struct sev_gpu_verifier *v, const uint8_t *pem,
				      size_t len)
{
	struct sk_x509 *root;
	size_t n;
	int rc = sk_x509_load(pem, len, &root, 1, &n);

	if (rc)
		return rc;
	if (!sk_x509_is_ca(root) || sk_x509_verify(root, root, SK_X509_ECDSA_P384_SHA384)) {
		sk_x509_free(root);
		return sk_fail(SEV_E_FORMAT, "GPU root: not a self-signed ECDSA P-384 CA");
	}
	sk_x509_free(v->root);
	v->root = root;
	forget_fixed(v);
	return 0;
}

SEV_API int sev_gpu_verifier_set_nonce(struct sev_gpu_verifier *v, const uint8_t *nonce)
{
	memcpy(v->nonce, nonce, SEV_GPU_NONCE_LEN);
	v->has_nonce = true;
	return 0;
}

SEV_API void sev_gpu_verifier_set_time(struct sev_gpu_verifier *v, time_t t)
{
	v->at = t;
	forget_fixed(v);
}

SEV_API void sev_gpu_verifier_require_fwid(struct sev_gpu_verifier *v, bool required)
{
	v->require_fwid = required;
}

SEV_API int sev_gpu_verifier_add_rim(struct sev_gpu_verifier *v, const char *name,
				     const uint8_t *xml, size_t len)
{
	int rc;

	if (v->n_rim == MAX_RIMS)
		return sk_fail(SEV_E_TOOBIG, "more than %d RIMs", MAX_RIMS);
	if ((rc = sk_gpu_rim_load(name, xml, len, &v->rim[v->n_rim])))
		return rc;
	v->n_rim++;
	forget_fixed(v);
	return 0;
}

SEV_API int sev_gpu_verifier_add_crl(struct sev_gpu_verifier *v, const char *name,
				     const uint8_t *buf, size_t len)
{
	struct sk_gpu_crl *c = &v->crl[v->n_crl];
	int rc;

	if (v->n_crl == MAX_CRLS)
		return sk_fail(SEV_E_TOOBIG, "more than %d CRLs", MAX_CRLS);
	if ((rc = sk_x509_crl_load(buf, len, &c->crl)))
		return sk_fail(rc, "CRL %s: not a CRL", name);
	snprintf(c->name, sizeof(c->name), "%s", name);
	v->n_crl++;
	forget_fixed(v);
	return 0;
}

SEV_API int sev_gpu_verifier_add_ocsp(struct sev_gpu_verifier *v, const char *name,
				      const uint8_t *der, size_t len)
{
	struct sk_gpu_ocsp *o = &v->ocsp[v->n_ocsp];
	int rc;

	if (v->n_ocsp == MAX_OCSP)
		return sk_fail(SEV_E_TOOBIG, "more than %d OCSP responses", MAX_OCSP);
	if ((rc = sk_ocsp_load(der, len, &o->resp)))
		return sk_fail(rc, "OCSP response %s", name);
	snprintf(o->name, sizeof(o->name), "%s", name);
	v->n_ocsp++;
	forget_fixed(v);
	return 0;
}

/* The chain and the RIM signatures, into v->fixed. */
static int check_fixed(struct sev_gpu_verifier *v, time_t at)
{
	struct sev_gpu_result *f = v->fixed;
	struct sk_gpu_revocation rev = { v->crl, v->n_crl, v->ocsp, v->n_ocsp };
	int rc = sk_gpu_chain_verify(&v->chain, v->root, at, &rev, &v->revocation_checked, f);

	if (rc && rc != SEV_E_VERIFY)
		return rc;
	v->chain_ok = !rc;
	v->rims_signed = true;
	for (size_t i = 0; i < v->n_rim; i++)
		v->rims_signed = sk_gpu_rim_signature_holds(&v->rim[i], at, f) && v->rims_signed;
	v->fixed_done = true;
	return 0;
}

static void copy_fixed(const struct sev_gpu_verifier *v, struct sev_gpu_result *res)
{
	for (size_t i = 0; i < v->fixed->n_fail; i++)
		sk_gpu_fail(res, v->fixed->fail[i].check, "%s", v->fixed->fail[i].detail);
	res->chain_verified = v->chain_ok;
	res->revocation_checked = v->revocation_checked;
}

static void check_signature(const struct sev_gpu_verifier *v, const struct sk_spdm_report *s,
			    const uint8_t *buf, struct sev_gpu_result *res)
{
	res->signature_valid = !sk_ecdsa_verifier_check(v->leaf, buf, s->signed_len, s->signature,
							 s->signature + SK_SPDM_SIG_LEN / 2);
	if (!res->signature_valid)
		sk_gpu_fail(res, "signature", "the report's signature over bytes [0, %zu) does not "
			    "verify with the chain's leaf", s->signed_len);
}

static void check_fwid(const struct sev_gpu_verifier *v, const struct sk_spdm_report *s,
		       struct sev_gpu_result *res)
{
	const struct sk_spdm_opaque *fwid = sk_spdm_opaque(s, SK_SPDM_OPAQUE_FWID);

	if (!fwid) {
		if (v->require_fwid)
			sk_gpu_fail(res, "fwid", "the report carries no FWID");
		return;
	}
	res->fwid_checked = true;
	if (!v->chain.has_fwid)
		sk_gpu_fail(res, "fwid", "the chain's leaf has no FWID extension (2.23.133.5.4.1)");
	else if (fwid->len != SK_GPU_FWID_LEN ||
		 !sk_ct_equal(fwid->value, v->chain.fwid, SK_GPU_FWID_LEN))
		sk_gpu_fail(res, "fwid", "the report's FWID is not the leaf certificate's");
}

static void check_nonce(const struct sev_gpu_verifier *v, const struct sk_spdm_report *s,
			struct sev_gpu_result *res)
{
	res->nonce_matched = v->has_nonce &&
			     sk_ct_equal(s->request_nonce, v->nonce, SEV_GPU_NONCE_LEN);
	if (!v->has_nonce)
		sk_gpu_fail(res, "nonce", "no nonce was given to compare the report's with");
	else if (!res->nonce_matched)
		sk_gpu_fail(res, "nonce", "the report was made for another nonce");
}

static int run(struct sev_gpu_verifier *v, const struct sev_gpu_report *r,
	       struct sev_gpu_result *res)
{
	const struct sk_spdm_report *s = &r->spdm;
	int rc;

	if (!v->chain.n)
		return sk_fail(SEV_E_INVALID, "GPU verification needs the device certificate chain");
	if (!v->fixed_done && (rc = check_fixed(v, v->at ? v->at : time(NULL))))
		return rc;
	res->verified = true;
	check_signature(v, s, r->buf, res);
	copy_fixed(v, res);
	check_fwid(v, s, res);
	check_nonce(v, s, res);
	res->rims_checked = v->n_rim && v->rims_signed;
	if (v->n_rim && !sk_gpu_rims_match(v->rim, v->n_rim, s, r->driver, r->vbios, res))
		res->rims_checked = false;
	return 0;
}

SEV_API int sev_gpu_verify(struct sev_gpu_verifier *v, const struct sev_gpu_report *r,
			   struct sev_gpu_result *res)
{
	struct sev_gpu_result *mine;
	int rc = sk_struct_check_out(res, sizeof(*mine), "struct sev_gpu_result");

	if (rc)
		return rc;
	if (!(mine = calloc(1, sizeof(*mine))))
		return -ENOMEM;
	mine->size = sizeof(*mine);
	rc = run(v, r, mine);
	if (!rc)
		sk_struct_out(res, mine, sizeof(*mine));
	free(mine);
	return rc;
}
