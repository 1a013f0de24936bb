/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit qemu args */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sevkit/domain.h>
#include <sevkit/util.h>

#include "commands.h"

enum {
	OPT_SEV = 0x100,
	OPT_SEV_ES,
	OPT_SEV_SNP,
	OPT_POLICY,
	OPT_CBITPOS,
	OPT_RPB,
	OPT_DH_CERT,
	OPT_SESSION,
	OPT_KERNEL_HASHES,
	OPT_ID_BLOCK,
	OPT_ID_AUTH,
	OPT_HOST_DATA,
	OPT_AUTHOR_KEY,
	OPT_MEMORY,
	OPT_FIRMWARE,
	OPT_KERNEL,
	OPT_INITRD,
	OPT_APPEND,
	OPT_BINARY,
	OPT_SHELL,
};

static const struct cli_option options[] = {
	{ "sev", 0, OPT_SEV, NULL, "SEV guest (sev-guest object)" },
	{ "sev-es", 0, OPT_SEV_ES, NULL, "SEV-ES guest (sev-guest with the ES policy bit)" },
	{ "sev-snp", 0, OPT_SEV_SNP, NULL, "SEV-SNP guest (sev-snp-guest object, QEMU >= 9.1)" },
	{ "policy", 0, OPT_POLICY, "P", "guest policy; default 0x0003 / 0x0007 / 0x30000" },
	{ "cbitpos", 0, OPT_CBITPOS, "N", "C-bit position; default: this host's CPUID" },
	{ "reduced-phys-bits", 0, OPT_RPB, "N", "physical address bit reduction (with --cbitpos)" },
	{ "dh-cert-file", 0, OPT_DH_CERT, "F", "guest owner's DH certificate, base64 (NAME_godh.b64)" },
	{ "session-file", 0, OPT_SESSION, "F", "launch session blob, base64 (NAME_session.b64)" },
	{ "kernel-hashes", 0, OPT_KERNEL_HASHES, NULL, "measure kernel, initrd and command line" },
	{ "id-block", 0, OPT_ID_BLOCK, "B64", "SEV-SNP ID block (96 bytes, base64)" },
	{ "id-auth", 0, OPT_ID_AUTH, "B64", "SEV-SNP ID auth structure (4096 bytes, base64)" },
	{ "host-data", 0, OPT_HOST_DATA, "B64", "SEV-SNP host data (32 bytes, base64)" },
	{ "author-key", 0, OPT_AUTHOR_KEY, NULL, "the ID auth holds an author key" },
	{ "memory", 'm', OPT_MEMORY, "SIZE", "guest RAM: N[M|G|T] (MiB without suffix); default 2G" },
	{ "firmware", 0, OPT_FIRMWARE, "PATH",
	  "OVMF image; default /usr/share/OVMF/OVMF_CODE.fd (SNP: /usr/share/ovmf/OVMF.fd)" },
	{ "kernel", 0, OPT_KERNEL, "FILE", "boot this kernel directly" },
	{ "initrd", 0, OPT_INITRD, "FILE", "initial ramdisk (with --kernel)" },
	{ "append", 0, OPT_APPEND, "CMDLINE", "kernel command line (with --kernel)" },
	{ "qemu", 0, OPT_BINARY, "BINARY", "QEMU binary; default qemu-system-x86_64" },
	{ "shell", 0, OPT_SHELL, NULL, "print one shell-quoted line instead of one argument per line" },
	{ 0 },
};

/* N, NM, NG, NT (binary units, optional "iB"/"B"); no suffix means MiB as in QEMU's -m. */
static int parse_mib(const char *s, uint64_t *mib)
{
	char num[32];
	size_t n = 0;
	uint64_t v, mult = 1;
	const char *unit;

	while (isdigit((unsigned char)s[n]) && n + 1 < sizeof(num)) {
		num[n] = s[n];
		n++;
	}
	num[n] = 0;
	unit = s + n;
	if (!n || sev_parse_uint(num, UINT32_MAX, &v))
		return -1;
	if (*unit == 'G' || *unit == 'g')
		mult = 1024;
	else if (*unit == 'T' || *unit == 't')
		mult = 1024 * 1024;
	else if (*unit && *unit != 'M' && *unit != 'm')
		return -1;
	if (*unit)
		unit++;
	if (*unit && strcmp(unit, "iB") != 0 && strcmp(unit, "B") != 0)
		return -1;
	*mib = v * mult;
	return 0;
}

struct qemu_args {
	struct sev_qemu_options o;
	bool have_cbitpos, have_rpb, shell;
	int modes;
};

static int option(struct cli *cli, int id, struct qemu_args *a)
{
	struct sev_qemu_options *o = &a->o;
	const char *v = cli->optarg;

	switch (id) {
	case OPT_SEV: o->mode = SEV_MODE_SEV; a->modes++; return 0;
	case OPT_SEV_ES: o->mode = SEV_MODE_SEV_ES; a->modes++; return 0;
	case OPT_SEV_SNP: o->mode = SEV_MODE_SEV_SNP; a->modes++; return 0;
	case OPT_POLICY:
		o->have_policy = true;
		if (sev_parse_uint(v, UINT64_MAX, &o->policy))
			return cli_usage_error(cli, "--policy must be a number, decimal or 0x-hex");
		return 0;
	case OPT_CBITPOS:
	case OPT_RPB: {
		uint32_t *dst = id == OPT_CBITPOS ? &o->cbitpos : &o->reduced_phys_bits;

		*(id == OPT_CBITPOS ? &a->have_cbitpos : &a->have_rpb) = true;
		if (sev_parse_u32(v, dst) || *dst > 63)
			return cli_usage_error(cli, "--%s must be a number from 0 to 63",
					       id == OPT_CBITPOS ? "cbitpos" : "reduced-phys-bits");
		return 0;
	}
	case OPT_DH_CERT: o->dh_cert_file = v; return 0;
	case OPT_SESSION: o->session_file = v; return 0;
	case OPT_KERNEL_HASHES: o->kernel_hashes = true; return 0;
	case OPT_ID_BLOCK: o->id_block = v; return 0;
	case OPT_ID_AUTH: o->id_auth = v; return 0;
	case OPT_HOST_DATA: o->host_data = v; return 0;
	case OPT_AUTHOR_KEY: o->author_key = true; return 0;
	case OPT_MEMORY:
		if (parse_mib(v, &o->memory_mib) || o->memory_mib == 0)
			return cli_usage_error(cli, "--memory takes N[M|G|T], e.g. 2G or 512M");
		return 0;
	case OPT_FIRMWARE: o->firmware = v; return 0;
	case OPT_KERNEL: o->kernel = v; return 0;
	case OPT_INITRD: o->initrd = v; return 0;
	case OPT_APPEND: o->append = v; return 0;
	case OPT_BINARY: o->binary = v; return 0;
	case OPT_SHELL: a->shell = true; return 0;
	}
	return cli_usage_error(cli, "unexpected option");
}

static int print(struct cli *cli, const struct qemu_args *a, char **argv, size_t argc)
{
	if (cli->json) {
		json_t *list = json_array(), *doc = json_object();

		for (size_t i = 0; i < argc; i++)
			json_array_append_new(list, json_string(argv[i]));
		json_object_set_new(doc, "mode", json_string(sev_mode_name(a->o.mode)));
		json_object_set_new(doc, "argv", list);
		cli_json(cli, doc);
	} else if (a->shell) {
		char *line = sev_shell_join(argv, argc);

		if (!line)
			return SEV_EXIT_INTERNAL;
		cli_print(cli, "%s\n", line);
		free(line);
	} else {
		for (size_t i = 0; i < argc; i++)
			cli_print(cli, "%s\n", argv[i]);
	}
	return SEV_EXIT_OK;
}

int cmd_qemu_args(struct cli *cli, int argc, char **argv)
{
	struct qemu_args a = { .o = { .size = sizeof(a.o), .memory_mib = 2048 } };
	char **args = NULL;
	size_t n = 0;
	int r;

	while ((r = cli_next_option(cli, argc, argv, options)) != CLI_DONE) {
		if (r < 0)
			return cli_stop_code(r);
		if ((r = option(cli, r, &a)))
			return r;
	}
	if (argc != optind)
		return cli_usage_error(cli, "unexpected operand '%s'", argv[optind]);
	if (a.modes != 1)
		return cli_usage_error(cli, "give one of --sev, --sev-es, --sev-snp");
	if (a.have_cbitpos != a.have_rpb)
		return cli_usage_error(cli, "--cbitpos and --reduced-phys-bits go together");
	if (!a.have_cbitpos && sev_host_cbitpos(&a.o.cbitpos, &a.o.reduced_phys_bits)) {
		cli_error(cli, "this host is not an AMD host with SEV: give --cbitpos N "
			       "--reduced-phys-bits N");
		return SEV_EXIT_USAGE;
	}
	if ((r = sev_qemu_args(&a.o, &args, &n)))
		return cli_exit(r); /* the library said what is wrong; SEV_E_INVALID exits 2 */
	r = print(cli, &a, args, n);
	sev_qemu_args_free(args, n);
	return r;
}
