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

# errors name the file they are about, in one line
run report show "$TMP/v6.bin"
[ "$err" = "sevkit report show: $TMP/v6.bin: attestation report: VERSION at offset 0x0: version 6 is not supported (known: 2, 3, 4, 5)" ] &&
	ok || bad "the report file is not named in one line"
run report kds-url "$TMP/v6.bin"
expect_rc 3
[ "$err" = "sevkit report kds-url: $TMP/v6.bin: attestation report: VERSION at offset 0x0: version 6 is not supported (known: 2, 3, 4, 5)" ] &&
	ok || bad "the report file is not named in one line"
echo garbage > "$TMP/garbage"
run report show "$TMP/garbage"
expect_rc 3
[ "$err" = "sevkit report show: $TMP/garbage: report: text is neither hex nor base64: not base64 (length 7 is not a multiple of 4)" ] &&
	ok || bad "the report file is not named in one line"
: > "$TMP/empty"
run report show "$TMP/empty"
expect_rc 3
[ "$err" = "sevkit report show: $TMP/empty: empty file" ] && ok || bad "an empty report is not refused by name"

# a bad certificate table is refused before anything is printed
run report show --cert-table "$TMP/garbage" "$R"
expect_rc 3
[ -z "$out" ] && ok || bad "printed the report before refusing the table"
[ "$err" = "sevkit report show: $TMP/garbage: certificate table: terminator at offset 0x0: no all-zero entry ends the table" ] &&
	ok || bad "the table file is not named in one line"
run report show --json --cert-table "$TMP/garbage" "$R"
expect_rc 3
[ -z "$out" ] && ok || bad "printed the report before refusing the table"
cat "$R" "$TMP/garbage" > "$TMP/ext-garbage.bin"
run report show "$TMP/ext-garbage.bin"
expect_rc 3
[ -z "$out" ] && ok || bad "printed the report before refusing the appended table"
expect_err "$TMP/ext-garbage.bin: certificate table: terminator"
# an empty table file is refused like a table without terminator
run report show --cert-table "$TMP/empty" "$R"
expect_rc 3
[ -z "$out" ] && ok || bad "printed the report before refusing the table"
expect_err "$TMP/empty: empty file"

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
# a good signature with a failed check: the verdict is the exit status, the signature its own key
expect_json "not d['verified'] and d['signature_valid'] and not d['checks_passed'] and d['failures'][0]['check']=='debug'"
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
# a VCEK given as --vlek is the wrong file, not a wrong option
run report verify "$AT" --vlek "$VCEK" "$R"
expect_rc 3
[ "$err" = "sevkit report verify: $VCEK: a VCEK certificate, not a VLEK" ] && ok ||
	bad "the wrong certificate is not named in one line"
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
run report verify "$AT" --vcek "$VCEK" --allow-debug --cert-table "$TMP/empty" "$R"
expect_rc 3
expect_err "$TMP/empty: empty file"
expect_no_out "verified"
# 100 bytes: the three entries, then non-zero bytes where the terminator belongs
{ head -c 72 "$TMP/table.bin"; printf '\001%.0s' $(seq 28); } > "$TMP/table-short.bin"
run report verify "$AT" --vcek "$VCEK" --allow-debug --cert-table "$TMP/table-short.bin" "$R"
expect_rc 3
[ "$err" = "sevkit report verify: $TMP/table-short.bin: certificate table: terminator at offset 0x60: no all-zero entry ends the table" ] &&
	ok || bad "the table file is not named in one line"
run report verify "$AT" --allow-debug "$TMP/ext-garbage.bin"
expect_rc 3
expect_err "$TMP/ext-garbage.bin: certificate table"

# certificate files: named, one line
run report verify "$AT" --vcek "$TMP/garbage" "$R"
expect_rc 3
[ "$err" = "sevkit report verify: $TMP/garbage: not a DER X.509 certificate" ] && ok ||
	bad "the --vcek file is not named in one line"
echo "-----BEGIN CERTIFICATE-----" > "$TMP/vcek.pem"
run report verify "$AT" --vcek "$TMP/vcek.pem" "$R"
expect_rc 3
[ "$err" = "sevkit report verify: $TMP/vcek.pem: no PEM certificate found" ] && ok ||
	bad "the --vcek file is not named in one line"
run report verify "$AT" --vcek "$TMP/empty" "$R"
expect_rc 3
[ "$err" = "sevkit report verify: $TMP/empty: empty file" ] && ok || bad "an empty --vcek is not refused by name"
run report verify "$AT" --vcek "$TMP/missing.der" "$R"
expect_rc 2
[ "$err" = "sevkit report verify: $TMP/missing.der: No such file or directory" ] && ok ||
	bad "a missing --vcek is not reported once, by name"
run report verify "$AT" --vcek "$VCEK" --ark "$TMP/garbage" "$R"
expect_rc 3
[ "$err" = "sevkit report verify: $TMP/garbage: not a DER X.509 certificate" ] && ok ||
	bad "the --ark file is not named in one line"
run report verify "$AT" --vcek "$VCEK" --crl "$TMP/garbage" "$R"
expect_rc 3
[ "$err" = "sevkit report verify: $TMP/garbage: not an X.509 CRL" ] && ok ||
	bad "the --crl file is not named in one line"
run report verify "$AT" --vcek "$VCEK" --allow-debug "$TMP/v6.bin"
expect_rc 3
[ "$err" = "sevkit report verify: $TMP/v6.bin: attestation report: VERSION at offset 0x0: version 6 is not supported (known: 2, 3, 4, 5)" ] &&
	ok || bad "the report file is not named in one line"

# policy files and reference values
cat > "$TMP/policy.json" <<JSON
{"measurement": "$MEAS", "allow_debug": true, "min_tcb": {"bl": 2, "snp": 5, "ucode": 68},
 "min_version": "1.49", "vmpl": 0, "product": "Milan", "deny": [{"product": "Genoa"}]}
JSON
run report verify "$AT" --vcek "$VCEK" --policy-file "$TMP/policy.json" "$R"
expect_rc 0
run report verify "$AT" --vcek "$VCEK" --policy-file "$TMP/policy.json" --vmpl 0 "$R"
expect_rc 0
run report verify "$AT" --vcek "$VCEK" --policy-file "$TMP/policy.json" --vmpl 2 "$R"
expect_rc 2
expect_err "vmpl: policy file $TMP/policy.json and --vmpl 2 pin different values"
echo '{"measurment": "00"}' > "$TMP/typo.json"
run report verify "$AT" --vcek "$VCEK" --policy-file "$TMP/typo.json" "$R"
expect_rc 3
[ "$err" = "sevkit report verify: $TMP/typo.json: policy file: unknown key \"measurment\"" ] &&
	ok || bad "the policy file is not named in one line"
run report verify "$AT" --vcek "$VCEK" --reference "$TMP/typo.json" "$R"
expect_rc 3
[ "$err" = "sevkit report verify: $TMP/typo.json: reference values: \"sevkit_reference_values\" is missing" ] &&
	ok || bad "the reference file is not named in one line"
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

# ---- a test chain built with the openssl tool and go-sev-guest's TESTONLY keys, shaped like
# AMD's: the report re-signed by the test VCEK verifies, then one defect at a time is refused
C=$TMP/chain
mkdir "$C"
PSS="-sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384"
AMD="/OU=Engineering/C=US/L=Santa Clara/ST=CA/O=Advanced Micro Devices"
key() { echo "$S/go-sev-guest_TESTONLY_$1_private_key.pem"; }
# shellcheck disable=SC2086
{
	openssl req -new -x509 -key "$(key ark)" -subj "$AMD/CN=ARK-Milan" -days 7300 $PSS \
		-set_serial 0x10000 -out "$C/ark.pem"
	openssl req -new -key "$(key ask)" -subj "$AMD/CN=SEV-Milan" -out "$C/ask.csr"
	openssl x509 -req -in "$C/ask.csr" -CA "$C/ark.pem" -CAkey "$(key ark)" -set_serial 0x10001 \
		-days 7300 $PSS -out "$C/ask.pem"
	openssl req -new -key "$(key vcek)" -subj "$AMD/CN=SEV-VCEK" -out "$C/vcek.csr"
} >/dev/null 2>&1
chip=$(od -An -v -tx1 -j $((0x1a0)) -N 64 "$R" | tr -s ' \n' ':' | sed 's/^://;s/:$//')
make_vcek() { # SNP_SPL OUT
	cat > "$C/ext.cnf" <<CNF
[v]
1.3.6.1.4.1.3704.1.1=DER:02:01:00
1.3.6.1.4.1.3704.1.2=DER:16:08:4D:69:6C:61:6E:2D:42:30
1.3.6.1.4.1.3704.1.3.1=DER:02:01:02
1.3.6.1.4.1.3704.1.3.2=DER:02:01:00
1.3.6.1.4.1.3704.1.3.3=DER:02:01:$1
1.3.6.1.4.1.3704.1.3.8=DER:02:01:44
1.3.6.1.4.1.3704.1.4=DER:$chip
CNF
	# shellcheck disable=SC2086
	openssl x509 -req -in "$C/vcek.csr" -CA "$C/ask.pem" -CAkey "$(key ask)" -set_serial 0 \
		-days 3650 $PSS -extfile "$C/ext.cnf" -extensions v -outform der -out "$2" 2>/dev/null
}
make_vcek 05 "$C/vcek.der"
make_vcek 06 "$C/vcek-snp6.der"
head -c 672 "$R" > "$C/body"
openssl dgst -sha384 -sign "$(key vcek)" -out "$C/sig.der" "$C/body"
python3 "$(dirname "$0")/snp-sign-report.py" "$R" "$C/sig.der" "$C/report.bin"
TC=(--ark "$C/ark.pem" --ask "$C/ask.pem" --allow-debug)
run report verify "${TC[@]}" --vcek "$C/vcek.der" "$C/report.bin"
expect_rc 0
run report verify "${TC[@]}" --vcek "$C/vcek-snp6.der" "$C/report.bin"
expect_rc 1
expect_err "REPORTED_TCB 0x4405000000000002 (bl=2 tee=0 snp=5 ucode=68) differs from the VCEK's TCB 0x4406000000000002"
run report verify --vcek "$C/vcek.der" --allow-debug "$C/report.bin"
expect_rc 1
expect_err "signature by the ASK does not verify"
gencrl() { # INDEX_LINE OUT
	printf '%b' "$1" > "$C/index.txt"
	echo 01 > "$C/crlnumber"
	printf '[ca]\ndefault_ca = d\n[d]\ndatabase = %s\ncrlnumber = %s\ndefault_md = sha384\ndefault_crl_days = 30\n' \
		"$C/index.txt" "$C/crlnumber" > "$C/ca.cnf"
	openssl ca -gencrl -config "$C/ca.cnf" -keyfile "$(key ark)" -cert "$C/ark.pem" \
		-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384 \
		-out "$2" 2>/dev/null
}
gencrl 'R\t450101000000Z\t240101000000Z\t010001\tunknown\t/CN=SEV-Milan\n' "$C/revoked.crl"
gencrl '' "$C/clean.crl"
run report verify "${TC[@]}" --vcek "$C/vcek.der" --crl "$C/revoked.crl" "$C/report.bin"
expect_rc 1
expect_err "the ASK (serial 0x010001) is revoked"
run report verify "${TC[@]}" --vcek "$C/vcek.der" --crl "$C/clean.crl" --require-crl "$C/report.bin"
expect_rc 0
expect_out "CRL checked"
run report verify "${TC[@]}" --vcek "$C/vcek.der" --crl "$C/clean.crl" --at 2020-01-01 "$C/report.bin"
expect_rc 1

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
