/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the host commands: readiness checks and the SEV platform (sevctl's commands). */
#include "commands.h"

const struct command host_commands[] = {
	{ "host", "ok", cmd_host_ok, "[sev|es|snp]",
	  "Check that this host is ready for SEV, SEV-ES and SEV-SNP guests",
	  "Runs the readiness checks as a tree of PASS/FAIL/SKIP results, like 'sevctl ok':\n"
	  "CPU vendor and model, CPUID 0x8000001F capabilities, the SYSCFG MSR (when\n"
	  "/dev/cpu/0/msr is readable), the kernel's /proc/cpuinfo flags, the kvm_amd\n"
	  "parameters, /dev/sev, /dev/kvm and RLIMIT_MEMLOCK. A check runs only when its\n"
	  "parent passed. With no operand the features checked are those the CPU reports\n"
	  "plus those its EPYC generation has (so a Rome host skips SEV-SNP); sev, es or\n"
	  "snp checks exactly that level. Exit status 1 when a check failed.",
	  "# check this host for SEV, SEV-ES and SEV-SNP\n"
	  "sevkit host ok\n"
	  "# the SEV-ES checks on a recorded Rome host\n"
	  "sevkit host ok es --host-record tests/vectors/host/rome-epyc-7742.json\n" },
	{ "host", "record", cmd_host_record, "OUT",
	  "Record what 'host ok' reads from this host into a JSON file",
	  "Writes CPUID leaves, the SYSCFG MSR, the kvm_amd parameters, the first processor\n"
	  "of /proc/cpuinfo, device access and limits to OUT. 'sevkit host ok\n"
	  "--host-record OUT' then runs the checks on that recording, e.g. on another\n"
	  "machine to reproduce a report. The recording holds no secrets.",
	  "# record this host, e.g. for a bug report\n"
	  "sevkit host record --comment 'lab host 3' host.json\n"
	  "# rewrite a recording in today's layout\n"
	  "sevkit host record --host-record tests/vectors/host/rome-epyc-7742.json rome.json\n" },
	{ "host", "status", cmd_host_status, NULL,
	  "Show the SEV platform status (PLATFORM_STATUS)",
	  "Prints the firmware API version, build, platform state, the flags (owned: an\n"
	  "OCA was imported; es: SEV-ES is configured) and the number of guests.",
	  "# the status of this host's SEV firmware\n"
	  "sevkit host status\n"
	  "# a replayed Rome platform (tests/vectors/host/fake-rome/README.md)\n"
	  "sevkit host status --json --device fake:tests/vectors/host/fake-rome\n" },
	{ "host", "reset", cmd_host_reset, NULL,
	  "Reset the SEV platform (PLATFORM_RESET)",
	  "Deletes the platform's keys and ownership: new PDH and PEK, self-signed OCA.\n"
	  "Refused by the firmware while guests run.",
	  "# forget the owner and every key of this host's platform\n"
	  "sevkit host reset\n"
	  "# the same on a replayed platform, where nothing is deleted\n"
	  "sevkit host reset --device fake:tests/vectors/host/fake-rome\n" },
	{ "host", "rotate", cmd_host_rotate, NULL,
	  "Generate a new PDH (PDH_GEN)",
	  "Replaces the platform Diffie-Hellman key; guest owners need the new chain.",
	  "# a new PDH for this host's platform\n"
	  "sevkit host rotate\n"
	  "# the same on a replayed platform, where no key changes\n"
	  "sevkit host rotate --device fake:tests/vectors/host/fake-rome\n" },
	{ "host", "pek-csr", cmd_host_pek_csr, "OUT",
	  "Write the PEK certificate signing request (PEK_CSR)",
	  "Writes the firmware's PEK signing request, one SEV certificate, to OUT. Sign it\n"
	  "with the OCA key ('sevkit cert sign-pek') and give it back with 'sevkit host\n"
	  "import'.",
	  "# the PEK signing request of this host's platform, to sign with your OCA key\n"
	  "sevkit host pek-csr pek.csr\n"
	  "# the signing request of a replayed Rome platform\n"
	  "sevkit host pek-csr --device fake:tests/vectors/host/fake-rome pek.csr\n" },
	{ "host", "export", cmd_host_export, "OUT",
	  "Export the platform certificate chain (PDH_CERT_EXPORT)",
	  "Writes PDH, PEK, OCA and CEK (4 x 2084 bytes) to OUT, the layout of 'sevctl\n"
	  "export'. The CEK is the platform's own unless --cek gives the AMD-signed copy\n"
	  "(nothing is downloaded; 'sevkit host id --json' prints its URL). --full --ca FILE\n"
	  "appends the ASK and ARK of FILE, as 'sevctl export --full' appends its own.",
	  "# the chain with AMD's ASK and ARK, for 'sevkit session' or the guest owner\n"
	  "sevkit host export --full chain.cert\n"
	  "# the same from a replayed Rome platform\n"
	  "sevkit host export --device fake:tests/vectors/host/fake-rome --full rome.cert\n" },
	{ "host", "import", cmd_host_import, "PEK OCA",
	  "Import a signed PEK and its OCA (PEK_CERT_IMPORT): take ownership",
	  "PEK is the CSR from 'sevkit host pek-csr' signed by the OCA key ('sevkit cert\n"
	  "sign-pek'); OCA is the owner's self-signed certificate. Both are single SEV\n"
	  "certificates. Unless the OCA signed itself and the PEK, nothing is sent to the\n"
	  "firmware and the exit status is 1.",
	  "# take ownership with the PEK signed by your OCA key, and the OCA\n"
	  "sevkit host import pek-signed.cert oca.cert\n"
	  "# a replayed platform, given the PEK and OCA it already has\n"
	  "sevkit host import --device fake:tests/vectors/host/fake-rome \\\n"
	  "    tests/vectors/sev/virtee-sev_tests_rome_pek.cert \\\n"
	  "    tests/vectors/sev/virtee-sev_tests_rome_oca.cert\n" },
	{ "host", "id", cmd_host_id, NULL,
	  "Print the chip identifier (GET_ID2)",
	  "Prints the identifier in upper-case hex, as 'sevctl show identifier'. With\n"
	  "--json, also the AMD key server URL of this chip's signed CEK.",
	  "# the chip identifier of this host\n"
	  "sevkit host id\n"
	  "# the identifier and the KDS URL of its CEK, from a replayed platform\n"
	  "sevkit host id --json --device fake:tests/vectors/host/fake-rome\n" },
	{ 0 },
};
