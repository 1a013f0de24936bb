#!/usr/bin/env bash
# The key broker past one process: 1, 2 and 3 `kbs serve` replicas on one PostgreSQL behind
# HAProxy (round-robin), each driven by the same load (bench-kbs-load: THREADS guests doing
# auth -> attest -> resource, the secret decrypted and checked) for SECONDS. For each: round
# trips per second, p50/p99 latency, what PostgreSQL did per round trip (statements from
# pg_stat_statements, commits and rows written from pg_stat_database) and where the CPU went
# (the replicas, PostgreSQL, HAProxy, the load generator), per round trip. Everything runs on
# this machine, so the replicas share its cores with the database and the load.
#   bench/kbs-scale.sh [BUILD_DIR] [SECONDS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
secs=${2:-10}
threads=${3:-8}
load=$build/bench/bench-kbs-load
[ -x "$load" ] || { echo "build first: ninja -C $build" >&2; exit 2; }
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
PSQL=$(ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)

V=$PWD/tests/vectors TMP=$(mktemp -d) SEVKIT=$build/tools/sevkit SEVKIT_KBS_FAKE_TSM=unused
PGDIR=$(mktemp -d /tmp/sevkit-pg.XXXXXX)
chmod 755 "$PGDIR"
PIDS=()
cleanup() {
	kill "${PIDS[@]}" 2>/dev/null || true
	tests/services/pg-server stop "$PGDIR" || true
	rm -rf "$TMP" "$PGDIR"
}
trap cleanup EXIT
# shellcheck source=kbs-load-inputs.sh
. bench/kbs-load-inputs.sh

DB=$(SEVKIT_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements" \
	tests/services/pg-server start "$PGDIR")
sql() { "$PSQL" -qAt "$DB" -c "$1"; }
sql "CREATE EXTENSION pg_stat_statements" >/dev/null
"$SEVKIT" kbs db migrate --db "$DB" >/dev/null
"$SEVKIT" kbs policy put --db "$DB" prod "$TMP/policy.json" >/dev/null
"$SEVKIT" kbs resource put --db "$DB" default/key/disk "$D/secret" --policy prod >/dev/null
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# CPU seconds (user + system) of the processes whose command line matches $1
cpu_of() {
	local t=0 p
	for p in $(pgrep -f -- "$1" || true); do
		t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	awk -v t="$t" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}'
}
db_counts() {
	sql "SELECT (SELECT coalesce(sum(calls), 0) FROM pg_stat_statements
	             WHERE query NOT LIKE '%pg_stat%'),
	            xact_commit, tup_inserted + tup_updated + tup_deleted
	     FROM pg_stat_database WHERE datname = current_database()" | tr '|' ' '
}

# one run with N replicas: prints one line of results
run() {
	local n=$1 ports=() i line before after cpu0 cpu1 lb
	PIDS=()
	for i in $(seq "$n"); do
		: > "$TMP/replica$i.log"
		"$SEVKIT" kbs serve --listen 127.0.0.1:0 --insecure-http --db "$DB" --ark "$C/ark.pem" \
			--db-pool 8 > "$TMP/replica$i.log" 2>&1 &
		PIDS+=($!)
		for _ in $(seq 100); do grep -q 'port [0-9]' "$TMP/replica$i.log" && break; sleep 0.1; done
		ports+=("$(sed -n 's/.*port \([0-9]*\)$/\1/p' "$TMP/replica$i.log")")
	done
	lb=$(free_port)
	{
		printf 'global\n\tmaxconn 512\ndefaults\n\tmode http\n\ttimeout connect 2s\n'
		printf '\ttimeout client 30s\n\ttimeout server 30s\nfrontend kbs\n\tbind 127.0.0.1:%s\n' "$lb"
		printf '\tdefault_backend replicas\nbackend replicas\n\tbalance roundrobin\n'
		for i in $(seq "$n"); do printf '\tserver r%s 127.0.0.1:%s\n' "$i" "${ports[$((i - 1))]}"; done
	} > "$TMP/haproxy.cfg"
	"$HAPROXY" -f "$TMP/haproxy.cfg" -db > "$TMP/haproxy.log" 2>&1 &
	PIDS+=($!)
	sleep 0.5
	sql "SELECT pg_stat_statements_reset()" >/dev/null
	before=$(db_counts)
	cpu0="$(cpu_of 'kbs serve') $(cpu_of '^postgres') $(cpu_of "$HAPROXY -f")"
	# the subshell's `times`: its children's user and system time, the load generator's
	line=$("$load" "http://127.0.0.1:$lb" "$D" "$threads" "$secs"; times > "$TMP/time.txt")
	cpu1="$(cpu_of 'kbs serve') $(cpu_of '^postgres') $(cpu_of "$HAPROXY -f")"
	after=$(db_counts)
	kill "${PIDS[@]}"
	wait "${PIDS[@]}" 2>/dev/null || true
	echo "$n $line $before $after $cpu0 $cpu1 load_cpu $(tail -n 1 "$TMP/time.txt" |
		sed 's/\([0-9]*\)m\([0-9.]*\)s/\1 \2/g' | awk '{print $1 * 60 + $2, $3 * 60 + $4}')"
}

echo "sevkit kbs on PostgreSQL $("$PSQL" --version | awk '{print $3}') behind HAProxy" \
	"$("$HAPROXY" -v | awk 'NR == 1 {print $3}'), $(nproc) cores, $threads guests, $secs s each"
echo "replicas  rt/s   p50 ms  p99 ms  errors  stmts/rt  commits/rt  rows/rt  CPU ms per rt: replicas postgres haproxy load"
for n in 1 2 3; do
	run "$n" | awk '{
		# n, then bench-kbs-load: threads T round_trips R errors E per_second P p50_ms A p99_ms B
		n = $1; rt = $5; errs = $7; ps = $9; p50 = $11; p99 = $13
		s0 = $14; c0 = $15; w0 = $16; s1 = $17; c1 = $18; w1 = $19
		k0 = $20; q0 = $21; h0 = $22; k1 = $23; q1 = $24; h1 = $25; lu = $27; ls = $28
		if (rt == 0) rt = 1
		printf "%8d  %5.0f  %6.1f  %6.1f  %6d  %8.1f  %10.1f  %7.1f  %8.2f %8.2f %7.2f %5.2f\n",
			n, ps, p50, p99, errs, (s1 - s0) / rt, (c1 - c0) / rt, (w1 - w0) / rt,
			(k1 - k0) * 1000 / rt, (q1 - q0) * 1000 / rt, (h1 - h0) * 1000 / rt,
			(lu + ls) * 1000 / rt }'
done
