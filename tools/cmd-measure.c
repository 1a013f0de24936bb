/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sevkit measure sev|seves, and sevkit measure --mode MODE (sev-snp-measure's
 * form). Each mode is one entry of `modes`; a new mode adds an entry there and
 * a "measure <mode>" line in the command table.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/measure.h>

#include "commands.h"
#include "crypto/base64.h"
#include "launch-input.h"

enum {
	OPT_MODE = 0x100,
	OPT_OVMF,
	OPT_KERNEL,
	OPT_INITRD,
	OPT_APPEND,
	OPT_VCPUS,
	OPT_VCPU_TYPE,
	OPT_VCPU_SIG,
	OPT_VCPU_FAMILY,
	OPT_VCPU_MODEL,
	OPT_VCPU_STEPPING,
	OPT_VMSA_FEATURES,
	OPT_VMSA_CPU0,
	OPT_VMSA_CPU1,
	OPT_OUTPUT_FORMAT,
};

static const struct cli_option options[] = {
	{ "mode", 0, OPT_MODE, "MODE", "sev or seves (when not given as the verb)" },
	{ "ovmf", 0, OPT_OVMF, "FILE", "the OVMF firmware image (required)" },
	{ "kernel", 0, OPT_KERNEL, "FILE", "kernel of a measured direct boot (kernel-hashes=on)" },
	{ "initrd", 0, OPT_INITRD, "FILE", "initrd of the direct boot (needs --kernel)" },
	{ "append", 0, OPT_APPEND, "CMDLINE", "kernel command line, hashed verbatim with its "
	  "NUL (needs --kernel)" },
	{ "vcpus", 0, OPT_VCPUS, "N", "number of vCPUs (seves)" },
	{ "vcpu-type", 0, OPT_VCPU_TYPE, "TYPE", "QEMU vCPU model: EPYC, EPYC-v1..v4, EPYC-IBPB, "
	  "EPYC-Rome[-v1..v3], EPYC-Milan[-v1,-v2], EPYC-Genoa[-v1], EPYC-Turin" },
	{ "vcpu-sig", 0, OPT_VCPU_SIG, "SIG", "vCPU signature, CPUID(1).EAX" },
	{ "vcpu-family", 0, OPT_VCPU_FAMILY, "N",
	  "vCPU family (with --vcpu-model and --vcpu-stepping)" },
	{ "vcpu-model", 0, OPT_VCPU_MODEL, "N", "vCPU model" },
	{ "vcpu-stepping", 0, OPT_VCPU_STEPPING, "N", "vCPU stepping" },
	{ "vmsa-features", 0, OPT_VMSA_FEATURES, "KIND", "FPU state in the VMSAs: init2 (default; "
	  "host Linux >= 6.10 with KVM_SEV_INIT2) or legacy (older hosts: MXCSR and FCW 0)" },
	{ "vmsa-cpu0", 0, OPT_VMSA_CPU0, "FILE", "use this VMSA for the boot CPU instead of "
	  "building it" },
	{ "vmsa-cpu1", 0, OPT_VMSA_CPU1, "FILE", "use this VMSA for the other vCPUs" },
	{ "output-format", 0, OPT_OUTPUT_FORMAT, "FMT", "hex (default) or base64" },
	{ 0 },
};

struct measure_mode {
	const char *name;
	enum sev_launch_mode mode;
};

static const struct measure_mode modes[] = {
	{ "sev", SEV_MODE_SEV },
	{ "seves", SEV_MODE_SEV_ES },
};

static const struct measure_mode *find_mode(const char *name)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(modes[i].name, name))
			return &modes[i];
	return NULL;
}

struct measure_args {
	struct guest_input g;
	const char *mode;
	bool base64;
};

static int parse_option(struct cli *cli, struct measure_args *a, int id)
{
	struct guest_input *g = &a->g;
	const char *arg = cli->optarg;

	switch (id) {
	case OPT_MODE: a->mode = arg; return 0;
	case OPT_OVMF: g->firmware = arg; return 0;
	case OPT_KERNEL: g->kernel = arg; return 0;
	case OPT_INITRD: g->initrd = arg; return 0;
	case OPT_APPEND: g->cmdline = arg; return 0;
	case OPT_VCPUS: return guest_input_vcpus(cli, g, "vcpus", arg);
	case OPT_VCPU_TYPE: g->vcpu_type = arg; return 0;
	case OPT_VCPU_SIG: return guest_input_sig(cli, g, arg);
	case OPT_VCPU_FAMILY: return guest_input_fms(cli, g, 0, "vcpu-family", arg);
	case OPT_VCPU_MODEL: return guest_input_fms(cli, g, 1, "vcpu-model", arg);
	case OPT_VCPU_STEPPING: return guest_input_fms(cli, g, 2, "vcpu-stepping", arg);
	case OPT_VMSA_FEATURES: return guest_input_fpu(cli, g, arg);
	case OPT_VMSA_CPU0: g->vmsa_file[0] = arg; return 0;
	case OPT_VMSA_CPU1: g->vmsa_file[1] = arg; return 0;
	case OPT_OUTPUT_FORMAT:
		if (strcmp(arg, "hex") && strcmp(arg, "base64"))
			return cli_usage_error(cli, "--output-format takes hex or base64");
		a->base64 = !strcmp(arg, "base64");
		return 0;
	default: return cli_usage_error(cli, "unexpected option");
	}
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
	if (name && a->mode && strcmp(name, a->mode))
		return cli_usage_error(cli, "--mode %s contradicts '%s'", a->mode, name);
	if (!name)
		name = a->mode;
	if (!name)
		return cli_usage_error(cli, "which launch to measure? sev or seves (or --mode)");
	*m = find_mode(name);
	if (!*m)
		return cli_usage_error(cli, "unknown mode '%s' (sev, seves)", name);
	return 0;
}

static int print_digest(struct cli *cli, const struct measure_args *a,
			const struct measure_mode *m, const uint8_t digest[32])
{
	char *hex = cli_hex(digest, 32), *b64 = a->base64 ? sk_base64_encode(digest, 32) : NULL;

	if (!hex || (a->base64 && !b64)) {
		free(hex);
		return SEV_EXIT_INTERNAL;
	}
	if (cli->json) {
		json_t *doc = json_object();

		json_object_set_new(doc, "mode", json_string(m->name));
		json_object_set_new(doc, "launch_digest", json_string(hex));
		if (b64)
			json_object_set_new(doc, "launch_digest_base64", json_string(b64));
		if (m->mode == SEV_MODE_SEV_ES) {
			json_object_set_new(doc, "vcpus", json_integer(a->g.vcpus));
			json_object_set_new(doc, "vmsa_features",
					    json_string(guest_fpu_name(a->g.fpu)));
		}
		cli_json(cli, doc);
	} else {
		cli_print(cli, "%s\n", b64 ? b64 : hex);
	}
	free(hex);
	free(b64);
	return SEV_EXIT_OK;
}

int cmd_measure(struct cli *cli, int argc, char **argv)
{
	const struct measure_mode *m = NULL;
	struct measure_args a = { 0 };
	uint8_t digest[32];
	int r;

	guest_input_init(&a.g, SEV_VMSA_INIT2);
	while ((r = cli_next_option(cli, argc, argv, options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if ((r = parse_option(cli, &a, r)))
			return r;
	}
	if ((r = pick_mode(cli, &a, argc, argv, &m)))
		return r;
	if (!a.g.firmware)
		return cli_usage_error(cli, "--ovmf is required");
	r = guest_input_digest(cli, &a.g, m->mode, digest);
	if (!r)
		r = print_digest(cli, &a, m, digest);
	guest_input_free(&a.g);
	return r;
}
