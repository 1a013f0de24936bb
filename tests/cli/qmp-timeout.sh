#!/usr/bin/env bash
# A QMP socket another client holds: QEMU serves one client at a time, the others wait
# ungreeted in its queue, and once the queue is full connect() itself waits. Every QMP
# command (memscan dump, audit --qmp, launch attest) gives up after --timeout with one
# line on stderr and exit status 4, and leaves no file behind. Against the peers of
# qmp-peer.py, and against Debian's QEMU held by another client when it is installed.
. "$(dirname "$0")/lib.sh"
PEER=$(dirname "$0")/qmp-peer.py
FW=$V/sev/sevctl_tests_data_OVMF.amdsev.fd_trimmed_edk2-ovmf-20220126gitbb1bba3d77-4.el9
TIK=$V/sev/sevctl_tests_data_measurement_tik1.bin
SOCK=$TMP/qmp.sock
OUT=$TMP/out
mkdir "$OUT"
export TMPDIR=$TMP/tmpdir
mkdir "$TMPDIR"

# peer MODE: start a busy peer on $SOCK for 30 s
peer() {
	rm -f "$SOCK"
	python3 "$PEER" "$1" "$SOCK" 30 &
	peer_pid=$!
	for _ in $(seq 100); do [ -S "$SOCK" ] && return; sleep 0.05; done
	bad "the $1 peer did not start"
}
stop_peer() { kill "$peer_pid" 2>/dev/null; wait "$peer_pid" 2>/dev/null; rm -f "$SOCK"; }

# gives_up SECONDS WHAT ARGS...: sevkit ARGS gives up after about SECONDS (not before,
# not much later), with exit 4 and one line naming WHAT on stderr, and writes nothing
gives_up() {
	local want=$1 what=$2 start end
	shift 2
	start=$(date +%s%N)
	run "$@"
	end=$(date +%s%N)
	expect_rc 4
	expect_err "$what"
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && ok || bad "more than one line on stderr"
	local ms=$(((end - start) / 1000000))
	[ "$ms" -ge $((want * 1000 - 50)) ] && [ "$ms" -lt $((want * 1000 + 3000)) ] && ok ||
		bad "gave up after $ms ms, expected about $want s"
	[ -z "$(ls -A "$OUT" "$TMPDIR" | grep -v ':$' | grep -v '^$')" ] && ok ||
		bad "files left: $(ls -A "$OUT" "$TMPDIR")"
}

GREETING="did not answer within"
QUEUE="queue is full"
for mode in silent full; do
	peer $mode
	what=$([ $mode = silent ] && echo "$GREETING" || echo "$QUEUE")
	gives_up 1 "$what" memscan dump --qmp "$SOCK" --timeout 1 "$OUT/guest.elf"
	gives_up 2 "$what" audit --qmp "$SOCK" --timeout 2 --secret x --keep-dump "$OUT/kept.elf"
	gives_up 1 "$what" audit --qmp "$SOCK" --timeout 1 --secret x
	gives_up 1 "$what" launch attest --qmp "$SOCK" --timeout 1 -f "$FW" --tik "$TIK"
	stop_peer
done
# the message says what to look for
peer silent
run memscan dump --qmp "$SOCK" --timeout 1 "$OUT/guest.elf"
expect_err "is another client connected to the socket?"
stop_peer

# the timeout is checked like any number
run memscan dump --qmp "$SOCK" --timeout 0 "$OUT/guest.elf"
expect_rc 2
run audit --qmp "$SOCK" --timeout 86401 --secret x
expect_rc 2
run audit --timeout 5 --secret x "$FW"
expect_rc 2
expect_err "--timeout goes with --qmp"
for c in "memscan dump" "audit"; do
	# shellcheck disable=SC2086
	run $c --help
	expect_out "--timeout SECONDS"
done

# Debian's QEMU, its QMP socket held by another client
if command -v qemu-system-x86_64 >/dev/null; then
	rm -f "$SOCK"
	qemu-system-x86_64 -accel tcg -S -m 64M -nodefaults -display none \
		-qmp "unix:$SOCK,server,nowait" </dev/null >"$TMP/qemu.log" 2>&1 &
	qpid=$!
	for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
	python3 "$PEER" hold "$SOCK" 30 >"$TMP/hold.out" &
	hold_pid=$!
	for _ in $(seq 100); do [ -s "$TMP/hold.out" ] && break; sleep 0.05; done
	[ "$(cat "$TMP/hold.out")" = holding ] && ok || bad "could not hold QEMU's socket"
	gives_up 1 "$GREETING" memscan dump --qmp "$SOCK" --timeout 1 "$OUT/guest.elf"
	gives_up 1 "$GREETING" audit --qmp "$SOCK" --timeout 1 --secret x
	kill "$hold_pid"
	wait "$hold_pid" 2>/dev/null
	# once the other client has gone, the same command works
	run memscan dump --qmp "$SOCK" --timeout 10 "$OUT/guest.elf"
	expect_rc 0
	expect_mode "$OUT/guest.elf" 600
	kill "$qpid"
	wait "$qpid" 2>/dev/null
else
	echo "qemu-system-x86_64 not installed: not tested against QEMU"
fi
finish
