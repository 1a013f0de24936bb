#!/usr/bin/env bash
# The key broker's admin API over HTTP: admin tokens are JWS signed with an Ed25519 key made
# by openssl and signed by python3-cryptography (kbs-guest.py admin), never by sevkit. A good
# token sets a policy and a resource and reads the audit log; every other token is a 401 that
# changes nothing; the resource put over HTTP is then released to an attested guest.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbs-lib.sh"
# on PostgreSQL when run by tests/services/with-pg, else SQLite
DB=${SEVKIT_TEST_PG_URL:-sqlite:$TMP/kbs.db}
openssl genpkey -algorithm ed25519 -out "$TMP/admin.key" 2>/dev/null
openssl pkey -in "$TMP/admin.key" -pubout -out "$TMP/admin.pub" 2>/dev/null
[ -s "$TMP/admin.pub" ] && ok || bad "openssl made no Ed25519 key"
head -c 48 /dev/urandom > "$TMP/secret"
POLICY="{\"measurement\": \"$MEAS\"}"
RESOURCE="{\"policy\": \"web\", \"value\": \"$(base64 -w0 "$TMP/secret")\"}"
admin() { pyrun admin "$TMP/admin.key" "$@"; }

start "$TMP/serve.log" --admin-key "$TMP/admin.pub"
# every token that must not pass, on each endpoint; nothing is stored
for how in none other expired long noexp alg-none hs256; do
	admin "$how" PUT /kbs/v0/admin/policy/web "$POLICY"
	expect_out "admin 401"
	admin "$how" PUT /kbs/v0/admin/resource/default/key/web "$RESOURCE"
	expect_out "admin 401"
	admin "$how" GET /kbs/v0/admin/audit
	expect_out "admin 401"
done
admin long GET /kbs/v0/admin/audit
expect_out "at most 600 s"
admin alg-none GET /kbs/v0/admin/audit
expect_out "alg must be EdDSA"
admin other GET /kbs/v0/admin/audit
expect_out "bad signature"
run kbs policy list --db "$DB"
[ -z "$out" ] && ok || bad "a refused admin request stored a policy"

# a good token: a resource before its policy is refused, then policy, resource, audit
admin good PUT /kbs/v0/admin/resource/default/key/web "$RESOURCE"
expect_out "admin 404 no such policy"
admin good PUT /kbs/v0/admin/policy/web '{"measurment": "00"}'
expect_out "admin 400"
admin good PUT /kbs/v0/admin/policy/web "$POLICY"
expect_out "admin 204"
admin good PUT /kbs/v0/admin/resource/default/key/web "$RESOURCE"
expect_out "admin 204"
run kbs resource get --db "$DB" default/key/web --out "$TMP/stored"
expect_rc 0
expect_same_file "$TMP/stored" "$TMP/secret"
run kbs policy show --db "$DB" web
expect_json "d == {'measurement': '$MEAS'}"

# the resource put over HTTP goes to an attested guest, and the audit log says so
guest default/key/web --out "$TMP/got"
expect_rc 0
expect_same_file "$TMP/got" "$TMP/secret"
admin good GET /kbs/v0/admin/audit
expect_out "admin 200"
out=${out#admin 200 }
expect_json "[e['verdict'] for e in d if e['resource'] == 'default/key/web'] == ['released']"
# a policy the guest fails, put over HTTP, refuses the next guest
admin good PUT /kbs/v0/admin/policy/web "{\"measurement\": \"$(printf '%096d' 0)\"}"
expect_out "admin 204"
guest default/key/web --out "$TMP/no"
expect_rc 1
expect_absent "$TMP/no"
admin good DELETE /kbs/v0/admin/resource/default/key/web
expect_out "admin 204"
run kbs resource list --db "$DB"
[ -z "$out" ] && ok || bad "the resource is still listed after DELETE"
stop
[ $? -eq 0 ] && ok || bad "SIGTERM did not stop the broker cleanly"
finish
