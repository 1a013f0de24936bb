/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The chain cache: direct-mapped slots, each with its own lock, since a verifier runs one
 * report at a time. A new chain evicts the one in its slot.
 */
#include "kbs/chain-cache.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	pthread_mutex_t lock;
	uint8_t key[32];
	struct sev_snp_verifier *v; /* NULL: empty */
	int64_t made;
};

struct sk_kbs_chain_cache {
	struct slot slot[SK_KBS_CHAIN_SLOTS];
};

int sk_kbs_chain_cache_new(struct sk_kbs_chain_cache **c)
{
	*c = calloc(1, sizeof(**c));
	if (!*c)
		return -ENOMEM;
	for (size_t i = 0; i < SK_KBS_CHAIN_SLOTS; i++)
		pthread_mutex_init(&(*c)->slot[i].lock, NULL);
	return 0;
}

void sk_kbs_chain_cache_free(struct sk_kbs_chain_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < SK_KBS_CHAIN_SLOTS; i++) {
		sev_snp_verifier_free(c->slot[i].v);
		pthread_mutex_destroy(&c->slot[i].lock);
	}
	free(c);
}

static struct slot *slot_of(struct sk_kbs_chain_cache *c, const uint8_t key[32])
{
	return &c->slot[key[0] % SK_KBS_CHAIN_SLOTS];
}

int sk_kbs_chain_cache_verify(struct sk_kbs_chain_cache *c, const uint8_t key[32], int64_t now,
			      const struct sev_snp_report *r)
{
	struct sev_snp_verify_info info = SEV_INIT(struct sev_snp_verify_info);
	struct slot *s;
	int rc = -ENOENT;

	if (!c)
		return -ENOENT;
	s = slot_of(c, key);
	pthread_mutex_lock(&s->lock);
	/* the key is a hash of public certificates: no secret to compare in constant time */
	if (s->v && now >= s->made && now - s->made < SK_KBS_CHAIN_TTL &&
	    memcmp(s->key, key, 32) == 0)
		rc = sev_snp_verify(s->v, r, &info);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

void sk_kbs_chain_cache_keep(struct sk_kbs_chain_cache *c, const uint8_t key[32], int64_t now,
			     struct sev_snp_verifier *v)
{
	struct sev_snp_verifier *old;
	struct slot *s;

	if (!c) {
		sev_snp_verifier_free(v);
		return;
	}
	s = slot_of(c, key);
	pthread_mutex_lock(&s->lock);
	old = s->v;
	s->v = v;
	s->made = now;
	memcpy(s->key, key, 32);
	pthread_mutex_unlock(&s->lock);
	sev_snp_verifier_free(old);
}
