#!/usr/bin/env bash
# sevkit seal on a scaled-down disk with a GPT root partition, with the parameters of a real
# sealed enclave image (format 1, 4096-byte blocks, hash offset 0, a zero salt): the hash
# device equals veritysetup's on the partition cut out with dd; veritysetup verifies the data
# with the values the command line carries; the digest equals `sevkit measure snp` run by
# hand on the same inputs; the ID block equals `sevkit idblock create`'s and its signature
# verifies with python3-cryptography; the root hash signature verifies with `openssl cms`;
# reference.json is taken by report verify and kbs policy put; rvps.json decodes to trustee's
# form; a second seal gives the same bytes; a failed seal leaves nothing; a qcow2 image seals
# through qemu-storage-daemon's FUSE export. Skipped (77) without veritysetup or sfdisk.
VERITYSETUP=${VERITYSETUP:-/sbin/veritysetup}
SFDISK=${SFDISK:-/sbin/sfdisk}
for tool in "$VERITYSETUP" "$SFDISK"; do
	if [ ! -x "$tool" ]; then
		echo "SKIP: $tool not installed"
		exit 77
	fi
done
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
D=$V/snp/sev-snp-measure
SALT=0000000000000000000000000000000000000000000000000000000000000000
APPEND="console=ttyS0 loglevel=4"
LAUNCH=(--ovmf "$D/ovmf_AmdSev_suffix.bin" --kernel "$D/made_up_kernel.bin"
	--initrd "$D/made_up_initrd.bin" --vcpus 2 --vcpu-type EPYC-Milan)
BLYSS=(--format 1 --data-block-size 4096 --hash-block-size 4096 --hash-offset 0 --salt $SALT)

# a GPT disk: an EFI-sized partition, then the root, sparse with data in two places
truncate -s 96M disk.img
printf 'label: gpt\nsize=8MiB, type=U\nsize=64MiB, type=L\n' | "$SFDISK" -q disk.img
read -r start size < <("$SFDISK" -d disk.img | awk '/disk.img2/ {gsub(",", ""); print $4, $6}')
head -c $((9 << 20)) /dev/urandom | dd of=disk.img bs=512 seek="$start" conv=notrunc 2>/dev/null
head -c $((3 << 20)) /dev/urandom |
	dd of=disk.img bs=512 seek=$((start + 81920)) conv=notrunc 2>/dev/null
dd if=disk.img of=part.img bs=512 skip="$start" count="$size" 2>/dev/null

run seal --image disk.img --partition 2 "${BLYSS[@]}" "${LAUNCH[@]}" --append "$APPEND" \
	--out sealed
expect_rc 0
root=$(cat sealed/root-hash)
cmdline=$(cat sealed/cmdline)
uuid=$(python3 -c 'import json; print(json.load(open("sealed/manifest.json"))["verity"]["uuid"])')

# ---- the hash device is veritysetup's, byte for byte
vroot=$("$VERITYSETUP" format "${BLYSS[@]}" --uuid="$uuid" part.img v.hash |
	sed -n 's/^Root hash:\s*//p')
[ "$vroot" = "$root" ] && ok || bad "root hash $root, veritysetup's $vroot"
expect_same_file sealed/verity.hash v.hash

# ---- the command line carries what opens it: veritysetup verify with those values only
[ "${cmdline#"$APPEND "}" != "$cmdline" ] && ok || bad "the command line does not start with --append"
read -r blocks hash_start salt_cl root_cl < <(python3 - "$cmdline" <<'PY'
import re, sys
t = re.search(r'dm-mod.create="vroot,,,ro,0 (\d+) verity (.*)" root=/dev/dm-0$', sys.argv[1])
f = t.group(2).split()
# version data hash dbs hbs data_blocks hash_start alg root salt ...
assert f[0] == "1" and f[1] == "/dev/vda2" and f[2] == "/dev/vdb", f
assert int(t.group(1)) == int(f[5]) * 8
print(f[5], f[6], f[9], f[8])
PY
)
[ "$root_cl" = "$root" ] && [ "$salt_cl" = "$SALT" ] && ok || bad "table: root $root_cl salt $salt_cl"
"$VERITYSETUP" verify --no-superblock --format 1 --data-block-size 4096 --hash-block-size 4096 \
	--data-blocks "$blocks" --hash-offset $((hash_start * 4096)) --salt "$salt_cl" \
	part.img sealed/verity.hash "$root_cl" >/dev/null 2>&1 && ok ||
	bad "veritysetup verify with the command line's values fails"
flip_byte part.img $((5 << 20))
"$VERITYSETUP" verify --no-superblock --data-blocks "$blocks" --hash-offset $((hash_start * 4096)) \
	--salt "$salt_cl" part.img sealed/verity.hash "$root_cl" >/dev/null 2>&1 &&
	bad "veritysetup verify accepts a changed partition" || ok

# ---- the digest is sevkit measure's with that exact command line
run measure snp "${LAUNCH[@]}" --append "$cmdline"
expect_rc 0
measured=$out
python3 - "$measured" <<'PY' && ok || bad "manifest/reference measurement is not measure's $measured"
import base64, json, sys
m = sys.argv[1]
man = json.load(open("sealed/manifest.json"))
ref = json.load(open("sealed/reference.json"))
assert man["measurement"] == m and ref["measurement"] == m, (man["measurement"], ref["measurement"])
assert ref["measurement_base64"] == base64.b64encode(bytes.fromhex(m)).decode()
assert ref["inputs"]["append"] == open("sealed/cmdline").read()
rv = json.load(open("sealed/rvps.json"))
assert rv["version"] == "0.1.0" and rv["type"] == "sample", rv
payload = json.loads(base64.b64decode(rv["payload"]))
assert payload == {"snp_launch_measurement": [base64.b64encode(bytes.fromhex(m)).decode()]}
PY
# every input by SHA-384, every output by SHA-384
python3 - "$D" <<'PY' && ok || bad "manifest digests"
import hashlib, json, os, sys
man = json.load(open("sealed/manifest.json"))
sha = lambda p: hashlib.sha384(open(p, "rb").read()).hexdigest()
for k, f in [("ovmf", "ovmf_AmdSev_suffix.bin"), ("kernel", "made_up_kernel.bin"),
             ("initrd", "made_up_initrd.bin")]:
    assert man["inputs"][k]["sha384"] == sha(os.path.join(sys.argv[1], f)), k
for name, o in man["outputs"].items():
    assert o["sha384"] == sha("sealed/" + name), name
assert set(man["outputs"]) == set(os.listdir("sealed")) - {"manifest.json", "verity.hash"}
assert man["verity"]["hash_device_sha384"] == sha("sealed/verity.hash")
PY

# ---- the reference values are a document report verify and the broker take
run report verify --at=2025-01-01 --vcek "$V/snp/go-sev-guest_vcek_milan.der" \
	--allow-debug --reference sealed/reference.json "$V/snp/go-sev-guest_attestation.bin"
expect_rc 1
expect_out "FAIL measurement: expected $measured"
run kbs policy put --db "sqlite:$TMP/kbs.db" sealed sealed/reference.json
expect_rc 0

# ---- reproducible: the same inputs, the same bytes
run seal --image disk.img --partition 2 "${BLYSS[@]}" "${LAUNCH[@]}" --append "$APPEND" \
	--out again
expect_rc 0
diff -r sealed again >/dev/null && ok || bad "a second seal differs"
run seal --image disk.img --partition 2 "${BLYSS[@]}" "${LAUNCH[@]}" --append "$APPEND" \
	--out sealed
expect_rc 2
expect_err "sealed: exists (replace it with --force)"

# ---- signed: an RSA root hash signature and an ID block
openssl req -x509 -newkey rsa:2048 -nodes -keyout sign.key -out sign.crt -subj /CN=seal \
	-days 2 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -subj /CN=other \
	-days 2 2>/dev/null
SIGNED=(--image disk.img --partition 2 "${BLYSS[@]}" "${LAUNCH[@]}" --append "$APPEND"
	--sign-key sign.key --sign-cert sign.crt --id-key "$D/id_key_test.pem"
	--author-key "$D/author_key_test.pem" --family-id 00112233445566778899aabbccddeeff
	--svn 7 --policy 0x30000)
run seal "${SIGNED[@]}" --out signed
expect_rc 0
openssl cms -verify -binary -inform DER -in signed/root-hash.p7s -content signed/root-hash \
	-CAfile sign.crt -certfile sign.crt -purpose any -out /dev/null 2>/dev/null && ok ||
	bad "openssl cms does not verify root-hash.p7s"
printf '%s' "${root%?}0" > other-root
[ "${root%?}0" != "$root" ] || printf '%s' "${root%?}1" > other-root
openssl cms -verify -binary -inform DER -in signed/root-hash.p7s -content other-root \
	-CAfile sign.crt -certfile sign.crt -purpose any -out /dev/null 2>/dev/null &&
	bad "openssl cms verifies the signature for another root hash" || ok
openssl cms -verify -binary -inform DER -in signed/root-hash.p7s -content signed/root-hash \
	-CAfile other.crt -certfile other.crt -purpose any -out /dev/null 2>/dev/null &&
	bad "openssl cms verifies the signature with another certificate" || ok
run verity verify --partition 2 --root-hash-signature signed/root-hash.p7s \
	--trusted-cert sign.crt disk.img signed/verity.hash "$root"
expect_rc 0
run verity verify --partition 2 --root-hash-signature signed/root-hash.p7s \
	--trusted-cert other.crt disk.img signed/verity.hash "$root"
expect_rc 1
run idblock create --measurement "$measured" --id-key "$D/id_key_test.pem" \
	--author-key "$D/author_key_test.pem" --family-id 00112233445566778899aabbccddeeff \
	--svn 7 --id-block-out idblock.bin
expect_rc 0
expect_same_file signed/id-block.bin idblock.bin
python3 - "$D" <<'PY' && ok || bad "id-auth.bin signatures"
import sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
block = open("signed/id-block.bin", "rb").read()
auth = open("signed/id-auth.bin", "rb").read()
le = lambda b: int.from_bytes(b, "little")
def check(pem, msg, sig):
    key = serialization.load_pem_private_key(open(sys.argv[1] + "/" + pem, "rb").read(), None)
    key.public_key().verify(encode_dss_signature(le(sig[:72]), le(sig[72:144])), msg,
                            ec.ECDSA(hashes.SHA384()))
# ID_AUTH (SNP ABI, SNP_LAUNCH_FINISH): ID_BLOCK_SIG at 0x40, ID_KEY at 0x240, ID_KEY_SIG at 0x680
check("id_key_test.pem", block, auth[0x40:0x240])
check("author_key_test.pem", auth[0x240:0x240 + 0x404], auth[0x680:0x880])
PY
run seal "${SIGNED[@]}" --out signed2
expect_rc 0
# the RSA signature is deterministic; only the ECDSA ones of id-auth.bin differ
diff -r -x id-auth.bin signed signed2 >/dev/null && ok || bad "a second signed seal differs"
python3 -c 'import json; o = json.load(open("signed/manifest.json"))["outputs"]
assert o["id-auth.bin"] == {"signature": True} and o["root-hash.p7s"] == {"signature": True}
import hashlib; i = json.load(open("signed/manifest.json"))["inputs"]
assert i["sign_cert"] == {"sha384": hashlib.sha384(open("sign.crt", "rb").read()).hexdigest()}' &&
	ok || bad "signatures are pinned in the manifest"

# ---- systemd form and a whole-file image, a hash device of the caller's
run seal --image part.img --systemd --hash-device own.hash "${LAUNCH[@]}" --out sd
expect_rc 0
expect_out "Sealed into"
grep -q '^roothash=[0-9a-f]\{64\} systemd.verity_root_data=/dev/vda systemd.verity_root_hash=/dev/vdb' \
	sd/cmdline && ok || bad "systemd command line: $(cat sd/cmdline)"
expect_absent sd/verity.hash
"$VERITYSETUP" verify part.img own.hash "$(cat sd/root-hash)" >/dev/null 2>&1 && ok ||
	bad "veritysetup does not verify the caller's hash device"

# ---- a failed seal leaves nothing: no directory, no hidden stage, no hash device
run seal --image disk.img --partition 9 "${LAUNCH[@]}" --out failed
expect_rc 2
expect_err "disk.img: no partition 9"
run seal --image disk.img --partition 2 --ovmf "$D/ovmf_AmdSev_suffix.bin" \
	--kernel missing-kernel --vcpus 1 --vcpu-type EPYC --out failed
expect_rc 2
expect_err "missing-kernel"
run seal --image part.img --hash-device new.hash "${LAUNCH[@]}" --policy 0x30000 \
	--id-key "$D/made_up_kernel.bin" --out failed
expect_rc 3
expect_absent failed
expect_absent new.hash
[ -z "$(find . -maxdepth 1 -name '.failed.*')" ] && ok || bad "a stage directory is left"
# a signing key that is no key fails after the tree: the new hash device goes too
run seal --image part.img --hash-device new.hash "${LAUNCH[@]}" --sign-key "$D/made_up_kernel.bin" \
	--sign-cert sign.crt --out failed
expect_rc 3
expect_err "signing key"
expect_absent failed
expect_absent new.hash
[ -z "$(find . -maxdepth 1 -name '.failed.*')" ] && ok || bad "a stage directory is left"
run seal --image disk.img "${LAUNCH[@]}" --out failed --vcpus 0
expect_rc 2

# ---- qcow2: the image as QEMU's block layer shows it, through a FUSE export (a machine without
# FUSE mounts cannot run this part, and says so)
command -v qemu-img >/dev/null && command -v qemu-storage-daemon >/dev/null && ok ||
	bad "qemu-img or qemu-storage-daemon missing (scripts/install-deps --test)"
qemu-img convert -f raw -O qcow2 part.img part.qcow2
touch view
if [ -e /dev/fuse ] && qemu-storage-daemon \
	--blockdev driver=file,node-name=f,filename=part.qcow2,read-only=on \
	--blockdev driver=qcow2,node-name=q,file=f,read-only=on \
	--export type=fuse,id=e,node-name=q,mountpoint=view,writable=off \
	--daemonize --pidfile qsd.pid 2>qsd.err; then
	run seal --image view "${LAUNCH[@]}" --out viaqcow
	expect_rc 0
	run seal --image part.img "${LAUNCH[@]}" --out viaraw
	expect_rc 0
	diff -r -x manifest.json viaqcow viaraw >/dev/null && ok || bad "the qcow2 seal differs"
	kill "$(cat qsd.pid)"
	for _ in 1 2 3 4 5 6 7 8 9 10; do umount view 2>/dev/null && break; sleep 0.2; done
else
	echo "note: no FUSE mount here ($(cat qsd.err 2>/dev/null)): the qcow2 case did not run"
fi
finish
