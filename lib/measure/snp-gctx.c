/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SNP guest context's launch digest (SNP ABI #56860, SNP_LAUNCH_UPDATE):
 * every page folds a 0x70-byte PAGE_INFO into it,
 *   LD' = SHA-384(LD || CONTENTS || u16 0x70 || u8 PAGE_TYPE || u8 IMI_PAGE ||
 *                 u8 VMPL3_PERMS || u8 VMPL2_PERMS || u8 VMPL1_PERMS || u8 0 || u64 GPA)
 * where CONTENTS is the SHA-384 of the page for NORMAL and VMSA pages and zero
 * for the others. One hash context serves every page: a firmware image is
 * hundreds of pages and none of them allocates.
 */
#include <string.h>

#include "measure/snp-internal.h"
#include "util/bytes.h"
#include "util/log.h"

#define PAGE_INFO_LEN 0x70
#define OFF_CONTENTS 0x30
#define OFF_LENGTH 0x60
#define OFF_PAGE_TYPE 0x62
#define OFF_GPA 0x68

static const uint8_t no_contents[SEV_SNP_LD_LEN];

int sk_gctx_init(struct sk_gctx *g, const uint8_t *seed, sev_snp_page_fn on_page, void *ctx)
{
	memset(g, 0, sizeof(*g));
	if (seed)
		memcpy(g->ld, seed, SEV_SNP_LD_LEN);
	g->on_page = on_page;
	g->ctx = ctx;
	return sk_hash_init(&g->sha384, SK_SHA384);
}

void sk_gctx_free(struct sk_gctx *g)
{
	sk_hash_free(g->sha384);
	g->sha384 = NULL;
}

static int sha384(struct sk_gctx *g, const uint8_t *data, size_t len, uint8_t out[SEV_SNP_LD_LEN])
{
	int rc;

	if ((rc = sk_hash_reset(g->sha384)) || (rc = sk_hash_update(g->sha384, data, len)))
		return rc;
	return sk_hash_final(g->sha384, out);
}

int sk_gctx_page_digest(struct sk_gctx *g, const uint8_t *page, uint8_t out[SEV_SNP_LD_LEN])
{
	return sha384(g, page, SEV_SNP_PAGE_SIZE, out);
}

int sk_gctx_update(struct sk_gctx *g, enum sev_snp_page_type type, uint64_t gpa,
		   const uint8_t contents[SEV_SNP_LD_LEN])
{
	uint8_t info[PAGE_INFO_LEN] = { 0 };
	int rc;

	/* IMI_PAGE, the VMPL permissions and the reserved byte stay 0 */
	memcpy(info, g->ld, SEV_SNP_LD_LEN);
	memcpy(info + OFF_CONTENTS, contents, SEV_SNP_LD_LEN);
	sk_put_le16(info + OFF_LENGTH, PAGE_INFO_LEN);
	info[OFF_PAGE_TYPE] = (uint8_t)type;
	sk_put_le64(info + OFF_GPA, gpa);
	if ((rc = sha384(g, info, sizeof(info), g->ld)))
		return rc;
	if (g->on_page)
		g->on_page(type, gpa, contents, g->ld, g->ctx);
	return 0;
}

int sk_gctx_normal_pages(struct sk_gctx *g, uint64_t gpa, const uint8_t *data, size_t len)
{
	uint8_t digest[SEV_SNP_LD_LEN];
	int rc;

	if (len % SEV_SNP_PAGE_SIZE)
		return sk_fail(SEV_E_INTERNAL, "%zu bytes are not whole pages", len);
	for (size_t off = 0; off < len; off += SEV_SNP_PAGE_SIZE) {
		if ((rc = sk_gctx_page_digest(g, data + off, digest)) ||
		    (rc = sk_gctx_update(g, SEV_SNP_PAGE_NORMAL, gpa + off, digest)))
			return rc;
	}
	return 0;
}

int sk_gctx_empty_pages(struct sk_gctx *g, enum sev_snp_page_type type, uint64_t gpa,
			uint64_t len)
{
	int rc;

	if (len % SEV_SNP_PAGE_SIZE)
		return sk_fail(SEV_E_INTERNAL, "0x%llx bytes are not whole pages",
			       (unsigned long long)len);
	for (uint64_t off = 0; off < len; off += SEV_SNP_PAGE_SIZE)
		if ((rc = sk_gctx_update(g, type, gpa + off, no_contents)))
			return rc;
	return 0;
}
