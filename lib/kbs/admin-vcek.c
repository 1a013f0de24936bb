/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VCEK cache from the command line: a downloaded VCEK (and the ASK/ARK it came with)
 * keyed by the chip id and TCB of its own extensions, stored as one PEM bundle.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <sevkit/kbs.h>
#include <sevkit/snp.h>

#include "kbs/protocol-internal.h"
#include "kbs/store.h"
#include "util/hex.h"
#include "util/log.h"

#define CHAIN_MAX 4

/* The one certificate of buf (DER or PEM), which must be a VCEK; its key in the cache. */
static int vcek_key(struct sev_kbs_blob vcek, char chip_hex[129], uint64_t *tcb)
{
	struct sev_snp_x509_info info[2];
	uint8_t chip[64] = { 0 };
	size_t n = 0;
	int rc = sev_snp_x509_describe(vcek.data, vcek.len, info, 2, &n);

	if (rc)
		return rc;
	if (n != 1 || strcmp(info[0].role, "VCEK") != 0)
		return sk_fail(SEV_E_FORMAT, "not one VCEK certificate%s",
			       n == 1 && !strcmp(info[0].role, "VLEK") ?
			       " (a VLEK belongs to no chip: guests send it in their evidence)" : "");
	memcpy(chip, info[0].vek.hwid, info[0].vek.hwid_len);
	sk_hex_encode(chip_hex, chip, sizeof(chip));
	*tcb = sev_snp_vek_tcb(&info[0].vek);
	return 0;
}

/* The chain may hold an ASK and an ARK, nothing else. */
static int chain_ok(struct sev_kbs_blob chain)
{
	struct sev_snp_x509_info info[CHAIN_MAX];
	size_t n = 0;
	int rc;

	if (!chain.len)
		return 0;
	if ((rc = sev_snp_x509_describe(chain.data, chain.len, info, CHAIN_MAX, &n)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(info[i].role, "ASK") && strcmp(info[i].role, "ARK"))
			return sk_fail(SEV_E_FORMAT, "the chain holds a certificate that is not an "
				       "ASK or an ARK (%s)", info[i].role);
	return 0;
}

/* PEM of the VCEK followed by the chain's text (already PEM, or DER turned into PEM). */
static int append_pem(BIO *out, struct sev_kbs_blob b)
{
	const unsigned char *p = b.data;
	X509 *x;
	int ok;

	if (b.len > 10 && memmem(b.data, b.len, "-----BEGIN", 10))
		return BIO_write(out, b.data, (int)b.len) == (int)b.len ? 0 : -ENOMEM;
	if (!(x = d2i_X509(NULL, &p, (long)b.len)))
		return sk_fail(SEV_E_FORMAT, "not a DER certificate");
	ok = PEM_write_bio_X509(out, x);
	X509_free(x);
	return ok ? 0 : -ENOMEM;
}

int sev_kbs_vcek_put(struct sev_kbs_admin *a, struct sev_kbs_blob vcek,
		     struct sev_kbs_blob chain, char chip_hex[129], uint64_t *tcb)
{
	BIO *out;
	char *pem;
	long len;
	int rc;

	if (!a || !vcek.data || !chip_hex || !tcb || (chain.len && !chain.data))
		return SEV_E_INVALID;
	if ((rc = vcek_key(vcek, chip_hex, tcb)) || (rc = chain_ok(chain)))
		return rc;
	if (!(out = BIO_new(BIO_s_mem())))
		return -ENOMEM;
	rc = append_pem(out, vcek);
	if (!rc && chain.len)
		rc = append_pem(out, chain);
	len = BIO_get_mem_data(out, &pem);
	if (!rc)
		rc = sk_kbs_vcek_put(sk_kbs_admin_store(a), chip_hex, *tcb, (const uint8_t *)pem,
				     (size_t)len);
	BIO_free(out);
	return rc;
}

int sev_kbs_vcek_list(struct sev_kbs_admin *a,
		      int (*cb)(void *ctx, const char *chip_hex, uint64_t tcb), void *ctx)
{
	if (!a)
		return SEV_E_INVALID;
	return sk_kbs_vcek_list(sk_kbs_admin_store(a), cb, ctx);
}
