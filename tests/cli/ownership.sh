#!/usr/bin/env bash
# Taking ownership with sevkit alone, on the replayed Rome platform (--device fake:DIR):
# host pek-csr -> cert sign-pek with an OCA from cert generate-oca -> host import. The
# signature is checked with Python's cryptography (OpenSSL), not with sevkit; an unsigned
# PEK, or one signed by another OCA's key, never reaches the firmware.
. "$(dirname "$0")/lib.sh"

if ! python3 -c 'import cryptography' 2>/dev/null; then
	echo "SKIP: python3-cryptography is not installed"
	exit 77
fi
S=$V/sev
mkdir "$TMP/plat"
cat >"$TMP/plat/platform.json" <<JSON
{ "pdh": "$S/virtee-sev_tests_rome_pdh.cert", "pek": "$S/virtee-sev_tests_rome_pek.cert",
  "oca": "$S/virtee-sev_tests_rome_oca.cert", "cek": "$S/virtee-sev_tests_rome_cek.cert",
  "record_imports": true }
JSON
P="fake:$TMP/plat"

# check_oca_signed PEK OCA: slot 1 holds an ECDSA P-384/SHA-256 signature by the OCA's key
# over the PEK's body [0, 0x414), in the SEV certificate layout (little-endian r, s)
check_oca_signed() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
pek, oca = (open(p, "rb").read() for p in sys.argv[1:3])
le = lambda b: int.from_bytes(b, "little")
usage, algo = struct.unpack_from("<II", pek, 0x414)
assert (usage, algo) == (0x1001, 0x002), (hex(usage), hex(algo))
assert struct.unpack_from("<II", pek, 0x61c) == (0x1000, 0), "slot 2 is not empty"
assert struct.unpack_from("<I", oca, 0x10)[0] == 2  # P-384
pub = ec.EllipticCurvePublicNumbers(le(oca[0x14:0x44]), le(oca[0x5c:0x8c]), ec.SECP384R1())
sig = utils.encode_dss_signature(le(pek[0x41c:0x41c + 72]), le(pek[0x41c + 72:0x41c + 144]))
pub.public_key().verify(sig, pek[:0x414], ec.ECDSA(hashes.SHA256()))
PY
}

run host pek-csr --device "$P" "$TMP/csr"
expect_rc 0
run cert generate-oca "$TMP/oca.cert" "$TMP/oca.key"
expect_rc 0
run cert generate-oca "$TMP/other.cert" "$TMP/other.key"
expect_rc 0

# sign, check with OpenSSL, import: the platform receives exactly the signed PEK and the OCA
run cert sign-pek "$TMP/csr" "$TMP/oca.cert" "$TMP/oca.key" "$TMP/pek.cert"
expect_rc 0
expect_out "$TMP/pek.cert: the PEK, signed by the OCA"
expect_out "PEK EP384 E256 "
check_oca_signed "$TMP/pek.cert" "$TMP/oca.cert" && ok || bad "OpenSSL does not verify the OCA's signature"
cmp -s -n $((0x414)) "$TMP/pek.cert" "$TMP/csr" && ok || bad "signing changed the PEK's body"
run host import --device "$P" "$TMP/pek.cert" "$TMP/oca.cert"
expect_rc 0
expect_same_file "$TMP/plat/imported-pek.cert" "$TMP/pek.cert"
expect_same_file "$TMP/plat/imported-oca.cert" "$TMP/oca.cert"
run cert sign-pek --json "$TMP/csr" "$TMP/oca.cert" "$TMP/oca.key" "$TMP/pek2.cert"
expect_rc 0
# sevctl's fingerprints: SHA-256 of each body (both keys sign with ECDSA_SHA256)
body_sha() { head -c $((0x414)) "$1" | sha256sum | cut -d' ' -f1; }
expect_json "d=={'written': '$TMP/pek2.cert', 'pek_fingerprint': '$(body_sha "$TMP/pek2.cert")', 'oca_fingerprint': '$(body_sha "$TMP/oca.cert")'}"
# ECDSA signatures are randomized: a second signature differs, and verifies too
cmp -s "$TMP/pek.cert" "$TMP/pek2.cert" && bad "two signatures are the same" || ok
check_oca_signed "$TMP/pek2.cert" "$TMP/oca.cert" && ok || bad "the second signature does not verify"
# sevctl writes its OCA keys in DER: the same key in DER signs too
openssl pkey -in "$TMP/oca.key" -outform DER -out "$TMP/oca.der" 2>/dev/null
run cert sign-pek "$TMP/csr" "$TMP/oca.cert" "$TMP/oca.der" "$TMP/pek3.cert"
expect_rc 0
check_oca_signed "$TMP/pek3.cert" "$TMP/oca.cert" && ok || bad "the DER key's signature does not verify"

rm -f "$TMP/plat/imported-pek.cert" "$TMP/plat/imported-oca.cert"
# the unsigned CSR itself: refused before the firmware sees it
run host import --device "$P" "$TMP/csr" "$TMP/oca.cert"
expect_rc 1
[ "$err" = "sevkit host import: $TMP/csr: not imported: the PEK is not signed (a signing request: sign it with the OCA key first)" ] &&
	ok || bad "the unsigned PEK is not refused in one line"
expect_absent "$TMP/plat/imported-pek.cert"
# signed by another OCA's key (with that OCA's certificate), imported with ours
run cert sign-pek "$TMP/csr" "$TMP/other.cert" "$TMP/other.key" "$TMP/pek-other.cert"
expect_rc 0
run host import --device "$P" "$TMP/pek-other.cert" "$TMP/oca.cert"
expect_rc 1
expect_err "$TMP/pek-other.cert: not imported: the OCA did not sign the PEK"
expect_absent "$TMP/plat/imported-pek.cert"
# a signature with one bit flipped
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[0x41c + 5] ^= 1
open(sys.argv[2], "wb").write(b)' "$TMP/pek.cert" "$TMP/pek-flip.cert"
run host import --device "$P" "$TMP/pek-flip.cert" "$TMP/oca.cert"
expect_rc 1
expect_err "the OCA did not sign the PEK: the signature does not verify"
expect_absent "$TMP/plat/imported-pek.cert"

# sign-pek refuses a key that is not the OCA's, and a PEK with no empty slot
run cert sign-pek "$TMP/csr" "$TMP/oca.cert" "$TMP/other.key" "$TMP/x"
expect_rc 1
expect_err "the private key is not the OCA certificate's key"
expect_absent "$TMP/x"
run cert sign-pek "$S/virtee-sev_tests_rome_pek.cert" "$TMP/oca.cert" "$TMP/oca.key" "$TMP/x"
expect_rc 3
expect_err "no empty signature slot"
expect_absent "$TMP/x"
run cert sign-pek "$TMP/oca.cert" "$TMP/oca.cert" "$TMP/oca.key" "$TMP/x"
expect_rc 3
expect_err "not a PEK"
# an OCA that does not sign itself (its self-signature cut away)
cp "$TMP/oca.cert" "$TMP/oca-unsigned.cert"
printf '\x00\x10\x00\x00\x00\x00\x00\x00' | dd of="$TMP/oca-unsigned.cert" bs=1 seek=$((0x414)) \
	conv=notrunc 2>/dev/null
run cert sign-pek "$TMP/csr" "$TMP/oca-unsigned.cert" "$TMP/oca.key" "$TMP/x"
expect_rc 1
expect_err "the OCA is not self-signed"
run cert sign-pek "$TMP/csr" "$TMP/oca.cert" "$TMP/oca.key" "$TMP/pek.cert"
expect_rc 2
expect_err "exists; use --force"
run cert sign-pek "$TMP/csr" "$TMP/oca.cert" "$TMP/oca.key"
expect_rc 2
finish
