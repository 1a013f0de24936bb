/* SPDX-License-Identifier: Apache-2.0 */
/* What the parts of sevkit measure share: the mode, the options given and the digest. */
#ifndef SEVKIT_MEASURE_COMMON_H
#define SEVKIT_MEASURE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sevkit/snp.h>

#include "cli.h"
#include "launch-input.h"

enum kind { M_SEV, M_SEVES, M_SNP, M_OVMF_HASH, M_SVSM };

struct measure_mode {
	const char *name;       /* as sev-snp-measure names it, or one of its aliases */
	const char *canonical;
	enum kind kind;
};

/* The VMSAs of --dump-vmsa, kept until the measurement succeeded. */
struct dumps {
	uint8_t *pages;
	uint32_t n;
};

struct measure_args {
	struct guest_input g;
	const char *mode;
	bool base64, dump, trace;
	uint64_t features;
	const char *ovmf_hash, *svsm, *vars_file;
	bool vars_size_set, policy_set;
	bool vmm_set, features_set, fpu_set;
	bool ssm_form;          /* "measure --mode MODE", sev-snp-measure's form */
	uint64_t vars_size, policy;
	uint8_t *svsm_buf;
	size_t svsm_len;
	struct dumps dumps;
	uint8_t digest[SEV_SNP_LD_LEN];
	size_t digest_len;
};
/* Compute the launch digest of mode m into a->digest; an exit code. */
int measure(struct cli *cli, struct measure_args *a, const struct measure_mode *m);
/* Write the VMSAs kept by --dump-vmsa to vmsa<N>.bin, all or none; an exit code. */
int write_dumps(struct cli *cli, const struct dumps *d);
/* Print the digest, or with --json the reference-values document; an exit code. */
int print_digest(struct cli *cli, const struct measure_args *a,
		 const struct measure_mode *m);

#endif
