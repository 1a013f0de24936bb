/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers of the vm tests: fixtures with @VECTORS@ filled in, canonical XML. */
#ifndef SEVKIT_VM_TEST_H
#define SEVKIT_VM_TEST_H

#include "../test.h"

#include "vm/xml.h"

/* A fixture as a string, "@VECTORS@" replaced by the vectors directory. */
static inline char *fixture(const char *rel)
{
	size_t len, vlen = strlen(VECTORS), n = 0;
	char path[1024], *raw, *out, *p;
	uint8_t *data = NULL;
	const char *mark = "@VECTORS@";

	snprintf(path, sizeof(path), "%s/%s", VECTORS, rel);
	if (sk_file_read(path, 1u << 24, &data, &len) != 0)
		fail_msg("cannot read vector %s", path);
	raw = (char *)data;

	for (const char *m = strstr(raw, mark); m; m = strstr(m + 1, mark))
		n++;
	out = malloc(len + n * vlen + 1);
	assert_non_null(out);
	p = out;
	for (const char *s = raw; *s;) {
		if (strncmp(s, mark, strlen(mark)) == 0) {
			memcpy(p, VECTORS, vlen);
			p += vlen;
			s += strlen(mark);
		} else {
			*p++ = *s++;
		}
	}
	*p = 0;
	free(raw);
	return out;
}

/* Replace the one occurrence of find in *text by repl (the test fails if absent). */
static inline void edit(char **text, const char *find, const char *repl)
{
	char *at = strstr(*text, find), *out;
	size_t head;

	if (!at)
		fail_msg("fixture lacks '%s'", find);
	head = (size_t)(at - *text);
	out = malloc(strlen(*text) - strlen(find) + strlen(repl) + 1);
	assert_non_null(out);
	memcpy(out, *text, head);
	strcpy(out + head, repl);
	strcat(out, at + strlen(find));
	free(*text);
	*text = out;
}

/*
 * A normal form of an XML text: blanks between elements dropped, indentation
 * and quotes redone by libxml2. (C14N would refuse kcli's relative namespace
 * URI "kvirt".) Attribute order still counts.
 */
static inline char *canonical(const char *xml)
{
	xmlDocPtr doc;
	char *out;
	size_t len;

	assert_int_equal(sk_xml_parse_domain(xml, strlen(xml), &doc), 0);
	assert_int_equal(sk_xml_dump(doc, &out, &len), 0);
	xmlFreeDoc(doc);
	return out;
}

#endif
