/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the qemu command: QEMU's arguments for a confidential guest. */
#include "commands.h"

const struct command qemu_commands[] = {
	{ "qemu", "args", cmd_qemu_args, NULL,
	  "Print the QEMU command line of a SEV, SEV-ES or SEV-SNP machine",
	  "One argument per line (the first is the binary), or one shell-quoted line with\n"
	  "--shell. Add the accelerator, devices and disks of your machine to it.",
	  "# a SEV-SNP machine of 4 GiB on this host, as one shell line\n"
	  "sevkit qemu args --sev-snp --memory 4G --shell\n"
	  "# SEV with the session files of 'sevkit session', the C-bit given\n"
	  "sevkit qemu args --sev --cbitpos 51 --reduced-phys-bits 1 \\\n"
	  "    --dh-cert-file vm_godh.b64 --session-file vm_session.b64\n" },
	/* "measure <mode>" entries come before the verb-less "measure" (--mode MODE) */
	{ 0 },
};
