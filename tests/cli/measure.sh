#!/usr/bin/env bash
# sevkit measure: virtee/sev and sev-snp-measure digests (MANIFEST 6, snp T17-T22), sevctl VMSAs
. "$(dirname "$0")/lib.sh"

AMDSEV=$V/sev/virtee-sev_tests_measurement_ovmf_AmdSev_suffix.bin
OVMFX64=$V/sev/virtee-sev_tests_measurement_ovmf_OvmfX64_suffix.bin
AMDSEV23=$V/sev/virtee-sev_hist_2023_measurement_ovmf_AmdSev_suffix.bin
TRIMMED=$V/sev/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9
E=(--kernel /dev/null --initrd /dev/null)

run measure sev --ovmf "$AMDSEV" "${E[@]}" --append "console=ttyS0 loglevel=7"
expect_rc 0
[ "$out" = 82a3ee5d537c3620628270c292ae30cb40c3c878666a7890ee7ef2a08fb535ff ] && ok || bad "T20 digest"
run measure sev --ovmf "$AMDSEV" --kernel /dev/null
[ "$out" = 77f613d7bbcdf12a73782ea9e88b0172aeda50d1a54201cb903594ff52846898 ] && ok || bad "T21 digest"
run measure --mode sev --ovmf "$OVMFX64"
[ "$out" = b4c021e085fb83ceffe6571a3d357b4a98773c83c474e47f76c876708fe316da ] && ok || bad "T22 digest"
run measure seves --ovmf "$AMDSEV" "${E[@]}" --vcpus 1 --vcpu-type EPYC-v4
[ "$out" = 13810ae661ea11e2bb205621f582fee268f0367c8f97bc297b7fadef3e12002c ] && ok || bad "T17 digest"
run measure --mode seves --ovmf "$AMDSEV" "${E[@]}" --vcpus 4 --vcpu-type EPYC-v4
[ "$out" = 0dccbcaba8e90b261bd0d2e1863a2f9da714768b7b2a19363cd6ae35aa90de91 ] && ok || bad "T18 digest"
run measure seves --ovmf "$AMDSEV" "${E[@]}" --vcpus 4 --vcpu-family 23 --vcpu-model 1 \
	--vcpu-stepping 2 --vmsa-features legacy
[ "$out" = bfe06ed004ea18350152361ca8aa4860e807976ef67e756b4b9e5b724e0713c9 ] && ok || bad "legacy 4"
run measure seves --ovmf "$AMDSEV" "${E[@]}" --vcpus 1 --vcpu-sig 0x800f12 --vmsa-features legacy
[ "$out" = 664f688c75cd5c08855ead4f11501ff967e29762d16c8d589b8e6d7b6c4daa36 ] && ok || bad "legacy 1"
run measure seves --ovmf "$AMDSEV23" "${E[@]}" --vcpus 4 --vcpu-type EPYC-v4
[ "$out" = 2806971adf7a9d5bdef59d007f0200af685dec6721781fe1d6efa9236b3361f1 ] && ok || bad "2023 init2"
run measure seves --ovmf "$AMDSEV23" "${E[@]}" --vcpus 4 --vcpu-type EPYC-v4 --vmsa-features legacy
[ "$out" = c05d37600072dc5ff24bafc49410f0369ba3a37c130a7bb7055ac6878be300f7 ] && ok || bad "2023 legacy"
run measure sev --ovmf "$AMDSEV23" "${E[@]}" --append "console=ttyS0 loglevel=7" --json
expect_json 'd["mode"]=="sev" and d["launch_digest"].startswith("f0d92a1f")'
run measure sev --ovmf "$OVMFX64" --output-format base64
want=$(python3 -c 'import base64, hashlib, sys
print(base64.b64encode(hashlib.sha256(open(sys.argv[1], "rb").read()).digest()).decode())' "$OVMFX64")
[ "$out" = "$want" ] && ok || bad "base64"

# sevctl's VMSA files: the digest is sha256(fw || vmsa0 || vmsa1 x 3)
v0=$V/sev/sevctl_tests_data_vmsa0.bin
v1=$V/sev/sevctl_tests_data_vmsa1.bin
want=$(cat "$TRIMMED" "$v0" "$v1" "$v1" "$v1" | sha256sum | cut -c1-64)
run measure seves --ovmf "$TRIMMED" --vcpus 4 --vmsa-cpu0 "$v0" --vmsa-cpu1 "$v1"
[ "$out" = "$want" ] && ok || bad "VMSA files"
run measure seves --ovmf "$TRIMMED" --vcpus 4 --vcpu-type EPYC-Milan --vmsa-features legacy
[ "$out" = "$want" ] && ok || bad "built VMSAs equal sevctl's files"

# refusals
run measure sev --ovmf "$OVMFX64" --kernel /dev/null
expect_rc 3
expect_err "no kernel hashes area"
run measure sev --ovmf "$v0" --kernel /dev/null
expect_rc 3
expect_err "not an OVMF image"
run measure seves --ovmf "$AMDSEV" --vcpus 2 --vmsa-cpu0 "$V/sev/sevctl_tests_data_measurement_tik1.bin" --vmsa-cpu1 "$v1"
expect_rc 3
expect_err "VMSA: size"
run measure seves --ovmf "$AMDSEV" --vcpus 2 --vmsa-cpu0 "$v0"
expect_rc 2
run measure seves --ovmf "$AMDSEV" --vcpus 2 --vmsa-cpu0 "$v0" --vmsa-cpu1 "$v1" --vcpu-type EPYC
expect_rc 2
run measure seves --ovmf "$AMDSEV" --vcpu-type EPYC-v4
expect_rc 2
expect_err "number of vCPUs"
run measure seves --ovmf "$AMDSEV" --vcpus 1
expect_rc 2
run measure seves --ovmf "$AMDSEV" --vcpus 1 --vcpu-type EPYC-v9
expect_rc 2
expect_err "unknown vCPU type"
run measure seves --ovmf "$AMDSEV" --vcpus 1 --vcpu-family 23 --vcpu-model 1
expect_rc 2
run measure seves --ovmf "$AMDSEV" --vcpus 1 --vcpu-type EPYC --vcpu-sig 1
expect_rc 2
run measure seves --ovmf "$AMDSEV" --vcpus 0 --vcpu-type EPYC
expect_rc 2
run measure seves --ovmf "$AMDSEV" --vcpus 1 --vcpu-type EPYC --vmsa-features new
expect_rc 2
run measure sev --ovmf "$AMDSEV" --initrd /dev/null
expect_rc 2
run measure sev --ovmf "$AMDSEV" --output-format binary
expect_rc 2
run measure sev
expect_rc 2
run measure --ovmf "$AMDSEV"
expect_rc 2
run measure sev --mode seves --ovmf "$AMDSEV"
expect_rc 2
run measure --mode snp2 --ovmf "$AMDSEV"
expect_rc 2
run measure sev --ovmf /nonexistent
expect_rc 2

# an empty firmware is refused in every mode, naming the file; garbage is no SEV-ES firmware
: >"$TMP/empty.fd"
head -c 8192 /dev/urandom >"$TMP/garbage.fd"
for m in "sev" "seves --vcpus 1 --vcpu-type EPYC-v4" "snp --vcpus 1 --vcpu-type EPYC-v4" \
	"--mode snp:ovmf-hash"; do
	# shellcheck disable=SC2086
	run measure $m --ovmf "$TMP/empty.fd"
	expect_rc 3
	expect_err "empty.fd: empty file"
done
run measure seves --ovmf "$TMP/garbage.fd" --vcpus 1 --vcpu-type EPYC-v4
expect_rc 3
expect_err "garbage.fd: OVMF footer table"
run measure seves --ovmf "$TMP/garbage.fd" --vcpus 2 --vcpu-type EPYC-v4
expect_rc 3
run measure snp --ovmf "$TMP/garbage.fd" --vcpus 1 --vcpu-type EPYC-v4
expect_rc 3
expect_err "garbage.fd: "
{ head -c 904 /dev/zero; cat "$AMDSEV23"; } >"$TMP/odd.fd"
run measure snp --ovmf "$TMP/odd.fd" --vcpus 1 --vcpu-type EPYC-v4
expect_rc 3
expect_err "odd.fd: the firmware image is 5000 bytes"

# a VMSA file that is refused is named
head -c 100 "$v1" >"$TMP/vmsa1.bin"
run measure seves --ovmf "$AMDSEV" --vcpus 2 --vmsa-cpu0 "$v0" --vmsa-cpu1 "$TMP/vmsa1.bin"
expect_rc 3
expect_err "vmsa1.bin: VMSA: size at offset 0x0: 100 bytes"

# options without effect in the mode are refused
for o in "--vcpus 2" "--vcpu-type EPYC-v4" "--vcpu-sig 0x800f12" "--vmm-type ec2" \
	"--guest-features 0x21" "--vmsa-features legacy" "--vmsa-cpu0 $v0" "--vmsa-cpu1 $v1"; do
	# shellcheck disable=SC2086
	run measure sev --ovmf "$AMDSEV" $o
	expect_rc 2
	expect_err "${o%% *} has no effect with --mode sev"
done
run measure seves --ovmf "$AMDSEV" --vcpus 1 --vcpu-type EPYC-v4 --guest-features 0x21
expect_rc 2
expect_err "--guest-features has no effect with --mode seves"
run measure --mode snp:ovmf-hash --ovmf "$AMDSEV" --kernel /nonexistent
expect_rc 2
expect_err "--kernel has no effect with --mode snp:ovmf-hash"
run measure --mode snp:ovmf-hash --ovmf "$AMDSEV" --policy 0x30000
expect_rc 2
run measure --mode sev --ovmf "$AMDSEV" --vmsa-cpu0 /nonexistent
expect_rc 2
expect_err "--vmsa-cpu0 has no effect with --mode sev"
run measure seves --ovmf "$TRIMMED" --vcpus 4 --vmsa-cpu0 "$v0" --vmsa-cpu1 "$v1" \
	--vmsa-features init2
expect_rc 2
run measure sev --ovmf "$AMDSEV" --policy 0x5
expect_rc 2
expect_err "SEV-ES bit"
run measure seves --ovmf "$AMDSEV" --vcpus 1 --vcpu-type EPYC-v4 --policy 0x1
expect_rc 2
expect_err "lacks the SEV-ES bit"
run measure seves --ovmf "$AMDSEV" "${E[@]}" --vcpus 1 --vcpu-type EPYC-v4 --policy 0x5
expect_rc 0
[ "$out" = 13810ae661ea11e2bb205621f582fee268f0367c8f97bc297b7fadef3e12002c ] && ok ||
	bad "T17 with ES policy"
# sev-snp-measure's form takes the vCPU options it ignores in sev mode (T22), with a note
run measure --mode sev --ovmf "$OVMFX64" --vcpus 4 --vcpu-type EPYC-v4 --guest-features 0x21
expect_rc 0
[ "$out" = b4c021e085fb83ceffe6571a3d357b4a98773c83c474e47f76c876708fe316da ] && ok ||
	bad "T22 + vCPUs"
expect_err "note: --vcpus has no effect with --mode sev"
run measure --mode sev --ovmf "$OVMFX64" --vcpus 4 --vcpu-type EPYC-v9
expect_rc 2
finish
