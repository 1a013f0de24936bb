#!/usr/bin/env bash
# A broker cluster on one machine (run by tests/services/with-pg): three `kbs serve` replicas
# on one PostgreSQL behind a real HAProxy (round-robin, health checked on /readyz), a bounded
# load of simulated guests through it (kbs-cluster-load.py: good guests, replayed nonces, bad
# evidence, a policy they fail), one replica killed with SIGKILL in the middle and the
# database restarted later; then kbs-cluster-check.py proves from the guests' log and the
# audit log that no nonce served twice, every secret received has exactly one audit row,
# every refusal has its reason, nobody got what they should not have, and throughput came
# back after each fault. Loopback only; about 40 seconds; everything stops on every exit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbs-lib.sh"
: "${SEVKIT_TEST_PG_URL:?run by tests/services/with-pg}"
HERE=$(dirname "$(realpath "$0")")
PG=$HERE/../services/pg-server
PY=/usr/bin/python3 # Debian's, with jwcrypto and cryptography
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
SECS=30 KILL_AT=9 RESTART_AT=18
PIDS=()
trap 'kill -9 "${PIDS[@]}" 2>/dev/null || true' EXIT

DB=$SEVKIT_TEST_PG_URL
echo "{\"measurement\": \"$MEAS\"}" > "$TMP/prod.json"
echo "{\"measurement\": \"$(echo "$MEAS" | tr 0-9a-f f0-9a-e)\"}" > "$TMP/other.json"
head -c 32 /dev/urandom > "$TMP/secret"
run kbs db migrate --db "$DB"
expect_out "created the store at schema version 2"
run kbs policy put --db "$DB" prod "$TMP/prod.json"
run kbs policy put --db "$DB" other "$TMP/other.json"
run kbs resource put --db "$DB" default/key/disk "$TMP/secret" --policy prod
run kbs resource put --db "$DB" default/key/other "$TMP/secret" --policy other
expect_rc 0

# three replicas, each on a free port
PORTS=()
for i in 1 2 3; do
	"$SEVKIT" kbs serve --listen 127.0.0.1:0 --insecure-http --db "$DB" --ark "$C/ark.pem" \
		--db-timeout 2000 > "$TMP/replica$i.log" 2>&1 &
	PIDS+=($!)
	for _ in $(seq 100); do
		grep -q 'port [0-9]' "$TMP/replica$i.log" && break
		sleep 0.1
	done
	PORTS+=("$(sed -n 's/.*port \([0-9]*\)$/\1/p' "$TMP/replica$i.log")")
	[ -n "${PORTS[$((i - 1))]}" ] && ok || bad "replica $i did not start: $(cat "$TMP/replica$i.log")"
done

# HAProxy in front: round-robin per request, a replica out after two failed /readyz checks,
# a connection that fails tried once more on another replica
LB=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$TMP/haproxy.cfg" <<CFG
global
	maxconn 256
defaults
	mode http
	timeout connect 2s
	timeout client 30s
	timeout server 30s
	retries 1
	option redispatch
frontend kbs
	bind 127.0.0.1:$LB
	default_backend replicas
backend replicas
	balance roundrobin
	option httpchk GET /readyz
	http-check expect status 200
	default-server inter 250ms fall 2 rise 1
	server r1 127.0.0.1:${PORTS[0]} check
	server r2 127.0.0.1:${PORTS[1]} check
	server r3 127.0.0.1:${PORTS[2]} check
CFG
"$HAPROXY" -c -f "$TMP/haproxy.cfg" >/dev/null 2>&1 && ok || bad "haproxy refuses its configuration"
"$HAPROXY" -f "$TMP/haproxy.cfg" -db > "$TMP/haproxy.log" 2>&1 &
PIDS+=($!)
URL=http://127.0.0.1:$LB
for _ in $(seq 50); do
	"$PY" "$HERE/kbs-http.py" get "$URL/readyz" 2>/dev/null | grep -q '^200' && break
	sleep 0.1
done

# the load, with a replica killed and the database restarted while it runs
START=$(date +%s.%N)
"$PY" "$HERE/kbs-cluster-load.py" "$URL" "$TMP/secret" "$SECS" 4 "$TMP/rounds.log" &
LOAD=$!
PIDS+=($LOAD)
sleep "$KILL_AT"
KILL=$(date +%s.%N)
kill -9 "${PIDS[1]}"
sleep $((RESTART_AT - KILL_AT))
RESTART=$(date +%s.%N)
"$PG" restart "$SEVKIT_TEST_PG_DIR"
wait "$LOAD" && ok || bad "the load generator failed"

# both surviving replicas served every step: a guest's auth, attest and resource were spread
for i in 0 2; do
	out=$("$PY" "$HERE/kbs-http.py" metrics "http://127.0.0.1:${PORTS[$i]}/metrics")
	current="replica $((i + 1))'s /metrics"
	for ep in auth attest resource; do
		n=$(printf '%s\n' "$out" | sed -n "s/^sevkit_kbs_requests_total{code=200,endpoint=$ep} //p")
		[ "${n:-0}" -gt 0 ] && ok || bad "replica $((i + 1)) served no $ep"
	done
done

run kbs audit --db "$DB" --json
printf '%s' "$out" > "$TMP/audit.json"
out=$("$PY" "$HERE/kbs-cluster-check.py" "$TMP/rounds.log" "$TMP/audit.json" "$START" "$KILL" \
	"$RESTART" 2>&1) && ok || bad "the cluster's invariants: $out"
printf '%s\n' "$out"
finish
