/* SPDX-License-Identifier: Apache-2.0 */
/* libxml2 helpers shared by the domain converter and the linter. */
#ifndef SK_VM_XML_H
#define SK_VM_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#define SK_XML_MAX (16u << 20) /* a domain definition is a few KiB */

/*
 * Parse a document without network access, DTDs or entity expansion; libxml2's
 * messages go to sk_log. Blank text is dropped so that the output can be
 * indented afresh. SEV_E_FORMAT when malformed, when it has a DOCTYPE, or
 * when the root element is not <domain>.
 */
int sk_xml_parse_domain(const char *xml, size_t len, xmlDocPtr *doc);
/* Serialise with two-space indentation and no XML declaration (libvirt's style). */
int sk_xml_dump(xmlDocPtr doc, char **out, size_t *out_len);

/* Element helpers; names are ASCII element names without namespace. */
bool sk_xml_is(const xmlNode *n, const char *name);
xmlNodePtr sk_xml_child(const xmlNode *parent, const char *name);
xmlNodePtr sk_xml_next(const xmlNode *after, const char *name);
/* First child of that name, created (appended) when missing. */
xmlNodePtr sk_xml_child_ensure(xmlNodePtr parent, const char *name, bool *created);
/* Attribute value (owned by the document) or NULL; sk_xml_attr_is compares. */
char *sk_xml_attr(const xmlNode *n, const char *name);
bool sk_xml_attr_is(const xmlNode *n, const char *name, const char *value);
void sk_xml_attr_free(char *v);
/* Set an attribute; returns true when the value changed. */
bool sk_xml_set_attr(xmlNodePtr n, const char *name, const char *value);
/* Replace the text content of an element; returns true when it changed. */
bool sk_xml_set_text(xmlNodePtr n, const char *text);
/* Text of an element, trimmed, in buf (empty when too long or absent). */
void sk_xml_text(const xmlNode *n, char *buf, size_t size);
void sk_xml_remove(xmlNodePtr n);

/*
 * Size of a libvirt scaled-integer element (<memory unit='GiB'>4</memory>) in
 * KiB; unit defaults to KiB. false when absent or malformed.
 */
bool sk_xml_size_kib(const xmlNode *n, uint64_t *kib);

/* Base64 text decoding to exactly want bytes (for the SNP blobs). */
int sk_check_b64_len(const char *field, const char *b64, size_t want);

#endif
