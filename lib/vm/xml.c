/* SPDX-License-Identifier: Apache-2.0 */
#include "vm/xml.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

#include "crypto/base64.h"
#include "util/log.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libxml2 reports through global (per-thread) handlers: keep the first error. */
struct parse_errors {
	int line;
	char msg[256];
	bool seen;
};

static void on_structured_error(void *ctx, xmlErrorPtr e)
{
	struct parse_errors *pe = ctx;
	size_t n;

	if (pe->seen || !e || e->level < XML_ERR_ERROR)
		return;
	pe->seen = true;
	pe->line = e->line;
	snprintf(pe->msg, sizeof(pe->msg), "%s", e->message ? e->message : "parse error");
	n = strlen(pe->msg);
	while (n && (pe->msg[n - 1] == '\n' || pe->msg[n - 1] == ' '))
		pe->msg[--n] = 0;
}

static void on_generic_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static bool has_element_child(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

/*
 * Drop whitespace-only text between elements (libxml2's own blank removal
 * keeps it next to other text), so that indentation is always redone the same
 * way and a document written out reads back identical.
 */
static void strip_blanks(xmlNodePtr n)
{
	bool elements = has_element_child(n);
	xmlNodePtr next;

	for (xmlNodePtr c = n->children; c; c = next) {
		next = c->next;
		if (elements && c->type == XML_TEXT_NODE && xmlIsBlankNode(c))
			sk_xml_remove(c);
		else if (c->type == XML_ELEMENT_NODE)
			strip_blanks(c);
	}
}

int sk_xml_parse_domain(const char *xml, size_t len, xmlDocPtr *doc)
{
	struct parse_errors pe = { 0 };
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;
	xmlNodePtr root;
	xmlDocPtr d;

	*doc = NULL;
	if (len > SK_XML_MAX || len > INT32_MAX)
		return sk_fail(SEV_E_TOOBIG, "domain XML: larger than %u bytes", SK_XML_MAX);
	/* libxml2 2.9 wants its first initialisation alone, not racing another thread's */
	pthread_once(&xml_once, xmlInitParser);
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	xmlSetStructuredErrorFunc(&pe, on_structured_error);
	d = xmlReadMemory(xml, (int)len, "domain.xml", NULL,
			  XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOWARNING |
				  XML_PARSE_NOERROR | XML_PARSE_NOCDATA);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	if (!d) {
		if (pe.seen)
			return sk_fail(SEV_E_FORMAT, "domain XML: line %d: %s", pe.line, pe.msg);
		return sk_fail(SEV_E_FORMAT, "domain XML: not well-formed");
	}
	/* A domain never needs a DTD; refusing it rules out entity tricks. */
	if (d->intSubset || d->extSubset) {
		xmlFreeDoc(d);
		return sk_fail(SEV_E_FORMAT, "domain XML: a DOCTYPE is not allowed");
	}
	root = xmlDocGetRootElement(d);
	if (!root || !sk_xml_is(root, "domain")) {
		xmlFreeDoc(d);
		return sk_fail(SEV_E_FORMAT, "domain XML: the root element must be <domain>");
	}
	strip_blanks(root);
	*doc = d;
	return 0;
}

int sk_xml_dump(xmlDocPtr doc, char **out, size_t *out_len)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlSaveCtxtPtr save;
	const xmlChar *content;
	int n;

	if (!buf)
		return -ENOMEM;
	/* an element that was empty (or blank) may have gained children since parsing */
	strip_blanks(xmlDocGetRootElement(doc));
	save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_FORMAT | XML_SAVE_NO_DECL);
	if (!save) {
		xmlBufferFree(buf);
		return -ENOMEM;
	}
	xmlSaveDoc(save, doc);
	if (xmlSaveClose(save) < 0) {
		xmlBufferFree(buf);
		return sk_fail(SEV_E_INTERNAL, "domain XML: serialisation failed");
	}
	content = xmlBufferContent(buf);
	n = xmlBufferLength(buf);
	*out = malloc((size_t)n + 2);
	if (!*out) {
		xmlBufferFree(buf);
		return -ENOMEM;
	}
	memcpy(*out, content, (size_t)n);
	if (n == 0 || content[n - 1] != '\n')
		(*out)[n++] = '\n'; /* a text file ends with a newline */
	(*out)[n] = 0;
	*out_len = (size_t)n;
	xmlBufferFree(buf);
	return 0;
}

bool sk_xml_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !n->ns &&
	       strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr sk_xml_next(const xmlNode *after, const char *name)
{
	for (xmlNodePtr c = after ? after->next : NULL; c; c = c->next)
		if (sk_xml_is(c, name))
			return c;
	return NULL;
}

xmlNodePtr sk_xml_child(const xmlNode *parent, const char *name)
{
	if (!parent)
		return NULL;
	for (xmlNodePtr c = parent->children; c; c = c->next)
		if (sk_xml_is(c, name))
			return c;
	return NULL;
}

xmlNodePtr sk_xml_child_ensure(xmlNodePtr parent, const char *name, bool *created)
{
	xmlNodePtr c = sk_xml_child(parent, name);

	if (created)
		*created = false;
	if (c)
		return c;
	c = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
	if (c && created)
		*created = true;
	return c;
}

char *sk_xml_attr(const xmlNode *n, const char *name)
{
	return n ? (char *)xmlGetNoNsProp(n, (const xmlChar *)name) : NULL;
}

void sk_xml_attr_free(char *v)
{
	xmlFree(v);
}

bool sk_xml_attr_is(const xmlNode *n, const char *name, const char *value)
{
	char *v = sk_xml_attr(n, name);
	bool eq = v && strcmp(v, value) == 0;

	xmlFree(v);
	return eq;
}

bool sk_xml_set_attr(xmlNodePtr n, const char *name, const char *value)
{
	if (sk_xml_attr_is(n, name, value))
		return false;
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
	return true;
}

void sk_xml_text(const xmlNode *n, char *buf, size_t size)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	const char *s = (const char *)t;
	size_t len;

	buf[0] = 0;
	if (!s)
		return;
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len < size) {
		memcpy(buf, s, len);
		buf[len] = 0;
	}
	xmlFree(t);
}

bool sk_xml_set_text(xmlNodePtr n, const char *text)
{
	xmlChar *cur = xmlNodeGetContent(n);
	bool same = cur && strcmp((const char *)cur, text) == 0;
	xmlChar *esc;

	xmlFree(cur);
	if (same)
		return false;
	esc = xmlEncodeSpecialChars(n->doc, (const xmlChar *)text);
	xmlNodeSetContent(n, esc);
	xmlFree(esc);
	return true;
}

void sk_xml_remove(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* libvirt's scaled integers: b/bytes, KB/MB/GB/TB (powers of 1000), k/KiB... (1024). */
static bool unit_bytes(const char *unit, uint64_t *mult)
{
	static const struct {
		const char *name;
		uint64_t mult;
	} units[] = {
		{ "b", 1 }, { "bytes", 1 },
		{ "KB", 1000ull }, { "k", 1024ull }, { "KiB", 1024ull }, { "K", 1024ull },
		{ "MB", 1000000ull }, { "M", 1ull << 20 }, { "MiB", 1ull << 20 },
		{ "GB", 1000000000ull }, { "G", 1ull << 30 }, { "GiB", 1ull << 30 },
		{ "TB", 1000000000000ull }, { "T", 1ull << 40 }, { "TiB", 1ull << 40 },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(unit, units[i].name) == 0) {
			*mult = units[i].mult;
			return true;
		}
	return false;
}

bool sk_xml_size_kib(const xmlNode *n, uint64_t *kib)
{
	char text[32], *end;
	char *unit;
	uint64_t mult = 1024, v;
	bool ok;

	if (!n)
		return false;
	sk_xml_text(n, text, sizeof(text));
	if (!isdigit((unsigned char)text[0]))
		return false;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (*end || errno)
		return false;
	unit = sk_xml_attr(n, "unit");
	ok = !unit || unit_bytes(unit, &mult);
	xmlFree(unit);
	if (!ok || (v && mult > UINT64_MAX / v))
		return false;
	*kib = v * mult / 1024;
	return true;
}

int sk_check_b64_len(const char *field, const char *b64, size_t want)
{
	uint8_t *raw = NULL;
	size_t n = 0;
	int rc = sk_base64_decode(b64, strlen(b64), &raw, &n);

	free(raw);
	if (rc)
		return sk_fail(SEV_E_INVALID, "%s: not base64", field);
	if (n != want)
		return sk_fail(SEV_E_INVALID, "%s: %zu bytes after base64 decoding, expected %zu",
			       field, n, want);
	return 0;
}
