#!/usr/bin/env bash
# sevkit launch attest against a real, paused qemu-system-x86_64 without SEV (TCG)
. "$(dirname "$0")/lib.sh"

QEMU=/usr/bin/qemu-system-x86_64
if [ ! -x "$QEMU" ]; then
	echo "skipped: $QEMU is not installed (apt-get install qemu-system-x86)"
	exit 77
fi
S=$V/sev
FW=$S/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9
"$QEMU" -machine q35 -accel tcg -nographic -nodefaults -no-user-config -S -m 64M \
	-qmp "unix:$TMP/qmp.sock,server=on,wait=off" </dev/null >"$TMP/qemu.log" 2>&1 &
qemu_pid=$!
trap 'kill $qemu_pid 2>/dev/null; wait $qemu_pid 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 200); do [ -S "$TMP/qmp.sock" ] && break; sleep 0.05; done

run launch attest --qmp "$TMP/qmp.sock" -f "$FW" --tik "$S/sevctl_tests_data_measurement_tik1.bin"
expect_rc 4
expect_err "QMP query-sev-launch-measure: SEV launch measurement is not available (GenericError)"

# QEMU is still paused
python3 - "$TMP/qmp.sock" <<'PY' && ok || bad "the VM left its paused state"
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rw")
json.loads(f.readline())
for cmd in ("qmp_capabilities", "query-status"):
    f.write(json.dumps({"execute": cmd}) + "\n")
    f.flush()
    r = json.loads(f.readline())
assert r["return"]["status"] == "prelaunch" and not r["return"]["running"], r
PY
finish
