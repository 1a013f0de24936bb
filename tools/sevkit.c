/* SPDX-License-Identifier: Apache-2.0 */
/* sevkit: the command table and the dispatcher. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sevkit/error.h>
#include <sevkit/version.h>

#include "cli.h"
#include "commands.h"

static const struct command commands[] = {
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
	{ "policy", "decode", cmd_policy_decode, "[--snp] POLICY",
	  "Explain each bit of a SEV or SEV-SNP guest policy",
	  "POLICY is decimal or 0x-hexadecimal. Prints each policy flag and the minimum\n"
	  "firmware version the policy requires. With --snp, POLICY is the 64-bit SEV-SNP\n"
	  "guest policy: ABI minor and major, SMT, the reserved bit 17 (must be 1),\n"
	  "migration agent, debug, single socket, CXL, AES-256-XTS, RAPL, ciphertext\n"
	  "hiding, page swap disable, and bits 26-63 (must be zero). Exit status 3 when\n"
	  "the firmware would refuse the policy.",
	  "# no debugging, no key sharing\n"
	  "sevkit policy decode 0x3\n"
	  "# the default SEV-SNP policy, SMT allowed and no debugging\n"
	  "sevkit policy decode --snp 0x30000\n" },
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
	{ "idblock", "create", cmd_idblock_create, "--measurement DIGEST --id-key PEM ...",
	  "Create the SEV-SNP ID block and ID_AUTH for QEMU (snp-create-id-block)",
	  "Signs the ID block (launch digest, family and image IDs, SVN, policy) with the\n"
	  "ID key and, with --author-key, the ID key with the author key (ECDSA P-384,\n"
	  "SHA-384; the signatures are randomized). Prints the sev-snp-guest properties\n"
	  "'id-block=...,id-auth=...' (and ',author-key-enabled=on' with an author key),\n"
	  "then the SHA-384 digests of the public keys an attestation report carries as\n"
	  "ID_KEY_DIGEST and AUTHOR_KEY_DIGEST. The firmware refuses a launch whose\n"
	  "digest or policy differ from the ID block's.",
	  "# sev-snp-measure's test ID block, signed by an ID key and an author key\n"
	  "sevkit idblock create \\\n"
	  "    --measurement B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7t \\\n"
	  "    --id-key tests/vectors/snp/sev-snp-measure/id_key_test.pem \\\n"
	  "    --author-key tests/vectors/snp/sev-snp-measure/author_key_test.pem\n" },
	{ "launch", "validate", cmd_launch_validate, "--measurement B64 --firmware FILE ...",
	  "Check an SEV/SEV-ES launch measurement (virt-qemu-sev-validate offline)",
	  "Computes the launch digest from the firmware, kernel hashes and (policy bit 2)\n"
	  "the VMSAs, then MEASURE = HMAC-SHA256(TIK, 04 || api || build || policy ||\n"
	  "digest || nonce), and compares it in constant time with the reported one.\n"
	  "Exit 0 when it matches, 1 when not. Numbers are decimal or 0x-hex. Keys and\n"
	  "blobs are raw files, files of base64 text, or base64 on the command line.\n"
	  "With --inject-secret, a matching launch also writes the LAUNCH_SECRET packet\n"
	  "(base64 files by default, as libvirt). Built VMSAs default to legacy FPU state,\n"
	  "what virt-qemu-sev-validate 9.0 computes.",
	  "# what 'virsh domlaunchsecinfo' prints, and the firmware QEMU started with\n"
	  "sevkit launch validate --tik vm_tik.bin --measurement MEASURE_B64 --policy 0x3 \\\n"
	  "    --api-major 1 --api-minor 55 --build-id 21 --firmware OVMF.amdsev.fd\n"
	  "# sevctl's test launch, its launch digest given (firmware API 1.40 build 40)\n"
	  "sevkit launch validate \\\n"
	  "    --tik tests/vectors/sev/sevctl_tests_data_measurement_tik1.bin \\\n"
	  "    --measurement lswbxWxI9gckya16JQvdFtpYmNO4b+3inAPpqsgoBI7DE/q1EcIWsVBbGy6pkDxA \\\n"
	  "    --api-major 1 --api-minor 40 --build-id 40 --policy 3 \\\n"
	  "    --launch-digest xkvRAfyaSizgonxAjZIAkR8TmolUabBKQKb6KJCDDSM=\n" },
	{ "launch", "secret", cmd_launch_secret, "--inject-secret NAME:FILE ... [HEADER PAYLOAD]",
	  "Build a LAUNCH_SECRET packet: header and encrypted secret table",
	  "The payload is OVMF's secret GUID table, padded with 0 to 15 bytes to a\n"
	  "multiple of 16 (as sevctl; libvirt's tool always adds 1 to 16), encrypted\n"
	  "with AES-128-CTR under the TEK; the 52-byte header carries flags, IV and the\n"
	  "HMAC-SHA256 over the packet and the measurement. Files are raw by default (as\n"
	  "sevctl) or base64 (--format base64, as libvirt). A fresh random IV is drawn\n"
	  "unless --iv is given, which exists for reproducible tests only.",
	  "# a disk key for the guest, with the TEK and TIK of 'sevkit session'\n"
	  "sevkit launch secret --tek vm_tek.bin --tik vm_tik.bin --measurement MEASURE_B64 \\\n"
	  "    --inject-secret luks-key:disk.key header.bin payload.bin\n"
	  "# sevctl's test packet, in base64 files as libvirt takes them\n"
	  "sevkit launch secret --tek tests/vectors/sev/sevctl_tests_data_secret_tek1.bin \\\n"
	  "    --tik tests/vectors/sev/sevctl_tests_data_secret_tik1.bin \\\n"
	  "    --measurement TLeA7607lZQntLjRY1/i+sbtdSZ+75zxpz4Px9hzpBLwItF5Q2o4prA++3ZZv9ZS \\\n"
	  "    -s luks-key:tests/vectors/sev/sevctl_tests_data_secret_secret1.txt \\\n"
	  "    --format base64 header.b64 payload.b64\n" },
	{ "launch", "attest", cmd_launch_attest, "--qmp SOCKET --firmware FILE ...",
	  "Attest a paused QEMU over QMP, inject secrets, then let it run",
	  "Runs query-status, query-sev-launch-measure and query-sev, validates the\n"
	  "measurement as 'launch validate' does, then sends sev-inject-launch-secret for\n"
	  "the --inject-secret files and 'cont'. A VM whose measurement does not match\n"
	  "is never resumed (exit 1). QEMU's own error text is shown when it refuses.",
	  "# QEMU started with -S and -qmp unix:/run/vm.qmp,server,wait=off\n"
	  "sevkit launch attest --qmp /run/vm.qmp --firmware /usr/share/ovmf/OVMF.amdsev.fd \\\n"
	  "    --tek vm_tek.bin --tik vm_tik.bin --inject-secret luks-key:disk.key\n" },
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
	  "again on its output changes nothing.",
	  "# SEV with the files of 'sevkit session --name vm', written to vm-sev.xml\n"
	  "sevkit domain convert --sev --session vm -o vm-sev.xml vm.xml\n"
	  "# a plain Fedora domain made SEV-SNP, the C-bit given (else this host's)\n"
	  "sevkit domain convert --sev-snp --cbitpos 51 --reduced-phys-bits 1 \\\n"
	  "    tests/vectors/domain/fedora-kcli.xml\n" },
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
	  "plain_text_passwd; passwd/hashed_passwd hashes); a password is never printed.",
	  "# a plain Fedora domain, and what stops it from being a SEV guest\n"
	  "sevkit domain lint tests/vectors/domain/fedora-kcli.xml\n"
	  "# a domain ready for SEV-SNP, in JSON\n"
	  "sevkit domain lint --json tests/vectors/domain/lint/clean-snp.xml\n" },
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
	{ "verity", "format", cmd_verity_format, "DATA HASH",
	  "Build the dm-verity hash tree of an image, as veritysetup format",
	  "Hashes every block of DATA (a file or block device) and writes the superblock and\n"
	  "hash tree to HASH, byte for byte what veritysetup format writes, and prints the\n"
	  "same report with the root hash. HASH may be DATA itself when --hash-offset puts the\n"
	  "hash area after the data. A new HASH file appears only when complete; an existing\n"
	  "device, or with --force an existing file, is written in place after every check\n"
	  "has passed. DATA must be a\n"
	  "multiple of the data block size unless --data-blocks says how many blocks to hash.\n"
	  "With --fec-device it also writes Reed-Solomon parity, as veritysetup does.\n"
	  "Hashing uses every CPU and shows progress on a terminal.",
	  "# the tree of a root file system, its root hash in root.hex\n"
	  "sevkit verity format --root-hash-file root.hex rootfs.img rootfs.verity\n"
	  "# the tree of a 129-block image\n"
	  "sevkit verity format tests/vectors/verity/blk129.img blk129.verity\n" },
	{ "verity", "verify", cmd_verity_verify, "DATA HASH [ROOT]",
	  "Check every data and hash block against the root hash",
	  "Verifies the tree from the top down and names the first corrupted block (data or\n"
	  "hash, with its offset). Parameters come from the superblock on HASH, or from the\n"
	  "options with --no-superblock. Exit status 1 when anything does not match.\n\n"
	  "Exactly the data blocks the tree covers are verified: the blocks dm-verity\n"
	  "exposes. Data after them (a partition larger than its image, the gap before the\n"
	  "hash area of a --hash-offset image, a tail shorter than a block) is not verified\n"
	  "and is reported as a note (\"uncovered\" in JSON), not as a failure, as\n"
	  "veritysetup accepts it.\n\n"
	  "The root hash does not bind the number of data blocks: data and hash blocks are\n"
	  "hashed alike, so a superblock claiming fewer blocks, over data that are the real\n"
	  "tree's hash blocks, gives the same root hash. dm-verity then exposes only those\n"
	  "blocks, nothing unverified, but not the image that was sealed. Refusing the data\n"
	  "after the covered blocks would not prevent it (the forger truncates the data\n"
	  "too); --data-blocks N does: a superblock that says otherwise is refused\n"
	  "(veritysetup ignores the option). Give the number sealed in the kernel command\n"
	  "line (verity cmdline) or in your build records.\n\n"
	  "Reserved superblock bytes that are not zero are ignored with a warning, as\n"
	  "veritysetup ignores them: they are not authenticated and the tree does not\n"
	  "depend on them.",
	  "# the image and tree of 'sevkit verity format'\n"
	  "sevkit verity verify --root-hash-file root.hex rootfs.img rootfs.verity\n"
	  "# a tree veritysetup made\n"
	  "sevkit verity verify tests/vectors/verity/blk129.img \\\n"
	  "    tests/vectors/verity/hash/blk129.seed.hash \\\n"
	  "    7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a\n" },
	{ "verity", "dump", cmd_verity_dump, "HASH",
	  "Show the dm-verity superblock, as veritysetup dump",
	  "Prints the parameters stored in the superblock at --hash-offset of HASH.\n"
	  "Reserved bytes that are not zero are ignored with a warning, as veritysetup does.",
	  "# the superblock of a tree veritysetup made\n"
	  "sevkit verity dump tests/vectors/verity/hash/blk129.seed.hash\n" },
	{ "verity", "cmdline", cmd_verity_cmdline, "HASH [ROOT]",
	  "Print the kernel command line that opens the verified root",
	  "Prints dm-mod.create=\"vroot,,,ro,<dm-verity table>\" root=/dev/dm-0, which the\n"
	  "kernel's dm-init sets up without an initramfs, or with --systemd the roothash= and\n"
	  "systemd.verity_root_*= parameters of systemd-veritysetup-generator. Parameters come\n"
	  "from the superblock on HASH (or the options with --no-superblock); the devices are\n"
	  "named as the guest sees them. Corruption panics the guest unless told otherwise.",
	  "# the guest sees the data on /dev/vda2 and the tree on /dev/vda3\n"
	  "sevkit verity cmdline --data-device /dev/vda2 --hash-device /dev/vda3 \\\n"
	  "    --root-hash-file root.hex rootfs.verity\n"
	  "# systemd's parameters instead of dm-mod.create=\n"
	  "sevkit verity cmdline --systemd --data-device /dev/vda2 --hash-device /dev/vda3 \\\n"
	  "    tests/vectors/verity/hash/blk129.seed.hash \\\n"
	  "    7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a\n" },
	{ "memscan", "scan", cmd_memscan_scan, "DUMP | --pid PID",
	  "Scan guest memory the host can see for secrets; map its entropy",
	  "DUMP is a QEMU dump-guest-memory or 'virsh dump --memory-only' file (ELF,\n"
	  "kdump-zlib seekable or flattened), a gdb gcore core, or a raw memory image\n"
	  "(pmemsave, RAM file); the format is found by its magic. With --pid, the guest RAM\n"
	  "of a running QEMU process is read through /proc/PID/mem (read-write mappings of\n"
	  "16 MiB or more, anonymous or memory backends; the largest is RAM from\n"
	  "guest-physical 0, so hits below 2 GiB in it also get a guest-physical address).\n"
	  "Secrets are looked for as given and, for text, as UTF-16LE; built-in detectors\n"
	  "(see 'sevkit memscan detectors') run unless --no-detectors. Every hit shows its\n"
	  "guest-physical or virtual address and its file offset (for a zlib page, the\n"
	  "offset of the compressed page). Secrets from the command line are masked in\n"
	  "the output unless --show-secrets. A page looks encrypted at 7.9 bits/byte of\n"
	  "entropy or more (random data: 7.95); zero pages count apart.\n"
	  "Exit status 1 when anything is found.",
	  "# a QEMU dump with a planted secret; the detectors find keys and tokens too\n"
	  "sevkit memscan scan --secret SECRET_CANARY_7f3a9c2e1b5d \\\n"
	  "    tests/vectors/memscan/qemu.kdump\n"
	  "# a running QEMU, with the entropy map as a picture\n"
	  "sevkit memscan scan --pid 4242 --secret-file secrets.txt --map entropy.png\n" },
	{ "memscan", "dump", cmd_memscan_dump, "--qmp SOCKET OUT",
	  "Dump a running QEMU guest's memory over QMP",
	  "Runs dump-guest-memory detached (the file is passed to QEMU as a descriptor,\n"
	  "0600 and without a name until QEMU reports completion, then named OUT) and polls\n"
	  "query-dump for progress. The guest is paused while QEMU writes the dump. QEMU\n"
	  "cannot cancel a dump: if sevkit is interrupted, QEMU finishes it into the\n"
	  "nameless file, which vanishes when QEMU closes it.",
	  "# the memory of a running guest, as an ELF core\n"
	  "sevkit memscan dump --qmp /run/vm.qmp guest.elf\n"
	  "# the same, zlib-compressed\n"
	  "sevkit memscan dump --qmp /run/vm.qmp --format kdump-zlib guest.kdump\n" },
	{ "memscan", "detectors", cmd_memscan_detectors, NULL,
	  "List the built-in secret detectors", NULL,
	  "# what the detectors look for\n"
	  "sevkit memscan detectors\n"
	  "# the same in JSON\n"
	  "sevkit memscan detectors --json\n" },
	{ "audit", NULL, cmd_audit, "--qmp SOCKET | --pid PID | DUMP",
	  "Can the host read this guest's memory? Dump, scan, entropy, verdict",
	  "Takes the guest's memory as the host sees it (a QMP dump to a file without a name,\n"
	  "the live QEMU process, or a dump file), looks for the given secrets and the\n"
	  "built-in detectors, measures the entropy of every page, and prints a verdict:\n"
	  "readable-secrets (secrets found, exit 1), readable-plaintext (no secret, but\n"
	  "fewer than 95 % of the non-zero pages look encrypted, exit 1) or encrypted\n"
	  "(exit 0); --json gives the same word as \"verdict\".",
	  "# is the disk passphrase readable in the guest's memory?\n"
	  "sevkit audit --qmp /run/vm.qmp --secret 'my disk passphrase'\n"
	  "# a plain dump, whose verdict is readable-secrets\n"
	  "sevkit audit --secret SECRET_CANARY_7f3a9c2e1b5d \\\n"
	  "    tests/vectors/memscan/qemu.kdump-flat\n" },
#include "table-kbs.h"
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* the library's workers may log at once: their errors join one held line */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* ctx is the command that runs, NULL before one does */
static void log_to_stderr(enum sev_log_level level, const char *msg, void *ctx)
{
	static const char *const prefix[] = { "error", "warning", "info", "debug" };
	struct cli *cli = ctx;
	int verbose = cli ? cli->verbose : 0;

	/* errors join the command's one line about them (see cli_input_hold) */
	if (cli && level == SEV_LOG_ERROR) {
		pthread_mutex_lock(&log_lock);
		cli_input_hold(cli, msg);
		pthread_mutex_unlock(&log_lock);
		return;
	}
	if (cli && cli->quiet)
		return;
	/* info needs -v, debug -vv */
	if (level >= SEV_LOG_INFO && verbose < (int)level - 1)
		return;
	fprintf(stderr, "sevkit: %s: %s\n", prefix[level], msg);
}

static void list_group(FILE *f, const char *group)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const struct command *c = &commands[i];
		char name[48];

		if (group && strcmp(c->group, group) != 0)
			continue;
		snprintf(name, sizeof(name), "%s%s%s", c->group, c->verb ? " " : "",
			 c->verb ? c->verb : "");
		/* at least two spaces between name and summary: scripts split on them */
		fprintf(f, "  %-24s  %s\n", name, c->summary);
	}
}

/* `sevkit help` prints this on stdout; `sevkit` alone, a usage error, on stderr. */
static void usage(FILE *f)
{
	fprintf(f, "usage: sevkit <group> <verb> [options] [operands]\n\n"
		   "AMD SEV / SEV-ES / SEV-SNP confidential VM toolkit.\n\nCommands:\n");
	list_group(f, NULL);
	fprintf(f, "\nRun 'sevkit <group> <verb> --help' for a command's options and examples,\n"
		   "'sevkit --version' for the version.\n"
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

	sev_set_log(log_to_stderr, &cli);
	cli_handle_signals();
	rc = c->run(&cli, argc, argv);
	cli_finish(&cli, rc);
	sev_set_log(log_to_stderr, NULL);
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
			list_group(stdout, argv[2]);
			return SEV_EXIT_OK;
		}
		usage(stdout);
		return SEV_EXIT_OK;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("sevkit %s\n", sev_version());
		return SEV_EXIT_OK;
	}
	c = find(argv[1], argc > 2 ? argv[2] : NULL, &known);
	if (!known) {
		fprintf(stderr, "sevkit: unknown command '%s'; see 'sevkit help'\n", argv[1]);
		return SEV_EXIT_USAGE;
	}
	if (!c) {
		int asked = argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));

		if (!asked && argc > 2)
			fprintf(stderr, "sevkit %s: unknown command '%s'. Commands:\n", argv[1],
				argv[2]);
		else if (!asked)
			fprintf(stderr, "sevkit %s: which command? Commands:\n", argv[1]);
		else
			printf("Commands of 'sevkit %s':\n", argv[1]);
		if (!asked)
			for (size_t i = 0; i < N_COMMANDS; i++)
				if (!strcmp(commands[i].group, argv[1]))
					fprintf(stderr, "  sevkit %s %s\n", argv[1], commands[i].verb);
		if (asked)
			list_group(stdout, argv[1]);
		return asked ? SEV_EXIT_OK : SEV_EXIT_USAGE;
	}
	if (c->verb)
		return run(c, argc - 2, argv + 2);
	return run(c, argc - 1, argv + 1);
}
