#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End to end, without SEV or KVM: boot a tiny Linux guest under QEMU/TCG whose init
# holds a random secret in memory, then find it with sevkit in an ELF dump, in a
# kdump-zlib dump (both taken over QMP) and in the live QEMU process. QEMU's own
# monitor (xp) confirms that the guest-physical addresses sevkit reports hold the
# secret, and dd confirms the ELF file offsets. Then the same dump with its RAM
# replaced by AES-CTR keystream (what the host sees of an encrypted guest) must
# give no hit and look encrypted.
#
# Needs (Debian): qemu-system-x86 linux-image-amd64 busybox-static cpio openssl python3.
# Skips (77) only when those cannot be installed.
set -u
: "${SEVKIT:?SEVKIT must name the sevkit binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/guest.sh"
QMP="$HERE/qmp.py"
PKGS="qemu-system-x86 linux-image-amd64 busybox-static cpio openssl"

skip() { echo "SKIP: $*"; exit 77; }
die() { echo "FAIL: $*"; exit 1; }

have_all() {
	command -v qemu-system-x86_64 >/dev/null && command -v cpio >/dev/null &&
		command -v openssl >/dev/null && ls /boot/vmlinuz-* >/dev/null 2>&1 &&
		dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "ok installed"
}

if ! have_all; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		echo "installing $PKGS"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			$PKGS >/dev/null 2>&1
	fi
	have_all || skip "qemu-system-x86_64, a Debian kernel in /boot, busybox-static or cpio" \
		"cannot be installed (apt-get install --no-install-recommends $PKGS)"
fi
command -v python3 >/dev/null || skip "python3 is missing"

T=$(mktemp -d)
QPID=
cleanup() {
	[ -n "$QPID" ] && kill "$QPID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# ---- the guest: Debian's kernel and a busybox initramfs ----
KERNEL=$(ls /boot/vmlinuz-* | sort -V | tail -1)
SECRET="SK$(openssl rand -hex 12)"
guest_initrd "$T" "$SECRET"
zcat "$T/initrd.gz" | grep -qa "$SECRET" && die "the secret is in the initramfs as a whole"

qemu-system-x86_64 -accel tcg -m 256M -nographic -monitor none -no-reboot \
	-kernel "$KERNEL" -initrd "$T/initrd.gz" -append "console=ttyS0 panic=-1" \
	-qmp "unix:$T/qmp.sock,server,nowait" -serial "file:$T/serial.log" </dev/null \
	>"$T/qemu.log" 2>&1 &
QPID=$!
for _ in $(seq 1 300); do
	grep -q GUEST-READY "$T/serial.log" 2>/dev/null && break
	kill -0 "$QPID" 2>/dev/null || die "QEMU exited: $(cat "$T/qemu.log")"
	sleep 0.5
done
grep -q GUEST-READY "$T/serial.log" || die "the guest did not boot in 150 s"
echo "guest ready: $(grep GUEST-READY "$T/serial.log")"

passed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }

# hits FILE -> "guest_physical file_offset" per hit
hits() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for h in d["hits"]:
    print(h["guest_physical"] or "-", h["file_offset"] or "-")' "$1"
}

# QEMU confirms that at least one reported address holds the secret now
confirm_by_qemu() {
	local want addr got
	want=$(printf '%s' "$SECRET" | od -An -v -tx1 | tr -d ' \n')
	for addr in $(hits "$1" | awk '$1 != "-" {print $1}'); do
		got=$(python3 "$QMP" "$T/qmp.sock" xp "$addr" "${#SECRET}")
		[ "$got" = "$want" ] && return 0
	done
	return 1
}

scan() { # OUT ARGS...
	local out=$1
	shift
	"$SEVKIT" memscan scan --secret "$SECRET" --no-detectors --json "$@" >"$out"
}

# ---- ELF dump over QMP ----
"$SEVKIT" memscan dump --qmp "$T/qmp.sock" "$T/guest.elf" || die "ELF dump failed"
[ "$(stat -c %a "$T/guest.elf")" = 600 ] && ok "ELF dump is 0600" || die "ELF dump mode"
scan "$T/elf.json" "$T/guest.elf"
[ $? -eq 1 ] || die "ELF: exit status is not 1"
n=$(hits "$T/elf.json" | wc -l)
[ "$n" -gt 0 ] || die "ELF: secret not found"
hits "$T/elf.json" | awk '$1 == "-" {exit 1}' || die "ELF: a hit has no guest-physical address"
while read -r _ off; do
	got=$(dd if="$T/guest.elf" bs=1 skip=$((off)) count=${#SECRET} 2>/dev/null)
	[ "$got" = "$SECRET" ] || die "ELF: file offset $off does not hold the secret"
done < <(hits "$T/elf.json")
ok "ELF: $n hits, every file offset holds the secret (dd)"
confirm_by_qemu "$T/elf.json" && ok "ELF: QEMU xp confirms a guest-physical address" ||
	die "ELF: no reported guest-physical address holds the secret"

# ---- kdump-zlib dump over QMP ----
"$SEVKIT" memscan dump --qmp "$T/qmp.sock" --format kdump-zlib "$T/guest.kdump" ||
	die "kdump dump failed"
scan "$T/kdump.json" "$T/guest.kdump"
[ $? -eq 1 ] || die "kdump: exit status is not 1"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["source"]["format"] != "kdump-flattened")' \
	"$T/kdump.json" || die "kdump: not read as flattened kdump"
n=$(hits "$T/kdump.json" | wc -l)
[ "$n" -gt 0 ] || die "kdump: secret not found"
ok "kdump-zlib: $n hits"
confirm_by_qemu "$T/kdump.json" && ok "kdump-zlib: QEMU xp confirms a guest-physical address" ||
	die "kdump: no reported guest-physical address holds the secret"

# ---- the live process ----
scan "$T/pid.json" --pid "$QPID"
[ $? -eq 1 ] || die "pid: exit status is not 1"
n=$(hits "$T/pid.json" | awk '$1 != "-"' | wc -l)
[ "$n" -gt 0 ] || die "pid: no hit with a guest-physical address"
ok "live pid: $n hits with a guest-physical address"
confirm_by_qemu "$T/pid.json" && ok "live pid: QEMU xp confirms a guest-physical address" ||
	die "pid: no reported guest-physical address holds the secret"

# ---- the one-command audit ----
"$SEVKIT" audit --qmp "$T/qmp.sock" --secret "$SECRET" --json >"$T/audit.json"
[ $? -eq 1 ] || die "audit: exit status is not 1"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d["verdict"]=="readable-secrets" and d["total_hits"]>0))' \
	"$T/audit.json" || die "audit: wrong verdict"
ok "audit --qmp: readable-secrets"
"$SEVKIT" audit --pid "$QPID" --secret "$SECRET" >"$T/audit.txt"
grep -q "verdict: guest memory is readable by the host" "$T/audit.txt" && ok "audit --pid: readable" ||
	die "audit --pid: $(cat "$T/audit.txt")"

python3 "$QMP" "$T/qmp.sock" quit
wait "$QPID" 2>/dev/null
QPID=

# ---- what an encrypted guest looks like: RAM replaced by AES-CTR keystream ----
first=$(python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read(1 << 16)
phoff, = struct.unpack_from("<Q", d, 32); n, = struct.unpack_from("<H", d, 56)
offs = [struct.unpack_from("<IIQ", d, phoff + 56 * i) for i in range(n)]
print(min(o for t, _, o in offs if t == 1))' "$T/guest.elf")
size=$(stat -c %s "$T/guest.elf")
openssl enc -aes-128-ctr -K "$(openssl rand -hex 16)" -iv "$(openssl rand -hex 16)" \
	-in /dev/zero 2>/dev/null | head -c $((size - first)) |
	dd of="$T/guest.elf" bs=1M seek="$first" oflag=seek_bytes conv=notrunc status=none
scan "$T/enc.json" --entropy "$T/guest.elf"
[ $? -eq 0 ] || die "encrypted: exit status is not 0"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d["total_hits"]==0 and d["entropy"]["encrypted_fraction"]>0.99))' \
	"$T/enc.json" || die "encrypted: hits or encrypted fraction <= 0.99: $(cat "$T/enc.json")"
ok "AES-CTR RAM: no hit, encrypted fraction > 0.99"
"$SEVKIT" audit "$T/guest.elf" --secret "$SECRET" >"$T/audit-enc.txt"
[ $? -eq 0 ] && grep -q "verdict: no secret found" "$T/audit-enc.txt" && ok "audit: encrypted verdict" ||
	die "audit of the encrypted dump: $(cat "$T/audit-enc.txt")"

echo "$passed passed"
