/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the domain commands: libvirt domain XML. */
#include "commands.h"

const struct command domain_commands[] = {
	{ "domain", "convert", cmd_domain_convert, "IN.xml | --domain NAME",
	  "Turn a libvirt domain into a SEV, SEV-ES or SEV-SNP one",
	  "Applies what a SEV launch needs to the domain and keeps everything else: q35\n"
	  "with a PCIe root and no fixed PCI addresses, SATA/IDE disks moved to virtio-scsi,\n"
	  "virtio NICs without option ROM, iommu='on' on every virtio device, OVMF firmware,\n"
	  "locked memory (SEV, SEV-ES) with a memtune hard limit of at least memory + 256 MiB,\n"
	  "SMM off (SEV-ES, SEV-SNP), and <launchSecurity> with the policy, cbitpos,\n"
	  "reducedPhysBits and the guest owner's inputs. Each change and its reason is\n"
	  "printed on stderr. cbitpos/reducedPhysBits come from the options, else from this\n"
	  "host's CPUID (AMD with SEV), else from the domain's launchSecurity. Running it\n"
	  "again on its output changes nothing. With --domain the domain's definition is\n"
	  "read from libvirt and, with --define, the result replaces it there.",
	  "# SEV with the files of 'sevkit session --name vm', written to vm-sev.xml\n"
	  "sevkit domain convert --sev --session vm -o vm-sev.xml vm.xml\n"
	  "# a plain Fedora domain made SEV-SNP, the C-bit given (else this host's)\n"
	  "sevkit domain convert --sev-snp --cbitpos 51 --reduced-phys-bits 1 \\\n"
	  "    tests/vectors/domain/fedora-kcli.xml\n"
	  "# a domain that libvirt knows, made SEV and redefined\n"
	  "sevkit domain convert --sev --session vm --connect qemu:///system --domain vm1 --define\n" },
	{ "domain", "lint", cmd_domain_lint, "IN.xml | --domain NAME",
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
	  "plain_text_passwd; passwd/hashed_passwd hashes); a password is never printed.",
	  "# a plain Fedora domain, and what stops it from being a SEV guest\n"
	  "sevkit domain lint tests/vectors/domain/fedora-kcli.xml\n"
	  "# a domain ready for SEV-SNP, in JSON\n"
	  "sevkit domain lint --json tests/vectors/domain/lint/clean-snp.xml\n"
	  "# a domain as libvirt runs it\n"
	  "sevkit domain lint --connect qemu:///system --domain vm1\n" },
	{ 0 },
};
