/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the measure commands: launch digests, one verb per mode. */
#include "commands.h"

const struct command measure_commands[] = {
	{ "measure", "sev", cmd_measure, "--ovmf FILE [--kernel FILE ...]",
	  "Launch digest of an SEV guest (firmware and kernel hashes)",
	  "Prints the SHA-256 launch digest QEMU's LAUNCH_UPDATE_DATA commands produce for\n"
	  "the firmware and, with --kernel, the kernel hashes table (kernel-hashes=on).\n"
	  "Same options as sev-snp-measure; 'sevkit measure --mode sev' works too.",
	  "# firmware, kernel, initrd and command line (QEMU's kernel-hashes=on)\n"
	  "sevkit measure sev --ovmf tests/vectors/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin \\\n"
	  "    --kernel tests/vectors/snp/sev-snp-measure/made_up_kernel.bin \\\n"
	  "    --initrd tests/vectors/snp/sev-snp-measure/made_up_initrd.bin \\\n"
	  "    --append console=ttyS0\n" },
	{ "measure", "seves", cmd_measure, "--ovmf FILE --vcpus N --vcpu-type TYPE ...",
	  "Launch digest of an SEV-ES guest (firmware, kernel hashes, VMSAs)",
	  "Adds one VMSA per vCPU to the SEV digest. The VMSAs are built from the vCPU\n"
	  "type (or signature, or family/model/stepping) and the firmware's SEV-ES reset\n"
	  "address, or read from --vmsa-cpu0/--vmsa-cpu1 files. --vmsa-features chooses\n"
	  "their FPU state: init2 (default, as sev-snp-measure and virtee/sev compute;\n"
	  "hosts with Linux >= 6.10 and KVM_SEV_INIT2) or legacy (MXCSR and FCW zero;\n"
	  "older hosts, sevctl and libvirt 9.0).",
	  "# 4 vCPUs of QEMU's EPYC-Milan model\n"
	  "sevkit measure seves --vcpus 4 --vcpu-type EPYC-Milan \\\n"
	  "    --ovmf tests/vectors/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin\n"
	  "# the same for a host before Linux 6.10 (and what sevctl computes)\n"
	  "sevkit measure seves --vcpus 4 --vcpu-type EPYC-Milan --vmsa-features legacy \\\n"
	  "    --ovmf tests/vectors/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin\n" },
	{ "measure", "snp", cmd_measure, "--ovmf FILE --vcpus N --vcpu-type TYPE ...",
	  "Launch digest of an SEV-SNP guest (sev-snp-measure --mode snp)",
	  "Prints the SHA-384 launch digest (the MEASUREMENT of the attestation report):\n"
	  "SNP_LAUNCH_UPDATE of the firmware pages (it ends at 4 GiB), of the regions its\n"
	  "SEV metadata lists (zero, secrets, CPUID, SVSM calling area, and with --kernel\n"
	  "the kernel hashes page) and of one VMSA per vCPU, in QEMU's order.\n"
	  "--vmm-type ec2|gce: the AWS and Google hypervisors' VMSAs and page types\n"
	  "(EC2 RDX 0x600 and CPUID pages last; GCE leaves SEC_MEM pages unmeasured).\n"
	  "--guest-features sets the VMSAs' SEV_FEATURES (default 0x1). --snp-ovmf-hash\n"
	  "starts from a precomputed firmware digest. --json writes the reference values\n"
	  "'sevkit report verify --reference' expects: measurement, policy (--policy,\n"
	  "default 0x30000), vCPUs and the SHA-256 of every input. Same options and\n"
	  "results as sev-snp-measure.",
	  "# 4 vCPUs of QEMU's EPYC-Milan model\n"
	  "sevkit measure snp --vcpus 4 --vcpu-type EPYC-Milan \\\n"
	  "    --ovmf tests/vectors/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin\n"
	  "# reference values for 'sevkit report verify --reference ref.json'\n"
	  "sevkit measure snp --json --vcpus 4 --vcpu-type EPYC-Milan --policy 0x30000 \\\n"
	  "    --ovmf tests/vectors/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin >ref.json\n"
	  "# an AWS EC2 guest with 2 vCPUs\n"
	  "sevkit measure snp --vmm-type ec2 --vcpus 2 \\\n"
	  "    --ovmf tests/vectors/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin\n" },
	{ "measure", NULL, cmd_measure, "[MODE | --mode MODE] --ovmf FILE ...",
	  "Launch digest, with the mode as --mode MODE (sev-snp-measure's form)",
	  "MODE is sev, seves, snp, snp:ovmf-hash (the digest of the firmware pages\n"
	  "alone) or snp:svsm (a Coconut SVSM launch: --svsm FILE and --vars-size N or\n"
	  "--vars-file FILE; the SVSM sits below OVMF_VARS, below the firmware; its VMSAs\n"
	  "start at the SVSM entry point). sev-snp-measure's aliases sev-es, sev-snp and\n"
	  "sev-snp:svsm work too. 'sevkit measure --mode snp' is 'sevkit measure snp'.\n"
	  "--dump-vmsa writes each measured VMSA to vmsa0.bin, vmsa1.bin, ... in the\n"
	  "current directory (replacing files of those names with --force), as\n"
	  "sev-snp-measure does.\n"
	  "An option without effect in the mode is refused (exit 2), e.g. --vcpus with\n"
	  "sev, --kernel with snp:ovmf-hash, a --policy whose SEV-ES bit (0x4) contradicts\n"
	  "sev or seves. Only in the --mode form, the vCPU options, --vmm-type and\n"
	  "--guest-features are still taken where sev-snp-measure ignores them, with a\n"
	  "note on stderr. An empty firmware file is refused (exit 3).",
	  "# sev-snp-measure's command line, word for word\n"
	  "sevkit measure --mode snp --vcpus 4 --vcpu-type EPYC-v4 \\\n"
	  "    --ovmf tests/vectors/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin\n"
	  "# the digest of the firmware pages alone, to start from with --snp-ovmf-hash\n"
	  "sevkit measure --mode snp:ovmf-hash \\\n"
	  "    --ovmf tests/vectors/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin\n"
	  "# a Coconut SVSM launch\n"
	  "sevkit measure --mode snp:svsm --vcpus 2 --vcpu-type EPYC-v4 --vars-size 540672 \\\n"
	  "    --ovmf tests/vectors/snp/sev-snp-measure/svsm_ovmf.fd \\\n"
	  "    --svsm tests/vectors/snp/sev-snp-measure/svsm.bin\n" },
	{ 0 },
};
