#!/usr/bin/env bash
# The key broker's database survives kill -9 of the server mid-load: four guests run attest +
# resource round trips (kbs-guest.py load) until the server is killed. Restarted on the same
# SQLite file: the database is intact (PRAGMA integrity_check, by Python's sqlite3), the audit
# log is readable, numbered without gaps and holds every decision a guest saw take effect, a
# nonce spent before the kill stays spent, the resource and the token-signing key are the same.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbs-lib.sh"
DB=sqlite:$TMP/kbs.db
echo "{\"measurement\": \"$MEAS\"}" > "$TMP/prod.json"
head -c 32 /dev/urandom > "$TMP/secret"
run kbs policy put --db "$DB" prod "$TMP/prod.json"
expect_rc 0
run kbs resource put --db "$DB" default/key/disk "$TMP/secret" --policy prod
expect_rc 0
run kbs token-key --db "$DB"
expect_rc 0
key_before=$out
t0=$(date +%s)

start "$TMP/serve1.log"
LOG=$TMP/load.log
: > "$LOG"
pids=()
for _ in 1 2 3 4; do
	python3 "$GUEST" load "$URL" default/key/disk "$LOG" &
	pids+=($!)
done
# kill once the guests are well under way: a few dozen decisions taken, more in flight
for _ in $(seq 300); do
	[ "$(grep -c . "$LOG")" -ge 40 ] && break
	sleep 0.05
done
kill -KILL "$PID"
wait "$PID" 2>/dev/null
for p in "${pids[@]}"; do wait "$p"; done
n_attested=$(grep -c '^attested' "$LOG")
echo "before the kill: $n_attested attested, $(grep -c '^released' "$LOG") released"
[ "$n_attested" -ge 10 ] && ok || bad "only $n_attested attests before the kill"

# the file as the kill left it: SQLite's own check, outside sevkit
out=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("PRAGMA integrity_check").fetchone()[0])' "$TMP/kbs.db" 2>&1)
current="PRAGMA integrity_check"
[ "$out" = ok ] && ok || bad "integrity_check says: $out"

start "$TMP/serve2.log"
# the audit log: readable, numbered 1..N in order, times within the run, and every decision
# a guest saw (a token, a secret) recorded
run kbs audit --db "$DB"
expect_rc 0
n_text=$(printf '%s\n' "$out" | grep -c .)
run kbs audit --db "$DB" --json
expect_rc 0
expect_json "[e['seq'] for e in d] == list(range(1, len(d) + 1)) and len(d) == $n_text"
expect_json "all($t0 <= e['time'] <= $(date +%s) for e in d)"
printf '%s' "$out" > "$TMP/audit.json"
echo "after the restart: $n_text audit rows"
python3 - "$TMP/audit.json" "$LOG" <<'PY' && ok || bad "a decision a guest saw is not in the audit log"
import json, sys
audit = {(e['verdict'], e['session']) for e in json.load(open(sys.argv[1]))}
for line in open(sys.argv[2]):
    w = line.split()
    if (w[0], w[1]) not in audit:
        sys.exit('%s of session %s not in the audit log' % (w[0], w[1]))
PY
# a nonce spent before the kill is spent after the restart
grep '^attested' "$LOG" | head -5 > "$TMP/spent"
while read -r _ session nonce; do
	pyrun reattest "$session" "$nonce"
	expect_out "reattest 401 nonce already used"
done < "$TMP/spent"
# the resource and the token-signing key are intact, and a guest is served again
run kbs resource get --db "$DB" default/key/disk --out "$TMP/back"
expect_rc 0
expect_same_file "$TMP/back" "$TMP/secret"
run kbs token-key --db "$DB"
[ "$out" = "$key_before" ] && ok || bad "the token-signing key changed across the kill"
guest default/key/disk --out "$TMP/got"
expect_rc 0
expect_same_file "$TMP/got" "$TMP/secret"
stop
[ $? -eq 0 ] && ok || bad "SIGTERM did not stop the restarted broker cleanly"
finish
