/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Names of the SEV firmware status codes (SEV API specification #55766,
 * "Status Codes"; SNP ABI #56860; the SEV_RET_* values of the Linux uapi
 * header psp-sev.h, without the prefix).
 */
#include <sevkit/platform.h>

#include "util/bytes.h"

static const char *const names[] = {
	[0x00] = "SUCCESS",
	[0x01] = "INVALID_PLATFORM_STATE",
	[0x02] = "INVALID_GUEST_STATE",
	[0x03] = "INVALID_CONFIG",
	[0x04] = "INVALID_LEN",
	[0x05] = "ALREADY_OWNED",
	[0x06] = "INVALID_CERTIFICATE",
	[0x07] = "POLICY_FAILURE",
	[0x08] = "INACTIVE",
	[0x09] = "INVALID_ADDRESS",
	[0x0A] = "BAD_SIGNATURE",
	[0x0B] = "BAD_MEASUREMENT",
	[0x0C] = "ASID_OWNED",
	[0x0D] = "INVALID_ASID",
	[0x0E] = "WBINVD_REQUIRED",
	[0x0F] = "DFFLUSH_REQUIRED",
	[0x10] = "INVALID_GUEST",
	[0x11] = "INVALID_COMMAND",
	[0x12] = "ACTIVE",
	[0x13] = "HWSEV_RET_PLATFORM",
	[0x14] = "HWSEV_RET_UNSAFE",
	[0x15] = "UNSUPPORTED",
	[0x16] = "INVALID_PARAM",
	[0x17] = "RESOURCE_LIMIT",
	[0x18] = "SECURE_DATA_INVALID",
	[0x19] = "INVALID_PAGE_SIZE",
	[0x1A] = "INVALID_PAGE_STATE",
	[0x1B] = "INVALID_MDATA_ENTRY",
	[0x1C] = "INVALID_PAGE_OWNER",
	[0x1D] = "INVALID_PAGE_AEAD_OFLOW",
	[0x1F] = "RB_MODE_EXITED",
	[0x20] = "RMP_INIT_REQUIRED",
	[0x21] = "BAD_SVN",
	[0x22] = "BAD_VERSION",
	[0x23] = "SHUTDOWN_REQUIRED",
	[0x24] = "UPDATE_FAILED",
	[0x25] = "RESTORE_REQUIRED",
	[0x26] = "RMP_INITIALIZATION_FAILED",
	[0x27] = "INVALID_KEY",
};

const char *sev_fw_error_name(uint32_t code)
{
	return code < SK_ARRAY_SIZE(names) ? names[code] : NULL;
}
