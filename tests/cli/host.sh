#!/usr/bin/env bash
# sevkit host: readiness checks on this machine and on recordings; platform commands on the
# replayed Rome platform (real Rome certificates) via --device fake:DIR.
. "$(dirname "$0")/lib.sh"
V=$(cd "$V" && pwd)
H=$V/host

# --- this machine ---
if [ ! -e /dev/sev ]; then
	# no SEV platform here: the checks fail and say why, status names the device
	run host ok
	expect_rc 1
	expect_out "Not ready for SEV"
	printf '%s' "$out" | grep -qE 'not an AMD CPU|CPUID 0x8000001F|/dev/sev' && ok ||
		bad "no reason given"
	run host status
	expect_rc 4
	[ "$err" = "sevkit host status: /dev/sev: No such file or directory (is the ccp/kvm_amd driver loaded on an AMD host?)" ] &&
		ok || bad "status message differs"
	[ -z "$out" ] && ok || bad "status printed to stdout"
	run host id
	expect_rc 4
fi
# recording this machine and checking the recording gives the same result
run host record "$TMP/me.json"
expect_rc 0
run host ok --json
direct=$out
run host ok --json --host-record "$TMP/me.json"
[ "$out" = "$direct" ] && ok || bad "checks on the recording differ from the machine"

# --- recordings ---
run host ok --host-record "$H/intel-xeon-8570.json"
expect_rc 1
expect_out "[ FAIL ] - AMD CPU: not an AMD CPU (GenuineIntel)"
expect_out "Not ready for SEV: AMD CPU: not an AMD CPU (GenuineIntel)"
expect_out "[ SKIP ]   - Secure Encrypted Virtualization (SEV): AMD CPU: failed"

run host ok --host-record "$H/this-machine-kvm-guest.json"
expect_rc 1
expect_out "virtual machine (hypervisor \"KVMKVMKVM\")"

run host ok --host-record "$H/rome-epyc-7742.json"
expect_rc 1
expect_out "[ SKIP ]     - Secure Nested Paging (SEV-SNP): Rome does not have it (CPUID 0x8000001F EAX bit 4 is clear)"
expect_out "[ PASS ]     - Encrypted State (SEV-ES): CPUID 0x8000001F EAX bit 3"
expect_out "[ FAIL ]       - ASIDs for SEV-ES and SEV-SNP guests: none"
run host ok sev --host-record "$H/rome-epyc-7742.json"
expect_rc 0
expect_out "Ready for SEV."
expect_out "[ SKIP ]     - Encrypted State (SEV-ES): not asked for"
run host ok snp --host-record "$H/rome-epyc-7742.json"
expect_rc 1
expect_out "SEV-SNP was asked for"

run host ok --host-record "$H/naples-epyc-7551p.json"
expect_out "[ PASS ]     - Encrypted State (SEV-ES): CPUID 0x8000001F EAX bit 3"

run host ok --host-record "$H/milan-epyc-7713-asids.json"
expect_rc 0
expect_out "[ PASS ]         - Number of VMPLs: 4"
expect_out "[ PASS ]     - C-bit location: 51"
expect_out "Ready for SEV, SEV-ES, SEV-SNP."
run host ok -q --host-record "$H/milan-epyc-7713-asids.json"
expect_rc 0
[ -z "$out" ] && ok || bad "-q printed output"

run host ok --json --host-record "$H/milan-epyc-7763.json"
expect_rc 1
expect_json 'd["result"]=="FAIL" and d["cpu"]["generation"]=="Milan" and d["cpu"]["family"]==25'
expect_json 'd["features"]==["sev","es","snp"] and d["checks"][0]["id"]=="amd_cpu"'
expect_json '[c for c in d["checks"][0]["children"] if c["id"]=="sev"][0]["children"][1]["children"][0]["state"]=="FAIL"'
expect_json 'd["reason"].startswith("ASIDs for SEV-ES and SEV-SNP guests")'

run host record --host-record "$H/rome-epyc-7742.json" "$TMP/rome.json"
expect_rc 0
run host ok --host-record "$TMP/rome.json"
expect_out "Rome does not have it"

# usage and input errors
run host ok esx --host-record "$H/rome-epyc-7742.json"
expect_rc 2
run host ok sev es
expect_rc 2
printf '{"format":"sevkit-host-recording/1","cpuid":5}' >"$TMP/bad.json"
run host ok --host-record "$TMP/bad.json"
expect_rc 3
expect_err "cpuid: expected an array"
run host ok --host-record "$TMP/missing.json"
expect_rc 2
[ "$err" = "sevkit host ok: $TMP/missing.json: No such file or directory" ] && ok ||
	bad "a missing recording is not reported once, by name"
run host record --host-record "$TMP/missing.json" "$TMP/x"
expect_rc 2
[ "$err" = "sevkit host record: $TMP/missing.json: No such file or directory" ] && ok ||
	bad "a missing recording is not reported once, by name"
expect_absent "$TMP/x"
run host record --json --host-record "$H/rome-epyc-7742.json" "$TMP/rome-json.json"
expect_rc 0
expect_json "d==dict(written='$TMP/rome-json.json', bytes=$(stat -c %s "$TMP/rome-json.json"))"
run host record
expect_rc 2

# --- platform commands on the replayed Rome platform ---
F="fake:$H/fake-rome"
run host status --device "$F"
expect_rc 0
expect_out "API version: 0.22"
expect_out "State: INIT"
expect_out "es: yes"
run host status --json --device "$F"
expect_json 'd["api_minor"]==22 and d["flags"]["es"] and not d["flags"]["owned"] and d["state"]=="INIT" and d["build"]==3'

run host export --device "$F" "$TMP/chain"
expect_rc 0
expect_same_file "$TMP/chain" "$V/sev/derived/rome.sevchain"
run host export --device "$F" --full --ca "$V/sev/derived/rome.cachain" "$TMP/full"
expect_rc 0
expect_same_file "$TMP/full" "$V/sev/derived/rome.fullchain"
run host export --device "$F" --cek "$V/sev/virtee-sev_tests_rome_cek.cert" "$TMP/chain2"
expect_same_file "$TMP/chain2" "$V/sev/derived/rome.sevchain"
# without --ca, the builtin roots of the generation whose ASK signed the (KDS) CEK
run host export --device "$F" --full "$TMP/full2"
expect_rc 0
expect_same_file "$TMP/full2" "$V/sev/derived/rome.fullchain"
# --full checks the AMD links before writing: roots of another generation did not sign the CEK
run host export --device "$F" --full --ca "$V/sev/derived/naples.cachain" "$TMP/x"
expect_rc 1
[ "$err" = "sevkit host export: --full: ASK -> CEK: failed: no signature slot names the signer with its algorithm" ] &&
	ok || bad "the failed ASK -> CEK link is not named"
expect_absent "$TMP/x"
# Rome's ASK with Naples' ARK: the ARK did not sign the ASK
head -c 1600 "$V/sev/derived/rome.cachain" >"$TMP/mixed.cachain"
tail -c 832 "$V/sev/derived/naples.cachain" >>"$TMP/mixed.cachain"
run host export --device "$F" --full --ca "$TMP/mixed.cachain" "$TMP/x"
expect_rc 1
expect_err "--full: ARK -> ASK: failed"
expect_absent "$TMP/x"
run host export --json --device "$F" --full "$TMP/full3"
expect_rc 0
expect_json "d=={'written': '$TMP/full3', 'bytes': 11536}"
run cert verify "$TMP/full3"
expect_rc 0
# a CEK that no AMD ASK signed tells no generation
cp "$V/sev/virtee-sev_tests_rome_cek.cert" "$TMP/unsigned-cek"
printf '\x00\x10\x00\x00\x00\x00\x00\x00' | dd of="$TMP/unsigned-cek" bs=1 seek=$((0x414)) conv=notrunc 2>/dev/null
run host export --device "$F" --cek "$TMP/unsigned-cek" --full "$TMP/x"
expect_rc 2
expect_err "not signed by any builtin AMD ASK"
expect_absent "$TMP/x"
run host export --device "$F" --full --ca "$V/sev/virtee-sev_tests_rome_pek.cert" "$TMP/x"
expect_rc 3
expect_absent "$TMP/x"
run host export --device "$F" --cek "$V/sev/virtee-sev_tests_rome_oca.cert" "$TMP/x"
expect_rc 3
expect_err "not a single CEK certificate"

run host pek-csr --device "$F" "$TMP/csr"
expect_rc 0
# the platform's PEK with both signature slots empty (usage 0x1000 INVALID, nothing else)
cmp -s -n $((0x414)) "$TMP/csr" "$V/sev/virtee-sev_tests_rome_pek.cert" && ok ||
	bad "the CSR's body is not the PEK's"
expect_file_hex "$TMP/csr" "$(od -An -v -tx1 -N $((0x414)) "$V/sev/virtee-sev_tests_rome_pek.cert" |
	tr -d ' \n')$(for s in 1 2; do printf '00100000'; head -c 516 /dev/zero | od -An -v -tx1 |
	tr -d ' \n'; done)"
run host pek-csr --json --device "$F" "$TMP/csr2"
expect_rc 0
expect_json "d=={'written': '$TMP/csr2', 'bytes': 2084}"
run host export --json --device "$F" "$TMP/chain3"
expect_json "d=={'written': '$TMP/chain3', 'bytes': 8336}"

run host id --device "$F"
expect_rc 0
[ "$out" = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF" ] &&
	ok || bad "identifier differs"
run host id --json --device "$F"
expect_json 'd["kds_cek_url"]=="https://kdsintf.amd.com/cek/id/"+d["id"]'

run host reset --device "$F"
expect_rc 0
run host rotate --device "$F"
expect_rc 0
run host reset --json --device "$F"
expect_rc 0
expect_json 'd=={"command": "reset", "ok": True}'
run host rotate --json --device "$F"
expect_rc 0
expect_json 'd=={"command": "rotate", "ok": True}'

# import: the replayed platform records what it was given
mkdir "$TMP/plat"
cat >"$TMP/plat/platform.json" <<JSON
{ "pdh": "$V/sev/virtee-sev_tests_rome_pdh.cert", "pek": "$V/sev/virtee-sev_tests_rome_pek.cert",
  "oca": "$V/sev/virtee-sev_tests_rome_oca.cert", "cek": "$V/sev/virtee-sev_tests_rome_cek.cert",
  "record_imports": true, "fw_error": { "PDH_GEN": 1 }, "errno": { "PLATFORM_RESET": "EPERM" },
  "reply_len": { "PDH_CERT_EXPORT": 65536, "GET_ID2": 48 } }
JSON
P="fake:$TMP/plat"
run host import --device "$P" "$V/sev/virtee-sev_tests_rome_pek.cert" "$V/sev/virtee-sev_tests_rome_oca.cert"
expect_rc 0
expect_same_file "$TMP/plat/imported-pek.cert" "$V/sev/virtee-sev_tests_rome_pek.cert"
expect_same_file "$TMP/plat/imported-oca.cert" "$V/sev/virtee-sev_tests_rome_oca.cert"
run host import --json --device "$P" "$V/sev/virtee-sev_tests_rome_pek.cert" "$V/sev/virtee-sev_tests_rome_oca.cert"
expect_rc 0
expect_json 'd=={"command": "import", "ok": True}'
run host import --device "$P" "$V/sev/virtee-sev_tests_rome_oca.cert" "$V/sev/virtee-sev_tests_rome_oca.cert"
expect_rc 3
expect_err "not a single PEK certificate"

# firmware refusals by name, errno, malformed replies
run host rotate --device "$P"
expect_rc 4
expect_err "PDH_GEN: the firmware refused: INVALID_PLATFORM_STATE (0x0001)"
run host reset --device "$P"
expect_rc 4
expect_err "PLATFORM_RESET: Operation not permitted"
expect_err "$P: PLATFORM_RESET"
run host export --device "$P" "$TMP/y"
expect_rc 3
expect_err "pdh_cert_len at offset 0x8: 0x10000 bytes"
expect_absent "$TMP/y"
run host id --device "$P"
expect_rc 3
expect_err "not a multiple of 64"

run host status --device "fake:$TMP/none"
expect_rc 4
run host status --device /nonexistent/sev
expect_rc 4
[ "$err" = "sevkit host status: /nonexistent/sev: No such file or directory (is the ccp/kvm_amd driver loaded on an AMD host?)" ] &&
	ok || bad "status message differs"
# a file that is no SEV device: the refusal names it
: >"$TMP/regular"
run host status --device "$TMP/regular"
expect_rc 4
[ "$err" = "sevkit host status: $TMP/regular: PLATFORM_STATUS: Inappropriate ioctl for device" ] &&
	ok || bad "the device is not named, or not once"
run host status extra
expect_rc 2
run host pek-csr --device "$F"
expect_rc 2
run host --help
expect_rc 0
expect_out "host ok"
run host export --help
expect_out "--device PATH"
expect_out "--full"
finish
