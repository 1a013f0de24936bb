/* SPDX-License-Identifier: Apache-2.0 */
/* RIMs: parse the SWID tag, check its signature, compare its golden values with a report. */
#include "gpu/rim.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "crypto/xmldsig.h"
#include "gpu/roots.h"
#include "util/hex.h"
#include "util/log.h"

#define SWID_NS "http://standards.iso.org/iso/19770/-2/2015/schema.xsd"
#define HASH_NS "http://www.w3.org/2001/04/xmlenc#sha384"

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, SWID_NS) &&
	       !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *parent, const char *name)
{
	for (const xmlNode *n = parent->children; n; n = n->next)
		if (is(n, name))
			return n;
	return NULL;
}

/* An attribute's text into buf; -ENOENT when absent, SEV_E_FORMAT when too long. */
static int attr(const xmlNode *n, const char *name, const char *ns, char *buf, size_t len)
{
	xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns) :
			  xmlGetNoNsProp(n, (const xmlChar *)name);
	int rc = 0;

	if (!v)
		return -ENOENT;
	if (strlen((const char *)v) >= len)
		rc = SEV_E_FORMAT;
	else
		strcpy(buf, (const char *)v);
	xmlFree(v);
	return rc;
}

static int number(const xmlNode *n, const char *name, unsigned max, unsigned *out)
{
	char buf[8], *end;
	unsigned long v;

	if (attr(n, name, NULL, buf, sizeof(buf)) || !isdigit((unsigned char)buf[0]))
		return SEV_E_FORMAT;
	v = strtoul(buf, &end, 10);
	if (*end || v > max)
		return SEV_E_FORMAT;
	*out = (unsigned)v;
	return 0;
}

/* One <Resource type="Measurement" .../>; *active is false for the entries that do not count. */
static int read_resource(const xmlNode *n, struct sk_gpu_golden *g, bool *active)
{
	char buf[SK_RIM_MAX_ALT * 2 * 48], key[16];
	unsigned size;

	if (attr(n, "type", NULL, buf, sizeof(buf)) || strcmp(buf, "Measurement") ||
	    attr(n, "active", NULL, buf, sizeof(buf)) ||
	    (strcmp(buf, "True") && strcmp(buf, "False")) ||
	    number(n, "index", SK_RIM_MAX_INDEX - 1, &g->index) ||
	    number(n, "alternatives", SK_RIM_MAX_ALT, &g->n_alt) || !g->n_alt ||
	    number(n, "size", 48, &size) || size != 48 ||
	    attr(n, "name", NULL, g->name, sizeof(g->name)))
		return SEV_E_FORMAT;
	*active = !strcmp(buf, "True");
	g->size = size;
	for (unsigned i = 0; i < g->n_alt; i++) {
		snprintf(key, sizeof(key), "Hash%u", i);
		if (attr(n, key, HASH_NS, buf, sizeof(buf)) || strlen(buf) != 96 ||
		    sk_hex_decode(g->hash[i], 48, buf))
			return SEV_E_FORMAT;
	}
	return 0;
}

static bool dotted_hex(const char *v)
{
	unsigned dots = 0;

	for (; *v; v++)
		if (*v == '.')
			dots++;
		else if (!isxdigit((unsigned char)*v))
			return false;
	return dots == 4;
}

static int read_meta(const xmlNode *root, struct sk_gpu_rim *rim)
{
	const xmlNode *meta = child(root, "Meta");

	if (!meta || attr(meta, "colloquialVersion", NULL, rim->version, sizeof(rim->version)))
		return sk_fail(SEV_E_FORMAT, "RIM %s: no Meta colloquialVersion", rim->label);
	for (char *p = rim->version; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	rim->vbios = dotted_hex(rim->version);
	return 0;
}

static int read_payload(const xmlNode *root, struct sk_gpu_rim *rim)
{
	const xmlNode *payload = child(root, "Payload");
	bool seen[SK_RIM_MAX_INDEX] = { false }, active;

	if (!payload)
		return sk_fail(SEV_E_FORMAT, "RIM %s: no Payload", rim->label);
	rim->golden = calloc(SK_RIM_MAX_INDEX, sizeof(*rim->golden));
	if (!rim->golden)
		return -ENOMEM;
	for (const xmlNode *n = payload->children; n; n = n->next) {
		struct sk_gpu_golden *g = &rim->golden[rim->n];

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!is(n, "Resource") || read_resource(n, g, &active))
			return sk_fail(SEV_E_FORMAT, "RIM %s: line %d: not a measurement resource "
				       "(type, index, active, alternatives, size 48, name, hashes)",
				       rim->label, n->line);
		if (seen[g->index])
			return sk_fail(SEV_E_FORMAT, "RIM %s: index %u twice", rim->label, g->index);
		seen[g->index] = true;
		if (active)
			rim->n++;
	}
	return 0;
}

int sk_gpu_rim_load(const char *label, const uint8_t *xml, size_t len, struct sk_gpu_rim *rim)
{
	const xmlError *e;
	xmlNode *root;
	char why[160];
	int rc;

	memset(rim, 0, sizeof(*rim));
	snprintf(rim->label, sizeof(rim->label), "%s", label);
	if (len > 16 << 20)
		return sk_fail(SEV_E_TOOBIG, "RIM %s: larger than 16 MiB", label);
	if (sk_xmldsig_init())
		return sk_fail(SEV_E_CRYPTO, "RIM %s: libxml2 and xmlsec1 could not be initialised",
			       label);
	xmlResetLastError();
	rim->doc = xmlReadMemory((const char *)xml, (int)len, NULL, NULL,
				 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!rim->doc) {
		e = xmlGetLastError();
		snprintf(why, sizeof(why), "%s", e && e->message ? e->message : "unreadable");
		why[strcspn(why, "\n")] = 0;
		return sk_fail(SEV_E_FORMAT, "RIM %s: not XML: line %d: %s", label, e ? e->line : 0,
			       why);
	}
	root = xmlDocGetRootElement(rim->doc);
	if (rim->doc->intSubset || !root || !is(root, "SoftwareIdentity"))
		rc = sk_fail(SEV_E_FORMAT, "RIM %s: not a SWID tag (SoftwareIdentity, no DTD)",
			     label);
	else if (!(rc = read_meta(root, rim)))
		rc = read_payload(root, rim);
	if (rc)
		sk_gpu_rim_free(rim);
	return rc;
}

void sk_gpu_rim_free(struct sk_gpu_rim *rim)
{
	xmlFreeDoc(rim->doc);
	free(rim->golden);
	memset(rim, 0, sizeof(*rim));
}

bool sk_gpu_rim_signature_holds(const struct sk_gpu_rim *rim, time_t at,
				struct sev_gpu_result *res)
{
	const uint8_t *root;
	size_t len;
	char why[200];

	sk_gpu_rim_root_pem(&root, &len);
	if (!sk_xmldsig_verify(rim->doc, root, len, at, why, sizeof(why)))
		return true;
	sk_gpu_fail(res, strstr(why, "expired") ? "expired" : "rim-signature", "RIM %s: %s",
		    rim->label, why);
	return false;
}

static const struct sk_spdm_block *block(const struct sk_spdm_report *r, unsigned index)
{
	for (size_t i = 0; i < r->n_block; i++)
		if (r->block[i].index == index)
			return &r->block[i];
	return NULL;
}

static void mismatch(const struct sk_gpu_rim *rim, const struct sk_gpu_golden *g,
		     const struct sk_spdm_block *b, struct sev_gpu_result *res)
{
	struct sev_gpu_mismatch *m;

	if (res->n_mismatch++ >= SEV_GPU_FAILURE_MAX)
		return;
	m = &res->mismatch[res->n_mismatch - 1];
	m->index = g->index + 1;
	snprintf(m->name, sizeof(m->name), "%s", g->name);
	snprintf(m->rim, sizeof(m->rim), "%s", rim->label);
	sk_hex_encode(m->expected, g->hash[0], 48);
	if (b && b->size == 48)
		sk_hex_encode(m->actual, b->value, 48);
}

static bool golden_matches(const struct sk_gpu_golden *g, const struct sk_spdm_block *b)
{
	if (!b || b->size != g->size)
		return false;
	for (unsigned i = 0; i < g->n_alt; i++)
		if (!memcmp(g->hash[i], b->value, g->size))
			return true;
	return false;
}

/*
 * The RIM of one kind (driver or VBIOS) to compare with: the one of the report's version, else
 * the only one of that kind, whose version then fails; none when several are and none is the
 * report's, or when two are. Version failures are listed; false when there is one.
 */
static bool pick(const struct sk_gpu_rim *rim, size_t n, bool vbios, const char *have,
		 const struct sk_gpu_rim **use, struct sev_gpu_result *res)
{
	const char *what = vbios ? "VBIOS" : "driver";
	const struct sk_gpu_rim *match = NULL, *last = NULL;
	size_t n_kind = 0, n_match = 0;

	for (size_t k = 0; k < n; k++) {
		if (rim[k].vbios != vbios)
			continue;
		n_kind++;
		last = &rim[k];
		if (!strcasecmp(rim[k].version, have)) {
			match = &rim[k];
			n_match++;
		}
	}
	*use = n_match == 1 ? match : n_kind == 1 ? last : NULL;
	if (n_match > 1)
		sk_gpu_fail(res, "rim-version", "%zu %s RIMs are for %s: give one", n_match, what,
			    have);
	else if (!n_match && n_kind == 1)
		sk_gpu_fail(res, "rim-version", "RIM %s is for %s %s, the report's %s is %s",
			    last->label, what, last->version, what, have[0] ? have : "not given");
	else if (!n_match && n_kind)
		sk_gpu_fail(res, "rim-version", "none of the %zu %s RIMs is for the report's %s %s",
			    n_kind, what, what, have[0] ? have : "(not given)");
	return n_match == 1 || !n_kind;
}

/* An index that two RIMs both claim would let either one vouch for it. */
static bool no_overlap(const struct sk_gpu_rim *const *rim, size_t n, struct sev_gpu_result *res)
{
	const char *owner[SK_RIM_MAX_INDEX] = { NULL };
	bool ok = true;

	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < rim[k]->n; i++) {
			unsigned idx = rim[k]->golden[i].index;

			if (owner[idx]) {
				sk_gpu_fail(res, "rim", "RIM index %u is active in both %s and %s", idx,
					    owner[idx], rim[k]->label);
				ok = false;
			}
			owner[idx] = rim[k]->label;
		}
	return ok;
}

bool sk_gpu_rims_match(const struct sk_gpu_rim *rim, size_t n, const struct sk_spdm_report *r,
		       const char *driver, const char *vbios, struct sev_gpu_result *res)
{
	const struct sk_gpu_rim *use[2] = { NULL, NULL }, *r_driver, *r_vbios;
	bool ok = pick(rim, n, false, driver, &r_driver, res);
	size_t n_use = 0;

	ok = pick(rim, n, true, vbios, &r_vbios, res) && ok;
	if (r_driver)
		use[n_use++] = r_driver;
	if (r_vbios)
		use[n_use++] = r_vbios;
	ok = no_overlap(use, n_use, res) && ok;

	for (size_t k = 0; k < n_use; k++) {
		for (size_t i = 0; i < use[k]->n; i++) {
			const struct sk_gpu_golden *g = &use[k]->golden[i];
			const struct sk_spdm_block *b = block(r, g->index + 1);

			res->n_compared++;
			if (golden_matches(g, b))
				continue;
			mismatch(use[k], g, b, res);
			ok = false;
		}
	}
	if (res->n_mismatch)
		sk_gpu_fail(res, "rim-measurement", "%zu of %zu measurements match no RIM",
			    res->n_mismatch, res->n_compared);
	return ok;
}
