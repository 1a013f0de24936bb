#!/usr/bin/env bash
# One rule for every file a command reads (README "Exit status", sevkit(1) EXIT STATUS): a name
# that leads to no file, or a directory, is a usage error (2); an empty file is bad input (3); a
# file the system will not open is the environment (4), here a UNIX socket (open: ENXIO), which
# root cannot open either. Each command first runs with a good file in that place, so that each
# failure is the file's doing; each failure is one line of stderr that names the file.
. "$(dirname "$0")/lib.sh"

S=$V/sev
P=$V/snp
FW=$S/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9
TIK=$S/sevctl_tests_data_measurement_tik1.bin
TEK=$S/sevctl_tests_data_secret_tek1.bin
PEK=$S/virtee-sev_tests_rome_pek.cert
OCA=$S/virtee-sev_tests_rome_oca.cert
R=$P/go-sev-guest_attestation.bin
VCEK=$P/go-sev-guest_vcek_milan.der
SNP=$P/sev-snp-measure
M=oMDewIouJSpbpNRHj7Mk3p08H2dPZQdsZMU14qIymBnDE/q1EcIWsVBbGy6pkDxA
LD=B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7t
API=(--api-major 1 --api-minor 40 --build-id 40 --policy 3)
DEV="fake:$V/host/fake-rome"
AT=--at=2025-01-01
H=$V/verity/hash/blk129.seed.hash
R129=7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a

mkdir "$TMP/dir"
: >"$TMP/empty"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$TMP/socket"
# good files that no vector is: a measurement blob as base64 text, TEK|TIK, a legacy report
printf '%s' "$M" >"$TMP/m.b64"
cat "$TEK" "$TIK" >"$TMP/tk.bin"
# a well-formed legacy report (PEK usage, ECDSA) whose zero signature does not verify: exit 1
{ head -c 52 /dev/zero; printf '\x02\x10\x00\x00\x02\x00\x00\x00'; head -c 148 /dev/zero; } \
	>"$TMP/legacy.bin"
echo '{}' >"$TMP/policy.json"
cat >"$TMP/ref.json" <<JSON
{"sevkit_reference_values": 1, "mode": "snp",
 "measurement": "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01"}
JSON
printf '%s' "$R129" >"$TMP/root.txt"
echo SECRET_CANARY_7f3a9c2e1b5d >"$TMP/secrets.txt"

n=0
# check GOOD_RC GOOD_FILE ARGS...: @ in ARGS is where the file goes, % a fresh directory for
# outputs. With GOOD_FILE the command exits GOOD_RC; with each bad file, by the rule.
check() {
	local good_rc=$1 good=$2 kind file want
	shift 2
	for kind in good dir missing empty socket; do
		case $kind in
		good) file=$good want=$good_rc ;;
		dir | missing) file=$TMP/$kind want=2 ;;
		empty) file=$TMP/$kind want=3 ;;
		socket) file=$TMP/$kind want=4 ;;
		esac
		n=$((n + 1))
		mkdir "$TMP/o$n"
		local args=("${@//@/$file}")
		run "${args[@]//%/$TMP/o$n}"
		expect_rc "$want"
		[ "$kind" = good ] && continue
		[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && ok || bad "$kind: not one line on stderr"
		expect_err "$file"
	done
}

check 0 "$S/derived/rome.sevchain" cert show @
check 0 "$S/derived/rome.fullchain" cert verify @
check 0 "$S/derived/rome.fullchain" cert verify --sev @
check 0 "$S/virtee-sev_tests_rome_pdh.cert" cert verify --pdh @ "$S/derived/rome.fullchain"
check 0 "$PEK" cert verify --pek @ "$S/derived/rome.fullchain"
check 0 "$OCA" cert verify --oca @ "$S/derived/rome.fullchain"
check 0 "$S/virtee-sev_tests_rome_cek.cert" cert verify --cek @ "$S/derived/rome.fullchain"
check 0 "$S/derived/rome.cachain" cert verify --ca @ "$S/derived/rome.sevchain"
check 0 "$S/derived/rome.sevchain" cert split @ %
check 0 "$S/derived/rome.sevchain" session @ 1 -o %
check 0 "$S/derived/rome.sevchain" session --pdh @ --policy 1 -o %

check 0 "$FW" measure sev --ovmf @
check 0 "$S/virtee-sev_tests_measurement_ovmf_AmdSev_suffix.bin" measure snp --ovmf @ \
	--vcpus 1 --vcpu-type EPYC-v4
check 0 "$S/sevctl_tests_data_vmsa0.bin" measure seves --ovmf "$FW" --vcpus 2 \
	--vmsa-cpu0 @ --vmsa-cpu1 "$S/sevctl_tests_data_vmsa1.bin"
check 0 "$SNP/svsm.bin" measure --mode snp:svsm --vcpus 1 --vcpu-type EPYC-v4 \
	--ovmf "$SNP/svsm_ovmf.fd" --svsm @ --vars-size 540672
check 0 "$SNP/svsm_ovmf.fd" measure --mode snp:svsm --vcpus 1 --vcpu-type EPYC-v4 \
	--ovmf "$SNP/svsm_ovmf.fd" --svsm "$SNP/svsm.bin" --vars-file @
check 0 "$SNP/id_key_test.pem" idblock create --measurement "$LD" --id-key @
check 0 "$SNP/author_key_test.pem" idblock create --measurement "$LD" \
	--id-key "$SNP/id_key_test.pem" --author-key @

check 0 "$TIK" launch validate --tik @ -m "$M" "${API[@]}" -f "$FW"
check 0 "$TMP/tk.bin" launch validate --tk @ -m "$M" "${API[@]}" -f "$FW"
check 0 "$TMP/m.b64" launch validate --tik "$TIK" -m @ "${API[@]}" -f "$FW"
check 0 "$FW" launch validate --tik "$TIK" -m "$M" "${API[@]}" -f @
check 0 "$TEK" launch secret --tik "$TIK" --tek @ -m "$M" \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" %/h %/p
check 0 "$S/sevctl_tests_data_secret_secret1.txt" launch secret --tik "$TIK" --tek "$TEK" \
	-m "$M" -s luks-key:@ %/h %/p
check 0 "$FW" launch secret --tik "$TIK" --tek "$TEK" -m "$M" -f @ \
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt" %/h %/p

check 1 "$PEK" report validate-legacy @ "$TMP/legacy.bin"
check 1 "$TMP/legacy.bin" report validate-legacy "$PEK" @
check 0 "$R" report show @
check 0 "$R" report kds-url --product milan @
check 0 "$R" report verify "$AT" --allow-debug --vcek "$VCEK" @
check 0 "$VCEK" report verify "$AT" --allow-debug --vcek @ "$R"
check 0 "$P/go-sev-guest_milan_ask_ark.pem" report verify "$AT" --allow-debug --vcek "$VCEK" \
	--ask @ "$R"
check 0 "$P/virtee-sev_builtin_milan_ark.pem" report verify "$AT" --allow-debug \
	--vcek "$VCEK" --ark @ "$R"
check 0 "$TMP/policy.json" report verify "$AT" --allow-debug --vcek "$VCEK" --policy-file @ "$R"
check 0 "$TMP/ref.json" report verify "$AT" --allow-debug --vcek "$VCEK" --reference @ "$R"

check 0 "$V/domain/fedora-kcli.xml" domain convert --sev --cbitpos 51 --reduced-phys-bits 1 @
check 0 "$V/domain/fedora-kcli.sev.xml" domain lint @

check 0 "$V/verity/blk129.img" verity format @ %/h.img
check 0 "$V/verity/blk129.img" verity verify @ "$H" "$R129"
check 0 "$H" verity verify "$V/verity/blk129.img" @ "$R129"
check 0 "$TMP/root.txt" verity verify --root-hash-file @ "$V/verity/blk129.img" "$H"
check 0 "$H" verity dump @
check 0 "$H" verity cmdline --data-device /dev/vda --hash-device /dev/vdb @ "$R129"

check 1 "$V/memscan/plant.bin" memscan scan --no-detectors --secret SECRET_CANARY_7f3a9c2e1b5d @
check 1 "$TMP/secrets.txt" memscan scan --no-detectors --secret-file @ "$V/memscan/plant.bin"
check 1 "$V/memscan/qemu.kdump" memscan scan --no-detectors --format kdump \
	--secret SECRET_CANARY_7f3a9c2e1b5d @
check 1 "$V/memscan/plant.bin" audit --no-detectors --secret SECRET_CANARY_7f3a9c2e1b5d @

check 0 "$PEK" host import --device "$DEV" @ "$OCA"
check 0 "$OCA" host import --device "$DEV" "$PEK" @
check 0 "$S/virtee-sev_tests_rome_cek.cert" host export --device "$DEV" --cek @ %/chain
check 0 "$S/derived/rome.cachain" host export --device "$DEV" --full --ca @ %/chain
check 1 "$V/host/rome-epyc-7742.json" host ok --host-record @
check 0 "$V/host/rome-epyc-7742.json" host record --host-record @ %/rec.json

# a directory of certificates: there, a directory is the good input and a file the wrong one
mkdir "$TMP/certs"
cp "$VCEK" "$TMP/certs/vcek.der"
for bad_dir in "$TMP/certs" "$TMP/missing" "$TMP/empty" "$TMP/socket"; do
	run report verify "$AT" --allow-debug --certs "$bad_dir" "$R"
	if [ "$bad_dir" = "$TMP/certs" ]; then
		expect_rc 0
		continue
	fi
	expect_rc 2
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && ok || bad "not one line on stderr"
	expect_err "$bad_dir"
done

# option values that are no file and not of the value's form are usage errors too
run launch validate --tik "$TIK" -m not-a-file-nor-base64 "${API[@]}" -f "$FW"
expect_rc 2
expect_err "-m"
run launch validate --tik "$TIK" -m "$TMP/missing" "${API[@]}" -f "$FW"
expect_rc 2
expect_err "$TMP/missing is neither a file nor base64 of 48 bytes"
run idblock create --measurement "$TMP/missing" --id-key "$SNP/id_key_test.pem"
expect_rc 2

# permission is the environment's too (root reads anything: only checked for others)
if [ "$(id -u)" != 0 ]; then
	cp "$R" "$TMP/locked"
	chmod 000 "$TMP/locked"
	run report show "$TMP/locked"
	expect_rc 4
	expect_err "$TMP/locked: Permission denied"
fi

# the fake platform directory stands for a device: one that is not there is the environment's
run host status --device "fake:$TMP/missing"
expect_rc 4
finish
