/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevctl's `export --full`: the platform's PDH, PEK, OCA and CEK followed by
 * an ASK and ARK, checked before anyone is given a chain that never verifies.
 */
#include <sevkit/cert.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

#define SEV_CHAIN_LEN (4 * SEV_CERT_SIZE)

/*
 * The builtin ASK and ARK of the generation whose ASK signed the CEK. The
 * platform's own CEK carries no AMD signature: only the copy AMD's key server
 * signs tells the generation.
 */
static int builtin_ca(const uint8_t chain[SEV_CHAIN_LEN], uint8_t **ca, size_t *len)
{
	struct sev_chain_result *res = malloc(sizeof(*res));
	struct sev_chain *c = malloc(sizeof(*c));
	struct sev_ca_cert *ark = malloc(sizeof(*ark)), *ask = malloc(sizeof(*ask));
	int rc = res && c && ark && ask ? sev_chain_parse(chain, SEV_CHAIN_LEN, c) : -ENOMEM;

	if (res)
		*res = SEV_INIT(struct sev_chain_result);
	if (!rc) {
		sev_chain_verify(c, NULL, res);
		if (res->link[SEV_LINK_ASK_CEK].status != SEV_LINK_OK || !res->generation)
			rc = sk_fail(SEV_E_INVALID, "the CEK is not signed by any builtin AMD ASK "
				     "(the platform's own CEK never is)");
	}
	if (!rc)
		rc = sev_builtin_ca(res->generation, ark, ask);
	*ca = rc ? NULL : malloc(ask->len + ark->len);
	if (!rc && !*ca)
		rc = -ENOMEM;
	if (!rc) {
		memcpy(*ca, ask->raw, ask->len);
		memcpy(*ca + ask->len, ark->raw, ark->len);
		*len = ask->len + ark->len;
	}
	free(res);
	free(c);
	free(ark);
	free(ask);
	return rc;
}

/*
 * The AMD links (ARK itself, ARK -> ASK, ASK -> CEK), with the appended ASK/ARK
 * as the trusted roots: roots of another generation, or a CEK their ASK did not
 * sign, would give a chain that never verifies.
 */
static int check_amd_links(const uint8_t *full, size_t len, const uint8_t *ca, size_t ca_len)
{
	static const enum sev_link_id amd[] = { SEV_LINK_ARK_SELF, SEV_LINK_ARK_ASK,
						SEV_LINK_ASK_CEK };
	struct sev_chain_result *res = malloc(sizeof(*res));
	struct sev_chain *c = malloc(sizeof(*c)), *roots = malloc(sizeof(*roots));
	int rc = res && c && roots ? sev_chain_parse(full, len, c) : -ENOMEM;

	if (res)
		*res = SEV_INIT(struct sev_chain_result);
	if (!rc)
		rc = sev_chain_parse(ca, ca_len, roots);
	if (!rc) {
		sev_chain_verify(c, roots, res);
		for (size_t i = 0; i < sizeof(amd) / sizeof(amd[0]) && !rc; i++) {
			const struct sev_link *l = &res->link[amd[i]];

			if (l->status != SEV_LINK_OK)
				rc = sk_fail(SEV_E_VERIFY, "%s -> %s: %s: %s",
					     sev_chain_role_name(l->signer),
					     sev_chain_role_name(l->signee),
					     sev_link_status_name(l->status),
					     l->reason ? l->reason : "");
		}
	}
	free(res);
	free(c);
	free(roots);
	return rc;
}

int sev_chain_complete(const uint8_t chain[SEV_CHAIN_LEN], const uint8_t *ca, size_t ca_len,
		       uint8_t **out, size_t *out_len)
{
	uint8_t *own = NULL;
	int rc = 0;

	*out = NULL;
	*out_len = 0;
	if (!ca && (rc = builtin_ca(chain, &own, &ca_len)))
		return rc;
	if (own)
		ca = own;
	*out = malloc(SEV_CHAIN_LEN + ca_len);
	if (!*out)
		rc = -ENOMEM;
	if (!rc) {
		memcpy(*out, chain, SEV_CHAIN_LEN);
		memcpy(*out + SEV_CHAIN_LEN, ca, ca_len);
		rc = check_amd_links(*out, SEV_CHAIN_LEN + ca_len, ca, ca_len);
	}
	free(own);
	if (rc) {
		free(*out);
		*out = NULL;
		return rc;
	}
	*out_len = SEV_CHAIN_LEN + ca_len;
	return 0;
}
