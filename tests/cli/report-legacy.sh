#!/usr/bin/env bash
# sevkit report validate-legacy: a report and PEK built and signed by Python's cryptography
# (no real legacy report is published), in chain files of the real Rome certificates.
. "$(dirname "$0")/lib.sh"

if ! python3 -c 'import cryptography' 2>/dev/null; then
	echo "skipped: python3-cryptography is not installed"
	exit 77
fi
S=$V/sev
python3 - "$TMP" <<'PY'
import struct, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

d = sys.argv[1]
key = ec.generate_private_key(ec.SECP384R1())
pub = key.public_key().public_numbers()
le = lambda n: n.to_bytes(48, "little") + bytes(24)
cert = struct.pack("<IBBHII", 1, 0, 22, 0, 0x1002, 0x002) + struct.pack("<I", 2)
cert += le(pub.x) + le(pub.y)
cert += bytes(0x414 - len(cert))
for _ in range(2):
    cert += struct.pack("<II", 0x1000, 0) + bytes(0x200)
assert len(cert) == 0x824
open(d + "/pek.cert", "wb").write(cert)
body = bytes(range(16)) + bytes(range(100, 132)) + struct.pack("<III", 3, 0x1002, 0x002)
# the PEK signs mnonce, launch digest and policy: bytes [0, 0x34)
r, s = decode_dss_signature(key.sign(body[:0x34], ec.ECDSA(hashes.SHA256())))
report = body + bytes(4) + le(r) + le(s)
assert len(report) == 0xd0
open(d + "/report.bin", "wb").write(report)
PY

# a lone PEK: its key is whoever made it, so its signature proves nothing: refused...
run report validate-legacy "$TMP/pek.cert" "$TMP/report.bin"
expect_rc 1
expect_err "the PEK alone: nothing vouches for its key"
expect_out "INVALID: the report is signed by this PEK; but its chain does not verify"
expect_out "mnonce         000102030405060708090a0b0c0d0e0f"
expect_out "policy         0x00000003"
run report validate-legacy --json "$TMP/pek.cert" "$TMP/report.bin"
expect_rc 1
expect_json 'd["valid"] is False and d["signature_valid"] is True and d["chain_verified"] is False and d["chain"] == "failed"'
# ...the same with -q: exit status only
run report validate-legacy -q "$TMP/pek.cert" "$TMP/report.bin"
expect_rc 1
# ...unless --no-verify asks for the signature alone, and the output says the chain was not checked
run report validate-legacy --no-verify "$TMP/pek.cert" "$TMP/report.bin"
expect_rc 0
expect_out "OK: the report is signed by this PEK; its chain was not verified (--no-verify)"
run report validate-legacy --no-verify --json "$TMP/pek.cert" "$TMP/report.bin"
expect_rc 0
expect_json 'd["valid"] is True and d["chain_verified"] is False and d["chain"] == "not_checked"'
# a PEK with some certificates but no chain to AMD's root: a PDH, or a PDH and an OCA
cat "$S/virtee-sev_tests_rome_pdh.cert" "$TMP/pek.cert" > "$TMP/pdh-pek"
run report validate-legacy "$TMP/pdh-pek" "$TMP/report.bin"
expect_rc 1
expect_err "the chain does not verify"
cat "$TMP/pdh-pek" "$S/virtee-sev_tests_rome_oca.cert" > "$TMP/pdh-pek-oca"
run report validate-legacy --json "$TMP/pdh-pek-oca" "$TMP/report.bin"
expect_rc 1
expect_json 'd["valid"] is False and d["chain_verified"] is False and d["signature_valid"]' 
# the PEK inside sevctl's chain layouts: PDH, PEK, OCA, CEK (and ASK, ARK)
cat "$S/virtee-sev_tests_rome_pdh.cert" "$TMP/pek.cert" "$S/virtee-sev_tests_rome_oca.cert" \
	"$S/virtee-sev_tests_rome_cek.cert" > "$TMP/chain"
# this PEK is not one AMD's chain vouches for: the chain check refuses it...
run report validate-legacy "$TMP/chain" "$TMP/report.bin"
expect_rc 1
expect_err "CEK -> PEK: failed"
expect_err "the chain does not verify"
# ...and --no-verify checks the PEK's signature alone, as sevctl validate does
run report validate-legacy --no-verify "$TMP/chain" "$TMP/report.bin" --json
expect_rc 0
expect_json 'd["valid"] and d["policy"]==3 and d["launch_digest"].startswith("6465666768")'
expect_json 'd["chain_verified"] is False and d["chain"] == "not_checked"'
run report validate-legacy "$TMP/chain" "$TMP/report.bin" --json
expect_rc 1
expect_json 'd["valid"] is False and d["chain"] == "failed" and d["signature_valid"]'
cat "$TMP/chain" "$S/virtee-sev_builtin_rome_ask.cert" "$S/virtee-sev_builtin_rome_ark.cert" \
	> "$TMP/fullchain"
run report validate-legacy --no-verify "$TMP/fullchain" "$TMP/report.bin"
expect_rc 0
run report validate-legacy "$TMP/fullchain" "$TMP/report.bin"
expect_rc 1

# refusals: another PEK, a changed report, no PEK, malformed report
run report validate-legacy "$V/sev/derived/rome.sevchain" "$TMP/report.bin"
expect_rc 1
expect_out "INVALID: the PEK did not sign this report"
run report validate-legacy --json "$V/sev/derived/rome.sevchain" "$TMP/report.bin"
expect_rc 1
expect_json 'd["valid"] is False and d["signature_valid"] is False and d["chain_verified"] is True'
cp "$TMP/report.bin" "$TMP/tampered.bin"
printf '\x07' | dd of="$TMP/tampered.bin" bs=1 seek=48 conv=notrunc status=none
run report validate-legacy --no-verify "$TMP/pek.cert" "$TMP/tampered.bin"
expect_rc 1
expect_out "INVALID: the PEK did not sign this report"
run report validate-legacy "$S/virtee-sev_tests_rome_pdh.cert" "$TMP/report.bin"
expect_rc 3
expect_err "no PEK certificate"
head -c 100 "$TMP/report.bin" > "$TMP/short.bin"
run report validate-legacy "$TMP/pek.cert" "$TMP/short.bin"
expect_rc 3
[ -z "$out" ] && ok || bad "printed a verdict for a malformed report"
expect_err "SEV attestation report: size"
run report validate-legacy "$TMP/pek.cert"
expect_rc 2
finish
