#!/usr/bin/env bash
# sevkit idblock create: sev-snp-measure's ID-block test vector (snp/MANIFEST.md 1b) and
# virtee/sev's (2b); the randomized ID_AUTH signatures are checked with Python's
# cryptography (OpenSSL), never with sevkit itself.
. "$(dirname "$0")/lib.sh"

if ! python3 -c 'import cryptography' 2>/dev/null; then
	echo "SKIP: python3-cryptography is not installed"
	exit 77
fi
S=$V/snp/sev-snp-measure
W=$V/snp/virtee-sev
LD_B64=B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7t
BLOCK_B64=B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7tAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAwAAAAAA

# check_auth BLOCK AUTH IDKEY [AUTHORKEY]: the ID_AUTH layout, its public keys are the
# PEM keys', and its signatures verify (ECDSA P-384 SHA-384, r and s little-endian)
check_auth() {
	python3 - "$@" <<'EOF'
import sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

block, auth = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
keys = [serialization.load_pem_private_key(open(p, "rb").read(), None) for p in sys.argv[3:]]
assert len(block) == 96 and len(auth) == 4096

def pub(k):
    n = k.public_key().public_numbers()
    out = (2).to_bytes(4, "little") + n.x.to_bytes(72, "little") + n.y.to_bytes(72, "little")
    return out + bytes(0x404 - len(out))

def verify(k, sig, msg):
    r, s = int.from_bytes(sig[0:72], "little"), int.from_bytes(sig[72:144], "little")
    assert sig[144:] == bytes(368)
    k.public_key().verify(utils.encode_dss_signature(r, s), msg, ec.ECDSA(hashes.SHA384()))

assert auth[0:4] == (1).to_bytes(4, "little") and auth[4:8] == (1).to_bytes(4, "little")
assert auth[8:0x40] == bytes(56) and auth[0x644:0x680] == bytes(0x3c)
assert auth[0xc84:] == bytes(0x37c)
assert auth[0x240:0x644] == pub(keys[0])
verify(keys[0], auth[0x40:0x240], block)
if len(keys) > 1:
    assert auth[0x880:0xc84] == pub(keys[1])
    verify(keys[1], auth[0x680:0x880], auth[0x240:0x644])
else:
    assert auth[0x680:0xc84] == bytes(0x604)
EOF
}

# 1b: snp-create-id-block --measurement LD_B64 --idkey id_key_test.pem --authorkey author_key_test.pem
run idblock create --measurement "$LD_B64" --idkey "$S/id_key_test.pem" \
	--authorkey "$S/author_key_test.pem" --id-block-out "$TMP/b" --id-auth-out "$TMP/a"
expect_rc 0
expect_out "id-block=$BLOCK_B64,id-auth="
expect_out ",author-key-enabled=on"
expect_out "id_key_digest: $(printf %s hwt+NcU/inLQ0yL3WrKvgmJ5Kq9leWIs5BMcPyHyied8sFYKXjuQs5MuZ07HCcsU | base64 -d | od -An -v -tx1 | tr -d ' \n')"
expect_out "author_key_digest: $(printf %s YxEcNLv8Ckk4+aAJvQdJgNgXIyPmFZnJ/TNtqGcySOHcqY0L6PdjdqEGuK/UwKBX | base64 -d | od -An -v -tx1 | tr -d ' \n')"
expect_same_file "$TMP/b" "$S/generated_id_block.bin"
check_auth "$TMP/b" "$TMP/a" "$S/id_key_test.pem" "$S/author_key_test.pem" && ok || bad "ID_AUTH"
# the printed id-auth is the file written
auth_b64=$(printf '%s' "$out" | head -1 | sed 's/.*id-auth=\([^,]*\).*/\1/')
[ "$(printf %s "$auth_b64" | base64 -d | sha256sum)" = "$(sha256sum <"$TMP/a")" ] && ok ||
	bad "printed id-auth differs from --id-auth-out"
# sev-snp-measure's own ID_AUTH of that block verifies the same way
check_auth "$S/generated_id_block.bin" "$S/generated_id_auth.bin" "$S/id_key_test.pem" \
	"$S/author_key_test.pem" && ok || bad "sev-snp-measure's ID_AUTH"
# signatures are randomized: a second run signs differently
run idblock create --measurement "$LD_B64" --id-key "$S/id_key_test.pem" \
	--author-key "$S/author_key_test.pem" --id-auth-out "$TMP/a2"
cmp -s "$TMP/a" "$TMP/a2" && bad "two ID_AUTHs are equal" || ok

# the same digest in hex, and JSON
LD_HEX=$(printf %s "$LD_B64" | base64 -d | od -An -v -tx1 | tr -d ' \n')
run idblock create --measurement "$LD_HEX" --id-key "$S/id_key_test.pem" --json
expect_json 'd["id_block"] == "'$BLOCK_B64'" and d["measurement"] == "'$LD_HEX'"'
expect_json 'd["id_key_digest_base64"] == "hwt+NcU/inLQ0yL3WrKvgmJ5Kq9leWIs5BMcPyHyied8sFYKXjuQs5MuZ07HCcsU"'
expect_json 'd["author_key_digest"] is None and d["author_key_enabled"] is False'
expect_json 'd["qemu"] == "id-block=" + d["id_block"] + ",id-auth=" + d["id_auth"]'
expect_json 'd["policy"] == "0x30000" and d["guest_svn"] == 0 and d["family_id"] == "00" * 16'
printf '%s' "$out" | python3 -c 'import base64, json, sys; d = json.load(sys.stdin)
open(sys.argv[1], "wb").write(base64.b64decode(d["id_block"]))
open(sys.argv[2], "wb").write(base64.b64decode(d["id_auth"]))' "$TMP/b1" "$TMP/a1"
check_auth "$TMP/b1" "$TMP/a1" "$S/id_key_test.pem" && ok || bad "ID_AUTH without author key"
run idblock create --measurement "0x$LD_HEX" --id-key "$S/id_key_test.pem"
expect_rc 0
expect_no_out "author"

# 2b: virtee/sev test_id_block_and_key_digests
run idblock create --measurement a14d638341e5674628fe1e02fbedebe5e5ab4faf1dd72d8966068e615bb99efd13d214b35c231715b38e263dc6059745 \
	--id-key "$W/virtee-sev_idblock_test_id_key.pem" --author-key "$W/virtee-sev_idblock_test_auth_key.pem" \
	--id-block-out "$TMP/vb" --id-auth-out "$TMP/va" --json
expect_same_file "$TMP/vb" "$W/virtee-sev_idblock_expected_id_block.bin"
expect_json 'd["id_key_digest_base64"] == "WfssaG36T+9J84M5qndckAUcKNVzg93DuvO160sUlt87DbvcuuX+J2d6ZEggdz/i"'
expect_json 'd["author_key_digest_base64"] == "7tgRafsMteDsNHlPEo/U4MSkb2fGWhrfqB/LJLzAiMJyNpt//D6ytq9qQoShs2xf"'
check_auth "$TMP/vb" "$TMP/va" "$W/virtee-sev_idblock_test_id_key.pem" \
	"$W/virtee-sev_idblock_test_auth_key.pem" && ok || bad "virtee keys ID_AUTH"
# virtee's fixed ID_AUTH has the same public keys where ours has them
cmp -s <(head -c $((0x680)) "$TMP/va" | tail -c +$((0x241))) \
	<(head -c $((0x680)) "$W/virtee-sev_idblock_test_auth_block.bin" | tail -c +$((0x241))) && ok ||
	bad "ID key field differs from virtee's ID_AUTH"

# the optional fields land where the ABI puts them
run idblock create --measurement "$LD_B64" --id-key "$S/id_key_test.pem" \
	--family-id 00112233445566778899aabbccddeeff --image-id 0xffeeddccbbaa99887766554433221100 \
	--svn 7 --policy 0xb0000 --id-block-out "$TMP/fb"
expect_rc 0
python3 - "$TMP/fb" "$LD_HEX" <<'EOF' && ok || bad "ID block fields"
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:48].hex() == sys.argv[2]
assert b[48:64].hex() == "00112233445566778899aabbccddeeff"
assert b[64:80].hex() == "ffeeddccbbaa99887766554433221100"
assert struct.unpack("<IIQ", b[80:96]) == (1, 7, 0xb0000)
EOF

# side by side with sev-snp-measure's snp-create-id-block, when its source is at hand
PEER=${SEV_SNP_MEASURE:+$(dirname "$SEV_SNP_MEASURE")/snp-create-id-block.py}
if [ -n "$PEER" ] && [ -f "$PEER" ]; then
	ld=$(head -c 48 /dev/urandom | base64)
	want=$(python3 "$PEER" --measurement "$ld" --idkey "$S/id_key_test.pem" \
		--authorkey "$S/author_key_test.pem")
	run idblock create --measurement "$ld" --id-key "$S/id_key_test.pem" \
		--author-key "$S/author_key_test.pem" --json
	expect_json 'd["id_block"] == "'"$(printf '%s' "$want" | sed -n 's/^id-block=\([^,]*\),.*/\1/p')"'"'
	expect_json 'd["id_key_digest_base64"] == "'"$(printf '%s' "$want" | sed -n 's/^id_key_hash: //p')"'"'
	expect_json 'd["author_key_digest_base64"] == "'"$(printf '%s' "$want" | sed -n 's/^author_key: //p')"'"'
fi

# refusals
run idblock create --id-key "$S/id_key_test.pem"
expect_rc 2
run idblock create --measurement "$LD_B64"
expect_rc 2
run idblock create --measurement "${LD_HEX:2}" --id-key "$S/id_key_test.pem"
expect_rc 2
expect_err "96 hex digits or the base64"
run idblock create --measurement "$(head -c 47 /dev/zero | base64)" --id-key "$S/id_key_test.pem"
expect_rc 2
run idblock create --measurement "$LD_B64" --id-key "$S/id_key_test.pem" --family-id 0011
expect_rc 2
expect_err "32 hex digits"
run idblock create --measurement "$LD_B64" --id-key "$S/id_key_test.pem" --image-id xyz
expect_rc 2
run idblock create --measurement "$LD_B64" --id-key "$S/id_key_test.pem" --svn 4294967296
expect_rc 2
run idblock create --measurement "$LD_B64" --id-key "$S/id_key_test.pem" --policy 0x10000
expect_rc 2
expect_err "valid SEV-SNP guest policy"
run idblock create --measurement "$LD_B64" --id-key "$S/id_key_test.pem" extra
expect_rc 2
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$TMP/rsa.pem" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$TMP/p256.pem" 2>/dev/null
openssl pkey -in "$S/id_key_test.pem" -aes256 -passout pass:secret -out "$TMP/enc.pem" 2>/dev/null
for k in rsa:"not an EC P-384 private key" p256:"not an EC P-384 private key" \
	enc:"not an unencrypted PEM private key"; do
	run idblock create --measurement "$LD_B64" --id-key "$TMP/${k%%:*}.pem" --id-block-out "$TMP/x"
	expect_rc 3
	[ "$err" = "sevkit idblock create: $TMP/${k%%:*}.pem: ${k#*:}" ] && ok ||
		bad "the key file is not named in one line"
	expect_absent "$TMP/x"
done
# a damaged key file: its private scalar (SEC1, at byte 8) no longer gives its public point
python3 - "$S/id_key_test.pem" "$TMP/pair.pem" <<'EOF'
import base64, sys, textwrap
lines = open(sys.argv[1]).read().split("\n")
der = bytearray(base64.b64decode("".join(lines[1:-2])))
assert der[6:8] == b"\x04\x30"
der[8] ^= 1
body = "\n".join(textwrap.wrap(base64.b64encode(der).decode(), 64))
open(sys.argv[2], "w").write(lines[0] + "\n" + body + "\n" + lines[-2] + "\n")
EOF
run idblock create --measurement "$LD_B64" --id-key "$TMP/pair.pem"
expect_rc 3
expect_err "$TMP/pair.pem: the private key does not match its public key"
run idblock create --measurement "$LD_B64" --id-key "$S/id_key_test.pem" --author-key "$S/generated_id_block.bin"
expect_rc 3
run idblock create --measurement "$LD_B64" --id-key "$TMP/missing.pem"
expect_rc 2
# all or nothing: a file that cannot be written leaves none
run idblock create --measurement "$LD_B64" --id-key "$S/id_key_test.pem" \
	--id-block-out "$TMP/ok.bin" --id-auth-out "$TMP/no/such/dir/a.bin"
[ "$rc" -ne 0 ] && ok || bad "write into a missing directory succeeded"
expect_absent "$TMP/ok.bin"
finish
