#!/usr/bin/env bash
# Interrupted commands leave nothing behind. verity format (2 GiB of data), memscan
# dump and audit --qmp (against Debian's QEMU, when installed) get SIGINT, SIGTERM or SIGHUP
# at random points: each dies of the signal (a shell sees 128 + its number) or finished
# first, and neither the output directory nor $TMPDIR keeps a file it did not have, whole
# or partial. Both ways of making a new file are tried: O_TMPFILE (no name until it is
# complete) and, as on a filesystem without it, a temporary name, where the signal comes
# once that name exists and the handler must remove it.
. "$(dirname "$0")/lib.sh"
set -m # background jobs keep SIGINT: without job control bash makes them ignore it
PEER=$(dirname "$0")/qmp-peer.py
OUT=$TMP/out
export TMPDIR=$TMP/tmpdir
mkdir "$OUT" "$TMPDIR"
runs=0
killed=0

signum() { case $1 in INT) echo 2 ;; TERM) echo 15 ;; HUP) echo 1 ;; esac; }
# delay MAX_MS: a random time below MAX_MS milliseconds, in seconds
delay() {
	local ms=$((RANDOM % $1))
	printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}
# temporary: a temporary name exists in the output directory or $TMPDIR
temporary() { compgen -G "$OUT/*.tmp-*" >/dev/null || compgen -G "$TMPDIR/*.tmp-*" >/dev/null; }

# interrupt SIG WHEN ARGS...: run sevkit ARGS in the background and send SIG after WHEN:
# a random delay below WHEN milliseconds, or "temporary": once a temporary name exists
# (then with SEVKIT_TEST_NO_O_TMPFILE, as on a filesystem without O_TMPFILE)
interrupt() {
	local sig=$1 when=$2 pid
	shift 2
	current="sevkit $* (SIG$sig, $when)"
	if [ "$when" = temporary ]; then
		SEVKIT_TEST_NO_O_TMPFILE=1 "$SEVKIT" "$@" >"$TMP/.stdout" 2>"$TMP/.stderr" &
		pid=$!
		for _ in $(seq 500); do temporary && break; sleep 0.01; done
		temporary && ok || bad "no temporary name appeared"
		sleep "$(delay 100)"
	else
		"$SEVKIT" "$@" >"$TMP/.stdout" 2>"$TMP/.stderr" &
		pid=$!
		sleep "$(delay "$when")"
	fi
	kill -s "$sig" "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	out=$(cat "$TMP/.stdout")
	err=$(cat "$TMP/.stderr")
	runs=$((runs + 1))
}

# outcome SIG DONE_RC: died of SIG, or finished with DONE_RC; 0 when it died
outcome() {
	if [ "$rc" -eq $((128 + $(signum "$1"))) ]; then
		killed=$((killed + 1))
		ok
		return 0
	fi
	[ "$rc" -eq "$2" ] && ok || bad "exit status $rc: neither SIG$1 nor a normal end ($2)"
	return 1
}

# nothing_left: the output directory holds none of the outputs and $TMPDIR is empty
nothing_left() {
	[ -z "$(ls -A "$OUT")" ] && ok || bad "left in the output directory: $(ls -A "$OUT")"
	[ -z "$(ls -A "$TMPDIR")" ] && ok || bad "left in \$TMPDIR: $(ls -A "$TMPDIR")"
}

# ---- verity format ----
# data that is hashed, not skipped as holes or zeros are, on one thread: about a second
yes | head -c 2G > "$TMP/data.img"
VF=(verity format --threads 1 --root-hash-file "$OUT/root" "$TMP/data.img" "$OUT/hash")
for t in "INT 1500" "TERM 1500" "INT 800" "TERM 800" "HUP 1500" "INT temporary" "TERM temporary"; do
	# shellcheck disable=SC2086
	set -- $t
	interrupt "$1" "$2" "${VF[@]}"
	if ! outcome "$1" 0; then
		# it finished: the outputs are whole
		run verity verify --root-hash-file "$OUT/root" "$TMP/data.img" "$OUT/hash"
		expect_rc 0
		rm -f "$OUT/root" "$OUT/hash"
	fi
	nothing_left
done

# ---- memscan dump and audit --qmp, against QEMU ----
if command -v qemu-system-x86_64 >/dev/null; then
	SOCK=$TMP/qmp.sock
	qemu-system-x86_64 -accel tcg -S -m 512M -nodefaults -display none \
		-qmp "unix:$SOCK,server,nowait" </dev/null >"$TMP/qemu.log" 2>&1 &
	qpid=$!
	for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
	# QEMU cannot cancel a dump: wait until it ends, then it must hold no file any more
	settle() {
		local st
		st=$(python3 "$PEER" idle "$SOCK")
		[ "$st" = completed ] || [ "$st" = none ] && ok || bad "query-dump: $st"
		[ "$(find "/proc/$qpid/fd" -lname '*(deleted)' | wc -l)" -eq 0 ] && ok ||
			bad "QEMU still holds a deleted file"
	}
	for t in "INT 1500" "TERM 1500" "INT 500" "INT temporary" "TERM temporary"; do
		# shellcheck disable=SC2086
		set -- $t
		interrupt "$1" "$2" memscan dump --qmp "$SOCK" "$OUT/guest.elf"
		if ! outcome "$1" 0; then
			run memscan scan --no-detectors --secret x-none "$OUT/guest.elf"
			expect_rc 0
			rm -f "$OUT/guest.elf"
		fi
		settle
		nothing_left
	done
	for t in "INT 2500" "TERM 2500" "TERM 1000" "INT temporary" "TERM temporary"; do
		# shellcheck disable=SC2086
		set -- $t
		interrupt "$1" "$2" audit --qmp "$SOCK" --no-detectors --secret x-none
		outcome "$1" 1
		settle
		nothing_left
	done
	kill "$qpid"
	wait "$qpid" 2>/dev/null
else
	echo "qemu-system-x86_64 not installed: memscan dump and audit not interrupted"
fi

# the test proves something only if most runs were really interrupted
echo "$killed of $runs runs died of their signal"
[ $((killed * 2)) -ge "$runs" ] && ok || bad "only $killed of $runs runs were interrupted"
finish
