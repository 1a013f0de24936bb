/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The veritysetup superblock: 512 bytes, little-endian, at the hash offset.
 *   0 signature "verity\0\0"   8 version (1)        12 hash_type (0|1)
 *  16 uuid[16]                32 algorithm[32]      64 data_block_size
 *  68 hash_block_size         72 data_blocks (u64)  80 salt_size (u16)
 *  82 pad[6]                  88 salt[256]          344 pad[168]
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include <sevkit/verity.h>

#include "crypto/digest.h"
#include "util/bytes.h"
#include "util/log.h"
#include "util/reader.h"
#include "util/struct.h"
#include "verity/verity-internal.h"

static const uint8_t signature[8] = { 'v', 'e', 'r', 'i', 't', 'y', 0, 0 };

/*
 * Reserved bytes: the algorithm's after its NUL, pad1, the salt field past
 * salt_size, pad2. veritysetup never reads them and dm-verity never sees the
 * superblock, so a non-zero byte there is accepted with a warning naming the
 * first one: refusing it would refuse a device veritysetup opens, and would
 * protect nothing, since the superblock is not authenticated and the tree does
 * not depend on these bytes. A format that gave them a meaning would change
 * the version, which is checked.
 */
static void check_reserved(const struct sk_reader *r, size_t off, const uint8_t *b, size_t n,
			   const char *field)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i]) {
			sk_warn("%s: %s at offset 0x%zx: reserved byte is 0x%02x, not zero; "
				"ignored, as veritysetup does", r->what, field, off + i, b[i]);
			return;
		}
	}
}

static int read_reserved(struct sk_reader *r, size_t n, const char *field)
{
	size_t start = r->off;
	const uint8_t *b;
	int rc = sk_read_ref(r, &b, n, field);

	if (!rc)
		check_reserved(r, start, b, n, field);
	return rc;
}

/* Log like the reader does, but report a valid format that sevkit does not support. */
static int unsupported(const struct sk_reader *r, size_t off, const char *field, const char *why)
{
	sk_reader_reject(r, off, field, "%s", why);
	return SEV_E_UNSUPPORTED;
}

static int read_algorithm(struct sk_reader *r, struct sev_verity_params *p)
{
	size_t start = r->off, len;
	const uint8_t *a;
	char why[96];
	int rc = sk_read_ref(r, &a, 32, "algorithm");

	if (rc)
		return rc;
	len = strnlen((const char *)a, 32);
	if (len == 0 || len == 32)
		return sk_reader_reject(r, start, "algorithm", "%s",
					len ? "not NUL-terminated" : "empty");
	for (size_t i = 0; i < len; i++)
		if (!islower(a[i]) && !isdigit(a[i]) && a[i] != '-')
			return sk_reader_reject(r, start + i, "algorithm",
						"character 0x%02x is not a-z, 0-9 or '-'", a[i]);
	check_reserved(r, start + len + 1, a + len + 1, 31 - len, "algorithm padding");
	memcpy(p->hash_name, a, len);
	p->hash_name[len] = '\0';
	if (sk_digest_size(p->hash_name) < 0) {
		snprintf(why, sizeof(why), "hash algorithm '%s' is not supported", p->hash_name);
		return unsupported(r, start, "algorithm", why);
	}
	return 0;
}

static int read_block_size(struct sk_reader *r, uint32_t *bs, const char *field)
{
	size_t start = r->off;
	int rc = sk_read_u32(r, bs, field);

	if (!rc && !vt_block_size_ok(*bs))
		return sk_reader_reject(r, start, field,
					"%u is not a power of two from 512 to 524288", *bs);
	return rc;
}

static int read_salt(struct sk_reader *r, struct sev_verity_params *p)
{
	size_t start = r->off;
	int rc = sk_read_u16(r, &p->salt_size, "salt_size");

	if (rc)
		return rc;
	if (p->salt_size > SEV_VERITY_SALT_MAX)
		return sk_reader_reject(r, start, "salt_size", "%u is more than 256", p->salt_size);
	rc = read_reserved(r, 6, "pad1");
	if (!rc)
		rc = sk_read_bytes(r, p->salt, p->salt_size, "salt");
	if (!rc)
		rc = read_reserved(r, SEV_VERITY_SALT_MAX - p->salt_size, "salt padding");
	return rc;
}

static int read_header(struct sk_reader *r, struct sev_verity_params *p)
{
	uint8_t sig[8];
	uint32_t version;
	int rc = sk_read_bytes(r, sig, sizeof(sig), "signature");

	if (rc)
		return rc;
	if (memcmp(sig, signature, sizeof(sig)) != 0)
		return sk_reader_reject(r, 0, "signature",
					"not \"verity\": not a VERITY superblock");
	rc = sk_read_u32(r, &version, "version");
	if (rc)
		return rc;
	if (version != 1) {
		char why[64];

		snprintf(why, sizeof(why), "version %u is not supported (only 1)", version);
		return unsupported(r, 8, "version", why);
	}
	rc = sk_read_u32(r, &p->hash_type, "hash_type");
	if (!rc && p->hash_type > 1) {
		char why[64];

		snprintf(why, sizeof(why), "hash type %u is not supported (0 or 1)", p->hash_type);
		return unsupported(r, 12, "hash_type", why);
	}
	return rc;
}

static int do_verity_sb_parse(const uint8_t *buf, size_t len, struct sev_verity_params *p)
{
	struct sev_verity_params n = SEV_INIT(struct sev_verity_params);
	struct sk_reader r;
	int rc;

	memset(&n, 0, sizeof(n));
	sk_reader_init(&r, buf, len, "VERITY superblock");
	rc = read_header(&r, &n);
	if (!rc)
		rc = sk_read_bytes(&r, n.uuid, sizeof(n.uuid), "uuid");
	if (!rc)
		rc = read_algorithm(&r, &n);
	if (!rc)
		rc = read_block_size(&r, &n.data_block_size, "data_block_size");
	if (!rc)
		rc = read_block_size(&r, &n.hash_block_size, "hash_block_size");
	if (!rc)
		rc = sk_read_u64(&r, &n.data_blocks, "data_blocks");
	if (!rc && (n.data_blocks == 0 || n.data_blocks > INT64_MAX / n.data_block_size))
		return sk_reader_reject(&r, 72, "data_blocks", "%llu is out of range",
					(unsigned long long)n.data_blocks);
	if (!rc)
		rc = read_salt(&r, &n);
	if (!rc)
		rc = read_reserved(&r, SEV_VERITY_SB_SIZE - r.off, "pad2");
	if (rc)
		return rc;
	n.superblock = true;
	*p = n;
	return 0;
}

int sev_verity_sb_parse(const uint8_t *buf, size_t len, struct sev_verity_params *p)
{
	struct sev_verity_params p_mine = SEV_INIT(struct sev_verity_params);
	int rc;

	if ((rc = sk_struct_check_out(p, sizeof(p_mine), "sev_verity_params")))
		return rc;
	rc = do_verity_sb_parse(buf, len, &p_mine);
	sk_struct_out(p, &p_mine, sizeof(p_mine));
	return rc;
}

static int do_verity_sb_build(const struct sev_verity_params *p, uint8_t out[SEV_VERITY_SB_SIZE])
{
	int rc = sev_verity_params_check(p);

	if (rc)
		return rc;
	memset(out, 0, SEV_VERITY_SB_SIZE);
	memcpy(out, signature, sizeof(signature));
	sk_put_le32(out + 8, 1);
	sk_put_le32(out + 12, p->hash_type);
	memcpy(out + 16, p->uuid, 16);
	/* veritysetup stores the name in lower case */
	for (size_t i = 0; p->hash_name[i]; i++)
		out[32 + i] = (uint8_t)tolower((unsigned char)p->hash_name[i]);
	sk_put_le32(out + 64, p->data_block_size);
	sk_put_le32(out + 68, p->hash_block_size);
	sk_put_le64(out + 72, p->data_blocks);
	sk_put_le16(out + 80, p->salt_size);
	memcpy(out + 88, p->salt, p->salt_size);
	return 0;
}

int sev_verity_sb_build(const struct sev_verity_params *p, uint8_t out[SEV_VERITY_SB_SIZE])
{
	struct sev_verity_params p_mine;
	int rc;

	if ((rc = sk_struct_in(&p_mine, sizeof(p_mine), p, "sev_verity_params")))
		return rc;
	return do_verity_sb_build(&p_mine, out);
}

static int do_verity_read_superblock(const char *hash_path, uint64_t offset,
				     struct sev_verity_params *p)
{
	uint8_t sb[SEV_VERITY_SB_SIZE];
	struct vt_dev d;
	int rc;

	if (offset % 512 || offset > INT64_MAX - SEV_VERITY_SB_SIZE)
		return sk_fail(SEV_E_INVALID, "hash offset %llu is not a multiple of 512",
			       (unsigned long long)offset);
	rc = vt_dev_open(&d, hash_path, O_RDONLY);
	if (rc)
		return rc;
	if (d.size < offset + SEV_VERITY_SB_SIZE)
		rc = sk_fail(SEV_E_FORMAT, "%s is not a VERITY device: no superblock at offset "
			     "%llu (it has %llu bytes)", hash_path, (unsigned long long)offset,
			     (unsigned long long)d.size);
	else
		rc = vt_pread(&d, sb, sizeof(sb), offset);
	vt_dev_close(&d);
	if (rc)
		return rc;
	sk_log_subject_push(hash_path); /* its warnings name the file */
	rc = sev_verity_sb_parse(sb, sizeof(sb), p);
	sk_log_subject_pop();
	if (rc) {
		sk_err("%s is not a valid VERITY device (superblock at offset %llu)", hash_path,
		       (unsigned long long)offset);
		return rc;
	}
	p->hash_offset = offset;
	return 0;
}

int sev_verity_read_superblock(const char *hash_path, uint64_t offset,
			       struct sev_verity_params *p)
{
	struct sev_verity_params p_mine = SEV_INIT(struct sev_verity_params);
	int rc;

	if ((rc = sk_struct_check_out(p, sizeof(p_mine), "sev_verity_params")))
		return rc;
	rc = do_verity_read_superblock(hash_path, offset, &p_mine);
	sk_struct_out(p, &p_mine, sizeof(p_mine));
	return rc;
}
