/* SPDX-License-Identifier: Apache-2.0 */
/* TCB_VERSION: the per-product byte layout of the security patch levels. */
#include <sevkit/snp.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/number.h"

/* Byte index of each SPL, and the unassigned bytes, per layout. */
struct layout {
	int fmc, bl, tee, snp, ucode;
	int reserved[4];
	size_t n_reserved;
};

static const struct layout milan = { -1, 0, 1, 6, 7, { 2, 3, 4, 5 }, 4 };
static const struct layout turin = { 0, 1, 2, 3, 7, { 4, 5, 6, 0 }, 3 };

bool sev_snp_tcb_has_fmc(enum sev_snp_product p)
{
	return p == SEV_SNP_PRODUCT_TURIN;
}

static const struct layout *layout_of(enum sev_snp_product p)
{
	return sev_snp_tcb_has_fmc(p) ? &turin : &milan;
}

static uint8_t byte_at(uint64_t raw, int i)
{
	if (i < 0)
		return 0;
	return (uint8_t)(raw >> (8 * i));
}

static uint64_t put_at(uint8_t v, int i)
{
	return i < 0 ? 0 : (uint64_t)v << (8 * i);
}

void sev_snp_tcb_decode(uint64_t raw, enum sev_snp_product p, struct sev_snp_tcb *t)
{
	const struct layout *l = layout_of(p);

	memset(t, 0, sizeof(*t));
	t->fmc = byte_at(raw, l->fmc);
	t->bootloader = byte_at(raw, l->bl);
	t->tee = byte_at(raw, l->tee);
	t->snp = byte_at(raw, l->snp);
	t->microcode = byte_at(raw, l->ucode);
	for (size_t i = 0; i < l->n_reserved; i++)
		t->reserved[i] = byte_at(raw, l->reserved[i]);
}

uint64_t sev_snp_tcb_encode(const struct sev_snp_tcb *t, enum sev_snp_product p)
{
	const struct layout *l = layout_of(p);
	uint64_t raw = put_at(t->fmc, l->fmc) | put_at(t->bootloader, l->bl) |
		       put_at(t->tee, l->tee) | put_at(t->snp, l->snp) |
		       put_at(t->microcode, l->ucode);

	for (size_t i = 0; i < l->n_reserved; i++)
		raw |= put_at(t->reserved[i], l->reserved[i]);
	return raw;
}

bool sev_snp_tcb_ge(uint64_t a, uint64_t b, enum sev_snp_product p)
{
	struct sev_snp_tcb x, y;

	sev_snp_tcb_decode(a, p, &x);
	sev_snp_tcb_decode(b, p, &y);
	return x.fmc >= y.fmc && x.bootloader >= y.bootloader && x.tee >= y.tee &&
	       x.snp >= y.snp && x.microcode >= y.microcode;
}

/* Set one SPL by name; *named gets the bit of its offset in struct sev_snp_tcb. */
static int set_spl(struct sev_snp_tcb *t, const char *name, size_t len, uint8_t v,
		   unsigned *named)
{
	static const struct {
		const char *name;
		size_t off;
	} spls[] = {
		{ "fmc", offsetof(struct sev_snp_tcb, fmc) },
		{ "bl", offsetof(struct sev_snp_tcb, bootloader) },
		{ "bootloader", offsetof(struct sev_snp_tcb, bootloader) },
		{ "tee", offsetof(struct sev_snp_tcb, tee) },
		{ "snp", offsetof(struct sev_snp_tcb, snp) },
		{ "ucode", offsetof(struct sev_snp_tcb, microcode) },
		{ "microcode", offsetof(struct sev_snp_tcb, microcode) },
	};

	for (size_t i = 0; i < sizeof(spls) / sizeof(spls[0]); i++) {
		if (strlen(spls[i].name) != len || strncmp(spls[i].name, name, len) != 0)
			continue;
		((uint8_t *)t)[spls[i].off] = v;
		*named |= 1u << spls[i].off;
		return 0;
	}
	return sk_fail(SEV_E_INVALID, "TCB: unknown SPL '%.*s' (use fmc, bl, tee, snp, ucode)",
		       (int)len, name);
}

static int parse_spls(const char *text, struct sev_snp_tcb *t, unsigned *named)
{
	const char *s = text;

	memset(t, 0, sizeof(*t));
	while (*s) {
		const char *eq = strchr(s, '='), *end = s + strcspn(s, ", ");
		char num[8];
		uint8_t v;
		int rc;

		if (!eq || eq > end || (size_t)(end - eq - 1) >= sizeof(num))
			return sk_fail(SEV_E_INVALID, "TCB '%s': expected NAME=VALUE pairs", text);
		memcpy(num, eq + 1, (size_t)(end - eq - 1));
		num[end - eq - 1] = 0;
		if (sk_parse_u8(num, &v))
			return sk_fail(SEV_E_INVALID, "TCB '%s': SPL values are 0-255", text);
		if ((rc = set_spl(t, s, (size_t)(eq - s), v, named)))
			return rc;
		s = end + strspn(end, ", ");
	}
	return 0;
}

int sev_snp_tcb_spec_parse(const char *text, struct sev_snp_tcb_spec *s)
{
	memset(s, 0, sizeof(*s));
	if (!*text)
		return sk_fail(SEV_E_INVALID, "TCB: empty value");
	if (strchr(text, '=')) {
		unsigned named = 0;
		int rc = parse_spls(text, &s->spl, &named);

		s->set = rc == 0;
		return rc;
	}
	if (sk_parse_uint(text, UINT64_MAX, &s->raw))
		return sk_fail(SEV_E_INVALID,
			       "TCB '%s': give a 64-bit number or bl=N,tee=N,snp=N,ucode=N", text);
	s->set = s->is_raw = true;
	return 0;
}

void sev_snp_tcb_spec_resolve(const struct sev_snp_tcb_spec *s, enum sev_snp_product p,
			      struct sev_snp_tcb *out)
{
	if (s->is_raw)
		sev_snp_tcb_decode(s->raw, p, out);
	else
		*out = s->spl;
}

/* SPLs in p's layout; fmc only where the layout has it. */
static int spls_raw(const struct sev_snp_tcb *t, enum sev_snp_product p, uint64_t *raw)
{
	if (t->fmc && !sev_snp_tcb_has_fmc(p))
		return sk_fail(SEV_E_INVALID, "TCB: fmc exists only on Turin and later");
	*raw = sev_snp_tcb_encode(t, p);
	return 0;
}

#define NAMED(m) (1u << offsetof(struct sev_snp_tcb, m))

int sev_snp_tcb_parse_all(const char *text, enum sev_snp_product p, uint64_t *raw)
{
	unsigned want = NAMED(bootloader) | NAMED(tee) | NAMED(snp) | NAMED(microcode) |
			(sev_snp_tcb_has_fmc(p) ? NAMED(fmc) : 0), named = 0;
	struct sev_snp_tcb t;
	int rc;

	if (!strchr(text, '='))
		return sev_snp_tcb_parse(text, p, raw);
	if ((rc = parse_spls(text, &t, &named)))
		return rc;
	if ((named & want) != want)
		return sk_fail(SEV_E_INVALID, "TCB '%s': name every SPL: bl, tee, snp, ucode%s", text,
			       sev_snp_tcb_has_fmc(p) ? ", fmc" : "");
	return spls_raw(&t, p, raw);
}

int sev_snp_tcb_parse(const char *text, enum sev_snp_product p, uint64_t *raw)
{
	struct sev_snp_tcb_spec s;
	int rc = sev_snp_tcb_spec_parse(text, &s);

	if (rc)
		return rc;
	if (!s.is_raw)
		return spls_raw(&s.spl, p, raw);
	*raw = s.raw;
	return 0;
}

void sev_snp_tcb_format(uint64_t raw, enum sev_snp_product p, char *buf, size_t n)
{
	struct sev_snp_tcb t;

	sev_snp_tcb_decode(raw, p, &t);
	if (sev_snp_tcb_has_fmc(p))
		snprintf(buf, n, "fmc=%u bl=%u tee=%u snp=%u ucode=%u", t.fmc, t.bootloader,
			 t.tee, t.snp, t.microcode);
	else
		snprintf(buf, n, "bl=%u tee=%u snp=%u ucode=%u", t.bootloader, t.tee, t.snp,
			 t.microcode);
}
