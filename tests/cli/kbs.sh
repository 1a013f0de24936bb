#!/usr/bin/env bash
# The key broker end to end: the test PKI and fake configfs-tsm of kbs-lib.sh, `kbs serve` on
# a free loopback port and `kbs get-resource` receiving the secret; then each refusal, with
# the reason in the audit log.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbs-lib.sh"

# ---- the store, through the CLI
# on PostgreSQL when run by tests/services/with-pg, else SQLite
DB=${SEVKIT_TEST_PG_URL:-sqlite:$TMP/kbs.db}
echo "{\"measurement\": \"$MEAS\"}" > "$TMP/prod.json"
echo "{\"measurement\": \"$(echo "$MEAS" | tr 0-9a-f f0-9a-e)\"}" > "$TMP/other.json"
echo '{"measurment": "00"}' > "$TMP/typo.json"
head -c 32 /dev/urandom > "$TMP/secret"
run kbs policy put --db "$DB" prod "$TMP/prod.json"
expect_rc 0
run kbs policy put --db "$DB" other "$TMP/other.json"
expect_rc 0
run kbs policy put --db "$DB" typo "$TMP/typo.json"
expect_rc 3
run kbs policy list --db "$DB"
[ "$out" = "$(printf 'other\nprod')" ] && ok || bad "policy list"
run kbs resource put --db "$DB" default/key/disk "$TMP/secret"
expect_rc 2
expect_err "never released"
run kbs resource put --db "$DB" default/key/disk "$TMP/secret" --policy nosuch
expect_rc 1
run kbs resource put --db "$DB" default/key/disk "$TMP/secret" --policy prod
expect_rc 0
run kbs resource put --db "$DB" default/key/other "$TMP/secret" --policy other
expect_rc 0
run kbs resource get --db "$DB" default/key/disk --out "$TMP/back"
expect_rc 0
expect_same_file "$TMP/back" "$TMP/secret"
expect_mode "$TMP/back" 600
run kbs token-key --db "$DB"
expect_json "d['kty'] == 'EC' and d['crv'] == 'P-256' and 'd' not in d"

# ---- the broker
start "$TMP/serve.log" --session-ttl 3

guest default/key/disk --out "$TMP/got"
expect_rc 0
expect_same_file "$TMP/got" "$TMP/secret"
expect_mode "$TMP/got" 600
guest default/key/disk --out - 
[ "$out" = "$(cat "$TMP/secret")" ] && ok || bad "--out - gave something else"
# a wrong measurement, a debug guest, an unknown resource
guest default/key/other --out "$TMP/no1"
expect_rc 1
expect_err "measurement"
expect_absent "$TMP/no1"
FAKE_TSM_POLICY=b0000 guest default/key/disk --out "$TMP/no2"
expect_rc 1
expect_err "debug"
expect_absent "$TMP/no2"
guest default/key/nosuch --out "$TMP/no3"
expect_rc 1
expect_err "404"

# ---- protocol runs the client never makes
pyrun attest default/key/disk
expect_out "attest 200"
expect_out "resource-cookie 200"
expect_out "resource-bearer 200"
pyrun replay
expect_out "attest1 200"
expect_out "attest2 401 nonce already used"
pyrun other-nonce
expect_out "attest 401 REPORT_DATA is not bound"
pyrun other-key
expect_out "attest 401 REPORT_DATA is not bound"
pyrun vmpl1
expect_out "attest 401 VMPL"
# the same certificates as the attests above, within the chain cache's minute: the kept chain
# must still check the report's own signature
pyrun other-signer
expect_out "attest 401 report refused"
expect_out "signature"
pyrun expired 4
expect_out "attest 401 session expired"
pyrun race 50
expect_out "race ok=1 refused=49 other=0"
pyrun slow 40
printf '%s' "$out" | grep -qE 'slow auth 200 in [01]\.' && ok || bad "idle connections held the broker"
pyrun raw POST /kbs/v0/auth '{'
expect_out "raw 400 body is not a JSON object"
pyrun raw POST /kbs/v0/auth '{"version":"0.1.0","tee":"snp","extra-params":"foo"}'
expect_out "raw 400 KBS Client Protocol Version Mismatch"
pyrun raw POST /kbs/v0/auth "$(printf '%.0s[' $(seq 40))"
expect_out "raw 400 JSON nests too deep"
pyrun raw GET /kbs/v0/resource/a/b
expect_out "raw 400 resource path"
pyrun raw GET /kbs/v0/resource/default/key/disk
expect_out "raw 401 no kbs-session-id cookie and no Bearer token"
pyrun raw POST /kbs/v0/attest '{}'
expect_out "raw 401 no kbs-session-id cookie"
pyrun raw PUT /kbs/v0/admin/policy/x '{}'
expect_out "raw 404 the admin API is off"
pyrun announce /kbs/v0/auth 1100000
expect_out "announce 413"
stop
[ $? -eq 0 ] && ok || bad "SIGTERM did not stop the broker cleanly"

# a CRL that revokes the ASK: the same guest is refused
start "$TMP/serve2.log" --crl "$C/revoked.crl"
pyrun attest default/key/disk
expect_out "attest 401 report refused"
expect_out "revoked"
stop

# ---- the audit log: each decision, never the secret
run kbs audit --db "$DB" --json
expect_json "any(e['verdict'] == 'released' for e in d)"
expect_json "any(e['verdict'] == 'refused' and 'measurement' in e['reason'] for e in d)"
expect_json "any(e['verdict'] == 'rejected' and 'nonce already used' in e['reason'] for e in d)"
expect_json "any(e['verdict'] == 'rejected' and 'revoked' in e['reason'] for e in d)"
secret_hex=$(od -An -v -tx1 "$TMP/secret" | tr -d ' \n')
printf '%s' "$out" | grep -qi "$secret_hex" && bad "the secret is in the audit log" || ok
finish
