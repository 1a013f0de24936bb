#!/usr/bin/env bash
# sevkit policy decode --snp: the SEV-SNP guest policy bits (snp.md 2). 0xb0000 is the policy
# of go-sev-guest's real Milan attestation report (SMT, reserved bit 17, debug).
. "$(dirname "$0")/lib.sh"

run policy decode --snp 0x30000
expect_rc 0
expect_out "SEV-SNP guest policy 0x30000"
expect_out "minimum firmware ABI version: 0.0"
expect_out "smt               1  SMT is allowed on the host"
expect_out "reserved          1  set, as it must be"
expect_out "debug             0  debugging is disallowed"
expect_out "bits 26-63  zero"
run policy decode --snp --json 0xb0000
expect_rc 0
expect_json 'd["flags"]["smt"] and d["flags"]["debug"] and d["reserved_bit17"] and d["valid"]'
expect_json 'sum(d["flags"].values()) == 2 and d["mbz"] == "0x0" and d["policy"] == "0xb0000"'
# every flag, and the ABI version from bits 0-15
run policy decode --snp --json 0x3ff0201
expect_json 'all(d["flags"].values()) and len(d["flags"]) == 9'
expect_json 'd["abi_major"] == 2 and d["abi_minor"] == 1'
run policy decode --snp 0x3ff0201
expect_out "minimum firmware ABI version: 2.1"
expect_out "page_swap_disable 1"
expect_out "ciphertext_hiding 1"
expect_out "mem_aes_256_xts   1"
expect_out "single_socket     1"
expect_out "cxl_allow         1"
expect_out "rapl_dis          1"
expect_out "migrate_ma        1"
# refusals: bit 17 clear, must-be-zero bits, not a number
run policy decode --snp 0x10000
expect_rc 3
expect_out "clear: must be 1"
run policy decode --snp 0x4030000
expect_rc 3
expect_out "must be zero: 0x4000000 is set"
run policy decode --snp --json 0x8000000000030000
expect_rc 3
expect_json 'not d["valid"] and d["mbz"] == "0x8000000000000000"'
run policy decode --snp 0x10000000000000000
expect_rc 2
run policy decode --snp
expect_rc 2
# without --snp the 32-bit SEV policy is decoded as before
run policy decode 0x30000
expect_out "SEV guest policy 0x00030000"
finish
