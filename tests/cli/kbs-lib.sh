# SPDX-License-Identifier: Apache-2.0
# Shared by the key broker tests (kbs*.sh), sourced after lib.sh: a test PKI shaped like
# AMD's (openssl, go-sev-guest's TESTONLY keys), the fake configfs-tsm's environment, and
# helpers that start `kbs serve` on a free loopback port and run a guest against it.
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

# start LOG ARGS...: start kbs serve on $DB, set PID and URL (http or https from its line).
# Plain HTTP unless ARGS name --tls-cert.
start() {
	local log=$1 mode=--insecure-http
	shift
	case " $* " in *" --tls-cert "*) mode= ;; esac
	# shellcheck disable=SC2086
	"$SEVKIT" kbs serve --listen 127.0.0.1:0 $mode --db "$DB" --ark "$C/ark.pem" \
		"$@" > "$log" 2>&1 &
	PID=$!
	for _ in $(seq 100); do
		grep -q 'port [0-9]' "$log" && break
		sleep 0.1
	done
	URL=$(sed -n 's,^listening on \(https*\)://.*port \([0-9]*\)$,\1://127.0.0.1:\2,p' "$log")
	[ -n "$URL" ] && ok || bad "kbs serve did not start: $(cat "$log")"
}
stop() { kill -TERM "$PID"; wait "$PID"; }
# guest ARGS...: sevkit kbs get-resource against $URL, the report from the fake configfs-tsm
guest() { LD_PRELOAD=$SEVKIT_KBS_FAKE_TSM run kbs get-resource --url "$URL" --via tsm \
	--tsm-dir "$TMP/tsm" "$@"; }
# pyrun SCENARIO ARGS...: kbs-guest.py against $URL, its output in $out
pyrun() { out=$(python3 "$GUEST" "$1" "$URL" "${@:2}" 2>&1); current="kbs-guest.py $*"; err=""; }
