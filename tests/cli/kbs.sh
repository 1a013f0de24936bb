#!/usr/bin/env bash
# The key broker end to end: a test PKI shaped like AMD's (openssl, go-sev-guest's TESTONLY
# keys), a fake configfs-tsm that signs reports with the test VCEK (kbs-fake-tsm.c and
# kbs-guest.py tsm-hook), `kbs serve` on a free loopback port and `kbs get-resource`
# receiving the secret; then each refusal, with the reason in the audit log.
. "$(dirname "$0")/lib.sh"
: "${SEVKIT_KBS_FAKE_TSM:?SEVKIT_KBS_FAKE_TSM must name the fake configfs-tsm module}"
GUEST=$(realpath "$(dirname "$0")/kbs-guest.py")
S=$V/snp
C=$TMP/pki
mkdir "$C" "$TMP/tsm"
PSS="-sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384"
AMD="/OU=Engineering/C=US/L=Santa Clara/ST=CA/O=Advanced Micro Devices"
key() { echo "$S/go-sev-guest_TESTONLY_$1_private_key.pem"; }
CHIP=$(head -c 64 /dev/urandom | od -An -v -tx1 | tr -d ' \n')
MEAS=$(head -c 48 /dev/urandom | od -An -v -tx1 | tr -d ' \n')
# shellcheck disable=SC2086
{
	openssl req -new -x509 -key "$(key ark)" -subj "$AMD/CN=ARK-Milan" -days 7300 $PSS \
		-set_serial 0x10000 -out "$C/ark.pem"
	openssl req -new -key "$(key ask)" -subj "$AMD/CN=SEV-Milan" -out "$C/ask.csr"
	openssl x509 -req -in "$C/ask.csr" -CA "$C/ark.pem" -CAkey "$(key ark)" -set_serial 0x10001 \
		-days 7300 $PSS -out "$C/ask.pem"
	openssl req -new -key "$(key vcek)" -subj "$AMD/CN=SEV-VCEK" -out "$C/vcek.csr"
	cat > "$C/ext.cnf" <<CNF
[v]
1.3.6.1.4.1.3704.1.1=DER:02:01:00
1.3.6.1.4.1.3704.1.2=DER:16:08:4D:69:6C:61:6E:2D:42:30
1.3.6.1.4.1.3704.1.3.1=DER:02:01:02
1.3.6.1.4.1.3704.1.3.2=DER:02:01:00
1.3.6.1.4.1.3704.1.3.3=DER:02:01:05
1.3.6.1.4.1.3704.1.3.8=DER:02:01:44
1.3.6.1.4.1.3704.1.4=DER:$(echo "$CHIP" | sed 's/../&:/g;s/:$//')
CNF
	openssl x509 -req -in "$C/vcek.csr" -CA "$C/ask.pem" -CAkey "$(key ask)" -set_serial 0x10002 \
		-days 3650 $PSS -extfile "$C/ext.cnf" -extensions v -outform der -out "$C/vcek.der"
	openssl x509 -in "$C/ask.pem" -outform der -out "$C/ask.der"
	openssl x509 -in "$C/ark.pem" -outform der -out "$C/ark.der"
	# a CRL of the test ARK that revokes the test ASK
	printf 'R\t450101000000Z\t240101000000Z\t010001\tunknown\t/CN=SEV-Milan\n' > "$C/index.txt"
	echo 01 > "$C/crlnumber"
	printf '[ca]\ndefault_ca = d\n[d]\ndatabase = %s\ncrlnumber = %s\ndefault_md = sha384\ndefault_crl_days = 30\n' \
		"$C/index.txt" "$C/crlnumber" > "$C/ca.cnf"
	openssl ca -gencrl -config "$C/ca.cnf" -keyfile "$(key ark)" -cert "$C/ark.pem" \
		-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384 \
		-out "$C/revoked.crl"
} >/dev/null 2>&1
[ -s "$C/vcek.der" ] && [ -s "$C/revoked.crl" ] && ok || bad "the test PKI was not made"
export FAKE_TSM_DIR=$TMP/tsm FAKE_TSM_HOOK=$GUEST FAKE_TSM_KEY=$(key vcek) \
	FAKE_TSM_VCEK=$C/vcek.der FAKE_TSM_ASK=$C/ask.der FAKE_TSM_ARK=$C/ark.der FAKE_TSM_CHIP=$CHIP FAKE_TSM_MEAS=$MEAS
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

# ---- the store, through the CLI
DB=sqlite:$TMP/kbs.db
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
start() { # LOG ARGS...: start kbs serve, set PID and URL
	local log=$1
	shift
	"$SEVKIT" kbs serve --listen 127.0.0.1:0 --insecure-http --db "$DB" --ark "$C/ark.pem" \
		"$@" > "$log" 2>&1 &
	PID=$!
	for _ in $(seq 100); do
		grep -q 'port [0-9]' "$log" && break
		sleep 0.1
	done
	URL=http://127.0.0.1:$(sed -n 's/.*port \([0-9]*\)$/\1/p' "$log")
}
stop() { kill -TERM "$PID"; wait "$PID"; }
start "$TMP/serve.log" --session-ttl 3
[ "$URL" != "http://127.0.0.1:" ] && ok || bad "kbs serve did not start: $(cat "$TMP/serve.log")"

guest() { LD_PRELOAD=$SEVKIT_KBS_FAKE_TSM run kbs get-resource --url "$URL" --via tsm \
	--tsm-dir "$TMP/tsm" "$@"; }
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
pyrun() { out=$(python3 "$GUEST" "$1" "$URL" "${@:2}" 2>&1); current="kbs-guest.py $*"; err=""; }
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
pyrun other-signer
expect_out "attest 401 report refused"
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
