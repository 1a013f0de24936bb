#!/usr/bin/env bash
# The SEV and SEV-ES command lines start Debian's QEMU 7.2 and fail only for lack of
# SEV hardware, never on an option: under TCG QEMU aborts on machine->cgs->ready,
# under KVM sev_kvm_init fails (cbitpos check, or no /dev/sev).
# Skipped (77) without qemu-system-x86_64 or OVMF.
. "$(dirname "$0")/lib.sh"
command -v qemu-system-x86_64 >/dev/null || { echo "qemu-system-x86_64 not installed"; exit 77; }
[ -r /usr/share/OVMF/OVMF_CODE.fd ] || { echo "ovmf not installed"; exit 77; }
GEO=(--cbitpos 51 --reduced-phys-bits 1)
TAIL=(-nographic -monitor none -serial none -display none -no-reboot)

# start ACCEL: run the generated line in $TMP/args with the accelerator; stderr in $err
start() {
	mapfile -t A < "$TMP/args"
	current="qemu (${A[*]}) -accel $1"
	err=$(cd "$TMP" && timeout 60 "${A[@]}" -accel "$1" "${TAIL[@]}" 2>&1 </dev/null)
	rc=$?
	out=""
}
not_an_option_error() {
	case "$err" in
	*"Invalid parameter"* | *"invalid parameter"* | *"not found"* | *"Property"* | *"Parameter"*)
		bad "QEMU rejected an option" ;;
	*) ok ;;
	esac
}

for mode in sev sev-es; do
	"$SEVKIT" qemu args --$mode "${GEO[@]}" --memory 256M > "$TMP/args" || bad "qemu args --$mode"
	# TCG: QEMU accepts every option, then aborts because no SEV firmware made the guest ready
	start tcg
	[ "$rc" -eq 134 ] && ok || bad "exit $rc, expected 134 (SIGABRT)"
	case "$err" in *"machine->cgs->ready"*) ok ;; *) bad "no confidential-guest readiness failure" ;; esac
	not_an_option_error
	# KVM (where /dev/kvm opens): the SEV initialisation itself fails
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		start kvm
		[ "$rc" -eq 1 ] && ok || bad "exit $rc, expected 1"
		case "$err" in *"sev_kvm_init"*) ok ;; *) bad "no sev_kvm_init failure" ;; esac
		not_an_option_error
	fi
done

# with a direct kernel and kernel hashes, the line still parses. The kernel is only a
# boot-protocol header (setup_sects 4, "HdrS", protocol 2.15, loaded high): enough to load.
python3 -c '
import sys
b = bytearray(64 * 1024)
b[0x1f1] = 4
b[0x1fe:0x200] = b"\x55\xaa"
b[0x202:0x206] = b"HdrS"
b[0x206:0x208] = (0x020f).to_bytes(2, "little")
b[0x211] = 0x01
open(sys.argv[1], "wb").write(b)' "$TMP/kernel"
"$SEVKIT" qemu args --sev-es "${GEO[@]}" --memory 256M --kernel "$TMP/kernel" --append console=ttyS0 \
	--kernel-hashes > "$TMP/args" || bad "qemu args --kernel-hashes"
start tcg
case "$err" in *"machine->cgs->ready"*) ok ;; *) bad "kernel-hashes line: no readiness failure" ;; esac
not_an_option_error

# the check can fail: a property QEMU does not know is an option error, not the SEV one
sed 's/^sev-guest,id=sev0,/sev-guest,id=sev0,no-such-property=1,/' -i "$TMP/args"
start tcg
[ "$rc" -eq 1 ] && ok || bad "bogus property: exit $rc"
case "$err" in *"machine->cgs->ready"*) bad "bogus property reached machine creation" ;; *) ok ;; esac
finish
