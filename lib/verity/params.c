/* SPDX-License-Identifier: Apache-2.0 */
/* Tree parameters: veritysetup's defaults and the limits it enforces. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sevkit/verity.h>

#include "crypto/digest.h"
#include "crypto/secure.h"
#include "util/log.h"
#include "util/struct.h"
#include "verity/verity-internal.h"

static int do_verity_params_randomize(struct sev_verity_params *p)
{
	int rc;

	/* veritysetup: 32 random salt bytes and a random (version 4) UUID. */
	p->salt_size = 32;
	memset(p->salt, 0, sizeof(p->salt));
	rc = sk_random(p->salt, p->salt_size);
	if (!rc)
		rc = sk_random(p->uuid, sizeof(p->uuid));
	if (rc)
		return rc;
	p->uuid[6] = (uint8_t)((p->uuid[6] & 0x0f) | 0x40);
	p->uuid[8] = (uint8_t)((p->uuid[8] & 0x3f) | 0x80);
	return 0;
}

int sev_verity_params_randomize(struct sev_verity_params *p)
{
	struct sev_verity_params p_mine;
	int rc;

	if ((rc = sk_struct_in(&p_mine, sizeof(p_mine), p, "sev_verity_params")))
		return rc;
	rc = do_verity_params_randomize(&p_mine);
	sk_struct_out(p, &p_mine, sizeof(p_mine));
	return rc;
}

bool vt_block_size_ok(uint32_t bs)
{
	return bs >= SEV_VERITY_BLOCK_MIN && bs <= SEV_VERITY_BLOCK_MAX && !(bs & (bs - 1));
}

static int do_verity_params_check(const struct sev_verity_params *p)
{
	size_t name_len = strnlen(p->hash_name, sizeof(p->hash_name));
	int size;

	if (p->hash_type > 1)
		return sk_fail(SEV_E_UNSUPPORTED, "unsupported VERITY hash type %u (0 or 1)",
			       p->hash_type);
	if (name_len == 0 || name_len == sizeof(p->hash_name))
		return sk_fail(SEV_E_INVALID, "hash algorithm name must have 1 to %zu characters",
			       sizeof(p->hash_name) - 1);
	size = sk_digest_size(p->hash_name);
	if (size < 0)
		return size;
	if (!vt_block_size_ok(p->data_block_size))
		return sk_fail(SEV_E_INVALID, "unsupported data block size %u (a power of two "
			       "from 512 to 524288)", p->data_block_size);
	if (!vt_block_size_ok(p->hash_block_size))
		return sk_fail(SEV_E_INVALID, "unsupported hash block size %u (a power of two "
			       "from 512 to 524288)", p->hash_block_size);
	if (p->salt_size > SEV_VERITY_SALT_MAX)
		return sk_fail(SEV_E_INVALID, "salt of %u bytes is longer than %d",
			       p->salt_size, SEV_VERITY_SALT_MAX);
	if (p->hash_offset % 512)
		return sk_fail(SEV_E_INVALID, "hash offset %llu is not a multiple of 512",
			       (unsigned long long)p->hash_offset);
	if (p->hash_offset > INT64_MAX)
		return sk_fail(SEV_E_INVALID, "hash offset %llu is too large",
			       (unsigned long long)p->hash_offset);
	if (p->data_blocks > INT64_MAX / p->data_block_size)
		return sk_fail(SEV_E_INVALID, "%llu data blocks of %u bytes are too many",
			       (unsigned long long)p->data_blocks, p->data_block_size);
	return 0;
}

int sev_verity_params_check(const struct sev_verity_params *p)
{
	struct sev_verity_params p_mine;
	int rc;

	if ((rc = sk_struct_in(&p_mine, sizeof(p_mine), p, "sev_verity_params")))
		return rc;
	return do_verity_params_check(&p_mine);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool dash_at(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

int sev_verity_uuid_parse(const char *text, uint8_t uuid[16])
{
	size_t digits = 0;

	if (strlen(text) != 36)
		goto bad;
	for (size_t i = 0; i < 36; i++) {
		int v;

		if (dash_at(i)) {
			if (text[i] != '-')
				goto bad;
			continue;
		}
		v = hexval(text[i]);
		if (v < 0)
			goto bad;
		if (digits % 2)
			uuid[digits / 2] = (uint8_t)(uuid[digits / 2] | v);
		else
			uuid[digits / 2] = (uint8_t)(v << 4);
		digits++;
	}
	return 0;
bad:
	return sk_fail(SEV_E_INVALID, "'%.40s' is not a UUID "
		       "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", text);
}

void sev_verity_uuid_format(const uint8_t u[16], char text[37])
{
	snprintf(text, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		 u[13], u[14], u[15]);
}
