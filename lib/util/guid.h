/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GUIDs as firmware stores them: the EFI byte order, in which the first three
 * fields are little-endian (Python's uuid.bytes_le).
 */
#ifndef SK_GUID_H
#define SK_GUID_H

#include <stdint.h>

#define SK_GUID_LEN 16
#define SK_GUID_TEXT 37 /* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" and a NUL */

/* Parse the canonical 36-character form (either case) into EFI byte order. */
int sk_guid_parse(const char *text, uint8_t out[SK_GUID_LEN]);
/* Format EFI-ordered bytes as lower-case canonical text. */
void sk_guid_format(const uint8_t guid[SK_GUID_LEN], char out[SK_GUID_TEXT]);

#endif
