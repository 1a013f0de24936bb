/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside the SNP launch digest: the guest context that chains PAGE_INFO
 * digests (snp-gctx.c), the metadata walk shared by the plain and the SVSM
 * launch (snp-sections.c), and the SVSM launch (snp-svsm.c).
 */
#ifndef SK_MEASURE_SNP_INTERNAL_H
#define SK_MEASURE_SNP_INTERNAL_H

#include <sevkit/measure.h>

#include "crypto/hash.h"
#include "util/guid.h"

#define SK_GPA_4G UINT64_C(0x100000000)
#define SK_PAGE_MASK 0xfffu

/* The launch digest being built, and the hash context every page reuses. */
struct sk_gctx {
	uint8_t ld[SEV_SNP_LD_LEN];
	struct sk_hash_ctx *sha384;
	sev_snp_page_fn on_page;
	void *ctx;
};

/* Start from seed (NULL: 48 zero bytes). */
int sk_gctx_init(struct sk_gctx *g, const uint8_t *seed, sev_snp_page_fn on_page, void *ctx);
void sk_gctx_free(struct sk_gctx *g);
/* Fold one PAGE_INFO {LD, contents, length, type, perms, gpa} into the digest. */
int sk_gctx_update(struct sk_gctx *g, enum sev_snp_page_type type, uint64_t gpa,
		   const uint8_t contents[SEV_SNP_LD_LEN]);
/* SHA-384 of one 4 KiB page, with the context's reusable hash. */
int sk_gctx_page_digest(struct sk_gctx *g, const uint8_t *page, uint8_t out[SEV_SNP_LD_LEN]);
/* len bytes (a multiple of 4096) of data as NORMAL pages from gpa on. */
int sk_gctx_normal_pages(struct sk_gctx *g, uint64_t gpa, const uint8_t *data, size_t len);
/* len bytes of pages whose contents are not hashed (ZERO, UNMEASURED, SECRETS, CPUID). */
int sk_gctx_empty_pages(struct sk_gctx *g, enum sev_snp_page_type type, uint64_t gpa,
			uint64_t len);

/*
 * The SEV metadata sections of an image: none (with a warning) when it has a
 * footer table but no metadata entry, as sev-snp-measure treats such a file.
 */
int sk_snp_sections(const uint8_t *img, size_t len, struct sev_ovmf_section **s, size_t *n);
/* Measure the sections; hashes_page is the kernel hashes page or NULL. */
int sk_snp_measure_sections(struct sk_gctx *g, const struct sev_ovmf_section *s, size_t n,
			    const uint8_t *hashes_page, enum sev_vmm_type vmm);
/* The same check for both launches: vCPU count, hypervisor, FPU variant. */
int sk_snp_check_config(const struct sev_snp_config *c);
/* Measure vCPU 0's VMSA, then the AP's for every other vCPU. */
int sk_snp_measure_vmsas(struct sk_gctx *g, const struct sev_snp_config *c,
			 const uint8_t bsp[SEV_VMSA_SIZE], const uint8_t ap[SEV_VMSA_SIZE]);

int sk_snp_svsm_digest(const struct sev_snp_config *c, uint8_t ld[SEV_SNP_LD_LEN]);
/* The footer entry of a Coconut SVSM image: u32 offset of the entry point from its base. */
extern const uint8_t sk_guid_svsm_info[SK_GUID_LEN]; /* a789a612-0597-4c4b-a49f-cbb1fe9d1ddd */

#endif
