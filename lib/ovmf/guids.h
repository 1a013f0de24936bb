/* SPDX-License-Identifier: Apache-2.0 */
/* GUIDs of the OVMF footer table entries, in EFI byte order. */
#ifndef SK_OVMF_GUIDS_H
#define SK_OVMF_GUIDS_H

#include <stdint.h>

#include "util/guid.h"

extern const uint8_t sk_guid_ovmf_footer[SK_GUID_LEN];   /* 96b582de-1fb2-45f7-baea-a366c55a082d */
extern const uint8_t sk_guid_sev_es_reset[SK_GUID_LEN];  /* 00f771de-1a7e-4fcb-890e-68c77e2fb44e */
extern const uint8_t sk_guid_sev_hashes[SK_GUID_LEN];    /* 7255371f-3a3b-4b04-927b-1da6efa8d454 */
extern const uint8_t sk_guid_sev_secret[SK_GUID_LEN];    /* 4c2eb361-7d9b-4cc3-8081-127c90d3d294 */
extern const uint8_t sk_guid_sev_metadata[SK_GUID_LEN];  /* dc886566-984a-4798-a75e-5585a7bf67cc */

#endif
