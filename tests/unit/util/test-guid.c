/* SPDX-License-Identifier: Apache-2.0 */
/* GUID text <-> EFI byte order, checked against the byte forms firmware stores. */
#include "../test.h"

#include <sevkit/error.h>

#include "util/guid.h"

/* The LUKS key GUID as it appears in sevctl's secret table vector (MANIFEST 4). */
static void parses_into_efi_byte_order(void **state)
{
	uint8_t g[SK_GUID_LEN];

	(void)state;
	assert_int_equal(sk_guid_parse("736869e5-84f0-4973-92ec-06879ce3da0b", g), 0);
	assert_hex_equal(g, sizeof(g), "e5696873f084734992ec06879ce3da0b");
	assert_int_equal(sk_guid_parse("1E74F542-71DD-4D66-963E-EF4287FF173B", g), 0);
	assert_hex_equal(g, sizeof(g), "42f5741edd71664d963eef4287ff173b");
}

static void formats_back_to_text(void **state)
{
	uint8_t g[SK_GUID_LEN];
	char text[SK_GUID_TEXT];

	(void)state;
	assert_int_equal(sk_hex_decode(g, sizeof(g), "de82b596b21ff745baeaa366c55a082d"), 0);
	sk_guid_format(g, text);
	assert_string_equal(text, "96b582de-1fb2-45f7-baea-a366c55a082d");
}

static void rejects_malformed_text(void **state)
{
	uint8_t g[SK_GUID_LEN];

	(void)state;
	assert_int_equal(sk_guid_parse("736869e584f0-4973-92ec-06879ce3da0b0", g), SEV_E_INVALID);
	assert_int_equal(sk_guid_parse("736869e5-84f0-4973-92ec-06879ce3da0", g), SEV_E_INVALID);
	assert_int_equal(sk_guid_parse("736869e5-84f0-4973-92ec-06879ce3da0g", g), SEV_E_INVALID);
	assert_int_equal(sk_guid_parse("", g), SEV_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_into_efi_byte_order),
		cmocka_unit_test(formats_back_to_text),
		cmocka_unit_test(rejects_malformed_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
