/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Chain verification. Every signature is checked with exactly one algorithm,
 * fixed by the certificate types: the signee's slot must name the signer's
 * usage and the signer's own algorithm (RSA-PSS with SHA-256 for a 2048-bit
 * ASK, SHA-384 for 4096 bits). Trying other hashes or slots until one
 * verifies would let a key vouch for certificates it never signed (the Rome
 * ASK "verifying" a Naples CEK).
 */
#include <string.h>

#include "sev/builtin.h"
#include "sev/cert-internal.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/struct.h"

static const struct {
	enum sev_chain_role signer, signee;
} link_roles[SEV_LINKS] = {
	[SEV_LINK_ARK_SELF] = { SEV_CHAIN_ARK, SEV_CHAIN_ARK },
	[SEV_LINK_ARK_ASK] = { SEV_CHAIN_ARK, SEV_CHAIN_ASK },
	[SEV_LINK_ASK_CEK] = { SEV_CHAIN_ASK, SEV_CHAIN_CEK },
	[SEV_LINK_CEK_PEK] = { SEV_CHAIN_CEK, SEV_CHAIN_PEK },
	[SEV_LINK_OCA_PEK] = { SEV_CHAIN_OCA, SEV_CHAIN_PEK },
	[SEV_LINK_OCA_SELF] = { SEV_CHAIN_OCA, SEV_CHAIN_OCA },
	[SEV_LINK_PEK_PDH] = { SEV_CHAIN_PEK, SEV_CHAIN_PDH },
};

#define NO_SLOT "no signature slot names the signer with its algorithm"
#define BAD_SIG "the signature does not verify"
#define BAD_KEY "the signer's public key is invalid"

const char *sev_link_status_name(enum sev_link_status status)
{
	switch (status) {
	case SEV_LINK_OK: return "ok";
	case SEV_LINK_FAILED: return "failed";
	case SEV_LINK_MISSING: return "missing";
	}
	return "?";
}

static const struct sev_cert *sev_of(const struct sev_chain *c, enum sev_chain_role role)
{
	switch (role) {
	case SEV_CHAIN_PDH: return &c->pdh;
	case SEV_CHAIN_PEK: return &c->pek;
	case SEV_CHAIN_OCA: return &c->oca;
	default: return &c->cek;
	}
}

/* The algorithm a signer's signature must carry. */
static uint32_t ca_sig_algo(const struct sev_ca_cert *ask)
{
	return ask->modulus_bits == 2048 ? SEV_ALGO_RSA_SHA256 : SEV_ALGO_RSA_SHA384;
}

/*
 * Check the slots of signee that name signer_usage with algo; the link holds
 * when one of them verifies with key. NULL when it holds, else the reason.
 */
static const char *check_slots(const struct sev_cert *signee, uint32_t signer_usage,
			       uint32_t algo, const struct sk_key *key)
{
	const char *reason = NO_SLOT;

	for (int slot = 0; slot < 2; slot++) {
		const struct sev_cert_sig *s = &signee->sig[slot];

		if (s->empty || s->usage != signer_usage || s->algo != algo)
			continue;
		if (sk_sev_cert_check_slot(signee, slot, key) == 0)
			return NULL;
		reason = BAD_SIG;
	}
	return reason;
}

const char *sk_sev_signs(const struct sev_cert *signer, const struct sev_cert *signee)
{
	struct sk_key *key;
	const char *reason;

	if (sk_sev_cert_pubkey(signer, &key) != 0)
		return BAD_KEY;
	reason = check_slots(signee, signer->usage, signer->algo, key);
	sk_key_free(key);
	return reason;
}

static const char *ask_signs_cek(const struct sev_ca_cert *ask, const struct sev_cert *cek)
{
	struct sk_key *key;
	const char *reason;

	if (sk_ca_cert_pubkey(ask, &key) != 0)
		return BAD_KEY;
	reason = check_slots(cek, SEV_USAGE_ASK, ca_sig_algo(ask), key);
	sk_key_free(key);
	return reason;
}

/* The ARK signs an ASK or itself: the signee names the ARK's key_id and has its key size. */
static const char *ark_signs(const struct sev_ca_cert *ark, const struct sev_ca_cert *signee)
{
	struct sk_key *key;
	const char *reason = NULL;

	if (memcmp(signee->certifying_id, ark->key_id, sizeof(ark->key_id)) != 0)
		return "its certifying_id is not the ARK's key_id";
	if (signee->modulus_bits != ark->modulus_bits)
		return "its key size differs from the ARK's";
	if (!signee->has_signature)
		return "it has no signature";
	if (sk_ca_cert_pubkey(ark, &key) != 0)
		return BAD_KEY;
	if (sk_ca_cert_check(signee, key) != 0)
		reason = BAD_SIG;
	sk_key_free(key);
	return reason;
}

/* The generation whose builtin ASK signs the CEK, or whose ARK or ASK the chain holds. */
static const char *detect(const struct sev_chain *c, struct sev_chain *trusted)
{
	struct sev_ca_cert ark, ask;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < sev_generation_count(); i++) {
			const char *gen = sev_generation_name(i);
			bool match;

			if (sev_builtin_ca(gen, &ark, &ask) != 0)
				return NULL;
			if (pass == 0)
				match = sev_chain_has(c, SEV_CHAIN_CEK) &&
					ask_signs_cek(&ask, &c->cek) == NULL;
			else
				match = (sev_chain_has(c, SEV_CHAIN_ARK) &&
					 sk_ca_cert_same_body(&c->ark, &ark)) ||
					(sev_chain_has(c, SEV_CHAIN_ASK) &&
					 sk_ca_cert_same_body(&c->ask, &ask));
			if (!match)
				continue;
			trusted->ark = ark;
			trusted->ask = ask;
			trusted->present = 1u << SEV_CHAIN_ARK | 1u << SEV_CHAIN_ASK;
			return gen;
		}
	}
	return NULL;
}

/* The builtin generation a given ARK belongs to, for reporting. */
static const char *generation_of(const struct sev_ca_cert *ark)
{
	struct sev_ca_cert b;

	for (size_t i = 0; i < sev_generation_count(); i++)
		if (sev_builtin_ca(sev_generation_name(i), &b, NULL) == 0 &&
		    sk_ca_cert_same_body(ark, &b))
			return sev_generation_name(i);
	return NULL;
}

static const char *check_link(enum sev_link_id id, const struct sev_chain *u,
			      const struct sev_chain *trusted)
{
	switch (id) {
	case SEV_LINK_ARK_SELF:
		if (!sev_chain_has(trusted, SEV_CHAIN_ARK))
			return "no trusted ARK to anchor the chain";
		if (!sk_ca_cert_same_body(&u->ark, &trusted->ark))
			return "the ARK is not the trusted root";
		return ark_signs(&u->ark, &u->ark);
	case SEV_LINK_ARK_ASK:
		return ark_signs(&u->ark, &u->ask);
	case SEV_LINK_ASK_CEK:
		return ask_signs_cek(&u->ask, &u->cek);
	default:
		return sk_sev_signs(sev_of(u, link_roles[id].signer),
				 sev_of(u, link_roles[id].signee));
	}
}

static const char *missing_reason(enum sev_chain_role role)
{
	static const char *const reasons[] = {
		"the PDH is missing", "the PEK is missing", "the OCA is missing",
		"the CEK is missing", "the ASK is missing", "the ARK is missing",
	};

	return reasons[role];
}

/* Fill the ASK and ARK the chain lacks from the trusted roots. */
static void complete(struct sev_chain *u, const struct sev_chain *trusted)
{
	if (!sev_chain_has(u, SEV_CHAIN_ASK) && sev_chain_has(trusted, SEV_CHAIN_ASK)) {
		u->ask = trusted->ask;
		u->present |= 1u << SEV_CHAIN_ASK;
	}
	if (!sev_chain_has(u, SEV_CHAIN_ARK) && sev_chain_has(trusted, SEV_CHAIN_ARK)) {
		u->ark = trusted->ark;
		u->present |= 1u << SEV_CHAIN_ARK;
	}
}

static int do_chain_verify(const struct sev_chain *chain, const struct sev_chain *ca,
			   struct sev_chain_result *res)
{
	struct sev_chain trusted;
	int rc = 0;

	memset(res, 0, sizeof(*res));
	memset(&trusted, 0, sizeof(trusted));
	if (ca) {
		trusted.present = ca->present & (1u << SEV_CHAIN_ASK | 1u << SEV_CHAIN_ARK);
		trusted.ask = ca->ask;
		trusted.ark = ca->ark;
		if (sev_chain_has(ca, SEV_CHAIN_ARK))
			res->generation = generation_of(&ca->ark);
	} else {
		res->generation = detect(chain, &trusted);
	}
	res->used = *chain;
	complete(&res->used, &trusted);
	for (int i = 0; i < SEV_LINKS; i++) {
		struct sev_link *l = &res->link[i];

		l->signer = link_roles[i].signer;
		l->signee = link_roles[i].signee;
		if (!sev_chain_has(&res->used, l->signer)) {
			l->status = SEV_LINK_MISSING;
			l->reason = missing_reason(l->signer);
		} else if (!sev_chain_has(&res->used, l->signee)) {
			l->status = SEV_LINK_MISSING;
			l->reason = missing_reason(l->signee);
		} else {
			l->reason = check_link((enum sev_link_id)i, &res->used, &trusted);
			l->status = l->reason ? SEV_LINK_FAILED : SEV_LINK_OK;
		}
		if (l->status != SEV_LINK_OK) {
			sk_info("%s -> %s: %s", sev_chain_role_name(l->signer),
				sev_chain_role_name(l->signee), l->reason);
			rc = SEV_E_VERIFY;
		}
	}
	return rc;
}

int sev_chain_verify(const struct sev_chain *chain, const struct sev_chain *ca,
		     struct sev_chain_result *res)
{
	struct sev_chain_result res_mine = SEV_INIT(struct sev_chain_result);
	int rc;

	if ((rc = sk_struct_check_out(res, sizeof(res_mine), "sev_chain_result")))
		return rc;
	rc = do_chain_verify(chain, ca, &res_mine);
	sk_struct_out(res, &res_mine, sizeof(res_mine));
	return rc;
}
