#!/usr/bin/env bash
# Key broker throughput: complete auth -> attest -> resource round trips per second on loopback
# with N concurrent guests (bench-kbs-load), p50/p99 latency, against the raw crypto limit of a
# round trip measured by `openssl speed` in the same run: one ECDSA P-384 verify (the report),
# one ECDH P-256 (the secret's envelope) and one AES-256-GCM of a 1 KiB block. The guests run
# on the same machine, so they share its cores with the broker.
#   bench/kbs.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
secs=${2:-5}
load=$build/bench/bench-kbs-load
[ -x "$load" ] || { echo "build first: ninja -C $build" >&2; exit 2; }

# the test PKI, the fake host's identity and the server helpers of the kbs tests
V=$PWD/tests/vectors TMP=$(mktemp -d) SEVKIT=$build/tools/sevkit SEVKIT_KBS_FAKE_TSM=unused
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$TMP"' EXIT
# shellcheck source=kbs-load-inputs.sh
. bench/kbs-load-inputs.sh

# CPU seconds (user + system) the broker has used so far
cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$PID/stat"; }

# one run: the store on DIR, N guests; prints bench-kbs-load's line and the broker's CPU time
run() {
	local dir=$1 n=$2 before line
	DB=sqlite:$dir/kbs-bench-$n.db
	"$SEVKIT" kbs policy put --db "$DB" prod "$TMP/policy.json" >/dev/null
	"$SEVKIT" kbs resource put --db "$DB" default/key/disk "$D/secret" --policy prod >/dev/null
	start "$TMP/serve.log"
	before=$(cpu)
	line=$("$load" "$URL" "$D" "$n" "$secs" || true)
	echo "$line broker_cpu_s $(awk -v a="$before" -v b="$(cpu)" 'BEGIN {print b - a}')"
	stop
	rm -f "$dir/kbs-bench-$n".db*
}

# per second of CPU time, as openssl speed counts
speed() { openssl speed -seconds 2 "$@" 2>/dev/null; }
verify=$(speed ecdsap384 | awk '/nistp384/ {print $NF}' | tail -1)
ecdh=$(speed ecdhp256 | awk '/nistp256/ {print $NF}' | tail -1)
# the 1024-byte column, in 1000s of bytes per second
gcm=$(speed -evp aes-256-gcm | awk '/^AES-256-GCM/ {print $(NF-1)}' | tr -d k)
limit=$(awk -v v="$verify" -v e="$ecdh" -v g="$gcm" \
	'BEGIN {a = g * 1000 / 1024; printf "%.1f", 1 / (1 / v + 1 / e + 1 / a)}')
echo "openssl $(openssl version | cut -d' ' -f2): ecdsap384 verify/s $verify, ecdhp256 op/s $ecdh," \
	"aes-256-gcm 1 KiB blocks/s $(awk -v g="$gcm" 'BEGIN {printf "%.0f", g * 1000 / 1024}')"
echo "raw crypto limit of a round trip: $limit/s (of one core's CPU time)"
echo "ratio: round trips per second of the broker's CPU time / that limit (the guests' own"
echo "work, on the same cores, is not counted); wall: round trips per second of wall time / limit"
for where in "$TMP" /dev/shm; do
	case $where in /dev/shm) what="store on tmpfs (fsync free)" ;; *) what="store on disk" ;; esac
	for n in 1 2 4 8; do
		line=$(run "$where" "$n")
		awk -v l="$limit" -v what="$what" '{
			printf "%-28s guests %d: %5.1f round trips/s, p50 %6.2f ms, p99 %7.2f ms, " \
			       "errors %d, wall %.2f, ratio %.2f\n", what, $2, $8, $10, $12, $6,
			       $8 / l, ($4 / $14) / l }' <<<"$line"
	done
done
