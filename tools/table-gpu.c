/* SPDX-License-Identifier: Apache-2.0 */
/* The command table of the gpu commands: NVIDIA GPU evidence (Hopper in CC mode). */
#include "commands.h"

const struct command gpu_commands[] = {
	{ "gpu", "show", cmd_gpu_show, "REPORT",
	  "Print every field of NVIDIA GPU evidence",
	  "REPORT is a GPU attestation report (the SPDM 1.1 GET_MEASUREMENTS request and\n"
	  "MEASUREMENTS response a Hopper GPU signs) as hex text or raw bytes, or evidence\n"
	  "JSON: trustee's {\"device_evidence_list\": [...]} (alone or under \"nvidia\", as\n"
	  "in composite evidence) or nvtrust's array of devices. Prints the request and\n"
	  "response fields, the opaque data decoded by name (driver_version, vbios_version,\n"
	  "fwid, measurement_count, ...; unnamed types as type_N in hex) and the 64\n"
	  "measurements. --json: {\"devices\": [{arch, uuid, has_certificate_chain, report}]},\n"
	  "where report's measurements and config are as trustee's claims give them.",
	  "# a real H100 report\n"
	  "sevkit gpu show tests/vectors/gpu/hopperAttestationReport.txt\n"
	  "# the eight GPUs of a Protected PCIe system, in JSON\n"
	  "sevkit gpu show --json tests/vectors/gpu/ppcie/gpu_evidence.json\n" },
	{ "gpu", "verify", cmd_gpu_verify, "REPORT",
	  "Verify NVIDIA GPU evidence: signature, chain, FWID, nonce, RIMs",
	  "Checks, for each device of REPORT (any form 'gpu show' reads): the report's\n"
	  "ECDSA P-384 signature over SHA-384 of the request and response with the chain's\n"
	  "leaf; the chain (--chain, else the one the evidence carries) to NVIDIA's Device\n"
	  "Identity CA, built in (--root trusts another, for a test PKI), every link ECDSA\n"
	  "P-384 SHA-384 and issued by a CA, every certificate valid at --at (default now),\n"
	  "OpenSSL's path validation, and the CRLs given (each signed by a CA of the chain\n"
	  "and current); the FWID in the report equal to the leaf's (reports of drivers\n"
	  "before 550 carry none: accepted unless --require-fwid); the request's nonce equal\n"
	  "to --nonce; and with --rim, each RIM's XML signature (xmlsec1, to NVIDIA's RIM\n"
	  "root, built in, at --at), the driver and VBIOS RIMs of the report's versions, no\n"
	  "index active in both, and every active golden value (RIM index i is measurement\n"
	  "i+1) matched by the report. Every failed check is named; each measurement that\n"
	  "matches no RIM is listed with its RIM name, expected and actual value. Exit 0 when\n"
	  "every device verifies, 1 when one does not. sevkit never downloads: RIMs come from\n"
	  "NVIDIA's RIM service, CRLs from the URLs in the certificates\n"
	  "(crl.ndis.nvidia.com). --json: verified, and devices[] with verified,\n"
	  "signature_valid, chain_verified, nonce_matched, fwid_checked, rims_checked,\n"
	  "revocation_checked, measurements_compared, failures[{check, detail}] and\n"
	  "mismatches[{index, name, rim, expected, actual}].",
	  "# a real H100 report, its chain and the nonce it answers\n"
	  "sevkit gpu verify --chain tests/vectors/gpu/hopper_cert_chain_case1.txt \\\n"
	  "    --nonce 931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb \\\n"
	  "    tests/vectors/gpu/hopperAttestationReport.txt\n"
	  "# an older report against its driver and VBIOS RIMs, while their signers were valid\n"
	  "sevkit gpu verify --chain tests/vectors/gpu/nvtrust-v1_gpuAkCertChain.txt \\\n"
	  "    --nonce 4cff7f5380ead8fad8ec2c531c110aca4302a88f603792801a8ca29ee151af2e \\\n"
	  "    --rim tests/vectors/gpu/rim/Driver_RIM_test_no_gpu.swidtag \\\n"
	  "    --rim tests/vectors/gpu/rim/1010_0200_882_96005E0001_test_no_gpu.swidtag \\\n"
	  "    --at 2025-01-01 tests/vectors/gpu/nvtrust-v1_attestationReport.txt\n" },
	{ "gpu", "revocation-url", cmd_gpu_revocation_url, "CHAIN",
	  "Print where a GPU chain's CRLs and OCSP responders are",
	  "For each certificate of CHAIN (PEM, leaf first) but the root: the CRL distribution\n"
	  "points and the OCSP responder it names. With --requests DIR, the DER OCSP request\n"
	  "for each (CertID with SHA-384) is written to DIR/ocsp-N.der, to POST with\n"
	  "Content-Type application/ocsp-request; 'gpu verify --ocsp' then checks the answers\n"
	  "and --crl the CRLs. sevkit does not fetch anything. --json: [{certificate,\n"
	  "subject, crl, ocsp}].",
	  "# NVIDIA's CRLs and OCSP responder for a real H100 chain\n"
	  "sevkit gpu revocation-url tests/vectors/gpu/hopper_cert_chain_case1.txt\n"
	  "# the OCSP request of each certificate, to POST to its responder with curl\n"
	  "sevkit gpu revocation-url --requests req chain.pem\n" },
	{ 0 },
};
