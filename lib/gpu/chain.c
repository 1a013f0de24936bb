/* SPDX-License-Identifier: Apache-2.0 */
/* The GPU's device certificate chain, verified to NVIDIA's embedded root. */
#include "gpu/chain.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "crypto/ocsp.h"
#include "crypto/x509.h"
#include "gpu/roots.h"
#include "util/log.h"

/* TCG DICE TcbInfo; NVIDIA's leaf ends it with the FWID: OID sha384, OCTET STRING (48). */
#define FWID_OID "2.23.133.5.4.1"
static const uint8_t fwid_tail[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
				     0x02, 0x02, 0x04, SK_GPU_FWID_LEN };

static int leaf_fwid(struct sk_gpu_chain *c)
{
	const uint8_t *ext;
	size_t len, tail = sizeof(fwid_tail) + SK_GPU_FWID_LEN;
	int rc = sk_x509_ext(c->cert[0], FWID_OID, &ext, &len);

	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	if (len < tail || memcmp(ext + len - tail, fwid_tail, sizeof(fwid_tail)))
		return sk_fail(SEV_E_FORMAT, "GPU certificate chain: the leaf's FWID extension "
			       "does not end in a SHA-384 FWID");
	memcpy(c->fwid, ext + len - SK_GPU_FWID_LEN, SK_GPU_FWID_LEN);
	c->has_fwid = true;
	return 0;
}

int sk_gpu_chain_load(const uint8_t *pem, size_t len, struct sk_gpu_chain *c)
{
	int rc;

	memset(c, 0, sizeof(*c));
	rc = sk_x509_load(pem, len, c->cert, SK_GPU_CHAIN_MAX, &c->n);
	if (!rc)
		rc = leaf_fwid(c);
	if (rc)
		sk_gpu_chain_free(c);
	return rc;
}

void sk_gpu_chain_free(struct sk_gpu_chain *c)
{
	for (size_t i = 0; i < c->n; i++)
		sk_x509_free(c->cert[i]);
	memset(c, 0, sizeof(*c));
}

static void cert_name(const struct sk_x509 *c, char *buf, size_t n)
{
	if (sk_x509_subject_attr(c, "CN", buf, n))
		snprintf(buf, n, "(no CN)");
}

/* Each certificate signed by the next one, which is a CA; the root by itself. */
static bool links_hold(const struct sk_gpu_chain *c, struct sev_gpu_result *res)
{
	char name[96], issuer[96];
	bool ok = true;

	for (size_t i = 0; i < c->n; i++) {
		const struct sk_x509 *up = c->cert[i + 1 < c->n ? i + 1 : i];

		cert_name(c->cert[i], name, sizeof(name));
		cert_name(up, issuer, sizeof(issuer));
		if (!sk_x509_named_by(c->cert[i], up) ||
		    sk_x509_verify(c->cert[i], up, SK_X509_ECDSA_P384_SHA384)) {
			sk_gpu_fail(res, "chain", "certificate %zu (%s) is not signed by %s with "
				    "ECDSA P-384 SHA-384", i, name, issuer);
			ok = false;
		} else if (up != c->cert[i] && !sk_x509_is_ca(up)) {
			sk_gpu_fail(res, "chain", "certificate %zu (%s) is not a CA", i + 1, issuer);
			ok = false;
		}
	}
	return ok;
}

static bool times_hold(const struct sk_gpu_chain *c, time_t at, struct sev_gpu_result *res)
{
	char name[96], when[32];
	time_t nb, na;
	bool ok = true;

	for (size_t i = 0; i < c->n; i++) {
		cert_name(c->cert[i], name, sizeof(name));
		if (sk_x509_times(c->cert[i], &nb, &na)) {
			sk_gpu_fail(res, "chain", "certificate %zu (%s) has unreadable times", i, name);
			ok = false;
		} else if (at > na) {
			sk_time_format(na, when, sizeof(when));
			sk_gpu_fail(res, "expired", "certificate %zu (%s) expired at %s", i, name,
				    when);
			ok = false;
		} else if (at < nb) {
			sk_time_format(nb, when, sizeof(when));
			sk_gpu_fail(res, "expired", "certificate %zu (%s) is not valid before %s", i,
				    name, when);
			ok = false;
		}
	}
	return ok;
}

/*
 * A CRL counts when a CA of the chain signed it and it is current:
 * it covers what that CA issued.
 */
static bool crl_holds(const struct sk_gpu_chain *c, time_t at, const struct sk_gpu_crl *crl,
		      bool *covered, struct sev_gpu_result *res)
{
	time_t this_update, next_update;
	char name[96];

	for (size_t i = 1; i < c->n; i++) {
		if (!sk_x509_crl_named_by(crl->crl, c->cert[i]))
			continue;
		if (sk_x509_crl_verify(crl->crl, c->cert[i], SK_X509_ECDSA_P384_SHA384)) {
			sk_gpu_fail(res, "revoked", "CRL %s is not signed by its issuer", crl->name);
			return false;
		}
		if (sk_x509_crl_times(crl->crl, &this_update, &next_update) || at < this_update ||
		    (next_update && at > next_update)) {
			sk_gpu_fail(res, "revoked", "CRL %s is not current", crl->name);
			return false;
		}
		*covered = true;
		if (sk_x509_crl_revokes(crl->crl, c->cert[i - 1])) {
			cert_name(c->cert[i - 1], name, sizeof(name));
			sk_gpu_fail(res, "revoked", "certificate %zu (%s) is revoked by CRL %s", i - 1,
				    name, crl->name);
			return false;
		}
		return true;
	}
	sk_gpu_fail(res, "revoked", "CRL %s is not issued by a CA of the chain", crl->name);
	return false;
}

/* Every certificate an OCSP response speaks of is good; it speaks of at least one. */
static bool ocsp_holds(const struct sk_gpu_chain *c, const struct sk_x509 *root, time_t at,
		       const struct sk_gpu_ocsp *o, bool *covered, struct sev_gpu_result *res)
{
	enum sk_ocsp_status st;
	char name[96], why[160];
	bool any = false;

	for (size_t i = 0; i + 1 < c->n; i++) {
		int rc = sk_ocsp_status(o->resp, c->cert[i], c->cert[i + 1], c->cert, c->n, root, at,
					&st, why, sizeof(why));

		if (rc == -ENOENT)
			continue;
		any = true;
		cert_name(c->cert[i], name, sizeof(name));
		if (rc) {
			sk_gpu_fail(res, "revoked", "OCSP response %s: %s", o->name, why);
			return false;
		}
		if (st != SK_OCSP_GOOD) {
			sk_gpu_fail(res, "revoked", "certificate %zu (%s) is %s, says OCSP response %s",
				    i, name, st == SK_OCSP_REVOKED ? "revoked" : "unknown",
				    o->name);
			return false;
		}
		*covered = true;
	}
	if (!any)
		sk_gpu_fail(res, "revoked", "OCSP response %s speaks of no certificate of the chain",
			    o->name);
	return any;
}

int sk_gpu_chain_verify(const struct sk_gpu_chain *c, const struct sk_x509 *root, time_t at,
			const struct sk_gpu_revocation *rev, bool *revocation_checked,
			struct sev_gpu_result *res)
{
	struct sk_x509 *builtin = NULL;
	char why[160] = "";
	bool ok;
	int rc;

	*revocation_checked = false;
	if (c->n < 2) {
		sk_gpu_fail(res, "chain", "the chain must hold at least the signing certificate "
			    "and the root, it holds %zu", c->n);
		return SEV_E_VERIFY;
	}
	if (!root && (rc = sk_gpu_device_root(&builtin)))
		return rc;
	if (!root)
		root = builtin;
	ok = sk_x509_equal(c->cert[c->n - 1], root);
	if (!ok)
		sk_gpu_fail(res, "chain", "the chain does not end in %s",
			    builtin ? "NVIDIA's Device Identity CA" : "the root given");
	ok = links_hold(c, res) && ok;
	ok = times_hold(c, at, res) && ok;
	if (ok && sk_x509_path_verify(c->cert, c->n, root, at, why, sizeof(why))) {
		sk_gpu_fail(res, "chain", "path validation: %s", why);
		ok = false;
	}
	for (size_t i = 0; i < rev->n_crl; i++)
		ok = crl_holds(c, at, &rev->crl[i], revocation_checked, res) && ok;
	for (size_t i = 0; i < rev->n_ocsp; i++)
		ok = ocsp_holds(c, root, at, &rev->ocsp[i], revocation_checked, res) && ok;
	sk_x509_free(builtin);
	return ok ? 0 : SEV_E_VERIFY;
}
