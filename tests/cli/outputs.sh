#!/usr/bin/env bash
# One rule for every output file of every command: run each command that writes files
# twice; the second run refuses (exit 2) to replace what the first wrote and leaves it,
# and nothing else, as it was; with --force it replaces it. An output that is one of the
# command's inputs is refused even with --force.
. "$(dirname "$0")/lib.sh"
S=$V/sev
SNP=$V/snp/sev-snp-measure
W=$TMP/w
mkdir "$W"

# listing DIR: its entries, one per line
listing() { ls -A "$1"; }
# sentinel FILE...: replace each file's content with a marker
sentinel() { for f in "$@"; do printf 'not replaced\n' >"$f"; done; }
is_sentinel() { printf 'not replaced\n' | cmp -s - "$1"; }

# rule OKRC DIR ARGS...: sevkit ARGS writes new files into DIR (exit OKRC); run again it
# refuses, the files and DIR stay as they were; again with --force it replaces them
rule() {
	local okrc=$1 dir=$2 before new f snap
	shift 2
	before=$(listing "$dir")
	run "$@"
	expect_rc "$okrc"
	new=$(comm -13 <(printf '%s\n' "$before") <(listing "$dir"))
	[ -n "$new" ] && ok || bad "wrote no file into $dir"
	for f in $new; do sentinel "$dir/$f"; done
	snap=$(listing "$dir")
	run "$@"
	expect_rc 2
	expect_err "exists; use --force to replace it"
	for f in $new; do is_sentinel "$dir/$f" && ok || bad "$f was replaced without --force"; done
	[ "$(listing "$dir")" = "$snap" ] && ok || bad "files left: $(listing "$dir")"
	run "$@" --force
	expect_rc "$okrc"
	for f in $new; do is_sentinel "$dir/$f" && bad "$f not replaced with --force" || ok; done
	[ "$(listing "$dir")" = "$snap" ] && ok || bad "files left: $(listing "$dir")"
}

# not_onto_input FILE ARGS...: sevkit ARGS --force refuses (exit 2) to write onto FILE,
# one of its inputs, and leaves it and its directory as they were
not_onto_input() {
	local file=$1 sum snap
	shift
	sum=$(sha256sum <"$file")
	snap=$(listing "$(dirname "$file")")
	run "$@" --force
	expect_rc 2
	expect_err ": is also an input of this command; refusing to write onto it"
	[ "$(sha256sum <"$file")" = "$sum" ] && ok || bad "$file was changed"
	[ "$(listing "$(dirname "$file")")" = "$snap" ] && ok || bad "files left beside $file"
}

# ---- cert ----
mkdir "$W/split"
rule 0 "$W/split" cert split "$S/derived/naples.sevchain" "$W/split"
cp "$S/derived/naples.sevchain" "$W/split/pek.cert"
not_onto_input "$W/split/pek.cert" cert split "$W/split/pek.cert" "$W/split"
mkdir "$W/oca"
rule 0 "$W/oca" cert generate-oca "$W/oca/oca.cert" "$W/oca/oca.key"
expect_mode "$W/oca/oca.key" 600
run cert generate-oca --force "$W/oca/x" "$W/oca/x"
expect_rc 2
expect_err "named for two outputs"
expect_absent "$W/oca/x"

# ---- session ----
mkdir "$W/session"
rule 0 "$W/session" session --pdh "$S/virtee-sev_tests_rome_pdh.cert" --policy 3 --out "$W/session"
expect_mode "$W/session/vm_tek.bin" 600
cp "$S/virtee-sev_tests_rome_pdh.cert" "$W/session/g_godh.b64"
not_onto_input "$W/session/g_godh.b64" session --pdh "$W/session/g_godh.b64" --policy 3 \
	--out "$W/session" --name g

# ---- host ----
mkdir "$W/host"
rule 0 "$W/host" host record --host-record "$V/host/rome-epyc-7742.json" "$W/host/rome.json"
not_onto_input "$W/host/rome.json" host record --host-record "$W/host/rome.json" "$W/host/rome.json"
rule 0 "$W/host" host export --device "fake:$V/host/fake-rome" "$W/host/chain"
cp "$S/virtee-sev_tests_rome_cek.cert" "$W/host/cek.cert"
not_onto_input "$W/host/cek.cert" host export --device "fake:$V/host/fake-rome" \
	--cek "$W/host/cek.cert" "$W/host/cek.cert"
rule 0 "$W/host" host pek-csr --device "fake:$V/host/fake-rome" "$W/host/pek.csr"
rm -f "$W/host/pek.csr"
run host pek-csr --device "fake:$V/host/fake-rome" "$W/host/pek.csr"
expect_rc 0
rule 0 "$W/host" cert sign-pek "$W/host/pek.csr" "$W/oca/oca.cert" "$W/oca/oca.key" \
	"$W/host/pek.signed"
not_onto_input "$W/host/pek.csr" cert sign-pek "$W/host/pek.csr" "$W/oca/oca.cert" \
	"$W/oca/oca.key" "$W/host/pek.csr"

# ---- measure --dump-vmsa (the current directory) ----
mkdir "$W/vmsa"
cd "$W/vmsa" || exit 1
rule 0 "$W/vmsa" measure --mode seves --vcpus 2 --vcpu-type EPYC-v4 \
	--ovmf "$SNP/ovmf_AmdSev_suffix.bin" --dump-vmsa
cp vmsa0.bin cpu0.bin
not_onto_input "$W/vmsa/vmsa1.bin" measure --mode seves --vcpus 2 \
	--ovmf "$SNP/ovmf_AmdSev_suffix.bin" --vmsa-cpu0 cpu0.bin --vmsa-cpu1 vmsa1.bin --dump-vmsa
cd "$TMP" || exit 1

# ---- idblock ----
mkdir "$W/id"
cp "$SNP/id_key_test.pem" "$W/id/key.pem"
IDB=(idblock create --measurement B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7t
	--id-key "$W/id/key.pem")
rule 0 "$W/id" "${IDB[@]}" --id-block-out "$W/id/block" --id-auth-out "$W/id/auth"
not_onto_input "$W/id/key.pem" "${IDB[@]}" --id-block-out "$W/id/key.pem"

# ---- launch ----
mkdir "$W/launch"
cp "$S/sevctl_tests_data_secret_tek1.bin" "$W/launch/tek"
SK=(--tik "$S/sevctl_tests_data_secret_tik1.bin" --tek "$W/launch/tek"
	--launch-measure-blob TLeA7607lZQntLjRY1/i+sbtdSZ+75zxpz4Px9hzpBLwItF5Q2o4prA++3ZZv9ZS
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt")
rule 0 "$W/launch" launch secret "${SK[@]}" "$W/launch/h" "$W/launch/p"
not_onto_input "$W/launch/tek" launch secret "${SK[@]}" "$W/launch/tek" "$W/launch/p2"
FW=$S/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9
VAL=(launch validate --tik "$S/sevctl_tests_data_measurement_tik1.bin" --tek "$W/launch/tek"
	-m oMDewIouJSpbpNRHj7Mk3p08H2dPZQdsZMU14qIymBnDE/q1EcIWsVBbGy6pkDxA
	--api-major 1 --api-minor 40 --build-id 40 --policy 3 -f "$FW"
	-s "luks-key:$S/sevctl_tests_data_secret_secret1.txt")
rule 0 "$W/launch" "${VAL[@]}" --secret-header "$W/launch/vh" --secret-payload "$W/launch/vp"
not_onto_input "$W/launch/tek" "${VAL[@]}" --secret-header "$W/launch/vh2" \
	--secret-payload "$W/launch/tek"

# ---- report fetch / derive-key: no SNP guest here, so the refusal comes before the device
mkdir "$W/report"
# before_device ARGS...: sevkit ARGS OUT refuses an existing OUT; with --force it gets as
# far as the missing device (exit 4) and leaves OUT as it was
before_device() {
	printf 'old' >"$W/report/out.bin"
	run "$@" "$W/report/out.bin"
	expect_rc 2
	expect_err "out.bin: exists; use --force to replace it"
	run "$@" "$W/report/out.bin" --force
	expect_rc 4
	[ "$(cat "$W/report/out.bin")" = old ] && ok || bad "$1 $2 replaced out.bin"
	[ "$(listing "$W/report")" = out.bin ] && ok || bad "files left: $(listing "$W/report")"
	rm "$W/report/out.bin"
}
before_device report fetch --data 01 --device "$TMP/none" --tsm-dir "$TMP/none"
before_device report derive-key --device "$TMP/none"
printf '\001' >"$W/report/data"
not_onto_input "$W/report/data" report fetch --data-file "$W/report/data" --device "$TMP/none" \
	"$W/report/data"

# ---- domain convert ----
mkdir "$W/domain"
cp "$V/domain/fedora-kcli.xml" "$W/domain/in.xml"
rule 0 "$W/domain" domain convert --sev --cbitpos 51 --reduced-phys-bits 1 -o "$W/domain/out.xml" \
	"$W/domain/in.xml"
not_onto_input "$W/domain/in.xml" domain convert --sev --cbitpos 51 --reduced-phys-bits 1 \
	-o "$W/domain/in.xml" "$W/domain/in.xml"
ln -s in.xml "$W/domain/link.xml"
not_onto_input "$W/domain/in.xml" domain convert --sev --cbitpos 51 --reduced-phys-bits 1 \
	-o "$W/domain/link.xml" "$W/domain/in.xml"

# ---- verity format: hash, FEC and root hash files ----
mkdir "$W/verity"
cp "$V/verity/blk129.img" "$W/verity/data.img"
rule 0 "$W/verity" verity format --root-hash-file "$W/verity/root" --fec-device "$W/verity/fec" \
	"$W/verity/data.img" "$W/verity/hash"
run verity verify --root-hash-file "$W/verity/root" "$W/verity/data.img" "$W/verity/hash"
expect_rc 0
not_onto_input "$W/verity/data.img" verity format --root-hash-file "$W/verity/data.img" \
	"$W/verity/data.img" "$W/verity/h2"
not_onto_input "$W/verity/data.img" verity format --fec-device "$W/verity/data.img" \
	"$W/verity/data.img" "$W/verity/h2"

# ---- memscan scan --map, audit --map ----
mkdir "$W/mem"
cp "$V/memscan/qemu.kdump" "$W/mem/dump"
rule 0 "$W/mem" memscan scan --no-detectors --secret x-none --map "$W/mem/map.png" "$W/mem/dump"
not_onto_input "$W/mem/dump" memscan scan --no-detectors --secret x-none --map "$W/mem/dump" \
	"$W/mem/dump"
rule 1 "$W/mem" audit --no-detectors --secret x-none --map "$W/mem/audit.png" "$W/mem/dump"
not_onto_input "$W/mem/dump" audit --no-detectors --secret x-none --map "$W/mem/dump" "$W/mem/dump"
printf 'x-none\n' >"$W/mem/secrets"
not_onto_input "$W/mem/secrets" audit --qmp "$TMP/none.sock" --secret-file "$W/mem/secrets" \
	--keep-dump "$W/mem/secrets"

# ---- memscan dump, audit --keep-dump: against Debian's QEMU ----
if command -v qemu-system-x86_64 >/dev/null; then
	SOCK=$TMP/qmp.sock
	qemu-system-x86_64 -accel tcg -S -m 32M -nodefaults -display none \
		-qmp "unix:$SOCK,server,nowait" </dev/null >"$TMP/qemu.log" 2>&1 &
	qpid=$!
	for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
	mkdir "$W/qmp"
	rule 0 "$W/qmp" memscan dump --qmp "$SOCK" "$W/qmp/guest.elf"
	expect_mode "$W/qmp/guest.elf" 600
	rule 1 "$W/qmp" audit --qmp "$SOCK" --no-detectors --secret x-none --keep-dump "$W/qmp/kept.elf"
	expect_mode "$W/qmp/kept.elf" 600
	kill "$qpid"
	wait "$qpid" 2>/dev/null
else
	echo "qemu-system-x86_64 not installed: memscan dump and audit --qmp not tested"
fi

# every command that writes files offers --force
for c in "cert split" "cert generate-oca" "cert sign-pek" session "host record" "host export" "host pek-csr" \
	measure "idblock create" "launch validate" "launch secret" "report fetch" \
	"report derive-key" "domain convert" "verity format" "memscan scan" "memscan dump" audit; do
	# shellcheck disable=SC2086
	run $c --help
	expect_out "--force"
done
finish
