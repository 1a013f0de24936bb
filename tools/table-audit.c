/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the audit command: can the host read this guest's memory?. */
#include "commands.h"

const struct command audit_commands[] = {
	{ "audit", NULL, cmd_audit, "--qmp SOCKET | --domain NAME | --pid PID | DUMP",
	  "Can the host read this guest's memory? Dump, scan, entropy, verdict",
	  "Takes the guest's memory as the host sees it (a QMP dump to a file without a name,\n"
	  "a libvirt dump unlinked once whole, the live QEMU process, or a dump file), looks for the given secrets and the\n"
	  "built-in detectors, measures the entropy of every page, and prints a verdict:\n"
	  "readable-secrets (secrets found, exit 1), readable-plaintext (no secret, but\n"
	  "fewer than 95 % of the non-zero pages look encrypted, exit 1) or encrypted\n"
	  "(exit 0); --json gives the same word as \"verdict\".",
	  "# is the disk passphrase readable in the guest's memory?\n"
	  "sevkit audit --qmp /run/vm.qmp --secret 'my disk passphrase'\n"
	  "# the same for a guest that libvirt runs\n"
	  "sevkit audit --domain vm1 --secret 'my disk passphrase'\n"
	  "# a plain dump, whose verdict is readable-secrets\n"
	  "sevkit audit --secret SECRET_CANARY_7f3a9c2e1b5d \\\n"
	  "    tests/vectors/memscan/qemu.kdump-flat\n" },
	{ 0 },
};
