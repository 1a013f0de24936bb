#!/usr/bin/env bash
# The broker's shared VCEK cache and its schema migrations: a guest whose host serves no
# certificates is refused until the VCEK of its chip and TCB is put in the store, then
# served; a store at an older schema is refused until `kbs db migrate`; a password in a
# store URL is never printed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbs-lib.sh"

DB=sqlite:$TMP/kbs.db
echo "{\"measurement\": \"$MEAS\"}" > "$TMP/prod.json"
head -c 32 /dev/urandom > "$TMP/secret"
run kbs policy put --db "$DB" prod "$TMP/prod.json"
expect_rc 0
run kbs resource put --db "$DB" default/key/disk "$TMP/secret" --policy prod
expect_rc 0
cat "$C/ask.pem" "$C/ark.pem" > "$TMP/cert_chain.pem"

# ---- the cache, from the command line
# the TCB of kbs-lib.sh's VCEK extensions (bl 2, tee 0, snp 5, ucode 0x44) in Milan's layout
run kbs vcek put --db "$DB" "$C/vcek.der" --chain "$TMP/cert_chain.pem" --json
expect_rc 0
expect_json "d['chip_id'] == '$CHIP' and d['tcb'] == '0x4405000000000002'"
run kbs vcek list --db "$DB" --json
expect_json "d == [{'chip_id': '$CHIP', 'tcb': '0x4405000000000002'}]"
# not a VCEK, a chain with a VCEK in it, not a certificate
run kbs vcek put --db "$DB" "$C/ask.der"
expect_rc 3
expect_err "not one VCEK"
openssl x509 -inform der -in "$C/vcek.der" > "$TMP/vcek.pem"
run kbs vcek put --db "$DB" "$C/vcek.der" --chain "$TMP/vcek.pem"
expect_rc 3
expect_err "not an ASK or an ARK"
run kbs vcek put --db "$DB" "$TMP/secret"
expect_rc 3

# ---- a guest without certificates
start "$TMP/serve.log"
run kbs vcek list --db "$DB"
expect_out "$CHIP  tcb 0x4405000000000002"
FAKE_TSM_NO_CERTS=1 guest default/key/disk --out "$TMP/got"
expect_rc 0
expect_same_file "$TMP/got" "$TMP/secret"
stop
# an empty cache: refused, and the audit log says why
DB=sqlite:$TMP/empty.db
run kbs policy put --db "$DB" prod "$TMP/prod.json"
run kbs resource put --db "$DB" default/key/disk "$TMP/secret" --policy prod
start "$TMP/serve2.log"
FAKE_TSM_NO_CERTS=1 guest default/key/disk --out "$TMP/no"
expect_rc 1
expect_err "none is cached"
expect_absent "$TMP/no"
stop
run kbs audit --db "$DB"
expect_out "none is cached for this chip at its reported TCB"

# ---- schema versions
DB=sqlite:$TMP/old.db
run kbs policy put --db "$DB" prod "$TMP/prod.json"
expect_rc 0
# take the store back to version 1, as a sevkit before the VCEK cache left it
python3 -c "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript('DROP TABLE vcek; DELETE FROM schema_version WHERE version = 2;')
db.commit()" "$TMP/old.db"
run kbs serve --db "$DB" --listen 127.0.0.1:0 --insecure-http
expect_rc 3
expect_err "schema version 1 is older than this sevkit's (2): run \`sevkit kbs db migrate"
run kbs db migrate --db "$DB"
expect_rc 0
expect_out "migrated the store from schema version 1 to 2"
run kbs db migrate --db "$DB" --json
expect_json "d == {'from': 2, 'to': 2}"
run kbs policy list --db "$DB"
[ "$out" = prod ] && ok || bad "the migration lost the policy: $out"
# newer than this sevkit: refused, also by migrate
python3 -c "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute('INSERT INTO schema_version VALUES(3)'); db.commit()
" "$TMP/old.db"
run kbs db migrate --db "$DB"
expect_rc 3
expect_err "schema version 3 is newer than this sevkit's (2)"

# ---- a password in a store URL is never printed
run kbs db migrate --db "postgresql://kbs:hunter2@127.0.0.1:1/kbs?password=hunter2"
[ "$rc" -ne 0 ] && ok || bad "a store that cannot be reached was migrated"
expect_err "postgresql://kbs:***@127.0.0.1:1/kbs?..."
case "$out$err" in *hunter2*) bad "the password was printed: $err" ;; *) ok ;; esac
finish
