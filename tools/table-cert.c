/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the cert commands: SEV and AMD certificates and chains. */
#include "commands.h"

const struct command cert_commands[] = {
	{ "cert", "show", cmd_cert_show, "FILE...",
	  "Describe SEV and AMD certificates and chain files",
	  "Each FILE is a single certificate or a chain file: `sevctl export` output\n"
	  "(PDH PEK OCA CEK, and with --full ASK ARK), sev-tool's cert_chain.cert (PEK OCA\n"
	  "CEK), AMD's ask_ark_<generation>.cert (ASK ARK), or any of these certificates in\n"
	  "that order. For each certificate it prints the usage, where it is in the file,\n"
	  "the firmware API version that made it (SEV certificates), the key algorithm and\n"
	  "size, the fingerprint as `sevctl verify` prints it (the SHA-256 or SHA-384 of\n"
	  "the signed part, by the key's own hash) and who signed each signature slot.\n"
	  "AMD's Naples ARK is published without its signature; sevkit adds the one AMD\n"
	  "gave out separately and says so.\n"
	  "A FILE may also hold AMD's SEV-SNP X.509 certificates (ARK, ASK, ASVK, VCEK, VLEK)\n"
	  "in DER or PEM, as KDS and snpguest give them: for each, the subject, issuer,\n"
	  "serial, validity, key, signature algorithm and SHA-256 fingerprint of the DER,\n"
	  "and for a VCEK or VLEK the AMD extensions: product, TCB (SPL by SPL) and hwID\n"
	  "(VCEK) or CSP ID (VLEK). Nothing is verified: see 'sevkit cert verify' and\n"
	  "'sevkit report verify'.",
	  "# a real Rome chain, PDH to ARK\n"
	  "sevkit cert show tests/vectors/sev/derived/rome.fullchain\n"
	  "# one Naples PDH, in JSON\n"
	  "sevkit cert show --json tests/vectors/sev/virtee-sev_tests_naples_pdh.cert\n" },
	{ "cert", "verify", cmd_cert_verify, "[CHAIN]",
	  "Verify a SEV certificate chain up to AMD's root key",
	  "Checks the seven signatures of a SEV platform chain: ARK self, ARK -> ASK,\n"
	  "ASK -> CEK, CEK -> PEK, OCA -> PEK, OCA self and PEK -> PDH, and prints the\n"
	  "same tree as `sevctl verify` (a crossed mark is a signature that does not\n"
	  "verify or a certificate that is missing). CHAIN (or --sev FILE) is a chain file\n"
	  "as 'sevkit cert show' reads; --pdh/--pek/--oca/--cek add or replace single\n"
	  "certificates. Each signature must come from the slot naming its signer, with\n"
	  "the signer's own algorithm (RSA-PSS SHA-256 for a 2048-bit ASK, SHA-384 for a\n"
	  "4096-bit one); nothing else is tried.\n"
	  "The trusted root is the builtin AMD ARK of the generation whose builtin ASK\n"
	  "signed the CEK (Naples, Rome, Milan, Genoa or Turin), or the ARK of --ca FILE\n"
	  "(an ask_ark_<generation>.cert). An ASK or ARK inside CHAIN is verified too, and\n"
	  "its ARK must be the trusted one. Every failed or missing link is named on\n"
	  "stderr and the exit status is 1. --json prints each link with its signer,\n"
	  "signee, status and fingerprints, and the generation.",
	  "# a real Rome platform chain, up to AMD's builtin root\n"
	  "sevkit cert verify tests/vectors/sev/derived/rome.fullchain\n"
	  "# a Naples chain and the ASK and ARK of a file (like ask_ark_naples.cert)\n"
	  "sevkit cert verify tests/vectors/sev/derived/naples.sevchain \\\n"
	  "    --ca tests/vectors/sev/derived/naples.cachain\n" },
	{ "cert", "split", cmd_cert_split, "FILE DIR",
	  "Write each certificate of a chain file to its own file",
	  "Writes DIR/pdh.cert, pek.cert, oca.cert, cek.cert, ask.cert and ark.cert for the\n"
	  "certificates FILE holds, byte for byte as they are in FILE. Either every file is\n"
	  "written or none is. Existing files are left alone unless --force is given.",
	  "# pdh.cert, pek.cert, oca.cert, cek.cert, ask.cert, ark.cert in this directory\n"
	  "sevkit cert split tests/vectors/sev/derived/rome.fullchain .\n" },
	{ "cert", "generate-oca", cmd_cert_generate_oca, "CERT KEY",
	  "Create a self-signed owner (OCA) certificate and its private key",
	  "Like `sevctl generate`: a new ECDSA P-384 key, and its OCA certificate (API\n"
	  "version 0.0, algorithm ECDSA_SHA256, signed by itself in the first slot) written\n"
	  "to CERT (2084 bytes). The private key is written to KEY as PKCS#8 PEM, mode\n"
	  "0600. Existing files are left alone unless --force is given; either both files\n"
	  "are written or neither.",
	  "# your owner certificate and its key, for 'sevkit host import'\n"
	  "sevkit cert generate-oca oca.cert oca.key\n" },
	{ "cert", "sign-pek", cmd_cert_sign_pek, "CSR OCA-CERT OCA-KEY OUT",
	  "Sign the platform's PEK signing request with the owner's OCA key",
	  "The signing step of 'sevctl provision': CSR is the PEK signing request from\n"
	  "'sevkit host pek-csr', OCA-CERT and OCA-KEY the owner's certificate and private\n"
	  "key from 'sevkit cert generate-oca' (or 'sevctl generate': the key may be PEM or\n"
	  "DER). The OCA signs the PEK in its first empty signature slot, ECDSA with the\n"
	  "OCA's algorithm, as sevctl and sev-tool do, and the signed PEK is written to OUT.\n"
	  "Refused (exit 1) unless the key is the OCA's and the OCA is self-signed; a PEK\n"
	  "whose slots are both signed is no signing request (exit 3). Then take ownership\n"
	  "with 'sevkit host import OUT OCA-CERT'. An existing OUT is left alone unless\n"
	  "--force is given.",
	  "# sign the PEK request of 'sevkit host pek-csr' with your OCA key\n"
	  "sevkit cert sign-pek pek.csr oca.cert oca.key pek-signed.cert\n" },
	{ 0 },
};
