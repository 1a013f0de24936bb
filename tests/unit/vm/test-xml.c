/* SPDX-License-Identifier: Apache-2.0 */
/* The libxml2 layer: safe parsing, serialisation, scaled integers. */
#include "../test.h"

#include <sevkit/domain.h>

#include "vm/xml.h"

static int parse(const char *xml, xmlDocPtr *doc)
{
	return sk_xml_parse_domain(xml, strlen(xml), doc);
}

static void parse_rules(void **state)
{
	xmlDocPtr doc;
	char *out;
	size_t len;

	(void)state;
	assert_int_equal(parse("<domain>\n  <name>a &amp; b</name>\n</domain>", &doc), 0);
	assert_int_equal(sk_xml_dump(doc, &out, &len), 0);
	assert_string_equal(out, "<domain>\n  <name>a &amp; b</name>\n</domain>\n");
	free(out);
	xmlFreeDoc(doc);
	/* a DOCTYPE, even without entities, is refused */
	assert_int_equal(parse("<!DOCTYPE domain><domain/>", &doc), SEV_E_FORMAT);
	assert_null(doc);
	/* an external entity is never fetched: the DOCTYPE is refused first */
	{
		const char *x = "<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
				"<domain>&e;</domain>";

		assert_int_equal(parse(x, &doc), SEV_E_FORMAT);
	}
	assert_int_equal(parse("<domain><a></domain>", &doc), SEV_E_FORMAT);
	assert_int_equal(parse("<x:domain xmlns:x='u'/>", &doc), SEV_E_FORMAT);
	assert_int_equal(sk_xml_parse_domain("<domain/>", SK_XML_MAX + 1u, &doc), SEV_E_TOOBIG);
}

static uint64_t kib(const char *xml)
{
	xmlDocPtr doc;
	uint64_t v = 0;
	bool ok;

	assert_int_equal(sk_xml_parse_domain(xml, strlen(xml), &doc), 0);
	ok = sk_xml_size_kib(sk_xml_child(xmlDocGetRootElement(doc), "memory"), &v);
	xmlFreeDoc(doc);
	return ok ? v : UINT64_MAX;
}

static void scaled_integers(void **state)
{
	(void)state;
	assert_int_equal(kib("<domain><memory>4194304</memory></domain>"), 4194304);
	assert_int_equal(kib("<domain><memory unit='KiB'>1024</memory></domain>"), 1024);
	assert_int_equal(kib("<domain><memory unit='MiB'>2048</memory></domain>"), 2097152);
	assert_int_equal(kib("<domain><memory unit='G'>4</memory></domain>"), 4194304);
	assert_int_equal(kib("<domain><memory unit='GB'>1</memory></domain>"), 976562);
	assert_int_equal(kib("<domain><memory unit='bytes'>2048</memory></domain>"), 2);
	assert_int_equal(kib("<domain><memory unit='TiB'>1</memory></domain>"), 1ull << 30);
	assert_int_equal(kib("<domain><memory unit='parsec'>1</memory></domain>"), UINT64_MAX);
	assert_int_equal(kib("<domain><memory>-1</memory></domain>"), UINT64_MAX);
	assert_int_equal(kib("<domain><memory>12x</memory></domain>"), UINT64_MAX);
	assert_int_equal(kib("<domain><memory unit='TiB'>99999999999</memory></domain>"),
			 UINT64_MAX);
	assert_int_equal(kib("<domain/>"), UINT64_MAX);
}

static void base64_lengths(void **state)
{
	(void)state;
	assert_int_equal(sk_check_b64_len("x", "AAAA", 3), 0);
	assert_int_equal(sk_check_b64_len("x", "AAAA", 4), SEV_E_INVALID);
	assert_int_equal(sk_check_b64_len("x", "A!AA", 3), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_rules),
		cmocka_unit_test(scaled_integers),
		cmocka_unit_test(base64_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
