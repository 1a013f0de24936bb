#!/usr/bin/env bash
# verity format --root-hash-signature and verity verify --root-hash-signature: the PKCS#7 that
# veritysetup open --root-hash-signature and systemd's .roothash.p7s take, beside OpenSSL's own
# `smime -sign` (byte for byte with an RSA key, whose signatures are deterministic) and
# `cms -verify`.
. "$(dirname "$0")/lib.sh"

cd "$TMP" || exit 1
head -c 1048576 /dev/urandom > data.img
{
	openssl req -x509 -newkey rsa:3072 -nodes -keyout rsa.key -out rsa.pem -subj /CN=verity-rsa \
		-days 30
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key \
		-out ec.pem -subj /CN=verity-ec -days 30
	openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -subj /CN=other \
		-days 30
} >/dev/null 2>&1
[ -s rsa.pem ] && [ -s ec.pem ] && ok || bad "openssl made no test keys"

run verity format --root-hash-file root.txt --root-hash-signature root.p7s --sign-key rsa.key \
	--sign-cert rsa.pem data.img hash.img
expect_rc 0
expect_mode root.p7s 644
openssl smime -sign -nocerts -noattr -binary -in root.txt -inkey rsa.key -signer rsa.pem \
	-outform der -out peer.p7s
expect_same_file root.p7s peer.p7s
openssl cms -verify -binary -inform der -in root.p7s -content root.txt -CAfile rsa.pem \
	-certfile rsa.pem -out /dev/null 2>/dev/null && ok || bad "openssl cms -verify refused it"
run verity verify --root-hash-file root.txt --root-hash-signature root.p7s --trusted-cert rsa.pem \
	data.img hash.img
expect_rc 0
expect_out "ok: data.img verifies"

# another root hash, another certificate: OpenSSL and sevkit both refuse
printf '%s' "$(tr 0-9a-f 1-9a-f0 < root.txt)" > other-root.txt
openssl cms -verify -binary -inform der -in root.p7s -content other-root.txt -CAfile rsa.pem \
	-certfile rsa.pem -out /dev/null 2>/dev/null && bad "openssl took another root hash" || ok
openssl cms -verify -binary -inform der -in root.p7s -content root.txt -CAfile other.pem \
	-certfile other.pem -out /dev/null 2>/dev/null && bad "openssl took another certificate" || ok
run verity verify --root-hash-file other-root.txt --root-hash-signature root.p7s \
	--trusted-cert rsa.pem data.img hash.img
expect_rc 1
expect_err "root.p7s"
run verity verify --root-hash-file root.txt --root-hash-signature root.p7s \
	--trusted-cert other.pem data.img hash.img
expect_rc 1
expect_err "does not verify"

# an EC key: randomised signatures, so OpenSSL checks ours and we check OpenSSL's
run verity format -f --root-hash-file root.txt --root-hash-signature ec.p7s --sign-key ec.key \
	--sign-cert ec.pem data.img hash.img
expect_rc 0
openssl cms -verify -binary -inform der -in ec.p7s -content root.txt -CAfile ec.pem \
	-certfile ec.pem -out /dev/null 2>/dev/null && ok || bad "openssl cms -verify refused ec.p7s"
openssl smime -sign -nocerts -noattr -binary -in root.txt -inkey ec.key -signer ec.pem \
	-outform der -out ec-peer.p7s
run verity verify --root-hash-file root.txt --root-hash-signature ec-peer.p7s \
	--trusted-cert ec.pem data.img hash.img
expect_rc 0

# mistakes: a key that is not the certificate's, a missing half, a signature that is not one
cp hash.img hash-before.img
run verity format -f --root-hash-signature bad.p7s --sign-key other.key --sign-cert rsa.pem \
	data.img hash.img
expect_rc 2
expect_err "not the key of the signing certificate"
expect_absent bad.p7s
expect_same_file hash.img hash-before.img
run verity format -f --root-hash-signature bad.p7s --sign-key rsa.key data.img hash.img
expect_rc 2
run verity verify --root-hash-file root.txt --root-hash-signature root.txt --trusted-cert rsa.pem \
	data.img hash.img
expect_rc 3
expect_err "root.txt"
run verity verify --root-hash-file root.txt --root-hash-signature root.p7s data.img hash.img
expect_rc 2

finish
