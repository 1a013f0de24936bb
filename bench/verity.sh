#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# veritysetup format/verify against sevkit verity format/verify on the same 1 GiB and 4 GiB
# images, page cache warm, in one run. Prints wall time (median of REPEAT runs), CPU time,
# throughput, the sevkit/veritysetup speed-up and the fraction of the machine's SHA-256 limit
# (openssl speed -evp sha256 -bytes 4096 -multi <cores>). Not part of the test suite.
#
# usage: bench/verity.sh [SEVKIT] [WORKDIR]     (WORKDIR needs ~5.1 GiB; SIZES="1 4" in GiB)
set -eu
SEVKIT=${1:-$(dirname "$0")/../build/tools/sevkit}
WORK=${2:-${TMPDIR:-/var/tmp}/sevkit-bench-verity}
SIZES=${SIZES:-1 4}
REPEAT=${REPEAT:-3}
VERITYSETUP=${VERITYSETUP:-/sbin/veritysetup}
CORES=$(nproc)
Z64=0000000000000000000000000000000000000000000000000000000000000000
SEED=(--format=1 --data-block-size=4096 --hash-block-size=4096 --hash-offset=0 --salt=$Z64
      --uuid=12345678-1234-1234-1234-123456789abc)

[ -x "$VERITYSETUP" ] || { echo "needs $VERITYSETUP (cryptsetup-bin)"; exit 1; }
[ -x "$SEVKIT" ] || { echo "build sevkit first (ninja -C build)"; exit 1; }
mkdir -p "$WORK"

echo "machine: $CORES cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# The limit: SHA-256 over 4 KiB buffers on every core at once (bytes/s; the result line is
# "sha256 <kB/s>k"). Measured twice, the better one kept: the machine may be shared.
speed() {
	openssl speed -elapsed -seconds 3 -evp sha256 -bytes 4096 "$@" 2>/dev/null |
		awk '/^sha256 / { v = $NF } END { sub("k", "", v); printf "%.0f\n", v * 1000 }'
}
limit=$( (speed -multi "$CORES"; speed -multi "$CORES") | sort -g | tail -1)
single=$(speed)
[ "${limit:-0}" -gt 0 ] || { echo "openssl speed gave no figure"; exit 1; }
printf 'SHA-256 limit (openssl speed, 4 KiB): %.0f MB/s on %d cores, %.0f MB/s on one\n' \
	"$(echo "$limit / 1000000" | bc -l)" "$CORES" "$(echo "$single / 1000000" | bc -l)"

# "wall cpu" of the median (by wall time) of REPEAT runs of "$@"; cpu = user + system seconds
timed() {
	for _ in $(seq "$REPEAT"); do
		rm -f "$WORK/out.hash"
		/usr/bin/time -o "$WORK/time.txt" -f '%e %U %S' "$@" >/dev/null 2>&1
		awk '{ print $1, $2 + $3 }' "$WORK/time.txt"
	done | sort -g | sed -n "$(((REPEAT + 1) / 2))p"
}

report() { # what bytes "wall cpu"(veritysetup) "wall cpu"(sevkit)
	local tv ts cs
	tv=${3%% *}
	ts=${4%% *}
	cs=${4##* }
	printf '  %-6s veritysetup %6.3f s (cpu %5.2f s)  sevkit %6.3f s (cpu %5.2f s)  %5.0f MB/s  %4.2fx  %3.0f %% of limit\n' \
		"$1" "$tv" "${3##* }" "$ts" "$cs" "$(echo "$2 / $ts / 1000000" | bc -l)" \
		"$(echo "$tv / $ts" | bc -l)" "$(echo "100 * $2 / $ts / $limit" | bc -l)"
}

for g in $SIZES; do
	img=$WORK/rand-${g}G.img
	bytes=$((g << 30))
	if [ "$(stat -c %s "$img" 2>/dev/null || echo 0)" != "$bytes" ]; then
		openssl enc -aes-256-ctr -K "$(printf '01%.0s' $(seq 32))" \
			-iv 00000000000000000000000000000000 -nosalt -in /dev/zero 2>/dev/null |
			head -c "$bytes" > "$img"
	fi
	cat "$img" > /dev/null # warm the page cache
	echo "${g} GiB image ($img):"

	root_v=$("$VERITYSETUP" format "${SEED[@]}" "$img" "$WORK/v.hash" | sed -n 's/^Root hash:\s*//p')
	root_s=$("$SEVKIT" verity format "${SEED[@]}" "$img" "$WORK/s.hash" | sed -n 's/^Root hash:\s*//p')
	if [ "$root_v" != "$root_s" ] || ! cmp -s "$WORK/v.hash" "$WORK/s.hash"; then
		echo "  MISMATCH: veritysetup $root_v, sevkit $root_s"
		exit 1
	fi

	t_v=$(timed "$VERITYSETUP" format "${SEED[@]}" "$img" "$WORK/out.hash")
	t_s=$(timed "$SEVKIT" verity format "${SEED[@]}" "$img" "$WORK/out.hash")
	report format "$bytes" "$t_v" "$t_s"
	t_v=$(timed "$VERITYSETUP" verify "$img" "$WORK/v.hash" "$root_v")
	t_s=$(timed "$SEVKIT" verity verify "$img" "$WORK/s.hash" "$root_s")
	report verify "$bytes" "$t_v" "$t_s"
	rm -f "$WORK/v.hash" "$WORK/s.hash" "$WORK/out.hash"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
