/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV-SNP launch digest of a QEMU (or EC2, GCE) guest, in the order QEMU
 * issues SNP_LAUNCH_UPDATE since March 2023 (sev-snp-measure >= 0.0.5):
 *  1. the firmware image as NORMAL pages, ending at 4 GiB;
 *  2. the regions of the firmware's SEV metadata, in table order: SEC_MEM as
 *     ZERO pages (UNMEASURED on GCE), one SECRETS page, one CPUID page (on EC2
 *     every CPUID page comes after all other sections), the kernel hashes page
 *     as a NORMAL page when a kernel is measured (ZERO pages otherwise), the
 *     SVSM calling area as ZERO pages;
 *  3. one VMSA page per vCPU, at the VMSA GPA.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/base64.h"
#include "measure/snp-internal.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/struct.h"


static int build_vmsas(const struct sev_snp_config *c, const struct sev_ovmf_table *t,
		       uint8_t bsp[SEV_VMSA_SIZE], uint8_t ap[SEV_VMSA_SIZE])
{
	struct sev_vmsa_params p = { .size = sizeof(p), .vcpu_sig = c->vcpu_sig, .fpu = c->fpu,
				     .sev_features = c->guest_features, .vmm = c->vmm };
	int rc;

	if (!t->has_es_reset)
		return sk_fail(SEV_E_UNSUPPORTED, "the firmware has no SEV-ES reset block (footer "
			       "entry 00f771de): its vCPUs cannot start under SEV-SNP");
	if (c->vcpus > 1 && t->es_reset_eip == 0)
		return sk_fail(SEV_E_UNSUPPORTED, "the firmware's SEV-ES reset address is 0: "
			       "only one vCPU can start");
	if ((rc = sev_vmsa_build(&p, SEV_BSP_RESET_EIP, bsp)))
		return rc;
	return c->vcpus > 1 ? sev_vmsa_build(&p, t->es_reset_eip, ap) : 0;
}

/* QEMU puts the table at the offset of the hashes area within the section's page. */
static int build_hashes_page(const struct sev_snp_config *c, const struct sev_ovmf_table *t,
			     const struct sev_ovmf_section *s, size_t n,
			     uint8_t page[SEV_SNP_PAGE_SIZE])
{
	bool have = false;
	uint32_t off;

	for (size_t i = 0; i < n; i++)
		have |= s[i].type == SEV_SECTION_SNP_KERNEL_HASHES;
	if (!have)
		return sk_fail(SEV_E_UNSUPPORTED, "a kernel is measured but the firmware's SEV "
			       "metadata has no SNP_KERNEL_HASHES section: this firmware cannot "
			       "boot a measured kernel under SEV-SNP");
	if (!t->has_hashes)
		return sk_fail(SEV_E_UNSUPPORTED, "the firmware has no kernel hashes table entry "
			       "(footer entry 7255371f)");
	off = t->hashes_base & SK_PAGE_MASK;
	if (off > SEV_SNP_PAGE_SIZE - SEV_KERNEL_HASHES_LEN)
		return sk_fail(SEV_E_FORMAT, "the kernel hashes table at 0x%x would cross its "
			       "page", t->hashes_base);
	memset(page, 0, SEV_SNP_PAGE_SIZE);
	memcpy(page + off, c->kernel_hashes, SEV_KERNEL_HASHES_LEN);
	return 0;
}

static int measure(const struct sev_snp_config *c, const struct sev_ovmf_section *s, size_t n,
		   const uint8_t *hashes_page, const uint8_t *bsp, const uint8_t *ap,
		   uint8_t ld[SEV_SNP_LD_LEN])
{
	struct sk_gctx g;
	int rc = sk_gctx_init(&g, c->ovmf_hash, c->on_page, c->ctx);

	if (!rc && !c->ovmf_hash)
		rc = sk_gctx_normal_pages(&g, SK_GPA_4G - c->firmware_len, c->firmware,
					  c->firmware_len);
	if (!rc)
		rc = sk_snp_measure_sections(&g, s, n, hashes_page, c->vmm);
	if (!rc)
		rc = sk_snp_measure_vmsas(&g, c, bsp, ap);
	if (!rc)
		memcpy(ld, g.ld, SEV_SNP_LD_LEN);
	sk_gctx_free(&g);
	return rc;
}

static int do_snp_launch_digest(const struct sev_snp_config *c, uint8_t ld[SEV_SNP_LD_LEN])
{
	uint8_t bsp[SEV_VMSA_SIZE], ap[SEV_VMSA_SIZE], page[SEV_SNP_PAGE_SIZE];
	struct sev_ovmf_section *s = NULL;
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	size_t n = 0;
	int rc;

	if ((rc = sk_snp_check_config(c)))
		return rc;
	if (c->svsm)
		return sk_snp_svsm_digest(c, ld);
	if ((rc = sev_ovmf_table_parse(c->firmware, c->firmware_len, &t)) ||
	    (rc = build_vmsas(c, &t, bsp, ap)) ||
	    (rc = sk_snp_sections(c->firmware, c->firmware_len, &s, &n)))
		return rc;
	if (!c->kernel_hashes || !(rc = build_hashes_page(c, &t, s, n, page)))
		rc = measure(c, s, n, c->kernel_hashes ? page : NULL, bsp, ap, ld);
	free(s);
	return rc;
}

int sev_snp_launch_digest(const struct sev_snp_config *c, uint8_t ld[SEV_SNP_LD_LEN])
{
	struct sev_snp_config c_mine;
	int rc;

	if ((rc = sk_struct_in(&c_mine, sizeof(c_mine), c, "sev_snp_config")))
		return rc;
	return do_snp_launch_digest(&c_mine, ld);
}

int sev_snp_ovmf_hash(const uint8_t *fw, size_t len, uint8_t ld[SEV_SNP_LD_LEN])
{
	struct sev_snp_config c = { .size = sizeof(c),
				    .firmware = fw, .firmware_len = len, .vcpus = 1 };
	struct sk_gctx g;
	int rc;

	if ((rc = sk_snp_check_config(&c)) || (rc = sk_gctx_init(&g, NULL, NULL, NULL)))
		return rc;
	rc = sk_gctx_normal_pages(&g, SK_GPA_4G - len, fw, len);
	if (!rc)
		memcpy(ld, g.ld, SEV_SNP_LD_LEN);
	sk_gctx_free(&g);
	return rc;
}

static bool is_hex_digest(const char *text)
{
	size_t n = strlen(text);

	if (n == 2 * SEV_SNP_LD_LEN + 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
		n -= 2;
	return n == 2 * SEV_SNP_LD_LEN;
}

int sev_snp_digest_parse(const char *text, uint8_t ld[SEV_SNP_LD_LEN])
{
	uint8_t *raw = NULL;
	size_t n = 0;

	if (is_hex_digest(text) && sk_hex_decode(ld, SEV_SNP_LD_LEN, text) == 0)
		return 0;
	if (sk_base64_try_decode(text, strlen(text), &raw, &n) == 0 && n == SEV_SNP_LD_LEN) {
		memcpy(ld, raw, SEV_SNP_LD_LEN);
		free(raw);
		return 0;
	}
	free(raw);
	return sk_fail(SEV_E_INVALID, "a launch digest is 96 hex digits or the base64 of 48 "
		       "bytes");
}
