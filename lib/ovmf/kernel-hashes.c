/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV hashes table QEMU writes into OVMF's hashes area for a measured
 * direct boot (kernel-hashes=on; OVMF BlobVerifierLibSevHashes checks it):
 *   table GUID 9438d606-4f22-4cc9-b479-a793d411fd21, u16 length 168,
 *   then three entries {GUID, u16 50, SHA-256} for cmdline, initrd, kernel,
 * padded with zeros to 176 bytes. GUIDs are in EFI byte order.
 */
#include <sevkit/ovmf.h>

#include <string.h>

#include "crypto/hash.h"
#include "util/bytes.h"
#include "util/guid.h"

#define TABLE_LEN 168
#define ENTRY_LEN (SK_GUID_LEN + 2 + SK_SHA256_LEN)

static const uint8_t table_guid[SK_GUID_LEN] = {
	0x06, 0xd6, 0x38, 0x94, 0x22, 0x4f, 0xc9, 0x4c,
	0xb4, 0x79, 0xa7, 0x93, 0xd4, 0x11, 0xfd, 0x21,
};
static const uint8_t cmdline_guid[SK_GUID_LEN] = {
	0xd8, 0x2d, 0xd0, 0x97, 0x20, 0xbd, 0x94, 0x4c,
	0xaa, 0x78, 0xe7, 0x71, 0x4d, 0x36, 0xab, 0x2a,
};
static const uint8_t initrd_guid[SK_GUID_LEN] = {
	0x31, 0xf7, 0xba, 0x44, 0x2f, 0x3a, 0xd7, 0x4b,
	0x9a, 0xf1, 0x41, 0xe2, 0x91, 0x69, 0x78, 0x1d,
};
static const uint8_t kernel_guid[SK_GUID_LEN] = {
	0x37, 0x94, 0xe7, 0x4d, 0xd2, 0xab, 0x7f, 0x42,
	0xb8, 0x35, 0xd5, 0xb1, 0x72, 0xd2, 0x04, 0x5b,
};

static uint8_t *put_entry(uint8_t *p, const uint8_t *guid, const uint8_t *hash)
{
	memcpy(p, guid, SK_GUID_LEN);
	sk_put_le16(p + SK_GUID_LEN, ENTRY_LEN);
	memcpy(p + SK_GUID_LEN + 2, hash, SK_SHA256_LEN);
	return p + ENTRY_LEN;
}

void sev_kernel_hashes_table(const uint8_t kernel_sha256[32], const uint8_t initrd_sha256[32],
			     const uint8_t cmdline_sha256[32], uint8_t out[SEV_KERNEL_HASHES_LEN])
{
	uint8_t *p = out;

	memset(out, 0, SEV_KERNEL_HASHES_LEN);
	memcpy(p, table_guid, SK_GUID_LEN);
	sk_put_le16(p + SK_GUID_LEN, TABLE_LEN);
	p += SK_GUID_LEN + 2;
	p = put_entry(p, cmdline_guid, cmdline_sha256);
	p = put_entry(p, initrd_guid, initrd_sha256);
	put_entry(p, kernel_guid, kernel_sha256);
}

int sev_kernel_hashes_digests(const uint8_t kernel_sha256[32], const uint8_t *initrd_sha256,
			      const char *cmdline, uint8_t out[SEV_KERNEL_HASHES_LEN])
{
	uint8_t i[SK_SHA256_LEN], c[SK_SHA256_LEN];
	int rc;

	/* No initrd is hashed as an empty one; QEMU hashes the command line with its NUL. */
	if (!cmdline)
		cmdline = "";
	if ((!initrd_sha256 && (rc = sk_sha256("", 0, i))) ||
	    (rc = sk_sha256(cmdline, strlen(cmdline) + 1, c)))
		return rc;
	sev_kernel_hashes_table(kernel_sha256, initrd_sha256 ? initrd_sha256 : i, c, out);
	return 0;
}

int sev_kernel_hashes_build(const uint8_t *kernel, size_t kernel_len, const uint8_t *initrd,
			    size_t initrd_len, const char *cmdline,
			    uint8_t out[SEV_KERNEL_HASHES_LEN])
{
	uint8_t k[SK_SHA256_LEN], i[SK_SHA256_LEN];
	int rc;

	if ((rc = sk_sha256(kernel, kernel_len, k)) ||
	    (initrd && (rc = sk_sha256(initrd, initrd_len, i))))
		return rc;
	return sev_kernel_hashes_digests(k, initrd ? i : NULL, cmdline, out);
}
