/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LAUNCH_SECRET (SEV API #55766, 6.6): a packet header {u32 flags, IV, MAC}
 * and a payload encrypted with the TEK, which the firmware checks against the
 * TIK and the launch measurement before it decrypts the payload into guest
 * memory. OVMF expects the payload to be its secret GUID table.
 */
#include <sevkit/launch.h>
#include <sevkit/measure.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/aes.h"
#include "crypto/mac.h"
#include "crypto/secure.h"
#include "util/bytes.h"
#include "util/guid.h"
#include "util/log.h"

#define SECRET_MAC_CONTEXT 0x01
#define TABLE_ALIGN 16

static const uint8_t table_guid[SK_GUID_LEN] = {
	0x42, 0xf5, 0x74, 0x1e, 0xdd, 0x71, 0x66, 0x4d,
	0x96, 0x3e, 0xef, 0x42, 0x87, 0xff, 0x17, 0x3b,
};

static const struct {
	const char *alias;
	const char *guid;
} aliases[] = {
	{ "luks-key", "736869e5-84f0-4973-92ec-06879ce3da0b" },
};

int sev_secret_guid(const char *alias_or_guid, uint8_t guid[16])
{
	for (size_t i = 0; i < SK_ARRAY_SIZE(aliases); i++)
		if (!strcmp(alias_or_guid, aliases[i].alias))
			return sk_guid_parse(aliases[i].guid, guid);
	if (strlen(alias_or_guid) != 36)
		return sk_fail(SEV_E_INVALID, "secret name '%s' is neither a GUID nor a known "
			       "alias (luks-key)", alias_or_guid);
	return sk_guid_parse(alias_or_guid, guid);
}

/* Sum of the table's unpadded length, refusing anything past u32. */
static int table_length(const struct sev_secret_entry *e, size_t n, uint32_t *total)
{
	uint64_t sum = SEV_SECRET_ENTRY_OVERHEAD;

	if (n == 0)
		return sk_fail(SEV_E_INVALID, "no secret to put in the table");
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (!memcmp(e[i].guid, e[j].guid, SK_GUID_LEN)) {
				char name[SK_GUID_TEXT];

				sk_guid_format(e[i].guid, name);
				return sk_fail(SEV_E_INVALID, "secret %s is given twice", name);
			}
		}
		if (e[i].len > UINT32_MAX - sum - SEV_SECRET_ENTRY_OVERHEAD - TABLE_ALIGN)
			return sk_fail(SEV_E_TOOBIG, "secret table larger than 4 GiB");
		sum += SEV_SECRET_ENTRY_OVERHEAD + e[i].len;
	}
	*total = (uint32_t)sum;
	return 0;
}

int sev_secret_table_build(const struct sev_secret_entry *e, size_t n, uint8_t **table,
			   size_t *len)
{
	uint32_t total = 0;
	size_t padded, off;
	uint8_t *t;
	int rc;

	if ((rc = table_length(e, n, &total)))
		return rc;
	padded = (total + TABLE_ALIGN - 1) / TABLE_ALIGN * TABLE_ALIGN;
	t = sk_secret_alloc(padded); /* zeroed: the padding is zero */
	if (!t)
		return -ENOMEM;
	memcpy(t, table_guid, SK_GUID_LEN);
	sk_put_le32(t + SK_GUID_LEN, total);
	off = SEV_SECRET_ENTRY_OVERHEAD;
	for (size_t i = 0; i < n; i++) {
		memcpy(t + off, e[i].guid, SK_GUID_LEN);
		sk_put_le32(t + off + SK_GUID_LEN,
			    (uint32_t)(SEV_SECRET_ENTRY_OVERHEAD + e[i].len));
		if (e[i].len)
			memcpy(t + off + SEV_SECRET_ENTRY_OVERHEAD, e[i].data, e[i].len);
		off += SEV_SECRET_ENTRY_OVERHEAD + e[i].len;
	}
	*table = t;
	*len = padded;
	return 0;
}

void sev_secret_free(uint8_t *p, size_t len)
{
	(void)len; /* its pages know their size */
	sk_secret_free(p);
}

int sev_secret_area_check(const uint8_t *fw, size_t fw_len, size_t table_len)
{
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	int rc = sev_ovmf_table_parse(fw, fw_len, &t);

	if (rc)
		return rc;
	if (!t.has_secret || t.secret_base == 0 || t.secret_size == 0)
		return sk_fail(SEV_E_UNSUPPORTED, "the firmware has no launch secret area (footer "
			       "entry 4c2eb361): it cannot receive secrets");
	if (table_len > t.secret_size)
		return sk_fail(SEV_E_TOOBIG, "the secret table takes %zu bytes, the firmware's "
			       "secret area only %u", table_len, t.secret_size);
	return 0;
}

static int packet_mac(const uint8_t tik[16], const uint8_t measure[32], const uint8_t *header,
		      const uint8_t *cipher, size_t len, uint8_t mac[SK_HMAC_LEN])
{
	uint8_t context = SECRET_MAC_CONTEXT, lengths[8];
	struct sk_buf parts[] = {
		{ &context, 1 },
		{ header, 4 + 16 }, /* flags and IV */
		{ lengths, sizeof(lengths) },
		{ cipher, len },
		{ measure, 32 },
	};

	if (len > UINT32_MAX)
		return sk_fail(SEV_E_TOOBIG, "secret payload of %zu bytes", len);
	/* GUEST_LENGTH and TRANS_LENGTH: both the plaintext size, nothing is compressed */
	sk_put_le32(lengths, (uint32_t)len);
	sk_put_le32(lengths + 4, (uint32_t)len);
	return sk_hmac_sha256(tik, 16, parts, SK_ARRAY_SIZE(parts), mac);
}

int sev_launch_secret_seal(const uint8_t tek[16], const uint8_t tik[16],
			   const uint8_t measure[32], const uint8_t *iv, const uint8_t *plain,
			   size_t len, uint8_t header[SEV_SECRET_HEADER_LEN], uint8_t *cipher)
{
	int rc;

	if (len == 0)
		return sk_fail(SEV_E_INVALID, "empty secret payload");
	memset(header, 0, SEV_SECRET_HEADER_LEN);
	if (iv)
		memcpy(header + 4, iv, 16);
	else if ((rc = sk_random(header + 4, 16)))
		return rc;
	if ((rc = sk_aes128_ctr(tek, header + 4, plain, len, cipher)) ||
	    (rc = packet_mac(tik, measure, header, cipher, len, header + 20))) {
		sk_wipe(cipher, len);
		return rc;
	}
	return 0;
}

int sev_launch_secret_open(const uint8_t tek[16], const uint8_t tik[16],
			   const uint8_t measure[32], const uint8_t header[SEV_SECRET_HEADER_LEN],
			   const uint8_t *cipher, size_t len, uint8_t *plain)
{
	uint8_t mac[SK_HMAC_LEN];
	uint32_t flags = sk_get_le32(header);
	int rc;

	if (flags != 0)
		return sk_fail(SEV_E_UNSUPPORTED, "LAUNCH_SECRET header: flags 0x%x (compressed "
			       "payloads are not supported)", flags);
	if ((rc = packet_mac(tik, measure, header, cipher, len, mac)))
		return rc;
	if (!sk_ct_equal(mac, header + 20, SK_HMAC_LEN))
		return sk_fail(SEV_E_VERIFY, "LAUNCH_SECRET header: MAC does not match (wrong "
			       "TIK, measurement or payload)");
	return sk_aes128_ctr(tek, header + 4, cipher, len, plain);
}
