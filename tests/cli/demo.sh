#!/usr/bin/env bash
# scripts/demo, step by step: the same commands on the same data, their verdicts checked (exit
# codes and JSON fields, not the demo's text) against known answers: the recorded hosts, AMD's
# real chain, veritysetup's root hash, sev-snp-measure's digest, the real report's fields and the
# secrets planted in the memscan dump (tests/vectors/memscan/MANIFEST.md). Then the demo itself,
# which must exit 0 (it fails when a command it expects to be refused is not).
. "$(dirname "$0")/lib.sh"
V=$(cd "$V" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# --- 1. host readiness: a recorded Milan host passes every check; this machine has no SEV ---
run host ok --json --host-record "$V/host/milan-epyc-7713-asids.json"
expect_rc 0
expect_json 'd["result"]=="PASS" and d["features"]==["sev","es","snp"]'
expect_json 'd["cpu"]["generation"]=="Milan"'
# every check of the tree, at any depth, passed
expect_json 'set((lambda f: f(f, d["checks"]))(lambda f, cs: [s for c in cs
	for s in [c["state"]] + f(f, c.get("children") or [])]))=={"PASS"}'
if [ ! -e /dev/sev ]; then
	# a machine without SEV (here a KVM guest): exit 1, FAIL, and a reason
	run host ok --json
	expect_rc 1
	expect_json 'd["result"]=="FAIL" and d["reason"]'
fi

# --- 2. AMD's chain: verified, then refused with one flipped byte in the CEK's signature ---
run cert verify --json "$V/sev/derived/rome.fullchain"
expect_rc 0
expect_json 'd["verified"] and d["generation"]=="rome" and len(d["links"])==7'
expect_json 'all(l["status"]=="ok" for l in d["links"])'
cp "$V/sev/derived/rome.fullchain" "$TMP/rome.fullchain"
printf '\x81' | dd of="$TMP/rome.fullchain" bs=1 seek=$((0x1ca8)) conv=notrunc status=none
# one byte differs, inside the CEK's first signature (CEK at 0x186c, signature at +0x41c)
# cmp -l: the 1-based offset, then the old and the new byte in octal
[ "$(cmp -l "$V/sev/derived/rome.fullchain" "$TMP/rome.fullchain" | xargs)" = "$((0x1ca8 + 1)) 176 201" ] &&
	ok || bad "the flip is not the one byte at 0x1ca8 (0x7e -> 0x81)"
run cert verify --json "$TMP/rome.fullchain"
expect_rc 1
expect_json 'not d["verified"]'
expect_json '[(l["signer"], l["signee"], l["reason"]) for l in d["links"] if l["status"]!="ok"]
	==[("ASK", "CEK", "the signature does not verify")]'
expect_err "ASK -> CEK: failed"

# --- 3. sealing: dm-verity over a 4 MiB image, then the kernel command line ---
seq -f %07g 0 524287 >"$TMP/disk.img"
[ "$(stat -c %s "$TMP/disk.img")" = 4194304 ] && ok || bad "the image is not 4 MiB"
SALT=7365766b69742d64656d6f
UUID=5e5e5e5e-0000-4000-8000-000000000001
# veritysetup 2.6.1 format with the same salt and UUID gives this root hash
ROOT_HASH=44bad1cb669920808c36db2ee84e5d3506200818915c71308c85c332b304dabd
run verity format --json --salt $SALT --uuid $UUID --root-hash-file "$TMP/root.hex" \
	"$TMP/disk.img" "$TMP/disk.verity"
expect_rc 0
expect_json "d['root_hash']=='$ROOT_HASH' and d['data_blocks']==1024 and d['salt']=='$SALT'"
[ "$(cat "$TMP/root.hex")" = $ROOT_HASH ] && ok || bad "root.hex differs"
VERITYSETUP=${VERITYSETUP:-/sbin/veritysetup}
if [ -x "$VERITYSETUP" ]; then
	current="veritysetup format"
	"$VERITYSETUP" format --salt $SALT --uuid $UUID "$TMP/disk.img" "$TMP/peer.verity" >/dev/null &&
		ok || bad "veritysetup format failed"
	expect_same_file "$TMP/disk.verity" "$TMP/peer.verity"
fi
run verity verify "$TMP/disk.img" "$TMP/disk.verity" $ROOT_HASH
expect_rc 0
run verity cmdline --json --data-device /dev/vda --hash-device /dev/vdb \
	--root-hash-file "$TMP/root.hex" "$TMP/disk.verity"
expect_rc 0
expect_json "d['table'].split()==['0','8192','verity','1','/dev/vda','/dev/vdb','4096','4096',
	'1024','1','sha256','$ROOT_HASH','$SALT','1','panic_on_corruption']"
expect_json 'd["dm_mod"]=="dm-mod.create=\"vroot,,,ro," + d["table"] + "\" root=/dev/dm-0"'
run verity cmdline --data-device /dev/vda --hash-device /dev/vdb \
	--root-hash-file "$TMP/root.hex" "$TMP/disk.verity"
expect_rc 0
CMDLINE=$out

# --- 4. the SNP launch digest of that boot, as reference values ---
# sev-snp-measure 0.0.13, same options and files, gives this digest
DIGEST=d07a608c569f09b71dba74b1740013f56a0f16eda22358873e94cb395fad9577
DIGEST+=da969a549492a5be78b7a4ca1b0a3be6
KERNEL=$V/sev/sevctl_tests_data_measurement_vmlinuz-fake
INITRD=$V/sev/sevctl_tests_data_measurement_initrd-fake
run measure snp --vcpus 2 --vcpu-type EPYC-Milan \
	--ovmf "$V/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin" \
	--kernel "$KERNEL" --initrd "$INITRD" --append "$CMDLINE" --json
expect_rc 0
printf '%s' "$out" >"$TMP/reference.json"
expect_json "d['measurement']=='$DIGEST' and d['mode']=='snp' and d['policy']=='0x30000'"
expect_json "d['inputs']['kernel']['sha256']=='$(sha256sum <"$KERNEL" | cut -c1-64)'"
expect_json "d['inputs']['initrd']['sha256']=='$(sha256sum <"$INITRD" | cut -c1-64)'"
printf '%s' "$CMDLINE" >"$TMP/cmdline"
expect_json "d['inputs']['append']==open('$TMP/cmdline').read()"

# --- 3 and 4 in one step, as the demo does it: sevkit seal gives veritysetup's tree (with the
# UUID seal chose), the same command line, and sev-snp-measure's digest of that boot ---
run seal --image "$TMP/disk.img" --salt $SALT --ovmf "$V/snp/sev-snp-measure/ovmf_AmdSev_suffix.bin" \
	--kernel "$KERNEL" --initrd "$INITRD" --vcpus 2 --vcpu-type EPYC-Milan --out "$TMP/sealed"
expect_rc 0
[ "$(cat "$TMP/sealed/root-hash")" = $ROOT_HASH ] && ok || bad "sealed root hash differs"
[ "$(cat "$TMP/sealed/cmdline")" = "$CMDLINE" ] && ok || bad "sealed command line differs"
SEAL_UUID=$(python3 -c "import json; print(json.load(open('$TMP/sealed/manifest.json'))['verity']['uuid'])")
if [ -x "$VERITYSETUP" ]; then
	current="veritysetup format --uuid $SEAL_UUID"
	"$VERITYSETUP" format --salt $SALT --uuid "$SEAL_UUID" "$TMP/disk.img" "$TMP/peer2.verity" \
		>/dev/null && ok || bad "veritysetup format failed"
	expect_same_file "$TMP/sealed/verity.hash" "$TMP/peer2.verity"
fi
python3 -c "import json, sys; d = json.load(open('$TMP/sealed/reference.json'))
sys.exit(d['measurement'] != '$DIGEST')" && ok || bad "sealed measurement is not sev-snp-measure's"

# --- 5. a real SNP report under a policy it meets, then under one it does not ---
R=$V/snp/go-sev-guest_attestation.bin
REAL=(--vcek "$V/snp/go-sev-guest_vcek_milan.der" --at 2025-01-01)
# the report's own measurement and TCB (go-sev-guest's test report, its debug bit set)
MEAS=b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b
MEAS+=6bdf8a9ece31a5a608eb0cf2e4872b01
cat >"$TMP/policy.json" <<EOF
{
  "measurement": "$MEAS",
  "product": "Milan",
  "min_tcb": "bl=2,tee=0,snp=5,ucode=68",
  "vmpl": 0,
  "allow_debug": true
}
EOF
cat >"$TMP/strict.json" <<'EOF'
{ "min_tcb": "bl=3,tee=0,snp=8,ucode=115", "allow_debug": false }
EOF
run report verify --json "${REAL[@]}" --policy-file "$TMP/policy.json" "$R"
expect_rc 0
expect_json 'd["verified"] and d["signature_valid"] and d["checks_passed"] and d["failures"]==[]'
expect_json 'd["product"]=="Milan" and d["vek"]["product_name"]=="Milan-B0"'
run report verify --json "${REAL[@]}" --policy-file "$TMP/strict.json" "$R"
expect_rc 1
expect_json 'd["signature_valid"] and not d["verified"]'
expect_json 'sorted(f["check"] for f in d["failures"])==["debug","min_tcb"]'
# with step 4's reference values (another guest): its measurement and policy fail too
run report verify --json "${REAL[@]}" --reference "$TMP/reference.json" \
	--policy-file "$TMP/strict.json" "$R"
expect_rc 1
expect_json 'd["signature_valid"] and not d["verified"]'
expect_json 'sorted(f["check"] for f in d["failures"])==["debug","measurement","min_tcb","policy"]'
expect_json "[f['expected'] for f in d['failures'] if f['check']=='measurement']==['$DIGEST']"

# --- 6. memory: the planted secret is found in a plain guest's dump, nothing in ciphertext ---
SECRET=SECRET_CANARY_7f3a9c2e1b5d
run memscan scan --json -C 0 --entropy --secret $SECRET "$V/memscan/qemu.kdump"
expect_rc 1
# where MANIFEST.md says plant.bin put them
expect_json '[h["guest_physical"] for h in d["hits"] if h["kind"]=="secret"]==["0x1001083"]'
expect_json '[h["guest_physical"] for h in d["hits"]
	if h["name"]=="aws-access-key-id"]==["0x10010b2"]'
expect_json 'd["entropy"]["encrypted_pages"]==0'
head -c 4M /dev/zero | openssl enc -aes-256-ctr -nosalt \
	-K 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
	-iv 00000000000000000000000000000000 >"$TMP/encrypted.raw"
[ "$(stat -c %s "$TMP/encrypted.raw")" = 4194304 ] && ok || bad "the ciphertext is not 4 MiB"
run memscan scan --json -C 0 --entropy --secret $SECRET "$TMP/encrypted.raw"
expect_rc 0
expect_json 'd["total_hits"]==0 and d["hits"]==[]'
expect_json 'd["entropy"]["pages"]==1024 and d["entropy"]["encrypted_pages"]==1024'
# the same bytes with the secret written in the clear: found, so the 0 above means something
cp "$TMP/encrypted.raw" "$TMP/leaky.raw"
printf '%s' $SECRET | dd of="$TMP/leaky.raw" bs=1 seek=$((0x12345)) conv=notrunc status=none
run memscan scan --json -C 0 --secret $SECRET "$TMP/leaky.raw"
expect_rc 1
expect_json '[h["address"] for h in d["hits"] if h["kind"]=="secret"]==["0x12345"]'

# --- the demo itself: every command it expects to succeed does, every refusal exits 1 ---
current="scripts/demo"
mkdir "$TMP/demo-tmp"
out=$(cd / && TMPDIR="$TMP/demo-tmp" SEVKIT="$SEVKIT" "$ROOT/scripts/demo" 2>"$TMP/.stderr")
rc=$?
err=$(cat "$TMP/.stderr")
expect_rc 0
[ -z "$(ls -A "$TMP/demo-tmp")" ] && ok || bad "the demo left its temp dir behind"
finish
