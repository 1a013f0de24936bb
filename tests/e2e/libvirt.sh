#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# sevkit against a real libvirt daemon: Debian's libvirtd, started here in session mode as the
# unprivileged user nobody, with its own directories and socket (nothing of the machine's
# libvirt is touched), runs a tiny Linux guest under QEMU/TCG whose init holds a random
# secret. Then, through libvirt only:
#   - memscan dump --domain: a 0600 ELF dump that holds the secret (grep, independently);
#   - audit --domain: the secret found, no dump left behind;
#   - domain lint/convert --domain: the same result as on the XML that virsh dumpxml prints;
#   - the SEV-only calls (launch validate/attest, convert --define of an SEV domain) reach
#     libvirt, which has no SEV here, and end in one line with exit 4; a paused guest that
#     failed attestation stays paused.
#
# Needs (Debian): libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86
# linux-image-amd64 busybox-static cpio openssl python3; root (to start the daemon as nobody).
set -u
: "${SEVKIT:?SEVKIT must name the sevkit binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/guest.sh"
PKGS="libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86
linux-image-amd64 busybox-static cpio openssl"

skip() { echo "SKIP: $*"; exit 77; }
die() { echo "FAIL: $*"; exit 1; }

have_all() {
	command -v libvirtd >/dev/null && command -v virsh >/dev/null &&
		command -v qemu-system-x86_64 >/dev/null && command -v cpio >/dev/null &&
		ls /boot/vmlinuz-* >/dev/null 2>&1 && [ -x /bin/busybox ]
}
[ "$(id -u)" -eq 0 ] || skip "needs root, to start libvirtd as the user nobody"
if ! have_all; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $PKGS \
		>/dev/null 2>&1
	have_all || skip "cannot install $PKGS"
fi

T=$(mktemp -d)
chmod 755 "$T" # the daemon and QEMU run as nobody: they read the kernel and initrd here
DPID=
cleanup() {
	virsh -c "$URI" destroy sk-e2e >/dev/null 2>&1
	virsh -c "$URI" undefine sk-e2e >/dev/null 2>&1
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	pkill -u nobody -f "guest=sk-e2e" 2>/dev/null
	[ -n "${KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT

# ---- the daemon: session mode, as nobody, everything under $T/lv ----
mkdir -p "$T/lv/home" "$T/lv/run" "$T/lv/config" "$T/lv/cache" "$T/out"
chown -R nobody: "$T/lv" "$T/out"
chmod 700 "$T/lv/run"
URI="qemu+unix:///session?socket=$T/lv/run/libvirt/libvirt-sock"
setpriv --reuid=nobody --regid=nogroup --clear-groups env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	HOME="$T/lv/home" XDG_RUNTIME_DIR="$T/lv/run" XDG_CONFIG_HOME="$T/lv/config" \
	XDG_CACHE_HOME="$T/lv/cache" libvirtd >"$T/libvirtd.log" 2>&1 &
DPID=$!
for _ in $(seq 1 120); do
	virsh -c "$URI" version >/dev/null 2>&1 && break
	kill -0 "$DPID" 2>/dev/null || die "libvirtd exited: $(tail -5 "$T/libvirtd.log")"
	sleep 0.5
done
virsh -c "$URI" version >/dev/null 2>&1 || die "libvirtd did not answer in 60 s"
echo "libvirtd (session, nobody): $(virsh -c "$URI" version | grep 'Running hypervisor')"

# ---- the guest: Debian's kernel and a busybox initramfs holding a secret ----
KERNEL=$(ls /boot/vmlinuz-* | sort -V | tail -1)
SECRET="SK$(openssl rand -hex 12)"
guest_initrd "$T" "$SECRET"
cp "$KERNEL" "$T/vmlinuz"
chmod 644 "$T/vmlinuz" "$T/initrd.gz"
cat >"$T/domain.xml" <<EOF
<domain type='qemu'>
  <name>sk-e2e</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$T/vmlinuz</kernel>
    <initrd>$T/initrd.gz</initrd>
    <cmdline>console=ttyS0 panic=-1</cmdline>
  </os>
  <features><acpi/></features>
  <on_reboot>destroy</on_reboot>
  <devices>
    <serial type='file'><source path='$T/out/serial.log'/></serial>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
virsh -c "$URI" define "$T/domain.xml" >/dev/null || die "virsh define failed"
virsh -c "$URI" start sk-e2e >/dev/null || die "virsh start failed"
for _ in $(seq 1 300); do
	grep -q GUEST-READY "$T/out/serial.log" 2>/dev/null && break
	sleep 0.5
done
grep -q GUEST-READY "$T/out/serial.log" || die "the guest did not boot in 150 s"
echo "guest ready under libvirt"

# libvirt writes a dump by name, in a private directory that sevkit makes: the daemon runs as
# nobody, so the dumping commands do too, from a copy of sevkit and its library
mkdir "$T/bin"
cp "$SEVKIT" "$T/bin/sevkit"
cp "$(ldd "$SEVKIT" | awk '/libsevkit/ { print $3 }')" "$T/bin/"
chmod -R a+rX "$T/bin"
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups env LD_LIBRARY_PATH="$T/bin" "$@"
}
SK_NOBODY="$T/bin/sevkit"

passed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
lines() { grep -c '' "$1"; }

# ---- memscan dump through libvirt ----
mkdir "$T/dumps"
chown nobody: "$T/dumps"
as_nobody "$SK_NOBODY" memscan dump --connect "$URI" --domain sk-e2e "$T/dumps/guest.elf" >"$T/dump.txt" ||
	die "memscan dump --domain failed: $(cat "$T/dump.txt")"
[ "$(stat -c %a "$T/dumps/guest.elf")" = 600 ] || die "the dump is not 0600"
[ "$(ls "$T/dumps")" = guest.elf ] || die "the dump directory holds more: $(ls "$T/dumps")"
grep -q "elf dump, 25[0-9].[0-9] MiB" "$T/dump.txt" || die "dump summary: $(cat "$T/dump.txt")"
LC_ALL=C grep -qaF "$SECRET" "$T/dumps/guest.elf" || die "grep: the secret is not in the dump"
ok "memscan dump --domain: a 0600 ELF dump of the 256 MiB guest holding the secret (grep)"
"$SEVKIT" memscan scan --secret "$SECRET" --no-detectors "$T/dumps/guest.elf" >/dev/null
[ $? -eq 1 ] || die "memscan scan does not find the secret in the libvirt dump"
ok "memscan scan finds the secret in it"
before=$(sha256sum <"$T/dumps/guest.elf")
as_nobody "$SK_NOBODY" memscan dump --connect "$URI" --domain sk-e2e "$T/dumps/guest.elf" 2>"$T/err.txt"
rc=$?
[ $rc -eq 2 ] && [ "$(lines "$T/err.txt")" = 1 ] && [ "$(sha256sum <"$T/dumps/guest.elf")" = "$before" ] ||
	die "an existing dump was not refused in one line with exit 2 (rc $rc): $(cat "$T/err.txt")"
ok "an existing dump file is refused and kept: $(cat "$T/err.txt")"
as_nobody "$SK_NOBODY" memscan dump --connect "$URI" --domain no-such-vm "$T/dumps/x.elf" 2>"$T/err.txt"
rc=$?
[ $rc -eq 4 ] && [ "$(lines "$T/err.txt")" = 1 ] && grep -q "no-such-vm" "$T/err.txt" &&
	[ ! -e "$T/dumps/x.elf" ] || die "an unknown domain: rc $rc, $(cat "$T/err.txt")"
ok "an unknown domain: one line, exit 4: $(cat "$T/err.txt")"

# ---- audit through libvirt, nothing left in TMPDIR ----
mkdir "$T/tmp"
chown nobody: "$T/tmp"
TMPDIR="$T/tmp" as_nobody "$SK_NOBODY" audit --connect "$URI" --domain sk-e2e --secret "$SECRET" \
	--no-detectors --json >"$T/audit.json"
rc=$?
[ $rc -eq 1 ] || die "audit --domain: exit $rc, not 1 (secrets found)"
python3 - "$T/audit.json" <<'EOF' || die "audit --domain: $(cat "$T/audit.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verdict"] == "readable-secrets", d["verdict"]
assert d["hits"], "no hits"
EOF
[ -z "$(ls -A "$T/tmp")" ] || die "audit left files in TMPDIR: $(ls -A "$T/tmp")"
ok "audit --domain: the secret found, the verdict readable-secrets, TMPDIR empty"

# ---- domain lint and convert read from libvirt: the same as on virsh's XML ----
virsh -c "$URI" dumpxml sk-e2e >"$T/live.xml"
virsh -c "$URI" dumpxml --inactive --security-info sk-e2e >"$T/inactive.xml"
"$SEVKIT" domain lint --no-read "$T/live.xml" >"$T/lint-file.txt"
rc_file=$?
"$SEVKIT" domain lint --no-read --connect "$URI" --domain sk-e2e >"$T/lint-lv.txt"
rc_lv=$?
[ $rc_file -eq 1 ] && [ $rc_lv -eq 1 ] && cmp -s "$T/lint-file.txt" "$T/lint-lv.txt" ||
	die "lint --domain differs from lint of virsh dumpxml (rc $rc_lv vs $rc_file)"
grep -q "no-launch-security\|launch-security" "$T/lint-lv.txt" ||
	die "lint does not flag the missing launch security: $(cat "$T/lint-lv.txt")"
ok "domain lint --domain: the same $(tail -1 "$T/lint-lv.txt") as on virsh dumpxml"
conv=(--sev --cbitpos 51 --reduced-phys-bits 1 --firmware /usr/share/OVMF/OVMF_CODE.fd)
"$SEVKIT" domain convert -q "${conv[@]}" "$T/inactive.xml" >"$T/conv-file.xml" ||
	die "convert of virsh's XML failed"
"$SEVKIT" domain convert -q "${conv[@]}" --connect "$URI" --domain sk-e2e >"$T/conv-lv.xml" ||
	die "convert --domain failed"
cmp -s "$T/conv-file.xml" "$T/conv-lv.xml" || die "convert --domain differs from convert of virsh's XML"
grep -q "<launchSecurity type=\"sev\"\|<launchSecurity type='sev'" "$T/conv-lv.xml" ||
	die "the converted domain has no launchSecurity"
ok "domain convert --domain: the same SEV domain as from virsh dumpxml --inactive"
# (stderr also holds the change log: the error is its one line about the definition)
"$SEVKIT" domain convert "${conv[@]}" --connect "$URI" --domain sk-e2e --define 2>"$T/log.txt"
rc=$?
grep "libvirt domain sk-e2e: define:" "$T/log.txt" >"$T/err.txt"
[ $rc -eq 4 ] && [ "$(lines "$T/err.txt")" = 1 ] &&
	grep -q "SEV launch security is not supported" "$T/err.txt" ||
	die "convert --define of an SEV domain on a host without SEV: rc $rc, $(cat "$T/log.txt")"
virsh -c "$URI" dumpxml --inactive sk-e2e | grep -q launchSecurity &&
	die "the refused definition changed the domain"
ok "domain convert --define: libvirt's refusal in one line, exit 4: $(cat "$T/err.txt")"

# ---- the SEV launch calls reach libvirt, which has no SEV here ----
virsh -c "$URI" suspend sk-e2e >/dev/null || die "virsh suspend failed"
printf '0123456789abcdef' >"$T/tik.bin"
printf 'fedcba9876543210' >"$T/tek.bin"
keys=(--tik "$T/tik.bin" --tek "$T/tek.bin")
expect_env_line() { # WHAT PATTERN COMMAND...
	local what=$1 pattern=$2
	shift 2
	"$@" >"$T/out.txt" 2>"$T/err.txt"
	local rc=$?
	[ $rc -eq 4 ] && [ "$(lines "$T/err.txt")" = 1 ] && grep -q "$pattern" "$T/err.txt" ||
		die "$what: rc $rc, stderr: $(cat "$T/err.txt")"
	ok "$what: one line, exit 4: $(cat "$T/err.txt")"
}
expect_env_line "validate on the host itself without --insecure" "not secure" \
	"$SEVKIT" launch validate --connect "$URI" --domain sk-e2e "${keys[@]}"
expect_env_line "validate of a domain configured without SEV" "not configured with SEV" \
	"$SEVKIT" launch validate --connect "$URI" --domain sk-e2e --insecure "${keys[@]}"
expect_env_line "validate --ignore-config: libvirt reports no launch measurement" \
	"no SEV launch security" \
	"$SEVKIT" launch validate --connect "$URI" --domain sk-e2e --insecure --ignore-config \
	"${keys[@]}"
printf 'a disk key' >"$T/disk.key"
expect_env_line "attest --ignore-config: libvirt reports no launch measurement" \
	"no SEV launch security" \
	"$SEVKIT" launch attest --connect "$URI" --domain sk-e2e --insecure --ignore-config \
	"${keys[@]}" --inject-secret "luks-key:$T/disk.key"
[ "$(virsh -c "$URI" domstate sk-e2e)" = paused ] || die "a refused attest let the guest run"
ok "the guest stays paused after the refused attest"

echo "all $passed checks passed"
