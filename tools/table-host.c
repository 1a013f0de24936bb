/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The command table of the host commands: readiness checks, the SEV platform
 * (sevctl's commands) and the SEV-SNP platform (snphost's).
 */
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
	{ "host", "snp-status", cmd_host_snp_status, NULL,
	  "Show the SEV-SNP platform status (SNP_PLATFORM_STATUS)",
	  "Prints the firmware API version and build, the SNP state and whether the RMP is\n"
	  "initialized, the processor (CPUID, which decides the TCB layout), the number of\n"
	  "SNP guests, the current TCB (the firmware running now) and the reported TCB (what\n"
	  "reports carry and VCEKs are issued for), each decoded into SPLs, and the flags:\n"
	  "mask_chip_id, mask_chip_key, vlek_loaded, feature_info, rapl_disabled,\n"
	  "ciphertext_hiding_capable, ciphertext_hiding_enabled. The committed TCB is not in\n"
	  "SNP_PLATFORM_STATUS: 'sevkit report show' prints it from a guest's report. Needs\n"
	  "Linux 6.9 or later with SNP initialized (kvm_amd sev_snp=1); without, one line and\n"
	  "exit status 4.",
	  "# the SNP status of this host\n"
	  "sevkit host snp-status\n"
	  "# a replayed Genoa platform, as JSON\n"
	  "sevkit host snp-status --json --device fake:tests/vectors/host/fake-genoa-snp\n" },
	{ "host", "snp-commit", cmd_host_snp_commit, NULL,
	  "Commit the running SNP firmware and TCB as the minimum (SNP_COMMIT)",
	  "After a firmware update, makes the current firmware version and TCB the committed\n"
	  "ones: older firmware can no longer be loaded, and the reported TCB is set to the\n"
	  "current TCB. This cannot be undone, so it asks first on the terminal; --yes\n"
	  "commits without asking. Any answer but y, or no terminal without --yes, commits\n"
	  "nothing (exit status 2). The VMMs' certificate file (--cert-file) is locked\n"
	  "meanwhile; if its VCEK no longer goes with the reported TCB, it is emptied, with a\n"
	  "warning, so that no report is served with a certificate it does not verify with.",
	  "# commit after checking 'sevkit host snp-status'\n"
	  "sevkit host snp-commit\n"
	  "# in a script, on a replayed Milan platform\n"
	  "sevkit host snp-commit --yes --device fake:tests/vectors/host/fake-milan-snp\n" },
	{ "host", "snp-config", cmd_host_snp_config, "set | show",
	  "Set or show the SNP platform configuration (SNP_SET_CONFIG)",
	  "show prints the reported TCB and whether reports mask the chip id or go unsigned.\n"
	  "set sends SNP_SET_CONFIG with the present configuration changed only where an\n"
	  "option says: --tcb (the reported TCB), --[no-]mask-chip-id, --[no-]mask-chip-key.\n"
	  "A reported TCB below the current one lets guests keep verifying with the VCEK of\n"
	  "an older TCB during a roll-out; one with an SPL above the current TCB's, or with\n"
	  "bytes no SPL is in, is refused before anything is sent. --tcb names every SPL\n"
	  "(bl, tee, snp, ucode, and fmc on Turin), or is the raw 64-bit value, or current;\n"
	  "the byte layout is the processor's. The VMMs' certificate file (--cert-file) is\n"
	  "locked meanwhile, and emptied, with a warning, if its VCEK no longer goes with the\n"
	  "reported TCB: install the new one with 'sevkit host certs import'.",
	  "# report the previous microcode's TCB until every verifier has the new VCEK\n"
	  "sevkit host snp-config set --tcb bl=2,tee=0,snp=5,ucode=68\n"
	  "# report the running firmware's TCB again, on a replayed Milan platform\n"
	  "sevkit host snp-config set --tcb current --device fake:tests/vectors/host/fake-milan-snp\n"
	  "sevkit host snp-config show --device fake:tests/vectors/host/fake-milan-snp\n" },
	{ "host", "certs", cmd_host_certs, "import DIR|FILE... | export DIR | clear",
	  "Install the certificates VMMs serve with extended reports",
	  "import builds the certificate table (GUID table of the GHCB specification, as\n"
	  "'sevkit report verify --cert-table' reads it) from AMD certificate files, PEM or\n"
	  "DER: a directory's files (each must be a certificate file), or files, recognised\n"
	  "by their subject (ARK, ASK or ASVK, and one VCEK or VLEK, e.g. KDS's vcek.der and\n"
	  "cert_chain.pem). Before it is written it is checked against this platform, under\n"
	  "the file's lock: each certificate in its role's slot, the chain up to AMD's ARK of\n"
	  "the platform's product, the VCEK's hwID against this chip's identifier, its TCB\n"
	  "against the reported TCB, and the key that signs reports (a VLEK while one is\n"
	  "loaded, else the VCEK); only status and identifier are read from the device.\n"
	  "Linux has no /dev/sev command for the table: since Linux 7.0 the VMM serves it\n"
	  "from a file (KVM_EXIT_SNP_REQ_CERTS), --cert-file (default\n"
	  "/opt/snp/cert_chain.cert), which import and clear rewrite in place under an\n"
	  "exclusive lock, as the kernel's documentation asks. export writes the table's\n"
	  "certificates to DIR as ark.der, ask.der (or asvk.der), vcek.der, vlek.der, read\n"
	  "under the VMMs' shared lock. clear leaves an empty table.",
	  "# install this host's VCEK and AMD's chain, downloaded from KDS (see host vcek-url)\n"
	  "sevkit host certs import vcek.der cert_chain.pem\n"
	  "# the same for a replayed Milan platform, into a file of your choice\n"
	  "sevkit host certs import --device fake:tests/vectors/host/fake-milan-snp \\\n"
	  "    --cert-file certs.bin tests/vectors/snp/go-sev-guest_vcek_milan.der \\\n"
	  "    tests/vectors/snp/go-sev-guest_milan_ask_ark.pem\n"
	  "# the certificates a table holds, one DER file each\n"
	  "sevkit host certs export --cert-file certs.bin certs/\n" },
	{ "host", "vcek-url", cmd_host_vcek_url, NULL,
	  "Print the KDS URL of this host's VCEK at its reported TCB",
	  "The VCEK guests' reports verify with: AMD KDS's URL for this chip's identifier\n"
	  "(GET_ID2; its first 8 bytes on Turin) and the platform's reported TCB\n"
	  "(SNP_PLATFORM_STATUS). sevkit never fetches: download it, with cert_chain from the\n"
	  "same place, and give both to 'sevkit host certs import'.",
	  "# the VCEK to download for this host\n"
	  "sevkit host vcek-url\n"
	  "# for a replayed Turin platform\n"
	  "sevkit host vcek-url --device fake:tests/vectors/host/fake-turin-snp\n" },
	{ 0 },
};
