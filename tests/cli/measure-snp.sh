#!/usr/bin/env bash
# sevkit measure snp: sev-snp-measure's test cases (snp/MANIFEST.md 1a, T1-T25), its page
# trace and VMSA dumps (1c), the reference-values document, and every refusal.
. "$(dirname "$0")/lib.sh"

D=$V/snp/sev-snp-measure
AMDSEV=$D/ovmf_AmdSev_suffix.bin
OVMFX64=$D/ovmf_OvmfX64_suffix.bin
E=(--kernel /dev/null --initrd /dev/null)
V4=(--vcpu-type EPYC-v4)
OVMF_HASH=086e2e9149ebf45abdc3445fba5b2da8270bdbb04094d7a2c37faaa4b24af3aa16aff8c374c2a55c467a50da6d466b74

# digest ID EXPECTED ARGS...: sevkit prints EXPECTED (exit 0)
digest() {
	local id=$1 want=$2
	shift 2
	run "$@"
	[ "$rc" -eq 0 ] && [ "$out" = "$want" ] && ok || bad "$id: expected $want"
}

digest T1 $OVMF_HASH measure --mode snp:ovmf-hash --ovmf "$AMDSEV"
digest T2 329c8ce0972ae52343b64d34a434a86f245dfd74f5ed7aae15d22efc78fb9683632b9b50e4e1d7fa41179ef98a7ef198 \
	measure --mode snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" --append "" \
	--guest-features 0x21 --snp-ovmf-hash $OVMF_HASH
digest T3 ddc5224521617a536ee7ce9dd6224d1b58a8d4fda1c741f3ac99fc4bfa04ba6e9fc98646d4a07a9079397fa3852819b5 \
	measure --mode snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" --guest-features 0x1 \
	--snp-ovmf-hash $OVMF_HASH
T4=803f691094946e42068aaa3a8f9e26a5c89f36f7b73ecfb28c653360fe4b3aba7e534442e7e1e17895dfe778d0228977
digest T4 $T4 measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" \
	--append "console=ttyS0 loglevel=7" --guest-features 0x21
digest "T4 seeded" $T4 measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" \
	--append "console=ttyS0 loglevel=7" --guest-features 0x21 --snp-ovmf-hash $OVMF_HASH
digest T5 6d287813eb5222d770f75005c664e34c204f385ce832cc2ce7d0d6f354454362f390ef83a92046c042e706363b4b08fa \
	measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" \
	--append "console=ttyS0 loglevel=7" --guest-features 0x1
digest T6 0ce9ccc06bab55eebe8abc234f3df6514883977a68a591b71052498ab52b2f1aa415db338033946ef93aa8278c0d67fb \
	measure --mode snp --vcpus 1 --vmm-type ec2 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" \
	--guest-features 0x21
digest T7 0883bd0eeb716e65b7b977a321c278d1e51b33b5c655fab985443bbcc65c086b9c15e8a0bd8811050dec7e24964e5056 \
	measure --mode snp --vcpus 1 --vmm-type ec2 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" \
	--guest-features 0x1
digest T8 5da7106cf14cf46b1725ebab123eb9e53bd46a1e9f400cd0c08e7827b04b688ea8b4e403c8404efed4397ea5d5d0722e \
	measure --mode snp --vcpus 1 --vmm-type gce --ovmf "$AMDSEV" "${E[@]}" --guest-features 0x1
digest T9 5c5debf100fc339f90276e761ee1f1658d08922c3b20e2a2e6c7a6c3370b2452a15a00eae11886a93d6fd1e7ab81e29d \
	measure --mode snp --vcpus 4 --vmm-type gce --ovmf "$AMDSEV" "${E[@]}" --guest-features 0x1
digest T10 e1e1ca029dd7973ab9513295be68198472dcd4fc834bd9af9b63f6e8a1674dbf281a9278a4a2ebe0eed9f22adbcd0e2b \
	measure --mode snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --guest-features 0x21
digest T11 19358ba9a7615534a9a1e2f0dfc29384dcd4dcb7062ff9c6013b26869a5fc6ecabe033c48dd6f6db5d6d76e7c5df632d \
	measure --mode snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --guest-features 0x1
digest T12 4953b1fb416fa874980e8442b3706d345926d5f38879134e00813c5d7abcbe78eafe7b422907be0b4698e2414a631942 \
	measure --mode snp --vcpus 4 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" --guest-features 0x21
digest T13 5061fffb019493a903613d56d54b94912a1a2f9e4502385f5c194616753720a92441310ba6c4933de877c36e23046ad5 \
	measure --mode snp --vcpus 4 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" --guest-features 0x1
digest T14 28797ae0afaba4005a81e629acebfb59e6687949d6be44007cd5506823b0dd66f146aaae26ff291eed7b493d8a64c385 \
	measure --mode snp --vcpus 1 "${V4[@]}" --ovmf "$OVMFX64" --guest-features 0x21
digest T15 da0296de8193586a5512078dcd719eccecbd87e2b825ad4148c44f665dc87df21e5b49e21523a9ad993afdb6a30b4005 \
	measure --mode snp --vcpus 1 "${V4[@]}" --ovmf "$OVMFX64" --guest-features 0x1
run measure --mode snp --vcpus 1 "${V4[@]}" --ovmf "$OVMFX64" --kernel /dev/null
expect_rc 3
expect_err "no SNP_KERNEL_HASHES section"
digest T17 13810ae661ea11e2bb205621f582fee268f0367c8f97bc297b7fadef3e12002c \
	measure --mode seves --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" --guest-features 0x21
digest T18 0dccbcaba8e90b261bd0d2e1863a2f9da714768b7b2a19363cd6ae35aa90de91 \
	measure --mode seves --vcpus 4 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}"
run measure --mode seves --vcpus 1 "${V4[@]}" --ovmf "$OVMFX64" --kernel /dev/null
expect_rc 3
expect_err "no kernel hashes area"
digest T20 82a3ee5d537c3620628270c292ae30cb40c3c878666a7890ee7ef2a08fb535ff \
	measure --mode sev --ovmf "$AMDSEV" "${E[@]}" --append "console=ttyS0 loglevel=7"
digest T21 77f613d7bbcdf12a73782ea9e88b0172aeda50d1a54201cb903594ff52846898 \
	measure --mode sev --ovmf "$AMDSEV" --kernel /dev/null
digest T22 b4c021e085fb83ceffe6571a3d357b4a98773c83c474e47f76c876708fe316da \
	measure --mode sev --ovmf "$OVMFX64"
SV=(--ovmf "$D/svsm_ovmf.fd" --svsm "$D/svsm.bin" --vars-size 540672)
digest T23 27d154c27b7b359c935e250ec6fee72aa0ae8c1225e3b0e1cf46a9567e938066d7d6f94bbdc4a857818bdb79277a44b2 \
	measure --mode snp:svsm --vcpus 4 "${V4[@]}" "${SV[@]}"
digest T24 9b94745036aafddf4f7f8b00c7513abb5b7703178cb95aaa57928bd963d68d3bfcb715d6019b9167ee2517b11b0d9be7 \
	measure --mode snp:svsm --vcpus 2 "${V4[@]}" "${SV[@]}"
# the size of a vars file counts, not its contents
head -c 540672 /dev/zero >"$TMP/vars.fd"
digest "T24 vars file" 9b94745036aafddf4f7f8b00c7513abb5b7703178cb95aaa57928bd963d68d3bfcb715d6019b9167ee2517b11b0d9be7 \
	measure snp:svsm --vcpus 2 "${V4[@]}" --ovmf "$D/svsm_ovmf.fd" --svsm "$D/svsm.bin" \
	--vars-file "$TMP/vars.fd"
# sev-snp-measure's aliases and a verb-less mode operand
digest alias 19358ba9a7615534a9a1e2f0dfc29384dcd4dcb7062ff9c6013b26869a5fc6ecabe033c48dd6f6db5d6d76e7c5df632d \
	measure --mode SEV-SNP --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV"
digest operand 19358ba9a7615534a9a1e2f0dfc29384dcd4dcb7062ff9c6013b26869a5fc6ecabe033c48dd6f6db5d6d76e7c5df632d \
	measure sev-snp --vcpus 1 --vcpu-family 23 --vcpu-model 1 --vcpu-stepping 2 --ovmf "$AMDSEV"
digest "vcpu-sig" 19358ba9a7615534a9a1e2f0dfc29384dcd4dcb7062ff9c6013b26869a5fc6ecabe033c48dd6f6db5d6d76e7c5df632d \
	measure snp --vcpus 1 --vcpu-sig 0x800f12 --ovmf "$AMDSEV"
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --output-format base64
want=$(python3 -c 'import base64; print(base64.b64encode(bytes.fromhex("19358ba9a7615534a9a1e2f0dfc29384dcd4dcb7062ff9c6013b26869a5fc6ecabe033c48dd6f6db5d6d76e7c5df632d")).decode())')
[ "$out" = "$want" ] && ok || bad "base64 output"

# T25 and 1c: --dump-vmsa writes vmsaN.bin in the current directory, one per vCPU
mkdir "$TMP/dump" && cd "$TMP/dump" || exit 1
run measure --mode seves --vcpus 4 "${V4[@]}" --ovmf "$AMDSEV" --dump-vmsa
expect_rc 0
[ "$(ls)" = "$(printf 'vmsa0.bin\nvmsa1.bin\nvmsa2.bin\nvmsa3.bin')" ] && ok || bad "seves: 4 files"
expect_same_file vmsa1.bin vmsa3.bin
rm -f vmsa*.bin
run measure --mode snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --dump-vmsa
[ "$(ls)" = vmsa0.bin ] && ok || bad "snp 1 vCPU: vmsa0.bin only"
expect_same_file vmsa0.bin "$D/vmsa_dumps/snp_epyc-v4_gf0x1_2vcpu/vmsa0.bin"
rm -f vmsa*.bin
run measure --mode snp:svsm --vcpus 2 "${V4[@]}" "${SV[@]}" --dump-vmsa
[ "$(ls)" = "$(printf 'vmsa0.bin\nvmsa1.bin')" ] && ok || bad "svsm: 2 files"
expect_same_file vmsa0.bin "$D/vmsa_dumps/svsm_epyc-v4_1vcpu/vmsa0.bin"
expect_same_file vmsa1.bin "$D/vmsa_dumps/svsm_epyc-v4_1vcpu/vmsa0.bin"
for c in "snp_epyc-v4_gf0x1_2vcpu:--vcpu-type EPYC-v4" \
	"snp_epyc-milan_gf0x21_2vcpu:--vcpu-type EPYC-Milan --guest-features 0x21" \
	"snp_ec2_gf0x21_2vcpu:--vmm-type ec2 --guest-features 0x21" "snp_gce_2vcpu:--vmm-type gce"; do
	rm -f vmsa*.bin
	# shellcheck disable=SC2086
	run measure --mode snp --vcpus 2 --ovmf "$AMDSEV" ${c#*:} --dump-vmsa
	expect_same_file vmsa0.bin "$D/vmsa_dumps/${c%%:*}/vmsa0.bin"
	expect_same_file vmsa1.bin "$D/vmsa_dumps/${c%%:*}/vmsa1.bin"
done
rm -f vmsa*.bin
# a failed measurement writes no file
run measure --mode snp --vcpus 2 "${V4[@]}" --ovmf "$OVMFX64" --kernel /dev/null --dump-vmsa
expect_rc 3
[ -z "$(ls)" ] && ok || bad "files left by a failed measurement"
cd - >/dev/null || exit 1

# 1c: the page trace, line by line
run measure snp --vcpus 2 "${V4[@]}" --ovmf "$AMDSEV" --kernel "$D/made_up_kernel.bin" \
	--initrd "$D/made_up_initrd.bin" --append "console=ttyS0 root=/dev/vda1" --trace
[ "$err" = "$(grep -v FINAL "$D/trace_snp_2vcpu_epycv4_gf1_kernel.txt")" ] && ok || bad "trace"
[ "$out" = "$(sed -n 's/^FINAL //p' "$D/trace_snp_2vcpu_epycv4_gf1_kernel.txt")" ] && ok || bad "final"

# the reference-values document
run measure snp --vcpus 2 "${V4[@]}" --ovmf "$AMDSEV" --kernel "$D/made_up_kernel.bin" \
	--initrd "$D/made_up_initrd.bin" --append "console=ttyS0 root=/dev/vda1" --json
expect_json 'd["sevkit_reference_values"] == 1 and d["mode"] == "snp" and d["policy"] == "0x30000"'
expect_json 'd["measurement"] == open("'"$D"'/trace_snp_2vcpu_epycv4_gf1_kernel.txt").read().split("FINAL ")[1].strip()'
expect_json 'd["vcpus"] == 2 and d["vcpu_type"] == "EPYC-v4" and d["vcpu_sig"] == "0x800f12"'
expect_json 'd["inputs"]["ovmf"]["sha256"] == "8f765dfabc127fc0a938a0744a3103ec15864d7d794eb4c398aa976b6d6ab16c"'
expect_json 'd["inputs"]["kernel"]["sha256"].startswith("0cd0bf93") and d["inputs"]["initrd"]["sha256"].startswith("223761d5")'
expect_json 'd["inputs"]["append"] == "console=ttyS0 root=/dev/vda1"'
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --policy 0xb0000 --json
expect_json 'd["policy"] == "0xb0000" and d["inputs"]["ovmf"]["path"].endswith("ovmf_AmdSev_suffix.bin")'
run measure snp:svsm --vcpus 4 "${V4[@]}" "${SV[@]}" --json
expect_json 'd["mode"] == "snp:svsm" and d["measurement"].startswith("27d154c2") and d["vars_size"] == 540672'
expect_json 'd["inputs"]["svsm"]["sha256"] == "'"$(sha256sum "$D/svsm.bin" | cut -c1-64)"'"'
run measure seves --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" "${E[@]}" --policy 0x7 --json
expect_json 'd["sevkit_reference_values"] == 1 and d["measurement"] == d["launch_digest"] and d["policy"] == "0x7"'
run measure sev --ovmf "$OVMFX64" --json
expect_json 'd["mode"] == "sev" and "policy" not in d and "vcpus" not in d'
run measure --mode snp:ovmf-hash --ovmf "$AMDSEV" --json
expect_json 'd["ovmf_hash"] == "'$OVMF_HASH'" and "sevkit_reference_values" not in d'

# refusals
run measure snp --vcpus 1 --ovmf "$AMDSEV"
expect_rc 2
expect_err "SEV-SNP needs the vCPU"
run measure snp "${V4[@]}" --ovmf "$AMDSEV"
expect_rc 2
expect_err "number of vCPUs"
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --vmm-type xen
expect_rc 2
expect_err "unknown VMM type"
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --snp-ovmf-hash 1234
expect_rc 2
expect_err "96 hex digits"
run measure seves --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --snp-ovmf-hash $OVMF_HASH
expect_rc 2
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --svsm "$D/svsm.bin"
expect_rc 2
expect_err "for snp:svsm"
run measure snp:svsm --vcpus 1 "${V4[@]}" --ovmf "$D/svsm_ovmf.fd" --vars-size 540672
expect_rc 2
expect_err "needs --svsm"
run measure snp:svsm --vcpus 1 "${V4[@]}" --ovmf "$D/svsm_ovmf.fd" --svsm "$D/svsm.bin"
expect_rc 2
expect_err "--vars-size and --vars-file"
run measure snp:svsm --vcpus 1 "${V4[@]}" "${SV[@]}" --vars-file "$TMP/vars.fd"
expect_rc 2
run measure snp:svsm --vcpus 1 "${V4[@]}" "${SV[@]}" --vmm-type ec2
expect_rc 2
expect_err "QEMU only"
run measure snp:svsm --vcpus 1 "${V4[@]}" "${SV[@]}" --kernel /dev/null
expect_rc 2
run measure snp:svsm --vcpus 1 "${V4[@]}" --ovmf "$D/svsm_ovmf.fd" --svsm "$D/svsm.bin" \
	--vars-size 5000000000
expect_rc 2
run measure snp:svsm --vcpus 1 "${V4[@]}" --ovmf "$D/svsm_ovmf.fd" --svsm "$D/svsm.bin" \
	--vars-size 4291000000
expect_rc 2
expect_err "do not fit below the firmware"
run measure snp:svsm --vcpus 1 "${V4[@]}" --ovmf "$D/svsm_ovmf.fd" --svsm "$AMDSEV" \
	--vars-size 540672
expect_rc 3
expect_err "no SVSM_INFO entry"
run measure sev --ovmf "$AMDSEV" --dump-vmsa
expect_rc 2
expect_err "--dump-vmsa is for"
run measure --mode snp:ovmf-hash --ovmf "$AMDSEV" --dump-vmsa
expect_rc 2
run measure seves --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --trace
expect_rc 2
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --vmsa-cpu0 "$D/vmsa_dumps/snp_gce_2vcpu/vmsa0.bin"
expect_rc 2
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --policy 0x10000
expect_rc 2
expect_err "not a valid SEV-SNP guest policy"
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --policy 0x4030000
expect_rc 2
run measure seves --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --policy 0x100000000
expect_rc 2
run measure snp --vcpus 5000 "${V4[@]}" --ovmf "$AMDSEV"
expect_rc 2
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --initrd /dev/null
expect_rc 2
run measure sev --mode snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV"
expect_rc 2
expect_err "contradicts"
run measure --mode snp4 --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV"
expect_rc 2
expect_err "unknown mode"
# firmware that is not whole pages, or not OVMF
{ head -c 904 /dev/zero; cat "$AMDSEV"; } >"$TMP/short.fd"
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$TMP/short.fd"
expect_rc 3
expect_err "whole"
run measure --mode snp:ovmf-hash --ovmf "$TMP/short.fd"
expect_rc 3
head -c 8192 /dev/zero >"$TMP/zero.fd"
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$TMP/zero.fd"
expect_rc 3
expect_err "not an OVMF image"
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$TMP/missing.fd"
expect_rc 2
run measure snp --vcpus 1 "${V4[@]}" --ovmf "$AMDSEV" --kernel "$TMP/missing"
expect_rc 2
finish
