#!/usr/bin/env bash
# sevkit report verify: verdicts that must not be wrong. Deny-list spellings, every CRL
# applied (to the ASK/ASVK and the VCEK/VLEK), certificate directories, policy and reference
# files (unknown keys, two sources that disagree), CXL, the JSON verdict, and certificate
# tables without a VCEK. The real Milan report and VCEK (tests/vectors/snp/MANIFEST.md 2a),
# and a TESTONLY chain built with the openssl tool (snp-chain.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/snp-chain.sh"

R=$SNP_REPORT
VCEK=$SNP_S/go-sev-guest_vcek_milan.der
MEAS=b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01
OTHER=${MEAS%??}00
REAL=(--at=2025-01-01 --vcek "$VCEK" --allow-debug)
# pf JSON: a policy file holding JSON; prints its path
pf() {
	local f
	f="$TMP/pf-$(printf '%s' "$1" | md5sum | cut -c1-12).json"
	printf '%s\n' "$1" > "$f"
	echo "$f"
}

# ---- 1. the deny list matches every spelling it accepts (the VCEK says "Milan-B0")
for p in Milan-B0 milan-b0 MILAN-B0 mIlAn-b0 Milan milan MILAN; do
	run report verify "${REAL[@]}" --deny-product "$p" "$R"
	expect_rc 1
	expect_out "FAIL deny: expected not on the deny list, got Milan Milan-B0"
	echo "{\"allow_debug\": true, \"deny\": [{\"product\": \"$p\"}]}" > "$TMP/deny.json"
	run report verify --at=2025-01-01 --vcek "$VCEK" --policy-file "$TMP/deny.json" "$R"
	expect_rc 1
	expect_out "FAIL deny"
done
# another stepping or product line is not denied
for p in Milan-B1 milan-a0 GENOA genoa-b0 Turin; do
	run report verify "${REAL[@]}" --deny-product "$p" "$R"
	expect_rc 0
done
# a stepping together with a TCB: denied only when both match
run report verify "${REAL[@]}" --policy-file "$(pf '{"deny": [{"product": "milan-b0", "tcb": "bl=2,tee=0,snp=5,ucode=68"}]}')" "$R"
expect_rc 1
run report verify "${REAL[@]}" --policy-file "$(pf '{"deny": [{"product": "MILAN-B0", "tcb": "bl=2,tee=0,snp=6,ucode=68"}]}')" "$R"
expect_rc 0
# what would not match anything is refused, not accepted and ignored
for p in "Milan-" "Milan-B0 " "Milan-B 0" "Milan-B0-x" "Milan-B01234567" " Milan-B0" "Milan_B0" "Rome"; do
	run report verify "${REAL[@]}" --deny-product "$p" "$R"
	expect_rc 2
	echo "{\"deny\": [{\"product\": \"$p\"}]}" > "$TMP/deny.json"
	run report verify "${REAL[@]}" --policy-file "$TMP/deny.json" "$R"
	expect_rc 3
	expect_err "$TMP/deny.json: policy file: \"deny.product\" must be"
done
# the product check takes a stepping too, and checks it
run report verify "${REAL[@]}" --policy-file "$(pf '{"product": "MILAN-b0"}')" "$R"
expect_rc 0
run report verify "${REAL[@]}" --policy-file "$(pf '{"product": "milan-b1"}')" "$R"
expect_rc 1
expect_out "FAIL product: expected Milan-B1, got Milan (stepping B0)"
run report verify "${REAL[@]}" --policy-file "$(pf '{"product": "Milan-"}')" "$R"
expect_rc 3

# ---- 10. a certificate table without a VCEK is bad input (3), no source at all is usage (2)
python3 - "$SNP_S/go-sev-guest_milan_ask_ark.pem" "$TMP/table-noveck.bin" <<'PY'
import base64, re, struct, sys
pems = re.findall(rb'-----BEGIN CERTIFICATE-----(.*?)-----END', open(sys.argv[1], 'rb').read(), re.S)
ask, ark = (base64.b64decode(p) for p in pems)
guids = {'ask': '4ab7b379bbac4fe4a02f05aef327c782', 'ark': 'c0b406a4a803495297433fb6014cd0ae'}
items = [('ark', ark), ('ask', ask)]
off, head, body = 24 * (len(items) + 1), b'', b''
for name, data in items:
    head += bytes.fromhex(guids[name]) + struct.pack('<II', off + len(body), len(data))
    body += data
open(sys.argv[2], 'wb').write(head + bytes(24) + body)
PY
head -c 4096 /dev/zero > "$TMP/table-zero.bin"
for t in table-noveck.bin table-zero.bin; do
	run report verify --at=2025-01-01 --allow-debug --cert-table "$TMP/$t" "$R"
	expect_rc 3
	[ "$err" = "sevkit report verify: $TMP/$t: the certificate table has no VCEK or VLEK" ] &&
		ok || bad "a table without a VCEK is not refused by name"
	cat "$R" "$TMP/$t" > "$TMP/ext-$t"
	run report verify --at=2025-01-01 --allow-debug "$TMP/ext-$t"
	expect_rc 3
	expect_err "$TMP/ext-$t: the certificate table has no VCEK or VLEK"
	# the VCEK given beside the table is enough
	run report verify "${REAL[@]}" --cert-table "$TMP/$t" "$R"
	expect_rc 0
done
mkdir "$TMP/novcek"
cp "$SNP_S/go-sev-guest_milan_ask_ark.pem" "$TMP/novcek/"
run report verify --at=2025-01-01 --allow-debug --certs "$TMP/novcek" "$R"
expect_rc 3
expect_err "$TMP/novcek: no VCEK or VLEK certificate in the directory"
run report verify --at=2025-01-01 --allow-debug "$R"
expect_rc 2
expect_err "give the VCEK or VLEK"

# ---- 9. the JSON verdict is the exit status; the signature has its own key
run report verify "${REAL[@]}" --json "$R"
expect_rc 0
expect_json "d['verified'] is True and d['signature_valid'] is True and d['checks_passed'] is True"
for bad_check in "--measurement $OTHER" "--vmpl 1" "--min-tcb snp=6" "--forbid-smt" "--deny-product milan"; do
	# shellcheck disable=SC2086
	run report verify "${REAL[@]}" $bad_check --json "$R"
	expect_rc 1
	expect_json "d['verified'] is False and d['signature_valid'] is True and not d['checks_passed'] and d['failures']"
done
run report verify --at=2025-01-01 --vcek "$VCEK" --json "$R"
expect_rc 1
expect_json "d['verified'] is False and d['signature_valid'] is True and d['failures'][0]['check']=='debug'"
python3 -c "import sys; b=bytearray(open('$R','rb').read()); b[0x90]^=1; open('$TMP/flip.bin','wb').write(b)"
run report verify "${REAL[@]}" --json "$TMP/flip.bin"
expect_rc 1
expect_json "d['verified'] is False and d['signature_valid'] is False and not d['checks_passed']"

# ---- 6. reference values: an unknown key is refused, naming the key and the file
ref() { # EXTRA-JSON-MEMBERS
	printf '{"sevkit_reference_values": 1, "mode": "snp", "measurement": "%s", "policy": "0xb0000"%s}\n' "$MEAS" "$1"
}
ref '' > "$TMP/ref.json"
run report verify "${REAL[@]}" --reference "$TMP/ref.json" "$R"
expect_rc 0
for k in host_data report_data vmpl min_tcb allow_debug launch_digest measurment deny; do
	ref ", \"$k\": \"00\"" > "$TMP/ref-$k.json"
	run report verify "${REAL[@]}" --reference "$TMP/ref-$k.json" "$R"
	expect_rc 3
	[ "$err" = "sevkit report verify: $TMP/ref-$k.json: reference values: unknown key \"$k\"" ] &&
		ok || bad "unknown key $k is not refused by name"
done
# the same key in a policy file: refused there too (host_data is a policy-file key)
echo '{"host-data": "00"}' > "$TMP/pol-unknown.json"
run report verify "${REAL[@]}" --policy-file "$TMP/pol-unknown.json" "$R"
expect_rc 3
expect_err "$TMP/pol-unknown.json: policy file: unknown key \"host-data\""
# a measurement_base64 that is not the measurement, an unknown document version
hex_base64() {
	python3 -c 'import base64, sys; print(base64.b64encode(bytes.fromhex(sys.argv[1])).decode())' "$1"
}
ref ", \"measurement_base64\": \"$(hex_base64 "$OTHER")\"" > "$TMP/ref-b64.json"
run report verify "${REAL[@]}" --reference "$TMP/ref-b64.json" "$R"
expect_rc 3
expect_err "measurement_base64"
ref ", \"measurement_base64\": \"$(hex_base64 "$MEAS")\"" > "$TMP/ref-b64.json"
run report verify "${REAL[@]}" --reference "$TMP/ref-b64.json" "$R"
expect_rc 0
sed 's/"sevkit_reference_values": 1/"sevkit_reference_values": 2/' "$TMP/ref.json" > "$TMP/ref-v2.json"
run report verify "${REAL[@]}" --reference "$TMP/ref-v2.json" "$R"
expect_rc 3
# every key `sevkit measure --json` writes is known: its documents are taken (the firmware
# measures differently from the report, so the measurement check fails: exit 1, not 3)
D=$V/snp/sev-snp-measure
run measure snp --vcpus 2 --vcpu-type EPYC-v4 --ovmf "$D/ovmf_AmdSev_suffix.bin" \
	--kernel "$D/made_up_kernel.bin" --initrd "$D/made_up_initrd.bin" --append x --output-format base64 --json
printf '%s' "$out" > "$TMP/measured.json"
run report verify "${REAL[@]}" --reference "$TMP/measured.json" "$R"
expect_rc 1
expect_out "FAIL measurement"
run measure snp:svsm --vcpus 1 --vcpu-type EPYC-v4 --svsm "$D/svsm.bin" --ovmf "$D/svsm_ovmf.fd" \
	--vars-size 540672 --json
printf '%s' "$out" > "$TMP/measured-svsm.json"
run report verify "${REAL[@]}" --reference "$TMP/measured-svsm.json" "$R"
expect_rc 1
expect_out "FAIL measurement"

# ---- 7. two sources pinning different values: usage error naming both; equal values are fine
echo "{\"measurement\": \"$OTHER\", \"allow_debug\": true}" > "$TMP/pol-other.json"
run report verify --at=2025-01-01 --vcek "$VCEK" --policy-file "$TMP/pol-other.json" \
	--reference "$TMP/ref.json" "$R"
expect_rc 2
expect_err "measurement: policy file $TMP/pol-other.json and reference values $TMP/ref.json pin different values"
run report verify "${REAL[@]}" --reference "$TMP/ref.json" --measurement "$OTHER" "$R"
expect_rc 2
expect_err "measurement: reference values $TMP/ref.json and --measurement $OTHER pin different values"
run report verify --at=2025-01-01 --vcek "$VCEK" --policy-file "$TMP/pol-other.json" \
	--measurement "$MEAS" "$R"
expect_rc 2
expect_err "measurement: policy file $TMP/pol-other.json and --measurement $MEAS pin different values"
run report verify "${REAL[@]}" --measurement "$MEAS" --measurement "$OTHER" "$R"
expect_rc 2
expect_err "measurement: --measurement $MEAS and --measurement $OTHER pin different values"
# the policy: in the reference values, in a policy file, as an option
run report verify "${REAL[@]}" --reference "$TMP/ref.json" --policy 0x30000 "$R"
expect_rc 2
expect_err "policy: reference values $TMP/ref.json and --policy 0x30000 pin different values"
run report verify "${REAL[@]}" --reference "$TMP/ref.json" \
	--policy-file "$(pf '{"policy": "0x30000"}')" "$R"
expect_rc 2
expect_err "pin different values"
for pair in '"host_data": "'"$(printf '11%.0s' $(seq 32))"'"|--host-data=00000000000000000000000000000000000000000000000000000000000000ff' \
	'"vmpl": 0|--vmpl=1' '"min_tcb": "bl=2"|--min-tcb=bl=3' '"min_tcb": "0x4405000000000002"|--min-tcb=bl=2,tee=0,snp=5,ucode=68' \
	'"min_guest_svn": 0|--min-guest-svn=1' '"min_version": "1.49"|--min-version=1.48' \
	'"allow_debug": false|--allow-debug' '"report_data": "'"$(printf '00%.0s' $(seq 64))"'"|--report-data='"$(printf '01%.0s' $(seq 64))"; do
	echo "{${pair%%|*}}" > "$TMP/pol-pair.json"
	opt=${pair#*|}
	run report verify --at=2025-01-01 --vcek "$VCEK" --policy-file "$TMP/pol-pair.json" "$opt" "$R"
	expect_rc 2
	expect_err "policy file $TMP/pol-pair.json and ${opt/=/ } pin different values"
done
# the same values from every source: fine, and checked
echo "{\"measurement\": \"${MEAS^^}\", \"policy\": 720896, \"allow_debug\": true, \"vmpl\": 0}" > "$TMP/pol-same.json"
run report verify --at=2025-01-01 --vcek "$VCEK" --policy-file "$TMP/pol-same.json" \
	--reference "$TMP/ref.json" --measurement "$MEAS" --policy 0xb0000 --allow-debug --vmpl 0 "$R"
expect_rc 0
run report verify "${REAL[@]}" --deny-product genoa --policy-file "$(pf '{"deny": [{"product": "Milan"}]}')" "$R"
expect_rc 1
expect_out "FAIL deny"

# ---- the TESTONLY chain: CRLs, certificate directories, CXL
snp_chain_init
snp_report "$C/report.bin" vcek
snp_report "$C/report-vlek.bin" vlek 'b[0x48]=0x04'
TC=(--ark "$C/ark.pem" --allow-debug)
run report verify "${TC[@]}" --ask "$C/ask.pem" --vcek "$C/vcek.der" "$C/report.bin"
expect_rc 0
run report verify "${TC[@]}" --ask "$C/asvk.pem" --vlek "$C/vlek.der" "$C/report-vlek.bin"
expect_rc 0

# ---- 4. a directory with both chains (ASK and ASVK), and CRLs named like certificates
for key in vcek vlek; do
	rm -rf "$TMP/both"
	mkdir "$TMP/both"
	cp "$C/ask_ark.pem" "$TMP/both/cert_chain.pem"
	cp "$C/asvk_ark.pem" "$TMP/both/vlek_chain.pem"
	cp "$C/$key.der" "$TMP/both/$key.der"
	report=$C/report.bin
	[ $key = vlek ] && report=$C/report-vlek.bin
	run report verify "${TC[@]}" --certs "$TMP/both" "$report"
	expect_rc 0
	# the ASK and ASVK files separately, and in the other order of names
	cp "$C/asvk.pem" "$TMP/both/a.pem"
	cp "$C/ask.pem" "$TMP/both/z.crt"
	run report verify "${TC[@]}" --certs "$TMP/both" "$report"
	expect_rc 0
	# a clean CRL named .pem, .der, .cer: recognised by its contents and applied
	snp_crl "$TMP/both/crl.pem" 5
	openssl crl -in "$TMP/both/crl.pem" -outform der -out "$TMP/both/kds.der"
	cp "$TMP/both/kds.der" "$TMP/both/kds.cer"
	run report verify "${TC[@]}" --certs "$TMP/both" --require-crl --json "$report"
	expect_rc 0
	expect_json "d['verified'] and d['crl_checked'] and len(d['crls'])==3 and all(c['issuer']=='ARK-Milan' for c in d['crls'])"
	# a revoking CRL named .der among them
	snp_crl "$TMP/both/zz.der.tmp" 2 020002 030003
	openssl crl -in "$TMP/both/zz.der.tmp" -outform der -out "$TMP/both/zz.der"
	rm "$TMP/both/zz.der.tmp"
	run report verify "${TC[@]}" --certs "$TMP/both" "$report"
	expect_rc 1
	expect_err "is revoked"
done
# a file that is neither is still refused, by name
echo "not a certificate" > "$TMP/both/junk.pem"
rm "$TMP/both/zz.der"
run report verify "${TC[@]}" --certs "$TMP/both" "$C/report-vlek.bin"
expect_rc 3
expect_err "$TMP/both/junk.pem: neither a certificate nor a CRL"

# ---- 2. every CRL is applied, in any order: an older clean CRL does not undo a revocation
snp_crl "$C/old-clean.crl" 20
snp_crl "$C/new-ask.crl" 5 010001
snp_crl "$C/new-vcek.crl" 5 020002
snp_crl "$C/new-asvk.crl" 5 010002
snp_crl "$C/new-vlek.crl" 5 030003
VC=("${TC[@]}" --ask "$C/ask.pem" --vcek "$C/vcek.der")
VL=("${TC[@]}" --ask "$C/asvk.pem" --vlek "$C/vlek.der")
for revoking in new-ask:ASK new-vcek:VCEK; do
	f=$C/${revoking%%:*}.crl
	for order in "$C/old-clean.crl $f" "$f $C/old-clean.crl"; do
		# shellcheck disable=SC2086
		set -- $order
		run report verify "${VC[@]}" --crl "$1" --crl "$2" "$C/report.bin"
		expect_rc 1
		expect_err "the ${revoking#*:} (serial 0x"
		expect_err "is revoked"
		run report verify "${VC[@]}" --crl "$1" --crl "$2" --json "$C/report.bin"
		expect_rc 1
		expect_json "not d['verified'] and not d['signature_valid'] and any(c['revoked'] for l in d['crls'] for c in l['checked'])"
	done
	# in a directory, under names in both orders
	for names in "a.crl b.crl" "b.crl a.crl"; do
		# shellcheck disable=SC2086
		set -- $names
		rm -rf "$TMP/crls"
		mkdir "$TMP/crls"
		cp "$C/ask_ark.pem" "$C/vcek.der" "$TMP/crls/"
		cp "$C/old-clean.crl" "$TMP/crls/$1"
		cp "$f" "$TMP/crls/$2"
		run report verify "${TC[@]}" --certs "$TMP/crls" "$C/report.bin"
		expect_rc 1
		expect_err "is revoked"
	done
	# both CRLs in one PEM file, the revoking one second
	cat "$C/old-clean.crl" "$f" > "$C/two.pem"
	run report verify "${VC[@]}" --crl "$C/two.pem" "$C/report.bin"
	expect_rc 1
	expect_err "is revoked"
done
# the VLEK branch: a revoked ASVK or VLEK
for revoking in new-asvk:ASVK new-vlek:VLEK; do
	run report verify "${VL[@]}" --crl "$C/old-clean.crl" --crl "$C/${revoking%%:*}.crl" "$C/report-vlek.bin"
	expect_rc 1
	expect_err "the ${revoking#*:} (serial 0x"
done
# a CRL for the other branch does not touch this one
run report verify "${VC[@]}" --crl "$C/new-vlek.crl" --crl "$C/new-asvk.crl" --require-crl "$C/report.bin"
expect_rc 0

# ---- 3. what was checked against which CRL, in text and JSON
run report verify "${VC[@]}" --crl "$C/old-clean.crl" --crl "$C/new-vlek.crl" "$C/report.bin"
expect_rc 0
expect_out "CRL $C/old-clean.crl (ARK-Milan, issued "
expect_out "): ASK 0x010001 and VCEK 0x020002 not revoked"
expect_out "CRL $C/new-vlek.crl (ARK-Milan, issued "
run report verify "${VC[@]}" --crl "$C/old-clean.crl" --crl "$C/new-vlek.crl" --json "$C/report.bin"
expect_rc 0
expect_json "d['crl_checked'] and [l['file'] for l in d['crls']]==['$C/old-clean.crl','$C/new-vlek.crl']"
expect_json "all([(c['certificate'],c['serial'],c['revoked']) for c in l['checked']]==[('ASK','0x010001',False),('VCEK','0x020002',False)] for l in d['crls'])"
expect_json "all(l['current'] and l['this_update'] < l['next_update'] for l in d['crls'])"
run report verify "${VL[@]}" --crl "$C/old-clean.crl" --json "$C/report-vlek.bin"
expect_rc 0
expect_json "[(c['certificate'],c['serial']) for c in d['crls'][0]['checked']]==[('ASVK','0x010002'),('VLEK','0x030003')]"
run report verify "${VC[@]}" --json "$C/report.bin"
expect_json "d['crl_checked'] is False and d['crls']==[]"
run report verify "${VC[@]}" "$C/report.bin"
expect_out "no CRL given"
# a CRL not by this ARK (signed by the ASK's key) among good ones is refused, not skipped
openssl req -new -x509 -key "$(snp_key ask)" -subj "$AMD_DN/CN=ARK-Milan" -days 7300 \
	"${PSS[@]}" -set_serial 0x10000 -out "$C/fake-ark.pem" 2>/dev/null
openssl ca -gencrl -config "$C/ca.cnf" -keyfile "$(snp_key ask)" -cert "$C/fake-ark.pem" \
	-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384 \
	-out "$C/forged.crl" 2>/dev/null
run report verify "${VC[@]}" --crl "$C/old-clean.crl" --crl "$C/forged.crl" "$C/report.bin"
expect_rc 1
expect_err "CRL 2 of 2: signature by the ARK does not verify"

# ---- 8. CXL memory (policy bit 21) is refused unless allowed
snp_report "$C/report-cxl.bin" vcek 'b[8:16]=(0x2b0000).to_bytes(8,"little")'
run report verify "${VC[@]}" "$C/report-cxl.bin"
expect_rc 1
expect_out "FAIL cxl_allow: expected cxl_allow clear (not allowed)"
run report verify "${VC[@]}" --policy 0x2b0000 --json "$C/report-cxl.bin"
expect_rc 1
expect_json "[f['check'] for f in d['failures']]==['cxl_allow']"
run report verify "${VC[@]}" --allow-cxl "$C/report-cxl.bin"
expect_rc 0
run report verify "${VC[@]}" --policy-file "$(pf '{"allow_cxl": true}')" "$C/report-cxl.bin"
expect_rc 0
run report verify "${VC[@]}" --policy-file "$(pf '{"allow_cxl": false}')" "$C/report-cxl.bin"
expect_rc 1
run report verify "${VC[@]}" --policy-file "$(pf '{"allow_cxl": false}')" --allow-cxl "$C/report-cxl.bin"
expect_rc 2
# without bit 21 nothing changes
run report verify "${VC[@]}" "$C/report.bin"
expect_rc 0
run report verify --help
expect_out "--allow-cxl"
expect_out "every CRL given"
finish
