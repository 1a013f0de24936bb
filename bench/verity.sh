#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# veritysetup format/verify against sevkit verity format/verify on the same 1 GiB and 4 GiB
# images of random data and a 4 GiB sparse image with 20 % data (ten 80 MiB extents; the rest
# holes), page cache warm, in one run. Prints wall and CPU time (medians of REPEAT runs of each,
# taken in turn), sevkit's throughput, the sevkit/veritysetup speed-up (median of the ratios pair
# by pair) and the fraction of the machine's SHA-256 limit (openssl speed -evp sha256 -bytes 4096,
# -elapsed -multi <cores> for wall time, one core per CPU second). Not part of the test suite.
#
# usage: bench/verity.sh [SEVKIT] [WORKDIR]     (WORKDIR needs ~5.1 GiB; SIZES="1 4" in GiB)
set -eu -o pipefail
SEVKIT=${1:-$(dirname "$0")/../build/tools/sevkit}
WORK=${2:-${TMPDIR:-/var/tmp}/sevkit-bench-verity}
SIZES=${SIZES:-1 4}
REPEAT=${REPEAT:-5}
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

# The limit: SHA-256 over 4 KiB buffers on every core at once, in wall time (bytes/s; the result
# line is "sha256 <kB/s>k"). Measured twice, the better one kept: the machine may be shared, and
# then this limit moves with the load. So does sevkit's wall time; sevkit's bytes per CPU second
# against one core's rate per CPU second (openssl speed's default count) does much less.
speed() {
	openssl speed -seconds 3 -evp sha256 -bytes 4096 "$@" 2>/dev/null |
		awk '/^sha256 / { v = $NF } END { sub("k", "", v); printf "%.0f\n", v * 1000 }'
}
limit=$( (speed -elapsed -multi "$CORES"; speed -elapsed -multi "$CORES") | sort -g | tail -1)
core=$(speed)
if [ "${limit:-0}" -le 0 ] || [ "${core:-0}" -le 0 ]; then
	echo "openssl speed gave no figure"
	exit 1
fi
printf 'SHA-256 (openssl speed, 4 KiB): %.0f MB/s wall on %d cores; %.0f MB/s per CPU second\n' \
	"$(echo "$limit / 1000000" | bc -l)" "$CORES" "$(echo "$core / 1000000" | bc -l)"

# REPEAT runs of each (after one warm-up each), veritysetup and sevkit in turn (bench/pairs.py):
# "peer_wall peer_cpu sevkit_wall sevkit_cpu wall_ratio cpu_ratio", medians (cpu = user + system)
# and the median of the pair-by-pair ratios; both must succeed
timed() {
	"$(dirname "$0")/pairs.py" -n "$REPEAT" --before "rm -f '$WORK/out.hash'" -- "$@" |
		awk -F= '{ v[$1] = $2 } END {
			if (v["peer_status"] != "0" || v["sevkit_status"] != "0") exit 1
			print v["peer_wall"], v["peer_cpu"], v["sevkit_wall"], v["sevkit_cpu"],
				v["wall_ratio"], v["cpu_ratio"] }'
}

report() { # what bytes "peer_wall peer_cpu sevkit_wall sevkit_cpu wall_ratio cpu_ratio"
	local t
	read -ra t <<<"$3"
	printf '  %-6s veritysetup %6.3f s (cpu %5.2f s)  sevkit %6.3f s (cpu %5.2f s)  %5.0f MB/s' \
		"$1" "${t[0]}" "${t[1]}" "${t[2]}" "${t[3]}" "$(echo "$2 / ${t[2]} / 1000000" | bc -l)"
	printf '  %4.2fx wall, %4.2fx cpu  %3.0f %% of the wall limit, %3.0f %% per CPU second\n' \
		"${t[4]}" "${t[5]}" "$(echo "100 * $2 / ${t[2]} / $limit" | bc -l)" \
		"$(echo "100 * $2 / ${t[3]} / $core" | bc -l)"
}

# head stops openssl with SIGPIPE: that is how the stream ends
stream() {
	(openssl enc -aes-256-ctr -K "$(printf '01%.0s' $(seq 32))" \
		-iv 00000000000000000000000000000000 -nosalt -in /dev/zero 2>/dev/null || true) |
		head -c "$1"
}

sparse=$WORK/sparse-4G.img
if [ "$(stat -c %s "$sparse" 2>/dev/null || echo 0)" != $((4 << 30)) ]; then
	rm -f "$sparse"
	truncate -s 4G "$sparse"
	for i in $(seq 0 9); do
		stream $((80 << 20)) | dd of="$sparse" bs=1M seek=$((i * 400)) conv=notrunc 2>/dev/null
	done
fi

for g in $SIZES sparse; do
	img=$sparse bytes=$((4 << 30))
	if [ "$g" != sparse ]; then
		img=$WORK/rand-${g}G.img bytes=$((g << 30))
	fi
	if [ "$g" != sparse ] && [ "$(stat -c %s "$img" 2>/dev/null || echo 0)" != "$bytes" ]; then
		stream "$bytes" > "$img"
	fi
	cat "$img" > /dev/null # warm the page cache
	echo "$([ "$g" = sparse ] && echo "4 GiB sparse, 20 % data" || echo "${g} GiB") image ($img):"

	root_v=$("$VERITYSETUP" format "${SEED[@]}" "$img" "$WORK/v.hash" | sed -n 's/^Root hash:\s*//p')
	root_s=$("$SEVKIT" verity format "${SEED[@]}" "$img" "$WORK/s.hash" | sed -n 's/^Root hash:\s*//p')
	if [ "$root_v" != "$root_s" ] || ! cmp -s "$WORK/v.hash" "$WORK/s.hash"; then
		echo "  MISMATCH: veritysetup $root_v, sevkit $root_s"
		exit 1
	fi

	t=$(timed "$VERITYSETUP" format "${SEED[@]}" "$img" "$WORK/out.hash" -- \
		"$SEVKIT" verity format "${SEED[@]}" "$img" "$WORK/out.hash")
	report format "$bytes" "$t"
	t=$(timed "$VERITYSETUP" verify "$img" "$WORK/v.hash" "$root_v" -- \
		"$SEVKIT" verity verify "$img" "$WORK/s.hash" "$root_s")
	report verify "$bytes" "$t"
	rm -f "$WORK/v.hash" "$WORK/s.hash" "$WORK/out.hash"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
