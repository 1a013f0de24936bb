#!/usr/bin/env bash
# sevkit report show | verify | kds-url | fetch | derive-key, and policy decode --snp,
# with go-sev-guest's real Milan report and VCEK (tests/vectors/snp/MANIFEST.md 2a).
. "$(dirname "$0")/lib.sh"

S=$V/snp
R=$S/go-sev-guest_attestation.bin
VCEK=$S/go-sev-guest_vcek_milan.der
MEAS=b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01
AT=--at=2025-01-01

# ---- show
run report show "$R"
expect_rc 0
expect_out "SEV-SNP attestation report, version 2"
expect_out "reported_tcb         0x4405000000000002  bl=2 tee=0 snp=5 ucode=68"
expect_out "bit 19 debug                  1"
expect_out "current_version      1.49 build 3"
expect_out "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b"
run report show --json "$R"
expect_rc 0
expect_json "d['version']==2 and d['measurement']=='$MEAS' and d['reported_tcb']['microcode']==68"
expect_json "d['policy']['flags']['debug'] and d['policy']['value']=='0x00000000000b0000'"
expect_json "d['platform_info']['flags']['smt_en'] and d['signer_info']['signing_key']=='vcek'"
expect_json "d['chip_id'].startswith('3ac3fe21') and d['current_version']=={'major':1,'minor':49,'build':3}"
expect_json "'cpuid' not in d and 'launch_mit_vector' not in d"
run report show --json --product turin "$R"
expect_json "d['product']=='Turin' and d['reported_tcb']['fmc']==2 and d['reported_tcb']['microcode']==68"

od -An -v -tx1 "$R" | tr -d ' \n' > "$TMP/r.hex"
base64 "$R" > "$TMP/r.b64"
run report show --json "$TMP/r.hex"
expect_json "d['measurement']=='$MEAS'"
run report show --json "$TMP/r.b64"
expect_json "d['measurement']=='$MEAS'"
run report show --format base64 --json "$TMP/r.b64"
expect_rc 0
run report show --format hex "$TMP/r.b64"
expect_rc 3

# malformed reports: truncated, unknown version, reserved byte set
head -c 1000 "$R" > "$TMP/short.bin"
run report show "$TMP/short.bin"
expect_rc 3
python3 -c "import sys; b=bytearray(open('$R','rb').read()); b[0]=6; open('$TMP/v6.bin','wb').write(b)"
run report show "$TMP/v6.bin"
expect_rc 3
expect_err "version 6 is not supported"
python3 -c "import sys; b=bytearray(open('$R','rb').read()); b[0x4c]=1; open('$TMP/rsv.bin','wb').write(b)"
run report show "$TMP/rsv.bin"
expect_rc 3
expect_err "offset 0x4c"
run report show
expect_rc 2

# ---- verify with the builtin Milan roots
run report verify "$AT" --vcek "$VCEK" --allow-debug "$R"
expect_rc 0
expect_out "report signature verified"
expect_out "all checks passed"
run report verify "$AT" --vcek "$VCEK" "$R"
expect_rc 1
expect_out "FAIL debug"
run report verify "$AT" --vcek "$VCEK" --json "$R"
expect_rc 1
expect_json "d['verified'] and not d['checks_passed'] and d['failures'][0]['check']=='debug'"
expect_json "d['product']=='Milan' and d['vek']['product_name']=='Milan-B0' and d['vek']['tcb']['snp']==5"
run report verify "$AT" --vcek "$VCEK" --allow-debug --measurement "$MEAS" \
	--report-data 0102030405$(printf '0%.0s' $(seq 118)) --vmpl 0 --min-tcb bl=2,tee=0,snp=5,ucode=68 \
	--min-version 1.49 --min-build 3 --platform-require smt_en --policy 0xb0000 "$R"
expect_rc 0
run report verify "$AT" --vcek "$VCEK" --allow-debug --measurement "${MEAS%?}0" --min-tcb bl=3 \
	--vmpl 1 --forbid-smt --deny-product Milan-B0 "$R"
expect_rc 1
expect_out "FAIL measurement: expected ${MEAS%?}0, got $MEAS"
expect_out "FAIL min_tcb: expected >= bl=3 tee=0 snp=0 ucode=0, got bl=2 tee=0 snp=5 ucode=68"
expect_out "FAIL vmpl: expected 1, got 0"
expect_out "FAIL smt"
expect_out "FAIL deny"

# rejected chains and reports
run report verify "$AT" --vcek "$VCEK" --allow-debug --product genoa "$R"
expect_rc 1
run report verify "$AT" --vcek "$VCEK" --allow-debug --ark $S/virtee-sev_builtin_turin_ark.pem "$R"
expect_rc 1
run report verify --at=2030-01-01 --vcek "$VCEK" --allow-debug "$R"
expect_rc 1
expect_err "expired"
run report verify "$AT" --vcek "$VCEK" --allow-debug --require-crl "$R"
expect_rc 1
expect_err "CRL is required"
python3 -c "import sys; b=bytearray(open('$R','rb').read()); b[0x90]^=1; open('$TMP/flip.bin','wb').write(b)"
run report verify "$AT" --vcek "$VCEK" --allow-debug "$TMP/flip.bin"
expect_rc 1
expect_err "signature does not verify"
python3 -c "import sys; b=bytearray(open('$VCEK','rb').read()); b[-1]^=1; open('$TMP/vcek-bad.der','wb').write(b)"
run report verify "$AT" --vcek "$TMP/vcek-bad.der" --allow-debug "$R"
expect_rc 1
run report verify "$AT" --vlek "$VCEK" "$R"
expect_rc 2
run report verify "$AT" --allow-debug "$R"
expect_rc 2
run report verify "$AT" --vcek "$VCEK" --measurement 00 "$R"
expect_rc 2
run report verify "$AT" --vcek "$VCEK" --at yesterday "$R"
expect_rc 2

# certificates from a directory, a certificate table, appended to the report
mkdir "$TMP/certs"
cp "$VCEK" "$TMP/certs/vcek.der"
cp $S/go-sev-guest_milan_ask_ark.pem "$TMP/certs/cert_chain.pem"
run report verify "$AT" --certs "$TMP/certs" --allow-debug "$R"
expect_rc 0
python3 - "$VCEK" "$S/go-sev-guest_milan_ask_ark.pem" "$TMP/table.bin" <<'PY'
import base64, re, struct, sys
vcek = open(sys.argv[1], 'rb').read()
pems = re.findall(rb'-----BEGIN CERTIFICATE-----(.*?)-----END', open(sys.argv[2], 'rb').read(), re.S)
ask, ark = (base64.b64decode(p) for p in pems)
guids = {'vcek': '63da758de6644564adc5f4b93be8accd', 'ask': '4ab7b379bbac4fe4a02f05aef327c782',
         'ark': 'c0b406a4a80349529743 3fb6014cd0ae'.replace(' ', '')}
items = [('ark', ark), ('ask', ask), ('vcek', vcek)]
off, head, body = 24 * (len(items) + 1), b'', b''
for name, data in items:
    head += bytes.fromhex(guids[name]) + struct.pack('<II', off + len(body), len(data))
    body += data
open(sys.argv[3], 'wb').write(head + bytes(24) + body)
PY
run report verify "$AT" --cert-table "$TMP/table.bin" --allow-debug "$R"
expect_rc 0
run report show --cert-table "$TMP/table.bin" --json "$R"
expect_json "[e['kind'] for e in d['cert_table']]==['ark','ask','vcek']"
cat "$R" "$TMP/table.bin" > "$TMP/extended.bin"
run report verify "$AT" --allow-debug "$TMP/extended.bin"
expect_rc 0

# policy files and reference values
cat > "$TMP/policy.json" <<JSON
{"measurement": "$MEAS", "allow_debug": true, "min_tcb": {"bl": 2, "snp": 5, "ucode": 68},
 "min_version": "1.49", "vmpl": 0, "product": "Milan", "deny": [{"product": "Genoa"}]}
JSON
run report verify "$AT" --vcek "$VCEK" --policy-file "$TMP/policy.json" "$R"
expect_rc 0
run report verify "$AT" --vcek "$VCEK" --policy-file "$TMP/policy.json" --vmpl 2 "$R"
expect_rc 1
expect_out "FAIL vmpl: expected 2, got 0"
echo '{"measurment": "00"}' > "$TMP/typo.json"
run report verify "$AT" --vcek "$VCEK" --policy-file "$TMP/typo.json" "$R"
expect_rc 3
expect_err 'unknown key "measurment"'
cat > "$TMP/ref.json" <<JSON
{"sevkit_reference_values": 1, "mode": "snp", "measurement": "$MEAS", "policy": "0xb0000",
 "vcpus": 1, "vcpu_type": "EPYC-v4", "inputs": {"ovmf": {"path": "OVMF.fd", "sha256": "00"}}}
JSON
run report verify "$AT" --vcek "$VCEK" --reference "$TMP/ref.json" --allow-debug "$R"
expect_rc 0
sed "s/\"policy\": \"0xb0000\"/\"policy\": \"0x30000\"/" "$TMP/ref.json" > "$TMP/ref2.json"
run report verify "$AT" --vcek "$VCEK" --reference "$TMP/ref2.json" --allow-debug "$R"
expect_rc 1
expect_out "FAIL policy: expected 0x30000, got 0xb0000"

# ---- kds-url (the URL go-sev-guest's tests use for this chip)
run report kds-url --product milan "$R"
expect_rc 0
expect_out "https://kdsintf.amd.com/vcek/v1/Milan/3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e53786184ca39e359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d?blSPL=2&teeSPL=0&snpSPL=5&ucodeSPL=68"
run report kds-url --product milan --json "$R"
expect_json "d['cert_chain']=='https://kdsintf.amd.com/vcek/v1/Milan/cert_chain' and d['crl'].endswith('/vcek/v1/Milan/crl')"
run report kds-url --product genoa --vlek --cert-chain "$R"
expect_out "https://kdsintf.amd.com/vlek/v1/Genoa/cert_chain"
run report kds-url "$R"
expect_rc 2
run report kds-url --vlek --product milan "$R"
expect_rc 2

# ---- fetch and derive-key without SNP hardware: clean failures, no files left
mkdir "$TMP/tsm"
run report fetch --via tsm --tsm-dir "$TMP/tsm" --data 0102 "$TMP/out.bin"
expect_rc 4
expect_err "not a configfs-tsm report directory"
expect_absent "$TMP/out.bin"
[ -z "$(ls -A "$TMP/tsm")" ] && ok || bad "the report entry was left behind"
run report fetch --tsm-dir "$TMP/none" --device "$TMP/none" --data 0102 "$TMP/out.bin"
expect_rc 4
expect_absent "$TMP/out.bin"
head -c 64 "$R" > "$TMP/data64"
run report fetch --via ioctl --device /dev/null --data-file "$TMP/data64" "$TMP/out.bin"
expect_rc 4
run report fetch --via ioctl --device /dev/null --data-file "$R" "$TMP/out.bin"
expect_rc 3
run report fetch "$TMP/out.bin"
expect_rc 2
run report fetch --data "$(printf 'ab%.0s' $(seq 65))" "$TMP/out.bin"
expect_rc 2
run report fetch --data 01 --vmpl 4 "$TMP/out.bin"
expect_rc 2
run report derive-key --device "$TMP/none" "$TMP/key.bin"
expect_rc 4
expect_absent "$TMP/key.bin"
run report derive-key --device /dev/null --guest-field-select measurement,policy "$TMP/key.bin"
expect_rc 4
expect_absent "$TMP/key.bin"
run report derive-key --root-key other "$TMP/key.bin"
expect_rc 2
run report derive-key --guest-field-select colour "$TMP/key.bin"
expect_rc 2
expect_err "unknown field 'colour'"
run report derive-key --guest-field-select 0x40 "$TMP/key.bin"
expect_rc 2
run report verify "$AT" --vcek "$VCEK" --platform-require smt_en,colour "$R"
expect_rc 2
expect_err "unknown PLATFORM_INFO bit 'colour'"

# ---- every command explains its options
for verb in show verify kds-url fetch derive-key; do
	run report $verb --help
	expect_rc 0
	expect_out "usage: sevkit report $verb"
done
run report verify --min-tcb
expect_rc 2

# ---- policy decode --snp
run policy decode --snp 0x30000
expect_rc 0
expect_out "smt                1  SMT is allowed"
expect_out "debug              0  debugging is disallowed"
run policy decode --snp --json 0xb1f05
expect_rc 0
expect_json "d['flags']['debug'] and d['abi_major']==0x1f and d['abi_minor']==5 and d['reserved']=='0x0'"
run policy decode --snp 0x10000
expect_rc 3
run policy decode --snp 0x4030000
expect_rc 3
expect_out "bits 63:26 reserved"
finish
