/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit: the command table and the dispatcher. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/error.h>

#include "cli.h"
#include "commands.h"

static const struct command commands[] = {
	{ "policy", "decode", cmd_policy_decode, "POLICY",
	  "Explain each bit of a SEV guest policy",
	  "POLICY is decimal or 0x-hexadecimal. Prints each policy flag and the minimum\n"
	  "firmware version the policy requires." },
	{ "domain", "convert", cmd_domain_convert, "IN.xml",
	  "Turn a libvirt domain into a SEV, SEV-ES or SEV-SNP one",
	  "Applies what a SEV launch needs to the domain and keeps everything else: q35\n"
	  "with a PCIe root and no fixed PCI addresses, SATA/IDE disks moved to virtio-scsi,\n"
	  "virtio NICs without option ROM, iommu='on' on every virtio device, OVMF firmware,\n"
	  "locked memory (SEV, SEV-ES) with a memtune hard limit of at least memory + 256 MiB,\n"
	  "SMM off (SEV-ES, SEV-SNP), and <launchSecurity> with the policy, cbitpos,\n"
	  "reducedPhysBits and the guest owner's inputs. Each change and its reason is\n"
	  "printed on stderr. cbitpos/reducedPhysBits come from the options, else from this\n"
	  "host's CPUID (AMD with SEV), else from the domain's launchSecurity. Running it\n"
	  "again on its output changes nothing." },
	{ "domain", "lint", cmd_domain_lint, "IN.xml",
	  "Find what stops or weakens a SEV launch of a libvirt domain",
	  "Each finding has a stable id, a level (error, warning, info), a message and a fix.\n"
	  "Exit status 1 when an error-level finding exists.\n\n"
	  "Errors: launch-security-missing, launch-security-type, policy-missing,\n"
	  "policy-invalid, kernel-hashes-no-kernel, firmware-not-uefi, smm-with-es,\n"
	  "memory-not-locked (SEV, SEV-ES), memory-hard-limit (below memory + 256 MiB),\n"
	  "pci-root, virtio-iommu, cloud-init-password.\n"
	  "Warnings: policy-debug, kernel-not-measured, machine-not-q35, pci-address,\n"
	  "disk-bus, disk-unencrypted, nic-model, nic-rom, serial-console, graphics,\n"
	  "guest-agent, cloud-init-seed, cloud-init-hashed-password, cloud-init-smbios.\n"
	  "Info: firmware-nvram.\n\n"
	  "cloud-init seeds seen from the domain: disks whose file name looks like a seed\n"
	  "(cidata, cloud-init, nocloud, seed, user-data, or kcli's <name>.ISO) or, when\n"
	  "readable, ISO images labelled cidata; fw_cfg entries (inline text or file);\n"
	  "SMBIOS serials with ds=nocloud (the data then lives elsewhere and is not read).\n"
	  "Readable seeds are scanned for passwords (chpasswd lists and users, password,\n"
	  "plain_text_passwd; passwd/hashed_passwd hashes); a password is never printed." },
	{ "qemu", "args", cmd_qemu_args, NULL,
	  "Print the QEMU command line of a SEV, SEV-ES or SEV-SNP machine",
	  "One argument per line (the first is the binary), or one shell-quoted line with\n"
	  "--shell. Add the accelerator, devices and disks of your machine to it." },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static struct cli *log_cli;

static void log_to_stderr(enum sev_log_level level, const char *msg, void *ctx)
{
	static const char *const prefix[] = { "error", "warning", "info", "debug" };
	int verbose = log_cli ? log_cli->verbose : 0;

	(void)ctx;
	if (log_cli && log_cli->quiet)
		return;
	/* info needs -v, debug -vv */
	if (level >= SEV_LOG_INFO && verbose < (int)level - 1)
		return;
	fprintf(stderr, "sevkit: %s: %s\n", prefix[level], msg);
}

static void list_group(const char *group)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const struct command *c = &commands[i];
		char name[48];

		if (group && strcmp(c->group, group) != 0)
			continue;
		snprintf(name, sizeof(name), "%s%s%s", c->group, c->verb ? " " : "",
			 c->verb ? c->verb : "");
		printf("  %-22s %s\n", name, c->summary);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: sevkit <group> <verb> [options] [operands]\n\n"
		   "AMD SEV / SEV-ES / SEV-SNP confidential VM toolkit.\n\nCommands:\n");
	if (f == stdout)
		list_group(NULL);
	fprintf(f, "\nRun 'sevkit <group> <verb> --help' for the options of a command.\n"
		   "Exit status: 0 ok, 1 verification failed, 2 usage error, 3 bad input,\n"
		   "4 environment (device, permission), 5 internal error.\n");
}

static const struct command *find(const char *group, const char *verb, int *group_known)
{
	*group_known = 0;
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(commands[i].group, group) != 0)
			continue;
		*group_known = 1;
		if (!commands[i].verb)
			return &commands[i];
		if (verb && strcmp(commands[i].verb, verb) == 0)
			return &commands[i];
	}
	return NULL;
}

static int run(const struct command *c, int argc, char **argv)
{
	struct cli cli = { .cmd = c, .color = isatty(STDOUT_FILENO) == 1 };
	int rc;

	log_cli = &cli;
	rc = c->run(&cli, argc, argv);
	log_cli = NULL;
	cli_free(&cli);
	return rc;
}

int main(int argc, char **argv)
{
	const struct command *c;
	int known;

	sev_set_log(log_to_stderr, NULL);
	if (argc < 2) {
		usage(stderr);
		return SEV_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc > 2) {
			find(argv[2], NULL, &known);
			if (!known) {
				fprintf(stderr, "sevkit: unknown command group '%s'\n", argv[2]);
				return SEV_EXIT_USAGE;
			}
			printf("Commands of 'sevkit %s':\n", argv[2]);
			list_group(argv[2]);
			return SEV_EXIT_OK;
		}
		usage(stdout);
		return SEV_EXIT_OK;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("sevkit %s\n", SEVKIT_VERSION);
		return SEV_EXIT_OK;
	}
	c = find(argv[1], argc > 2 ? argv[2] : NULL, &known);
	if (!known) {
		fprintf(stderr, "sevkit: unknown command '%s'; see 'sevkit help'\n", argv[1]);
		return SEV_EXIT_USAGE;
	}
	if (!c) {
		int asked = argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));

		if (!asked)
			fprintf(stderr, "sevkit %s: %s '%s'. Commands:\n", argv[1],
				argc > 2 ? "unknown command" : "missing command",
				argc > 2 ? argv[2] : "");
		else
			printf("Commands of 'sevkit %s':\n", argv[1]);
		if (!asked)
			for (size_t i = 0; i < N_COMMANDS; i++)
				if (!strcmp(commands[i].group, argv[1]))
					fprintf(stderr, "  sevkit %s %s\n", argv[1], commands[i].verb);
		if (asked)
			list_group(argv[1]);
		return asked ? SEV_EXIT_OK : SEV_EXIT_USAGE;
	}
	if (c->verb)
		return run(c, argc - 2, argv + 2);
	return run(c, argc - 1, argv + 1);
}
