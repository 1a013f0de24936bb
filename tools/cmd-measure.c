/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevkit measure sev|seves|snp, and sevkit measure --mode MODE (sev-snp-measure's
 * form, with its options and modes: sev, seves, snp, snp:ovmf-hash, snp:svsm).
 * Each mode is one entry of `modes`; a new mode adds an entry there and a
 * "measure <mode>" line in the command table. This file reads and checks the
 * options; measure-digest.c computes the digest, measure-reference.c prints it.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sevkit/measure.h>
#include <sevkit/policy.h>
#include <sevkit/snp.h>

#include "commands.h"
#include "launch-input.h"
#include "measure-common.h"

enum {
	OPT_MODE = 0x100,
	OPT_OVMF,
	OPT_KERNEL,
	OPT_INITRD,
	OPT_APPEND,
	OPT_VMM_TYPE,
	OPT_GUEST_FEATURES,
	OPT_SNP_OVMF_HASH,
	OPT_SVSM,
	OPT_VARS_SIZE,
	OPT_VARS_FILE,
	OPT_POLICY,
	OPT_DUMP_VMSA,
	OPT_TRACE,
	OPT_VMSA_FEATURES,
	OPT_VMSA_CPU0,
	OPT_VMSA_CPU1,
	OPT_OUTPUT_FORMAT,
};

static const struct cli_option options[] = {
	{ "mode", 0, OPT_MODE, "MODE", "sev, seves, snp, snp:ovmf-hash or snp:svsm (when not "
	  "given as the verb)" },
	{ "ovmf", 0, OPT_OVMF, "FILE", "the OVMF firmware image (required)" },
	{ "kernel", 0, OPT_KERNEL, "FILE", "kernel of a measured direct boot (kernel-hashes=on)" },
	{ "initrd", 0, OPT_INITRD, "FILE", "initrd of the direct boot (needs --kernel)" },
	{ "append", 0, OPT_APPEND, "CMDLINE", "kernel command line, hashed verbatim with its "
	  "NUL (needs --kernel)" },
	VCPU_OPTIONS("number of vCPUs (seves, snp, snp:svsm)"),
	{ "vmm-type", 0, OPT_VMM_TYPE, "VMM", "hypervisor: QEMU (default), ec2 or gce; ec2 and "
	  "gce need no vCPU signature" },
	{ "guest-features", 0, OPT_GUEST_FEATURES, "VALUE", "SEV_FEATURES of the SNP VMSAs "
	  "(default 0x1; 0x21 for hosts with debug_swap, Linux 6.6-6.7)" },
	{ "snp-ovmf-hash", 0, OPT_SNP_OVMF_HASH, "HEX", "digest of the firmware pages "
	  "(from --mode snp:ovmf-hash) to start from; the firmware file still gives its "
	  "metadata" },
	{ "svsm", 0, OPT_SVSM, "FILE", "the Coconut SVSM image (snp:svsm)" },
	{ "vars-size", 0, OPT_VARS_SIZE, "BYTES", "size of OVMF_VARS, between the SVSM and "
	  "the firmware (snp:svsm)" },
	{ "vars-file", 0, OPT_VARS_FILE, "FILE", "the OVMF_VARS file, whose size is used "
	  "(snp:svsm)" },
	{ "policy", 0, OPT_POLICY, "POLICY", "guest policy to record in the --json document "
	  "(SNP default 0x30000; checked)" },
	{ "dump-vmsa", 0, OPT_DUMP_VMSA, NULL, "write each measured VMSA to vmsa<N>.bin in the "
	  "current directory (seves, snp, snp:svsm)" },
	{ "trace", 0, OPT_TRACE, NULL, "print every measured page on stderr: type, GPA, "
	  "contents digest and the launch digest after it (snp, snp:svsm)" },
	{ "vmsa-features", 0, OPT_VMSA_FEATURES, "KIND", "FPU state in the VMSAs: init2 (default; "
	  "host Linux >= 6.10 with KVM_SEV_INIT2) or legacy (older hosts: MXCSR and FCW 0)" },
	{ "vmsa-cpu0", 0, OPT_VMSA_CPU0, "FILE", "use this VMSA for the boot CPU instead of "
	  "building it (seves)" },
	{ "vmsa-cpu1", 0, OPT_VMSA_CPU1, "FILE", "use this VMSA for the other vCPUs (seves)" },
	{ "output-format", 0, OPT_OUTPUT_FORMAT, "FMT", "hex (default) or base64" },
	CLI_FORCE_OPTION('f'),
	{ 0 },
};

#define VCPUS_MAX 4096

static const struct measure_mode modes[] = {
	{ "sev", "sev", M_SEV },
	{ "seves", "seves", M_SEVES },
	{ "sev-es", "seves", M_SEVES },
	{ "snp", "snp", M_SNP },
	{ "sev-snp", "snp", M_SNP },
	{ "snp:ovmf-hash", "snp:ovmf-hash", M_OVMF_HASH },
	{ "snp:svsm", "snp:svsm", M_SVSM },
	{ "sev-snp:svsm", "snp:svsm", M_SVSM },
};

static const struct measure_mode *find_mode(const char *name)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcasecmp(modes[i].name, name))
			return &modes[i];
	return NULL;
}

static int parse_number(struct cli *cli, const char *opt, const char *arg, uint64_t max,
			uint64_t *v, bool *set)
{
	if (set)
		*set = true;
	return input_number(cli, opt, arg, max, v);
}

static int parse_snp_option(struct cli *cli, struct measure_args *a, int id, const char *arg)
{
	switch (id) {
	case OPT_VMM_TYPE:
		a->vmm_set = true;
		return sev_vmm_type_parse(arg, &a->g.vmm) ? SEV_EXIT_USAGE : 0;
	case OPT_GUEST_FEATURES:
		a->features_set = true;
		return parse_number(cli, "guest-features", arg, UINT64_MAX, &a->features, NULL);
	case OPT_SNP_OVMF_HASH: a->ovmf_hash = arg; return 0;
	case OPT_SVSM: a->svsm = arg; return 0;
	case OPT_VARS_SIZE:
		return parse_number(cli, "vars-size", arg, UINT32_MAX, &a->vars_size,
				    &a->vars_size_set);
	case OPT_VARS_FILE: a->vars_file = arg; return 0;
	case OPT_POLICY:
		return parse_number(cli, "policy", arg, UINT64_MAX, &a->policy, &a->policy_set);
	case OPT_DUMP_VMSA: a->dump = true; return 0;
	case OPT_TRACE: a->trace = true; return 0;
	default: return cli_usage_error(cli, "unexpected option");
	}
}

static int parse_option(struct cli *cli, struct measure_args *a, int id)
{
	struct guest_input *g = &a->g;
	const char *arg = cli->optarg;
	int rc;

	switch (id) {
	case OPT_MODE: a->mode = arg; return 0;
	case OPT_OVMF: g->firmware = arg; return 0;
	case OPT_KERNEL: g->kernel = arg; return 0;
	case OPT_INITRD: g->initrd = arg; return 0;
	case OPT_APPEND: g->cmdline = arg; return 0;
	case OPT_VMSA_FEATURES: a->fpu_set = true; return guest_input_fpu(cli, g, arg);
	case OPT_VMSA_CPU0: g->vmsa_file[0] = arg; return 0;
	case OPT_VMSA_CPU1: g->vmsa_file[1] = arg; return 0;
	case OPT_OUTPUT_FORMAT:
		if (strcmp(arg, "hex") && strcmp(arg, "base64"))
			return cli_usage_error(cli, "--output-format takes hex or base64");
		a->base64 = !strcmp(arg, "base64");
		return 0;
	}
	rc = guest_input_vcpu_option(cli, g, id, arg);
	return rc >= 0 ? rc : parse_snp_option(cli, a, id, arg);
}

/* The mode: the verb, or an operand after a verb-less "measure", or --mode. */
static int pick_mode(struct cli *cli, struct measure_args *a, int argc, char **argv,
		     const struct measure_mode **m)
{
	const char *name = cli->cmd->verb;

	if (optind < argc) {
		if (name || a->mode || argc - optind > 1)
			return cli_usage_error(cli, "unexpected operand '%s'", argv[optind]);
		name = argv[optind];
	}
	if (name && a->mode && (!find_mode(a->mode) || find_mode(name) != find_mode(a->mode)))
		return cli_usage_error(cli, "--mode %s contradicts '%s'", a->mode, name);
	if (!name) {
		name = a->mode;
		a->ssm_form = true;
	}
	if (!name)
		return cli_usage_error(cli, "which launch to measure? sev, seves, snp, "
				       "snp:ovmf-hash or snp:svsm (or --mode)");
	*m = find_mode(name);
	if (!*m)
		return cli_usage_error(cli, "unknown mode '%s' (sev, seves, snp, snp:ovmf-hash, "
				       "snp:svsm)", name);
	return 0;
}

/* Options that only some modes use are refused elsewhere, as sev-snp-measure does. */
static int check_snp_options(struct cli *cli, const struct measure_args *a, enum kind k)
{
	if (a->ovmf_hash && k != M_SNP)
		return cli_usage_error(cli, "--snp-ovmf-hash is for --mode snp");
	if ((a->svsm || a->vars_file || a->vars_size_set) && k != M_SVSM)
		return cli_usage_error(cli, "--svsm, --vars-size and --vars-file are for snp:svsm");
	if (a->dump && (k == M_SEV || k == M_OVMF_HASH))
		return cli_usage_error(cli, "--dump-vmsa is for seves, snp and snp:svsm");
	if (a->trace && k != M_SNP && k != M_SVSM)
		return cli_usage_error(cli, "--trace is for snp and snp:svsm");
	if ((k == M_SNP || k == M_SVSM) && (a->g.vmsa_file[0] || a->g.vmsa_file[1]))
		return cli_usage_error(cli, "VMSA files are for seves; snp builds its VMSAs");
	if (k != M_SVSM)
		return 0;
	if (!a->svsm)
		return cli_usage_error(cli, "snp:svsm needs --svsm");
	if (!a->vars_file == !a->vars_size_set)
		return cli_usage_error(cli, "snp:svsm needs one of --vars-size and --vars-file");
	if (a->g.vmm != SEV_VMM_QEMU)
		return cli_usage_error(cli, "snp:svsm is defined for QEMU only");
	if (a->g.kernel)
		return cli_usage_error(cli, "snp:svsm measures no kernel");
	return 0;
}

#define IN(k) (1u << (k))
#define VCPU_MODES (IN(M_SEVES) | IN(M_SNP) | IN(M_SVSM))

/* An option and the modes it acts in. */
struct option_use {
	const char *name;
	bool given;
	unsigned modes;
	bool ssm_accepts;       /* sev-snp-measure takes it in every mode and ignores it */
};

/*
 * An option without effect in the mode is refused: its user expects it to
 * change the measurement. sev-snp-measure's form (--mode) keeps taking the
 * vCPU options and --guest-features where that tool ignores them, with a note.
 */
static int check_option_use(struct cli *cli, const struct measure_args *a,
			    const struct measure_mode *m)
{
	const struct guest_input *g = &a->g;
	const struct option_use use[] = {
		{ "--vcpus", g->vcpus_set, VCPU_MODES, true },
		{ "--vcpu-type", g->vcpu_type != NULL, VCPU_MODES, true },
		{ "--vcpu-sig", g->have_sig, VCPU_MODES, true },
		{ "--vcpu-family/--vcpu-model/--vcpu-stepping", g->fms_set != 0, VCPU_MODES, true },
		{ "--vmm-type", a->vmm_set, VCPU_MODES, true },
		{ "--guest-features", a->features_set, IN(M_SNP), true },
		{ "--vmsa-features", a->fpu_set, VCPU_MODES, false },
		{ "--vmsa-cpu0", g->vmsa_file[0] != NULL, IN(M_SEVES), false },
		{ "--vmsa-cpu1", g->vmsa_file[1] != NULL, IN(M_SEVES), false },
		{ "--kernel", g->kernel != NULL, IN(M_SEV) | IN(M_SEVES) | IN(M_SNP), false },
		{ "--policy", a->policy_set, ~IN(M_OVMF_HASH), false },
	};
	uint32_t sig;

	for (size_t i = 0; i < sizeof(use) / sizeof(use[0]); i++) {
		if (!use[i].given || (use[i].modes & IN(m->kind)))
			continue;
		if (!a->ssm_form || !use[i].ssm_accepts)
			return cli_usage_error(cli, "%s has no effect with --mode %s", use[i].name,
					       m->canonical);
		cli_error(cli, "note: %s has no effect with --mode %s", use[i].name,
			  m->canonical);
	}
	if (g->vcpu_type && sev_vcpu_type_sig(g->vcpu_type, &sig))
		return SEV_EXIT_USAGE;
	if (m->kind == M_SEVES && g->vmsa_file[0] && a->fpu_set)
		return cli_usage_error(cli, "--vmsa-features has no effect with VMSA files");
	return 0;
}

/* QEMU launches an SEV-ES guest exactly when its policy has the ES bit. */
static int check_es_policy(struct cli *cli, const struct measure_args *a, enum kind k)
{
	bool es = a->policy & SEV_POLICY_ES;

	if (!a->policy_set || (k != M_SEV && k != M_SEVES) || es == (k == M_SEVES))
		return 0;
	return cli_usage_error(cli, "--policy 0x%llx %s the SEV-ES bit (0x%x): measure it with "
			       "--mode %s", (unsigned long long)a->policy, es ? "has" : "lacks",
			       SEV_POLICY_ES, es ? "seves" : "sev");
}

static int check_options(struct cli *cli, struct measure_args *a, enum kind k)
{
	int rc;

	if (!a->g.firmware)
		return cli_usage_error(cli, "--ovmf is required");
	if (!a->g.kernel && (a->g.initrd || a->g.cmdline))
		return cli_usage_error(cli, "an initrd or a command line needs a kernel");
	if ((k == M_SNP || k == M_SVSM) && !a->g.vcpus_set)
		return cli_usage_error(cli, "SEV-SNP needs the number of vCPUs (--vcpus)");
	if (a->g.vcpus > VCPUS_MAX)
		return cli_usage_error(cli, "at most %d vCPUs", VCPUS_MAX);
	if (!a->policy_set)
		a->policy = k == M_SEV || k == M_SEVES ? 0 : SEV_SNP_POLICY_DEFAULT;
	else if (k == M_SEV || k == M_SEVES ? a->policy > UINT32_MAX :
		 sev_snp_policy_validate(a->policy) != 0)
		return cli_usage_error(cli, "--policy 0x%llx is not a valid %s guest policy",
				       (unsigned long long)a->policy,
				       k == M_SEV || k == M_SEVES ? "SEV" : "SEV-SNP");
	if ((rc = check_snp_options(cli, a, k)))
		return rc;
	return check_es_policy(cli, a, k);
}
int cmd_measure(struct cli *cli, int argc, char **argv)
{
	const struct measure_mode *m = NULL;
	struct measure_args a = { .features = 0x1 };
	int r;

	guest_input_init(&a.g, SEV_VMSA_INIT2);
	while ((r = cli_next_option(cli, argc, argv, options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if ((r = parse_option(cli, &a, r)))
			return r;
	}
	if ((r = pick_mode(cli, &a, argc, argv, &m)) || (r = check_options(cli, &a, m->kind)) ||
	    (r = check_option_use(cli, &a, m)))
		return r;
	r = measure(cli, &a, m);
	if (!r && a.dump)
		r = write_dumps(cli, &a.dumps);
	if (!r)
		r = print_digest(cli, &a, m);
	guest_input_free(&a.g);
	free(a.svsm_buf);
	free(a.dumps.pages);
	return r;
}
