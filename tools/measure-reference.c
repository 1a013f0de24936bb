/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit measure's output: the digest, or the reference-values document (--json) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/crypto.h>
#include <sevkit/measure.h>
#include <sevkit/snp.h>

#include "launch-input.h"
#include "measure-common.h"

static void file_input(struct sev_reference_file *f, const char *path, const uint8_t *buf,
		       size_t len)
{
	if (buf && !sev_sha256(buf, len, f->sha256))
		f->path = path;
}

/* The signature the VMSAs carry, when one was given (already validated). */
static bool vcpu_sig(const struct guest_input *g, uint32_t *sig)
{
	if (g->have_sig) {
		*sig = g->sig;
		return true;
	}
	if (g->vcpu_type)
		return sev_vcpu_type_sig(g->vcpu_type, sig) == 0;
	return g->fms_set == 7 && sev_cpu_sig(g->fms[0], g->fms[1], g->fms[2], sig) == 0;
}

static void reference_of(const struct measure_args *a, const struct measure_mode *m,
			 struct sev_reference *r)
{
	static const enum sev_reference_mode ref_mode[] = {
		[M_SEV] = SEV_REFERENCE_SEV, [M_SEVES] = SEV_REFERENCE_SEV_ES,
		[M_SNP] = SEV_REFERENCE_SNP, [M_OVMF_HASH] = SEV_REFERENCE_OVMF_HASH,
		[M_SVSM] = SEV_REFERENCE_SVSM,
	};
	const struct guest_input *g = &a->g;

	*r = (struct sev_reference){
		.size = sizeof(struct sev_reference),
		.mode = ref_mode[m->kind], .measurement = a->digest,
		.measurement_len = a->digest_len, .base64 = a->base64,
		.has_policy = a->policy_set, .policy = a->policy, .vcpus = g->vcpus,
		.vcpu_type = g->vcpu_type, .vmm = g->vmm, .fpu = g->fpu,
		.guest_features = a->features, .vars_size = a->vars_size,
		.append = g->cmdline,
	};
	r->has_vcpu_sig = vcpu_sig(g, &r->vcpu_sig);
	file_input(&r->ovmf, g->firmware, g->fw, g->fw_len);
	file_input(&r->svsm, a->svsm, a->svsm_buf, a->svsm_len);
	if (g->kernel) {
		r->kernel.path = g->kernel;
		memcpy(r->kernel.sha256, g->kernel_sha256, 32);
	}
	if (g->kernel && g->initrd) {
		r->initrd.path = g->initrd;
		memcpy(r->initrd.sha256, g->initrd_sha256, 32);
	}
}

int print_digest(struct cli *cli, const struct measure_args *a,
		 const struct measure_mode *m)
{
	struct sev_reference r = SEV_INIT(struct sev_reference);
	char *text = NULL;
	int rc;

	if (cli->json) {
		reference_of(a, m, &r);
		rc = sev_snp_reference_to_json(&r, &text);
		if (!rc && !cli->quiet)
			printf("%s\n", text);
		free(text);
		return cli_exit(rc);
	}
	text = a->base64 ? sev_base64_encode(a->digest, a->digest_len) :
	       cli_hex(a->digest, a->digest_len);
	if (!text)
		return SEV_EXIT_INTERNAL;
	cli_print(cli, "%s\n", text);
	free(text);
	return SEV_EXIT_OK;
}
