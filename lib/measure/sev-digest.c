/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SEV / SEV-ES launch digest: SHA-256 over the plaintext of every
 * LAUNCH_UPDATE_DATA and LAUNCH_UPDATE_VMSA in the order QEMU issues them:
 * the firmware, the kernel hashes table (kernel-hashes=on), then for SEV-ES
 * the boot CPU's VMSA and one AP VMSA for each further vCPU.
 */
#include <sevkit/measure.h>

#include "crypto/hash.h"
#include "util/log.h"
#include "util/struct.h"

#define VCPUS_MAX 4096

/* The firmware must provide an area large enough for QEMU to put the table in. */
static int check_hashes_area(const struct sev_ovmf_table *t)
{
	if (!t->has_hashes || t->hashes_base == 0)
		return sk_fail(SEV_E_UNSUPPORTED, "the firmware has no kernel hashes area "
			       "(footer entry 7255371f): kernel, initrd and command line "
			       "cannot be measured with it");
	if (t->hashes_size < SEV_KERNEL_HASHES_LEN)
		return sk_fail(SEV_E_UNSUPPORTED, "the firmware's kernel hashes area holds %u "
			       "bytes, the table needs %d", t->hashes_size, SEV_KERNEL_HASHES_LEN);
	return 0;
}

/* Fetch the table once, only when something needs it. */
static int table(const struct sev_launch_config *c, struct sev_ovmf_table *t, bool *have)
{
	int rc;

	if (*have)
		return 0;
	rc = sev_ovmf_table_parse(c->firmware, c->firmware_len, t);
	*have = rc == 0;
	return rc;
}

static int vmsas(const struct sev_launch_config *c, struct sev_ovmf_table *t, bool *have,
		 uint8_t bsp[SEV_VMSA_SIZE], uint8_t ap[SEV_VMSA_SIZE])
{
	struct sev_vmsa_params p = { .size = sizeof(p),
				     .vcpu_sig = c->vcpu_sig, .fpu = c->fpu, .vmm = c->vmm };
	int rc;

	if (c->vcpus < 1 || c->vcpus > VCPUS_MAX)
		return sk_fail(SEV_E_INVALID, "SEV-ES needs 1 to %d vCPUs, not %u", VCPUS_MAX,
			       c->vcpus);
	if (!c->vmsa_bsp && (rc = sev_vmsa_build(&p, SEV_BSP_RESET_EIP, bsp)))
		return rc;
	if (c->vcpus == 1 || c->vmsa_ap)
		return 0;
	if ((rc = table(c, t, have)))
		return rc;
	if (!t->has_es_reset || t->es_reset_eip == 0)
		return sk_fail(SEV_E_UNSUPPORTED, "the firmware has no SEV-ES reset block "
			       "(footer entry 00f771de): its APs cannot start under SEV-ES");
	return sev_vmsa_build(&p, t->es_reset_eip, ap);
}

static int hash_all(const struct sev_launch_config *c, const uint8_t *bsp, const uint8_t *ap,
		    uint8_t digest[32])
{
	struct sk_hash_ctx *h;
	int rc;

	if ((rc = sk_hash_init(&h, SK_SHA256)))
		return rc;
	rc = sk_hash_update(h, c->firmware, c->firmware_len);
	if (!rc && c->kernel_hashes)
		rc = sk_hash_update(h, c->kernel_hashes, SEV_KERNEL_HASHES_LEN);
	for (uint32_t i = 0; !rc && c->mode == SEV_MODE_SEV_ES && i < c->vcpus; i++) {
		const uint8_t *vmsa = i == 0 ? bsp : ap;

		rc = sk_hash_update(h, vmsa, SEV_VMSA_SIZE);
		if (!rc && c->on_vmsa)
			rc = c->on_vmsa(i, vmsa, c->ctx);
	}
	if (!rc)
		rc = sk_hash_final(h, digest);
	sk_hash_free(h);
	return rc;
}

static int do_launch_digest(const struct sev_launch_config *c, uint8_t digest[32])
{
	uint8_t bsp[SEV_VMSA_SIZE], ap[SEV_VMSA_SIZE];
	struct sev_ovmf_table t = SEV_INIT(struct sev_ovmf_table);
	bool have = false;
	int rc;

	if (!c->firmware)
		return sk_fail(SEV_E_INVALID, "no firmware to measure");
	if (c->firmware_len == 0)
		return sk_fail(SEV_E_FORMAT, "the firmware is empty");
	if (c->mode != SEV_MODE_SEV && c->mode != SEV_MODE_SEV_ES)
		return sk_fail(SEV_E_INVALID, "unknown launch mode %d", (int)c->mode);
	/* an SEV-ES firmware describes itself in the OVMF footer table */
	if (c->mode == SEV_MODE_SEV_ES && (rc = table(c, &t, &have)))
		return rc;
	if (c->kernel_hashes &&
	    ((rc = table(c, &t, &have)) || (rc = check_hashes_area(&t))))
		return rc;
	if (c->mode == SEV_MODE_SEV_ES && (rc = vmsas(c, &t, &have, bsp, ap)))
		return rc;
	return hash_all(c, c->vmsa_bsp ? c->vmsa_bsp : bsp, c->vmsa_ap ? c->vmsa_ap : ap, digest);
}

int sev_launch_digest(const struct sev_launch_config *c, uint8_t digest[32])
{
	struct sev_launch_config c_mine;
	int rc;

	if ((rc = sk_struct_in(&c_mine, sizeof(c_mine), c, "sev_launch_config")))
		return rc;
	return do_launch_digest(&c_mine, digest);
}

static int do_es_inputs_check(const struct sev_es_inputs *in, bool *need_sig)
{
	*need_sig = false;
	if (in->vcpus == 0)
		return sk_fail(SEV_E_INVALID, "SEV-ES needs the number of vCPUs");
	if (!in->vmsa_bsp) {
		if (in->vmsa_ap)
			return sk_fail(SEV_E_INVALID, "a VMSA file for the APs needs one for the "
				       "boot CPU too");
		/* EC2 and GCE do not put the signature in the VMSA */
		*need_sig = in->vmm == SEV_VMM_QEMU || in->cpu_given;
		return 0;
	}
	if (in->cpu_given)
		return sk_fail(SEV_E_INVALID, "VMSA files and a vCPU type or family/model/stepping "
			       "exclude each other");
	if (in->vcpus > 1 && !in->vmsa_ap)
		return sk_fail(SEV_E_INVALID, "%u vCPUs need a VMSA file for the APs too",
			       in->vcpus);
	return 0;
}

int sev_es_inputs_check(const struct sev_es_inputs *in, bool *need_sig)
{
	struct sev_es_inputs in_mine;
	int rc;

	if ((rc = sk_struct_in(&in_mine, sizeof(in_mine), in, "sev_es_inputs")))
		return rc;
	return do_es_inputs_check(&in_mine, need_sig);
}
