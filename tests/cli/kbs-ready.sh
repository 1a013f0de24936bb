#!/usr/bin/env bash
# A replica on PostgreSQL (run by tests/services/with-pg) through the database's outage:
# /healthz, /readyz and /metrics; the database stopped: /readyz and the guests get 503 with
# a one-line reason and nothing is released; the database back: the same replica serves
# again, without a restart. The metrics are read with prometheus_client's parser and their
# counts checked against the requests this test made.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbs-lib.sh"
: "${SEVKIT_TEST_PG_URL:?run by tests/services/with-pg}"
HTTP=$(dirname "$0")/kbs-http.py
PG=$(dirname "$0")/../services/pg-server
# Debian's python3, which has prometheus_client (python3-prometheus-client)
PY=/usr/bin/python3

DB=$SEVKIT_TEST_PG_URL
echo "{\"measurement\": \"$MEAS\"}" > "$TMP/prod.json"
head -c 32 /dev/urandom > "$TMP/secret"
run kbs policy put --db "$DB" prod "$TMP/prod.json"
run kbs resource put --db "$DB" default/key/disk "$TMP/secret" --policy prod
expect_rc 0
start "$TMP/serve.log" --db-timeout 1000 --db-pool 4
http() { out=$($PY "$HTTP" "$@" 2>&1); current="GET $2"; }

http get "$URL/healthz"
[ "$out" = "200 ok" ] && ok || bad "healthz: $out"
http get "$URL/readyz"
[ "$out" = "200 ready" ] && ok || bad "readyz: $out"
guest default/key/disk --out "$TMP/got"
expect_rc 0
expect_same_file "$TMP/got" "$TMP/secret"
http metrics "$URL/metrics"
expect_out 'sevkit_kbs_requests_total{code=200,endpoint=auth} 1'
expect_out 'sevkit_kbs_requests_total{code=200,endpoint=attest} 1'
expect_out 'sevkit_kbs_requests_total{code=200,endpoint=resource} 1'
expect_out 'sevkit_kbs_verdicts_total{verdict=attested} 1'
expect_out 'sevkit_kbs_verdicts_total{verdict=released} 1'
expect_out 'sevkit_kbs_verdicts_total{verdict=refused} 0'
expect_out 'sevkit_kbs_request_duration_seconds_count{endpoint=attest} 1'
expect_out 'sevkit_kbs_request_duration_seconds_bucket{endpoint=attest,le=+Inf} 1'
expect_out 'sevkit_kbs_db_pool_connections{state=max} 4'
expect_out 'sevkit_kbs_in_flight{} 1'
run kbs serve --db-pool 0
expect_rc 2

# ---- the database goes away
"$PG" stop "$SEVKIT_TEST_PG_DIR"
http get "$URL/readyz"
case $out in "503 "*"the database is unavailable"*) ok ;; *) bad "readyz: $out" ;; esac
guest default/key/disk --out "$TMP/no"
expect_rc 4
expect_err "503"
expect_err "the database is unavailable"
expect_absent "$TMP/no"
[ "$(grep -c 'PostgreSQL: connecting' "$TMP/serve.log")" -ge 1 ] && ok ||
	bad "the replica did not log why: $(cat "$TMP/serve.log")"
http metrics "$URL/metrics"
expect_out 'sevkit_kbs_requests_total{code=503,endpoint=auth} 1'
expect_out 'sevkit_kbs_requests_total{code=503,endpoint=health} 1'

# ---- and comes back: the same replica serves, within a few seconds
"$PG" start "$SEVKIT_TEST_PG_DIR" "$(cat "$SEVKIT_TEST_PG_DIR/port")" >/dev/null
for _ in $(seq 50); do
	http get "$URL/readyz"
	[ "$out" = "200 ready" ] && break
	sleep 0.1
done
[ "$out" = "200 ready" ] && ok || bad "readyz after the restart: $out"
guest default/key/disk --out "$TMP/again"
expect_rc 0
expect_same_file "$TMP/again" "$TMP/secret"
# a restart of the server under an idle pool: its connections are dropped, not used
"$PG" restart "$SEVKIT_TEST_PG_DIR"
guest default/key/disk --out "$TMP/after-restart"
expect_rc 0
stop
run kbs audit --db "$DB" --json
expect_json "[e['verdict'] for e in d] == ['attested', 'released'] * 3"
finish
