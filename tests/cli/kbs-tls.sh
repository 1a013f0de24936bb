#!/usr/bin/env bash
# The key broker over TLS: a test CA and a server certificate for 127.0.0.1 made by openssl.
# A guest that trusts the CA (--ca) receives the secret; one that trusts only the system's
# CAs, or another CA, is refused before it sends anything; plain HTTP to the TLS port gets no
# HTTP answer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbs-lib.sh"
# on PostgreSQL when run by tests/services/with-pg, else SQLite
DB=${SEVKIT_TEST_PG_URL:-sqlite:$TMP/kbs.db}
T=$TMP/tls
mkdir "$T"
ca() { # NAME: a self-signed CA
	openssl req -new -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=sevkit test $1" -keyout "$T/$1.key" -out "$T/$1.pem"
}
{
	ca ca
	ca other
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-subj "/CN=127.0.0.1" -keyout "$T/server.key" -out "$T/server.csr"
	printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$T/ext.cnf"
	openssl x509 -req -in "$T/server.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -days 2 \
		-set_serial 7 -extfile "$T/ext.cnf" -out "$T/server.pem"
} >/dev/null 2>&1
openssl verify -CAfile "$T/ca.pem" "$T/server.pem" >/dev/null 2>&1 && ok ||
	bad "the test CA did not make a server certificate"
echo "{\"measurement\": \"$MEAS\"}" > "$TMP/prod.json"
head -c 32 /dev/urandom > "$TMP/secret"
run kbs policy put --db "$DB" prod "$TMP/prod.json"
expect_rc 0
run kbs resource put --db "$DB" default/key/disk "$TMP/secret" --policy prod
expect_rc 0

# one of the two TLS options alone is a usage error
run kbs serve --listen 127.0.0.1:0 --db "$DB" --tls-cert "$T/server.pem"
expect_rc 2
start "$TMP/serve.log" --tls-cert "$T/server.pem" --tls-key "$T/server.key"
case $URL in https://*) ok ;; *) bad "the broker did not say https: $URL" ;; esac

guest default/key/disk --ca "$T/ca.pem" --out "$TMP/got"
expect_rc 0
expect_same_file "$TMP/got" "$TMP/secret"
guest default/key/disk --out "$TMP/no1"
[ "$rc" -ne 0 ] && ok || bad "a guest without --ca trusted the test CA"
expect_absent "$TMP/no1"
guest default/key/disk --ca "$T/other.pem" --out "$TMP/no2"
[ "$rc" -ne 0 ] && ok || bad "a guest trusting another CA was served"
expect_absent "$TMP/no2"
# the refused guests never reached the protocol: one session only, the first guest's
run kbs audit --db "$DB" --json
expect_json "[e['verdict'] for e in d] == ['attested', 'released']"

# plain HTTP to the TLS port: no HTTP answer; the broker still serves TLS afterwards
URL=http://${URL#https://} pyrun raw POST /kbs/v0/auth '{"version":"0.4.0","tee":"snp","extra-params":{}}'
expect_out "raw no answer"
expect_no_out "raw 200"
guest default/key/disk --ca "$T/ca.pem" --out "$TMP/got2"
expect_rc 0
expect_same_file "$TMP/got2" "$TMP/secret"
stop
[ $? -eq 0 ] && ok || bad "SIGTERM did not stop the broker cleanly"
finish
