/* SPDX-License-Identifier: Apache-2.0 */
/* Where the certificates of a GPU chain have their revocation told: sevkit never fetches. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/gpu.h>

#include "crypto/ocsp.h"
#include "crypto/x509.h"
#include "gpu/chain.h"

static int describe(const struct sk_gpu_chain *c, size_t i, struct sev_gpu_revocation_info *r)
{
	int rc;

	if (sk_x509_subject_attr(c->cert[i], "CN", r->subject, sizeof(r->subject)))
		snprintf(r->subject, sizeof(r->subject), "(no CN)");
	if ((rc = sk_x509_crl_urls(c->cert[i], r->crl_url, 4, &r->n_crl_url)))
		return rc;
	if (sk_x509_ocsp_url(c->cert[i], r->ocsp_url))
		r->ocsp_url[0] = 0;
	return sk_ocsp_request(c->cert[i], c->cert[i + 1], &r->ocsp_request, &r->ocsp_request_len);
}

SEV_API int sev_gpu_revocation_info(const uint8_t *pem, size_t len,
				    struct sev_gpu_revocation_info **info, size_t *n)
{
	struct sk_gpu_chain c;
	int rc = sk_gpu_chain_load(pem, len, &c);

	*info = NULL;
	*n = 0;
	if (rc)
		return rc;
	if (c.n > 1 && !(*info = calloc(c.n - 1, sizeof(**info))))
		rc = -ENOMEM;
	for (size_t i = 0; !rc && i + 1 < c.n; i++, (*n)++)
		rc = describe(&c, i, &(*info)[i]);
	sk_gpu_chain_free(&c);
	if (rc) {
		sev_gpu_revocation_info_free(*info, *n + 1);
		*info = NULL;
		*n = 0;
	}
	return rc;
}

SEV_API void sev_gpu_revocation_info_free(struct sev_gpu_revocation_info *info, size_t n)
{
	for (size_t i = 0; info && i < n; i++)
		free(info[i].ocsp_request);
	free(info);
}
