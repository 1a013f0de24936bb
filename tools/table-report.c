/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the report commands: SEV-SNP attestation reports, and SEV's legacy one. */
#include "commands.h"

const struct command report_commands[] = {
	{ "report", "validate-legacy", cmd_report_validate_legacy, "CHAIN REPORT",
	  "Check a legacy SEV attestation report's signature and its PEK's chain",
	  "REPORT is the 0xD0-byte ATTESTATION report of an SEV/SEV-ES guest; CHAIN is a\n"
	  "file of SEV certificates that includes the PEK: sevctl export (PDH PEK OCA CEK,\n"
	  "with --full also ASK ARK). The PEK's chain is verified up to AMD's builtin root\n"
	  "(as 'sevkit cert verify' does), then the report's signature with the PEK. Exit 0\n"
	  "when both hold; 1 when the PEK did not sign the report, when a link of the chain\n"
	  "is missing or does not verify, or when CHAIN is a lone PEK (anyone can make a\n"
	  "PEK). --no-verify checks the signature alone and says so. --json: valid (the\n"
	  "verdict, as the exit status), signature_valid, chain_verified and chain\n"
	  "(verified, failed or not_checked).",
	  "# a guest's report and the chain of its platform (sevkit host export)\n"
	  "sevkit report validate-legacy chain.cert report.bin\n" },
	{ "report", "show", cmd_report_show, "REPORT",
	  "Print every field of an SEV-SNP attestation report",
	  "REPORT is the 1184-byte report as binary, hex or base64 (detected, or --format).\n"
	  "TCB values are broken into their SPLs in the layout of the product; the guest\n"
	  "policy and PLATFORM_INFO are decoded bit by bit. A certificate table appended to\n"
	  "a binary report (or given with --cert-table) is listed too.",
	  "# a real Milan report\n"
	  "sevkit report show --product milan tests/vectors/snp/go-sev-guest_attestation.bin\n"
	  "# a report in base64, in JSON\n"
	  "sevkit report show --json report.b64\n" },
	{ "report", "verify", cmd_report_verify, "REPORT",
	  "Verify an SEV-SNP report against AMD's chain and a policy",
	  "Checks the report signature (ECDSA P-384) with the VCEK or VLEK, the chain to the\n"
	  "ASK/ASVK and ARK (RSA-PSS SHA-384; builtin roots for Milan, Genoa and Turin),\n"
	  "validity times, the CRLs given, and that the certificate matches the report\n"
	  "(TCB SPLs, hwID = CHIP_ID, product). Then runs every check given as an option,\n"
	  "in --policy-file or in --reference; debug, migration-agent and CXL (cxl_allow)\n"
	  "policies are refused by default. Each failed check is listed with its expected\n"
	  "and actual value. sevkit never downloads: get certificates with 'sevkit report\n"
	  "kds-url'.\n\n"
	  "CRLs: every CRL given (--crl, repeatable, and any CRL in --certs) is applied,\n"
	  "in any order: each must be issued and signed by the ARK, and a certificate that\n"
	  "any of them lists is revoked, whatever the others say. Both the ASK (or ASVK)\n"
	  "and the VCEK (or VLEK) are looked up in each; the output names each CRL, its\n"
	  "issuer and date, and the serials checked against it.\n\n"
	  "Policy files are a JSON object with the keys measurement, report_data,\n"
	  "host_data, family_id, image_id, id_key_digest, author_key_digest, policy, vmpl,\n"
	  "allow_debug, allow_migrate_ma, allow_cxl, forbid_smt, require_single_socket,\n"
	  "min_abi, min_tcb, min_committed_tcb, min_launch_tcb, min_current_tcb, min_build,\n"
	  "min_version, min_guest_svn, platform_require, platform_forbid, product (Milan,\n"
	  "or with a stepping: Milan-B0) and deny (a list of {product, tcb}); an unknown key\n"
	  "is refused, in reference-values documents too. A check that two sources (the\n"
	  "policy file, the reference values, options) give with different values is a\n"
	  "usage error naming both; the same value twice is fine. Product names and\n"
	  "steppings match in any case.\n\n"
	  "GPUs (confidential AI): --gpu-evidence FILE is the additional evidence a guest sent\n"
	  "a key broker with this report, {\"nvidia\": {\"device_evidence_list\": [...]}}, byte\n"
	  "for byte. REPORT_DATA must bind it with --kbs-nonce and the JWK in --tee-pubkey\n"
	  "(SHA-384 of their RFC 8785 JSON, or --kbs-hash), and every GPU must answer the\n"
	  "nonce derived from them (SHA-384 of {nonce, tee-pubkey}, 32 bytes) and verify as\n"
	  "'sevkit gpu verify' checks it (--gpu-root, --gpu-rim, --at); the verdict is both,\n"
	  "and --json adds gpu: {verified, bound, devices}.\n\n"
	  "--json: verified is the verdict (true exactly when the exit status is 0);\n"
	  "signature_valid is the chain and signature alone; checks_passed and failures the\n"
	  "checks; crl_checked, and crls: for each CRL its file, issuer, this_update,\n"
	  "next_update, current and the certificates checked (certificate, serial,\n"
	  "revoked).",
	  "# the VCEK from AMD's KDS, the reference values of 'sevkit measure snp --json'\n"
	  "sevkit report verify --vcek vcek.der --reference ref.json report.bin\n"
	  "# a real Milan report and its VCEK (that guest allowed debugging)\n"
	  "sevkit report verify --vcek tests/vectors/snp/go-sev-guest_vcek_milan.der \\\n"
	  "    --at 2025-01-01 --allow-debug tests/vectors/snp/go-sev-guest_attestation.bin\n"
	  "# the certificates of an extended report (sevkit report fetch --extended)\n"
	  "sevkit report verify --cert-table report.bin.certs --min-tcb snp=22 report.bin\n" },
	{ "report", "kds-url", cmd_report_kds_url, "REPORT",
	  "Print the AMD KDS URL of the VCEK that signed a report",
	  "Prints the URL of the VCEK for the report's CHIP_ID and REPORTED_TCB (Turin: the\n"
	  "8-byte chip ID and fmcSPL). --cert-chain and --crl print those URLs instead;\n"
	  "--json prints all of them. sevkit does not fetch anything.",
	  "# a real Milan report (version 2 reports do not name their product)\n"
	  "sevkit report kds-url --product milan tests/vectors/snp/go-sev-guest_attestation.bin\n"
	  "# where the ASK and ARK of a Genoa report are\n"
	  "sevkit report kds-url --product genoa --cert-chain report.bin\n" },
	{ "report", "fetch", cmd_report_fetch, "OUT",
	  "Get an attestation report inside an SEV-SNP guest",
	  "Asks the firmware for a report with the given REPORT_DATA through configfs-tsm\n"
	  "(checking the generation counter against concurrent writers) or, where configfs-tsm\n"
	  "is absent, /dev/sev-guest. Writes the 1184-byte binary report to OUT (and with\n"
	  "--extended the host's certificate table), all or nothing.",
	  "# inside the guest, a report whose REPORT_DATA holds the verifier's nonce\n"
	  "sevkit report fetch --data-file nonce.bin report.bin\n"
	  "# with the host's certificates, in report.bin.certs\n"
	  "sevkit report fetch --extended --data 0011223344556677 report.bin\n" },
	{ "report", "derive-key", cmd_report_derive_key, "OUT",
	  "Derive a key from the SEV-SNP firmware inside the guest",
	  "SNP_GET_DERIVED_KEY through /dev/sev-guest: a 32-byte key bound to the chosen root\n"
	  "key and guest fields, written to OUT with mode 0600.",
	  "# inside the guest, a key that only this measurement and policy get\n"
	  "sevkit report derive-key --guest-field-select measurement,policy sealing.key\n" },
	{ 0 },
};
