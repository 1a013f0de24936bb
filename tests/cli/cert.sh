#!/usr/bin/env bash
# sevkit cert show | verify | split | generate-oca, on the real Naples and Rome chains.
. "$(dirname "$0")/lib.sh"

S=$V/sev
X=$S/expected
# fingerprints from tests/vectors/sev/MANIFEST.md
NAPLES_ASK=5dff2a2a4dd59dc095d73a26af28be523192ade830bdd35bacdd81ee75584c45
NAPLES_ARK=8efddcaaf84990cf6354d93637be270220cf15797332b3d918c3b8cc77349f31
NAPLES_PDH=dbec0cf343b140dc7ded571935e8d0ec8059fd1610ddb3c79eb177e7cd3878a2
NAPLES_PEK=8d55d63b6792c6ed10e11df7afc7e25d6a0428a6351fb9a806ec4160f2b0f390
ROME_CEK=ce2cba2df8808d188f445192418e008ecf9bd1464db35ea64afa3b3b6966396c
ROME_ASK=d8cd9d1798c311c96e009a91552f17b4ddc4886a064ec933697734965b9ab29db803c79604e2725658f0861bfaf09ad4

# ---- verify: the exact tree of `sevctl verify --sev` (MANIFEST section 2) ----
for gen in naples rome; do
	run cert verify "$S/derived/$gen.sevchain"
	expect_rc 0
	expect_stdout_file "$X/$gen.verify.txt"
	run cert verify --sev "$S/derived/$gen.sevchain"
	expect_rc 0
	expect_stdout_file "$X/$gen.verify.txt"
	run cert verify "$S/derived/$gen.fullchain"
	expect_rc 0
	expect_stdout_file "$X/$gen.verify.txt"
	run cert verify "$S/derived/$gen.sevchain" --ca "$S/derived/$gen.cachain"
	expect_rc 0
	expect_stdout_file "$X/$gen.verify.txt"
	# single certificate files, as sev-tool leaves them
	run cert verify --pdh "$S/virtee-sev_tests_${gen}_pdh.cert" --pek "$S/virtee-sev_tests_${gen}_pek.cert" \
		--oca "$S/virtee-sev_tests_${gen}_oca.cert" --cek "$S/virtee-sev_tests_${gen}_cek.cert"
	expect_rc 0
	expect_stdout_file "$X/$gen.verify.txt"
done
[ -z "$err" ] && ok || bad "stderr not empty on success"

# AMD's ask_ark_naples.cert: the ARK without its signature
cat "$S/virtee-sev_builtin_naples_ask.cert" "$S/virtee-sev_tests_naples_ark.cert.bad" >"$TMP/ask_ark_naples.cert"
run cert verify "$S/derived/naples.sevchain" --ca "$TMP/ask_ark_naples.cert"
expect_rc 0
expect_stdout_file "$X/naples.verify.txt"

# JSON: one entry per link, fingerprints, generation
run cert verify --json "$S/derived/naples.sevchain"
expect_rc 0
expect_json 'd["verified"] is True and d["generation"] == "naples" and d["roots"] == "builtin"'
expect_json '[(l["signer"], l["signee"]) for l in d["links"]] == [("ARK","ARK"),("ARK","ASK"),("ASK","CEK"),("CEK","PEK"),("OCA","PEK"),("OCA","OCA"),("PEK","PDH")]'
expect_json 'all(l["status"] == "ok" and l["reason"] is None for l in d["links"])'
expect_json 'd["links"][2]["signer_fingerprint"] == "'$NAPLES_ASK'" and d["links"][0]["signee_fingerprint"] == "'$NAPLES_ARK'"'
expect_json 'd["links"][6]["signer_fingerprint"] == "'$NAPLES_PEK'" and d["links"][6]["signee_fingerprint"] == "'$NAPLES_PDH'"'
run cert verify --json "$S/derived/rome.sevchain" --ca "$S/derived/rome.cachain"
expect_json 'd["verified"] and d["generation"] == "rome" and d["roots"] == "file"'
expect_json 'd["links"][2]["signer_fingerprint"] == "'$ROME_ASK'" and d["links"][2]["signee_fingerprint"] == "'$ROME_CEK'"'

# ---- verify: failures ----
# the Rome roots on a Naples chain: ASK -> CEK fails (enarx#520 false positive)
run cert verify "$S/derived/naples.sevchain" --ca "$S/derived/rome.cachain"
expect_rc 1
expect_out "       ⬑̸ ASK R4096 R384 $ROME_ASK"
expect_out "         •⬑ ARK R4096 R384"
expect_err "ASK -> CEK: failed"
[ "$(printf '%s\n' "$err" | grep -c -- '->')" = 1 ] && ok || bad "more than one link named"
run cert verify --json "$S/derived/naples.sevchain" --ca "$S/derived/rome.cachain"
expect_rc 1
expect_json 'd["verified"] is False and d["generation"] == "rome" and [l["status"] for l in d["links"]] == ["ok","ok","failed","ok","ok","ok","ok"]'

# flipped signature bytes: PDH (PEK's signature) and OCA (its own)
cp "$S/derived/rome.sevchain" "$TMP/bad.sevchain"
printf '\xff' | dd of="$TMP/bad.sevchain" bs=1 seek=$((0x41c + 3)) conv=notrunc 2>/dev/null
printf '\xff' | dd of="$TMP/bad.sevchain" bs=1 seek=$((2 * 0x824 + 0x41c + 3)) conv=notrunc 2>/dev/null
run cert verify "$TMP/bad.sevchain"
expect_rc 1
expect_out " ⬑̸ PEK EP384 E256"
expect_out "   •̷⬑ OCA EP384 E256"
expect_err "PEK -> PDH: failed: the signature does not verify"
expect_err "OCA -> OCA: failed: the signature does not verify"

# nothing but the CA part: the SEV links are missing
run cert verify "$S/derived/rome.cachain"
expect_rc 1
expect_out "PDH missing"
expect_out "    ⬑̸ CEK missing"
expect_err "ASK -> CEK: missing: the CEK is missing"
expect_err "PEK -> PDH: missing"

# colour only when asked for (or on a terminal)
run cert verify "$S/derived/naples.sevchain" --color=always
expect_out $'\033[32m⬑\033[0m PEK'
expect_no_out $'\033[31m'
run cert verify "$S/derived/naples.sevchain" --ca "$S/derived/rome.cachain" --color=always
expect_out $'\033[31m⬑̸\033[0m ASK'
run cert verify "$S/derived/naples.sevchain" --ca "$S/derived/rome.cachain"
expect_no_out $'\033['

run cert verify -q "$S/derived/naples.sevchain" --ca "$S/derived/rome.cachain"
expect_rc 1
[ -z "$out$err" ] && ok || bad "-q printed something"

# malformed input: exit 3
head -c 8000 "$S/derived/naples.sevchain" >"$TMP/truncated"
run cert verify "$TMP/truncated"
expect_rc 3
expect_err "truncated"
run cert verify "$S/virtee-sev_tests_naples_ark.cert.sig"
expect_rc 3
expect_err "usage at offset 0x0"
cat "$S/virtee-sev_tests_naples_pek.cert" "$S/virtee-sev_tests_naples_pdh.cert" >"$TMP/swapped"
run cert verify "$TMP/swapped"
expect_rc 3
expect_err "PDH after the PEK"
run cert verify "$S/derived/naples.sevchain" --ca "$TMP/truncated"
expect_rc 3
run cert verify "$S/derived/naples.sevchain" --ca "$S/virtee-sev_builtin_naples_ask.cert"
expect_rc 3
expect_err "holds no ARK"
run cert verify --pek "$S/virtee-sev_tests_naples_pdh.cert" "$S/derived/naples.sevchain"
expect_rc 3
expect_err "holds no PEK"
run cert verify "$TMP/does-not-exist"
expect_rc 2
# usage errors
run cert verify
expect_rc 2
run cert verify "$S/derived/naples.sevchain" "$S/derived/rome.sevchain"
expect_rc 2
run cert verify --sev "$S/derived/naples.sevchain" "$S/derived/rome.sevchain"
expect_rc 2
run cert verify --help
expect_rc 0
expect_out "--ca FILE"
expect_out "ARK self, ARK -> ASK"

# ---- show ----
run cert show "$S/derived/naples.fullchain"
expect_rc 0
expect_out "fingerprint:   $NAPLES_PDH"
expect_out "fingerprint:   $NAPLES_ARK"
expect_out "api version:   0.16"
expect_out "signature 2:   by the CEK, ECDSA_SHA256"
expect_out "signature 1:   by the ASK, RSA_SHA256"
run cert show --json "$S/derived/naples.fullchain" "$S/virtee-sev_tests_rome_cek.cert" "$TMP/ask_ark_naples.cert"
expect_rc 0
expect_json '[c["usage"] for c in d["files"][0]["certificates"]] == ["PDH","PEK","OCA","CEK","ASK","ARK"]'
expect_json '[c["offset"] for c in d["files"][0]["certificates"]] == [0, 0x824, 0x1048, 0x186c, 0x2090, 0x23d0]'
expect_json 'd["files"][0]["certificates"][0]["key"] == "EP384 D256" and d["files"][0]["certificates"][0]["key_algo"] == "ECDH_SHA256"'
expect_json 'd["files"][0]["certificates"][1]["signatures"][1] == {"slot": 2, "empty": False, "usage": "CEK", "algo": "ECDSA_SHA256"}'
expect_json 'd["files"][0]["certificates"][4]["key_id"] == "e139970cfc464377ae61b289e2f9e96e" and d["files"][0]["certificates"][4]["certifying_id"] == "1bb987c359494606b174945601c9ea5b"'
expect_json 'd["files"][1]["certificates"][0]["usage"] == "CEK" and d["files"][1]["certificates"][0]["api_minor"] == 14'
expect_json 'd["files"][1]["certificates"][0]["fingerprint"] == "'$ROME_CEK'" and d["files"][1]["certificates"][0]["signatures"][0]["algo"] == "RSA_SHA384"'
expect_json 'd["files"][2]["certificates"][1]["size"] == 576 and d["files"][2]["certificates"][1]["signature_added"] is True and d["files"][2]["certificates"][1]["fingerprint"] == "'$NAPLES_ARK'"'
run cert show "$S/virtee-sev_tests_naples_ark.cert.sig"
expect_rc 3
expect_err "virtee-sev_tests_naples_ark.cert.sig: certificate chain: usage at offset 0x0: neither"
run cert show
expect_rc 2

# ---- show: AMD's SEV-SNP X.509 certificates, next to what `openssl x509` and
# `openssl asn1parse` print for the same files
# same_as_openssl FILE [DER|PEM]: every field sevkit shows matches OpenSSL's reading
same_as_openssl() {
	run cert show --json "$1"
	expect_rc 0
	python3 - "$1" "$2" "$out" <<'PY' && ok || bad "$1 differs from openssl"
import datetime, json, re, subprocess, sys
path, form = sys.argv[1], sys.argv[2]
c = json.loads(sys.argv[3])["files"][0]["certificates"][0]
def ossl(*args):
    return subprocess.run(["openssl", *args, "-inform", form, "-in", path], check=True,
                          capture_output=True, text=True).stdout
def field(name):
    return ossl("x509", "-noout", "-" + name).split("=", 1)[1].strip()
def iso(text):
    t = datetime.datetime.strptime(text, "%b %d %H:%M:%S %Y GMT")
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
text = ossl("x509", "-noout", "-text")
bad = []
def same(what, mine, theirs):
    if mine != theirs:
        bad.append(f"{what}: sevkit {mine!r}, openssl {theirs!r}")
same("subject", c["subject"], field("subject"))
same("issuer", c["issuer"], field("issuer"))
same("serial", int(c["serial"], 16), int(field("serial"), 16))
same("not_before", c["not_before"], iso(field("startdate")))
same("not_after", c["not_after"], iso(field("enddate")))
fp = ossl("x509", "-noout", "-fingerprint", "-sha256").split("=", 1)[1]
same("fingerprint", c["fingerprint"], fp.strip().replace(":", "").lower())
same("key_bits", c["key_bits"], int(re.search(r"Public-Key: \((\d+) bit\)", text)[1]))
curve = re.search(r"NIST CURVE: (\S+)", text)
same("curve", c["curve"], curve[1] if curve else None)
sig = re.search(r"Signature Algorithm: (\S+)", text)[1]
md = re.search(r"Hash Algorithm: (\S+)", text)
same("signature", c["signature_algo"], f"{sig} ({md[1]})" if md else sig)
if c["usage"] in ("VCEK", "VLEK"):
    # the AMD extensions: each OID's OCTET STRING as asn1parse dumps it
    ext = dict(re.findall(r":(1\.3\.6\.1\.4\.1\.3704\.1\.[\d.]+)\s*\n.*?\[HEX DUMP\]:(\w+)",
                          ossl("asn1parse")))
    spl = lambda oid: int(ext[oid][4:], 16)  # DER INTEGER 02 01 vv
    same("bootloader", c["tcb"]["bootloader"], spl("1.3.6.1.4.1.3704.1.3.1"))
    same("tee", c["tcb"]["tee"], spl("1.3.6.1.4.1.3704.1.3.2"))
    same("snp", c["tcb"]["snp"], spl("1.3.6.1.4.1.3704.1.3.3"))
    same("microcode", c["tcb"]["microcode"], spl("1.3.6.1.4.1.3704.1.3.8"))
    same("product", c["product"], bytes.fromhex(ext["1.3.6.1.4.1.3704.1.2"][4:]).decode())
    same("hwid", c["hwid"], ext["1.3.6.1.4.1.3704.1.4"].lower())
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}
P=$V/snp
same_as_openssl "$P/go-sev-guest_vcek_milan.der" DER
same_as_openssl "$S/virtee-sev_snp_builtin_milan_ark.pem" PEM
same_as_openssl "$S/virtee-sev_snp_builtin_milan_ask.pem" PEM
# the same certificate in DER and PEM is shown alike; a PEM chain shows each certificate
openssl x509 -inform DER -in "$P/go-sev-guest_vcek_milan.der" -out "$TMP/vcek.pem"
run cert show --json "$TMP/vcek.pem"
pem_json=$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["files"][0]["certificates"][0]; c.pop("encoding"); print(json.dumps(c, sort_keys=True))')
run cert show --json "$P/go-sev-guest_vcek_milan.der"
der_json=$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["files"][0]["certificates"][0]; c.pop("encoding"); print(json.dumps(c, sort_keys=True))')
[ -n "$pem_json" ] && [ "$pem_json" = "$der_json" ] && ok || bad "DER and PEM of one VCEK differ"
run cert show "$P/go-sev-guest_vcek_milan.der"
expect_rc 0
expect_out "VCEK"
expect_out "  tcb:           0x4405000000000002  bl=2 tee=0 snp=5 ucode=68"
expect_out "  hwid:          3ac3fe21e13fb099"
expect_out "  product:       Milan-B0"
expect_out "  key:           EC, P-384 (384 bits)"
run cert show "$P/go-sev-guest_milan_ask_ark.pem" "$S/derived/rome.cachain"
expect_rc 0
expect_out "ASK
  format:        X.509 certificate, PEM (1 of 2)"
expect_out "ARK
  format:        X.509 certificate, PEM (2 of 2)"
expect_out "  key:           RSA, 4096 bits"
expect_out "  format:        AMD signing-key certificate version 1"
# a cut VCEK is refused in one line naming the file
head -c 1000 "$P/go-sev-guest_vcek_milan.der" >"$TMP/vcek.cut"
run cert show "$TMP/vcek.cut"
expect_rc 3
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && ok || bad "not one line"
expect_err "$TMP/vcek.cut: not a DER X.509 certificate"

# ---- split ----
mkdir "$TMP/split"
run cert split "$S/derived/naples.fullchain" "$TMP/split"
expect_rc 0
for k in pdh pek oca cek; do
	expect_same_file "$TMP/split/$k.cert" "$S/virtee-sev_tests_naples_$k.cert"
done
expect_same_file "$TMP/split/ask.cert" "$S/virtee-sev_builtin_naples_ask.cert"
expect_same_file "$TMP/split/ark.cert" "$S/virtee-sev_builtin_naples_ark.cert"
# existing files are kept, and nothing else is written
mkdir "$TMP/split2"
cp "$S/virtee-sev_tests_rome_oca.cert" "$TMP/split2/oca.cert"
run cert split "$S/derived/naples.sevchain" "$TMP/split2"
expect_rc 2
expect_err "oca.cert: exists"
expect_absent "$TMP/split2/pdh.cert"
expect_absent "$TMP/split2/pek.cert"
expect_same_file "$TMP/split2/oca.cert" "$S/virtee-sev_tests_rome_oca.cert"
[ "$(ls "$TMP/split2")" = "oca.cert" ] && ok || bad "split left files behind: $(ls "$TMP/split2")"
run cert split --force --json "$S/derived/naples.sevchain" "$TMP/split2"
expect_rc 0
expect_json '[f["usage"] for f in d["files"]] == ["PDH","PEK","OCA","CEK"] and d["files"][0]["size"] == 2084'
expect_same_file "$TMP/split2/oca.cert" "$S/virtee-sev_tests_naples_oca.cert"
# AMD's unsigned Naples ARK is written as the file held it
mkdir "$TMP/split3"
run cert split "$TMP/ask_ark_naples.cert" "$TMP/split3"
expect_rc 0
expect_same_file "$TMP/split3/ark.cert" "$S/virtee-sev_tests_naples_ark.cert.bad"
expect_same_file "$TMP/split3/ask.cert" "$S/virtee-sev_builtin_naples_ask.cert"
# split and concatenate again: the original file
cat "$TMP/split/"{pdh,pek,oca,cek,ask,ark}.cert >"$TMP/rejoined"
expect_same_file "$TMP/rejoined" "$S/derived/naples.fullchain"
run cert split "$S/derived/naples.sevchain" "$TMP/no-such-dir"
expect_rc 4
expect_absent "$TMP/no-such-dir"
run cert split "$TMP/truncated" "$TMP/split3"
expect_rc 3
run cert split "$S/derived/naples.sevchain"
expect_rc 2

# ---- generate-oca ----
run cert generate-oca "$TMP/oca.cert" "$TMP/oca.key"
expect_rc 0
expect_out "OCA EP384 E256 "
expect_mode "$TMP/oca.key" 600
[ "$(stat -c %s "$TMP/oca.cert")" = 2084 ] && ok || bad "OCA is not 2084 bytes"
openssl pkey -in "$TMP/oca.key" -noout 2>/dev/null && ok || bad "openssl cannot read the key"
grep -q -- "-----BEGIN PRIVATE KEY-----" "$TMP/oca.key" && ok || bad "key is not PKCS#8 PEM"
# the key is the certificate's key: compare the public point (cert: little-endian x at 0x14, y at 0x5c)
pub_key=$(openssl pkey -in "$TMP/oca.key" -pubout -outform DER 2>/dev/null | tail -c 96 | od -An -v -tx1 | tr -d ' \n')
pub_cert=$(python3 -c "import sys; b=open(sys.argv[1],'rb').read(); print((b[0x14:0x14+48][::-1]+b[0x5c:0x5c+48][::-1]).hex())" "$TMP/oca.cert")
[ -n "$pub_key" ] && [ "$pub_key" = "$pub_cert" ] && ok || bad "key and certificate differ"
run cert show --json "$TMP/oca.cert"
expect_json 'd["files"][0]["certificates"][0]["usage"] == "OCA" and d["files"][0]["certificates"][0]["api_major"] == 0 and d["files"][0]["certificates"][0]["api_minor"] == 0'
expect_json 'd["files"][0]["certificates"][0]["key_algo"] == "ECDSA_SHA256" and d["files"][0]["certificates"][0]["curve"] == "P-384"'
expect_json 'd["files"][0]["certificates"][0]["signatures"] == [{"slot": 1, "empty": False, "usage": "OCA", "algo": "ECDSA_SHA256"}, {"slot": 2, "empty": True, "usage": "INVALID", "algo": "NONE"}]'
# it signs itself, but it did not sign the Naples PEK
run cert verify --json --sev "$S/derived/naples.sevchain" --oca "$TMP/oca.cert"
expect_rc 1
expect_json '[l["status"] for l in d["links"]] == ["ok","ok","ok","ok","failed","ok","ok"]'
run cert verify --sev "$S/derived/naples.sevchain" --oca "$TMP/oca.cert"
expect_out "   •⬑̸ OCA EP384 E256"
expect_err "OCA -> PEK: failed"
# no overwrite without --force; then both files are replaced
cp "$TMP/oca.cert" "$TMP/oca.cert.orig"
run cert generate-oca "$TMP/oca.cert" "$TMP/other.key"
expect_rc 2
expect_absent "$TMP/other.key"
run cert generate-oca "$TMP/new.cert" "$TMP/oca.key"
expect_rc 2
expect_absent "$TMP/new.cert"
run cert generate-oca --force --json "$TMP/oca.cert" "$TMP/oca.key"
expect_rc 0
expect_json 'd["certificate"].endswith("oca.cert") and len(d["fingerprint"]) == 64'
cmp -s "$TMP/oca.cert" "$TMP/oca.cert.orig" && bad "--force did not replace the certificate" || ok
expect_mode "$TMP/oca.key" 600
run cert generate-oca "$TMP/no-such-dir/oca.cert" "$TMP/x.key"
expect_rc 4
expect_absent "$TMP/x.key"
run cert generate-oca "$TMP/only-one"
expect_rc 2

# every command explains itself
for verb in show verify split generate-oca; do
	run cert "$verb" --help
	expect_rc 0
	expect_out "usage: sevkit cert $verb"
done
run cert split --help
expect_out "--force"
run cert generate-oca --help
expect_out "0600"
finish
