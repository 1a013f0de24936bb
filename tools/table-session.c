/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the session command: a SEV launch session for a platform's PDH. */
#include "commands.h"

const struct command session_commands[] = {
	{ "session", NULL, cmd_session, "[PDH POLICY]",
	  "Create a SEV launch session for a platform's PDH",
	  "Generates the guest owner's Diffie-Hellman key (GODH), agrees a shared secret\n"
	  "with the platform's PDH, draws a fresh transport encryption key (TEK) and\n"
	  "integrity key (TIK), and writes, as sevctl session does: NAME_godh.b64 and\n"
	  "NAME_session.b64 (for QEMU's sev-guest dh-cert-file and session-file, or\n"
	  "libvirt's <dhCert> and <session>), NAME_tek.bin and NAME_tik.bin (mode 0600).\n"
	  "The PDH may be a single certificate, its base64 text (libvirt's <pdh>), or a\n"
	  "chain that starts with it (sevctl export): a chain is verified up to AMD's\n"
	  "builtin root first. The policy is kept whole (all 32 bits) in POLICY_MAC.\n"
	  "sevctl's form 'sevkit session [--name N] PDH POLICY' works too. On failure no\n"
	  "file is written.",
	  "# vm_godh.b64, vm_session.b64, vm_tek.bin, vm_tik.bin for a Rome chain's PDH\n"
	  "sevkit session --pdh tests/vectors/sev/derived/rome.sevchain --policy 0x3\n"
	  "# sevctl's form, the files named guest_* in /srv/guest\n"
	  "sevkit session --name guest --out /srv/guest chain.cert 0x5\n" },
	{ 0 },
};
