/* SPDX-License-Identifier: Apache-2.0 */
#include "util/guid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/hex.h"
#include "util/log.h"

/* Position of each text byte pair in the EFI byte order. */
static const uint8_t efi_order[SK_GUID_LEN] = { 3, 2, 1, 0, 5, 4, 7, 6,
						 8, 9, 10, 11, 12, 13, 14, 15 };

int sk_guid_parse(const char *text, uint8_t out[SK_GUID_LEN])
{
	char digits[33];
	uint8_t be[SK_GUID_LEN];
	size_t n = 0;

	if (strlen(text) != 36)
		return sk_fail(SEV_E_INVALID, "'%s' is not a GUID (36 characters expected)", text);
	for (size_t i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? text[i] != '-' : !isxdigit((unsigned char)text[i]))
			return sk_fail(SEV_E_INVALID, "'%s' is not a GUID", text);
		if (!dash)
			digits[n++] = text[i];
	}
	digits[n] = '\0';
	if (sk_hex_decode(be, sizeof(be), digits))
		return SEV_E_INVALID;
	for (size_t i = 0; i < SK_GUID_LEN; i++)
		out[efi_order[i]] = be[i];
	return 0;
}

void sk_guid_format(const uint8_t guid[SK_GUID_LEN], char out[SK_GUID_TEXT])
{
	uint8_t be[SK_GUID_LEN];
	char hex[33];

	for (size_t i = 0; i < SK_GUID_LEN; i++)
		be[i] = guid[efi_order[i]];
	sk_hex_encode(hex, be, sizeof(be));
	snprintf(out, SK_GUID_TEXT, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16,
		 hex + 20);
}
