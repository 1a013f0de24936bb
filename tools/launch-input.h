/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inputs shared by `sevkit measure` and `sevkit launch`: what the guest is
 * launched with (firmware, kernel, vCPUs), keys and blobs given as files or
 * base64, and the secrets of a LAUNCH_SECRET packet. Functions return an exit
 * code and report their own errors.
 */
#ifndef SEVKIT_LAUNCH_INPUT_H
#define SEVKIT_LAUNCH_INPUT_H

#include <sevkit/launch.h>
#include <sevkit/measure.h>

#include "cli.h"

struct guest_input {
	const char *firmware, *kernel, *initrd, *cmdline;
	const char *vmsa_file[2];
	const char *vcpu_type;
	bool have_sig;
	uint32_t sig;
	uint32_t fms[3];       /* family, model, stepping */
	unsigned fms_set;      /* bit i: fms[i] given */
	bool vcpus_set;
	uint32_t vcpus;
	enum sev_vmsa_fpu fpu;
	enum sev_vmm_type vmm;
	sev_vmsa_fn on_vmsa;   /* NULL, or given each measured VMSA (SEV-ES) */
	void *vmsa_ctx;
	/* loaded by guest_input_digest() */
	uint8_t *fw;
	size_t fw_len;
	uint8_t hashes[SEV_KERNEL_HASHES_LEN];
	uint8_t kernel_sha256[32], initrd_sha256[32];
	uint8_t *vmsa[2];
	size_t vmsa_len[2];
};

void guest_input_init(struct guest_input *g, enum sev_vmsa_fpu fpu);

/* The vCPU options that measure and seal share: their ids (above any command's own) and rows. */
enum {
	OPT_GUEST_VCPUS = 0x400,
	OPT_GUEST_VCPU_TYPE,
	OPT_GUEST_VCPU_SIG,
	OPT_GUEST_VCPU_FAMILY,
	OPT_GUEST_VCPU_MODEL,
	OPT_GUEST_VCPU_STEPPING,
};
#define VCPU_OPTIONS(vcpus_help)                                                               \
	{ "vcpus", 0, OPT_GUEST_VCPUS, "N", vcpus_help },                                       \
	{ "vcpu-type", 0, OPT_GUEST_VCPU_TYPE, "TYPE", "QEMU vCPU model: EPYC, EPYC-v1..v4, "   \
	  "EPYC-IBPB, EPYC-Rome[-v1..v3], EPYC-Milan[-v1,-v2], EPYC-Genoa[-v1], EPYC-Turin" },   \
	{ "vcpu-sig", 0, OPT_GUEST_VCPU_SIG, "SIG", "vCPU signature, CPUID(1).EAX" },           \
	{ "vcpu-family", 0, OPT_GUEST_VCPU_FAMILY, "N",                                         \
	  "vCPU family (with --vcpu-model and --vcpu-stepping)" },                              \
	{ "vcpu-model", 0, OPT_GUEST_VCPU_MODEL, "N", "vCPU model" },                           \
	{ "vcpu-stepping", 0, OPT_GUEST_VCPU_STEPPING, "N", "vCPU stepping" }
/* Apply one of them: 0, an exit code, or -1 when id is none of them. */
int guest_input_vcpu_option(struct cli *cli, struct guest_input *g, int id, const char *arg);
/* Option values: "legacy" or "init2"; a vCPU count; one of family/model/stepping (0..2). */
int guest_input_fpu(struct cli *cli, struct guest_input *g, const char *arg);
int guest_input_vcpus(struct cli *cli, struct guest_input *g, const char *opt, const char *arg);
int guest_input_sig(struct cli *cli, struct guest_input *g, const char *arg);
int guest_input_fms(struct cli *cli, struct guest_input *g, int which, const char *opt,
		    const char *arg);
/* The vCPU signature from exactly one of type, signature, family/model/stepping. */
int guest_input_resolve_sig(struct cli *cli, struct guest_input *g, const char *mode,
			    uint32_t *sig);
/* Read the firmware into g->fw. */
int guest_input_firmware(struct cli *cli, struct guest_input *g);
/* Hash the kernel, initrd and command line into g->hashes (files are streamed). */
int guest_input_kernel_hashes(struct cli *cli, struct guest_input *g);
/* Load the files and compute the launch digest. */
int guest_input_digest(struct cli *cli, struct guest_input *g, enum sev_mode mode,
		       uint8_t digest[32]);
void guest_input_free(struct guest_input *g);

/*
 * n bytes from an option: the raw contents of a file of n bytes, a file
 * holding base64 text, or base64 text on the command line (sevctl's rule).
 */
int input_bytes(struct cli *cli, const char *opt, const char *arg, size_t n, uint8_t *out);
/* Read a decimal or 0x-hex number of at most max. */
int input_number(struct cli *cli, const char *opt, const char *arg, uint64_t max, uint64_t *v);

#define SECRETS_MAX 64
#define SECRET_FILE_MAX (1u << 20)

struct secret_input {
	struct sev_secret_entry e[SECRETS_MAX];
	uint8_t *data[SECRETS_MAX];
	size_t n;
};

/* Add "ALIAS-OR-GUID:PATH" (alias luks-key). */
int secret_input_add(struct cli *cli, struct secret_input *s, const char *spec);
/*
 * Build the secret table and seal it. With a firmware image (fw_name), a table larger
 * than its secret area (or a firmware without one) is refused.
 */
int secret_input_seal(struct secret_input *s, const char *fw_name, const uint8_t *fw,
		      size_t fw_len, const uint8_t tek[16], const uint8_t tik[16],
		      const uint8_t measure[32], const uint8_t *iv,
		      uint8_t header[SEV_SECRET_HEADER_LEN], uint8_t **payload, size_t *len);
void secret_input_free(struct secret_input *s);

#endif
