/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Chain files: SEV and AMD signing-key certificates back to back, in the
 * order PDH, PEK, OCA, CEK, ASK, ARK. Each certificate is recognised by its
 * usage field, so one parser reads every layout the peer tools write.
 */
#include <string.h>

#include "sev/builtin.h"
#include "util/log.h"
#include "util/reader.h"

#define WHAT "certificate chain"

/* SEV certificate: pub_key_usage at 0x08. AMD signing-key certificate: key_usage at 0x24. */
#define SEV_USAGE_AT 0x08
#define CA_USAGE_AT 0x24

const char *sev_chain_role_name(enum sev_chain_role role)
{
	static const char *const names[] = { "PDH", "PEK", "OCA", "CEK", "ASK", "ARK" };

	return (unsigned)role < SEV_CHAIN_ROLES ? names[role] : "?";
}

static enum sev_chain_role role_of_sev(uint32_t usage)
{
	switch (usage) {
	case SEV_USAGE_PDH: return SEV_CHAIN_PDH;
	case SEV_USAGE_PEK: return SEV_CHAIN_PEK;
	case SEV_USAGE_OCA: return SEV_CHAIN_OCA;
	default: return SEV_CHAIN_CEK;
	}
}

static struct sev_cert *sev_slot(struct sev_chain *c, enum sev_chain_role role)
{
	switch (role) {
	case SEV_CHAIN_PDH: return &c->pdh;
	case SEV_CHAIN_PEK: return &c->pek;
	case SEV_CHAIN_OCA: return &c->oca;
	default: return &c->cek;
	}
}

/* Read the u32 at start + at, without moving the reader. */
static int peek_u32(struct sk_reader *r, size_t start, size_t at, uint32_t *v, const char *field)
{
	int rc = sk_read_seek(r, start, field);

	if (!rc)
		rc = sk_read_skip(r, at, field);
	if (!rc)
		rc = sk_read_u32(r, v, field);
	r->off = start;
	return rc;
}

/*
 * A SEV certificate has an OCA..CEK usage at 0x08; otherwise the bytes must
 * be an AMD signing-key certificate with ARK or ASK usage at 0x24.
 */
static int identify(struct sk_reader *r, bool *is_sev)
{
	size_t start = r->off;
	uint32_t usage;
	int rc = peek_u32(r, start, SEV_USAGE_AT, &usage, "pub_key_usage");

	if (rc)
		return rc;
	if (usage >= SEV_USAGE_OCA && usage <= SEV_USAGE_CEK) {
		*is_sev = true;
		return 0;
	}
	rc = peek_u32(r, start, CA_USAGE_AT, &usage, "key_usage");
	if (rc)
		return rc;
	if (usage != SEV_USAGE_ARK && usage != SEV_USAGE_ASK)
		return sk_reader_reject(r, start, "usage",
					"neither a SEV certificate (OCA, PEK, PDH or CEK usage at "
					"+0x08) nor an AMD ARK/ASK (usage at +0x24)");
	*is_sev = false;
	return 0;
}

static int read_sev(struct sk_reader *r, struct sev_chain *c, enum sev_chain_role *role)
{
	size_t start = r->off;
	struct sev_cert cert;
	const uint8_t *p;
	int rc = sk_read_ref(r, &p, SEV_CERT_SIZE, "SEV certificate");

	if (rc)
		return rc; /* the reader said where and how much is missing */
	rc = sev_cert_parse(p, SEV_CERT_SIZE, &cert);
	if (rc) /* its offsets are the certificate's own: say where it starts */
		return sk_fail(rc, WHAT ": the SEV certificate at offset 0x%zx is malformed",
			       start);
	*role = role_of_sev(cert.usage);
	*sev_slot(c, *role) = cert;
	return 0;
}

static int read_ca(struct sk_reader *r, struct sev_chain *c, enum sev_chain_role *role)
{
	size_t start = r->off, used;
	struct sev_ca_cert cert;
	int rc = sev_ca_cert_parse(r->buf + start, sk_reader_left(r), &cert, &used);

	if (rc)
		return sk_fail(rc, WHAT ": the AMD certificate at offset 0x%zx is malformed",
			       start);
	r->off += used;
	*role = cert.usage == SEV_USAGE_ARK ? SEV_CHAIN_ARK : SEV_CHAIN_ASK;
	if (!cert.has_signature && !sk_ca_cert_add_known_signature(&cert))
		return sk_reader_reject(r, start + cert.body_len, "signature",
					"the %s ends without its signature",
					sev_chain_role_name(*role));
	if (*role == SEV_CHAIN_ARK)
		c->ark = cert;
	else
		c->ask = cert;
	return 0;
}

static int check_order(struct sk_reader *r, const struct sev_chain *c, size_t start,
		       enum sev_chain_role role)
{
	const char *name = sev_chain_role_name(role);

	if (sev_chain_has(c, role))
		return sk_reader_reject(r, start, "usage", "a second %s", name);
	for (int later = (int)role + 1; later < SEV_CHAIN_ROLES; later++)
		if (sev_chain_has(c, (enum sev_chain_role)later))
			return sk_reader_reject(r, start, "usage",
						"%s after the %s; the order is PDH, PEK, OCA, "
						"CEK, ASK, ARK", name,
						sev_chain_role_name((enum sev_chain_role)later));
	return 0;
}

/* Read the certificate at the reader's offset into its place in the chain. */
static int read_one(struct sk_reader *r, struct sev_chain *c)
{
	enum sev_chain_role role = SEV_CHAIN_PDH;
	size_t start = r->off;
	bool is_sev = false;
	int rc;

	if (sev_chain_has(c, SEV_CHAIN_ARK)) /* the ARK comes last */
		return sk_reader_reject(r, start, "end of chain",
					"%zu unexpected bytes after the ARK", sk_reader_left(r));
	rc = identify(r, &is_sev);
	if (!rc)
		rc = is_sev ? read_sev(r, c, &role) : read_ca(r, c, &role);
	if (!rc)
		rc = check_order(r, c, start, role);
	if (rc)
		return rc;
	c->present |= 1u << role;
	c->offset[role] = start;
	c->size[role] = r->off - start;
	return 0;
}

int sev_chain_parse(const uint8_t *buf, size_t len, struct sev_chain *c)
{
	struct sk_reader r;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	if (len == 0)
		return sk_fail(SEV_E_FORMAT, WHAT ": empty, no certificate");
	sk_reader_init(&r, buf, len, WHAT);
	while (!rc && sk_reader_left(&r))
		rc = read_one(&r, c);
	if (rc)
		memset(c, 0, sizeof(*c));
	return rc;
}
