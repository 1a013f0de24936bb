#!/usr/bin/env bash
# sevkit verity format / verify / dump / cmdline against veritysetup 2.6.1's own files
# (tests/vectors/verity: variants.psv, MANIFEST.md, hash/, out/).
. "$(dirname "$0")/lib.sh"

VV=$V/verity
W=$TMP/w
mkdir -p "$W/hash"
cd "$W" || exit 1
for img in blk1 blk128 blk129 odd-1000000 zero-1M ext4-64M; do
	ln -s "$VV/$img.img" .
done
# rand-64M.img is not shipped: regenerate it as the MANIFEST says.
openssl enc -aes-256-ctr -K "$(printf '01%.0s' $(seq 32))" -iv 00000000000000000000000000000000 \
	-nosalt -in /dev/zero 2>/dev/null | head -c 67108864 > rand-64M.img
current="regenerate rand-64M.img"
[ "$(sha256sum rand-64M.img | cut -d' ' -f1)" = "$(grep ' rand-64M.img$' "$VV/SHA256SUMS" | cut -d' ' -f1)" ] \
	&& ok || bad "rand-64M.img does not match SHA256SUMS"

# Full sha256 of a variant's hash file, from the MANIFEST's table.
manifest_sha() { grep "^| $1 " "$VV/MANIFEST.md" | head -1 | awk -F'|' '{print $6}' | tr -d ' `'; }
option() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^--$2=//p"; }

# Every variant: the same command with veritysetup replaced by sevkit verity.
tested=0
while IFS='|' read -r name img cmd vrc root size sha16; do
	args=${cmd#veritysetup format }
	# sevkit refuses a data file that is not a block multiple unless told how many blocks
	if [ "${name#odd-}" != "$name" ]; then
		bs=$(option "$args" data-block-size)
		args="$args --data-blocks=$((1000000 / ${bs:-4096}))"
	fi
	# shellcheck disable=SC2086
	run verity format $args
	expect_rc "$vrc"
	expect_stdout_file "$VV/out/$name.txt"
	expect_out "Root hash:      	$root"
	[ "$(stat -c %s "hash/$name.hash")" = "$size" ] && ok || bad "$name: hash file size"
	[ "$(sha256sum "hash/$name.hash" | cut -d' ' -f1)" = "$(manifest_sha "$name")" ] \
		&& ok || bad "$name: hash file differs from veritysetup's"
	[ -f "$VV/hash/$name.hash" ] && expect_same_file "hash/$name.hash" "$VV/hash/$name.hash"
	# FEC parity: its sha256 from the MANIFEST's list of parity files
	if [ -f "hash/$name.fec" ]; then
		want=$(grep -o "hash/$name.fec\` ([0-9]* bytes, sha256 \`[0-9a-f]*" "$VV/MANIFEST.md" | sed 's/.*`//')
		[ -n "$want" ] && [ "$(sha256sum "hash/$name.fec" | cut -d' ' -f1)" = "$want" ] \
			&& ok || bad "$name: FEC parity differs from veritysetup's"
	fi
	tested=$((tested + 1))
done < "$VV/variants.psv"
current="variants tested"
[ "$tested" -eq 75 ] && ok || bad "$tested variants tested, expected 75"
[ -f hash/rand-64M.fec24.fec ] && ok || bad "no FEC file written"

Z64=0000000000000000000000000000000000000000000000000000000000000000
U=12345678-1234-1234-1234-123456789abc
SEED="--format=1 --data-block-size=4096 --hash-block-size=4096 --hash-offset=0 --salt=$Z64 --uuid=$U"
R129=7ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a

# Data and hash in one file (combined-1M.img): data, then superblock and tree from 1 MiB.
# HASH exists (it is DATA): written into only with --force.
head -c 1048576 "$VV/combined-1M.img" > combined-1M.img
truncate -s 2M combined-1M.img
cp combined-1M.img combined.orig
run verity format --data-blocks=256 --hash-offset=1048576 --salt=$Z64 --uuid=$U combined-1M.img combined-1M.img
expect_rc 2
expect_err "combined-1M.img: exists; use --force"
expect_same_file combined-1M.img combined.orig
run verity format --force --data-blocks=256 --hash-offset=1048576 --salt=$Z64 --uuid=$U combined-1M.img combined-1M.img
expect_rc 0
expect_stdout_file "$VV/out/combined-1M.txt"
expect_same_file combined-1M.img "$VV/combined-1M.img"
run verity verify --hash-offset=1048576 combined-1M.img combined-1M.img 7493d82c6f07a56823a3e51937fb625780e3089dabc0d8beb571f24664e73668
expect_rc 0

# --json, -q and --root-hash-file
run verity format $SEED --json --root-hash-file=root.txt blk129.img j.hash
expect_rc 0
expect_json "d['root_hash']=='$R129' and d['data_blocks']==129 and d['hash_blocks']==3 and d['levels']==2 and d['hash_start_block']==1 and d['hash_device_size']==16384 and d['uuid']=='$U' and d['salt']=='$Z64' and d['superblock']"
[ "$(cat root.txt)" = "$R129" ] && ok || bad "root.txt content"
expect_file_hex root.txt "$(printf '%s' "$R129" | od -An -v -tx1 | tr -d ' \n')"
run verity format $SEED -q blk129.img q.hash
expect_rc 0
[ -z "$out" ] && ok || bad "-q printed output"
expect_same_file q.hash "$VV/hash/blk129.seed.hash"
# defaults: random salt and UUID, different each time
run verity format --json blk129.img r1.hash
expect_json "len(d['salt'])==64 and d['uuid'][14]=='4'"
salt1=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["salt"])')
run verity format --json blk129.img r2.hash
expect_no_out "$salt1"

# Bad input: clear error, nothing written.
run verity format $SEED odd-1000000.img bad.hash
expect_rc 3
expect_err "not a multiple of the data block size 4096"
expect_err "--data-blocks=244"
expect_absent bad.hash
run verity format $SEED --data-blocks=130 blk129.img bad.hash
expect_rc 3
expect_err "too small for 130 data blocks"
expect_absent bad.hash
run verity format $SEED --hash=crc32 blk129.img bad.hash
expect_rc 2
expect_err "crc32 is not supported"
expect_absent bad.hash
# an algorithm sevkit does not offer is a bad option value (2), as any other
run verity format $SEED --hash=md5 blk129.img bad.hash
expect_rc 2
expect_err "hash algorithm md5 is not supported"
expect_absent bad.hash
run verity verify --hash=md5 blk129.img hash/blk129.seed.hash $R129
expect_rc 2
run verity format $SEED --format=2 blk129.img bad.hash
expect_rc 3
expect_err "hash type 2"
expect_absent bad.hash
run verity format $SEED --hash-offset=1000 blk129.img bad.hash
expect_rc 2
expect_err "not a multiple of 512"
run verity format $SEED --data-block-size=3000 blk129.img bad.hash
expect_rc 2
expect_err "unsupported data block size 3000"
run verity format --salt=xyz blk129.img bad.hash
expect_rc 2
run verity format --salt="$(printf '00%.0s' $(seq 257))" blk129.img bad.hash
expect_rc 2
expect_err "at most 256"
run verity format --uuid=not-a-uuid blk129.img bad.hash
expect_rc 2
run verity format --fec-device=bad.fec --fec-roots=25 blk129.img bad.hash
expect_rc 2
expect_err "invalid number of parity bytes 25"
expect_absent bad.fec
expect_absent bad.hash
run verity format --fec-device=bad.fec --hash-block-size=512 blk129.img bad.hash
expect_rc 2
expect_err "FEC needs the data and hash block sizes to match"
run verity format --fec-device=bad.hash blk129.img bad.hash
expect_rc 2
expect_err "FEC on the data or hash device is not supported"
expect_absent bad.hash
run verity format --fec-roots=4 blk129.img bad.hash
expect_rc 2
expect_err "need --fec-device"
run verity format --json --fec-device=j.fec --fec-roots=4 blk129.img bad.hash
expect_rc 0
expect_json "d['fec']=={'device':'j.fec','roots':4,'offset':0,'blocks':4,'size':16384}"
rm -f bad.hash
run verity verify --fec-device=j.fec blk129.img hash/blk129.seed.hash $R129
expect_rc 2
expect_err "only format writes forward error correction data"
run verity format blk129.img
expect_rc 2
run verity format blk129.img /nonexistent-dir/bad.hash
expect_rc 4
expect_absent bad.hash
# Every output is opened before an existing hash file is touched: an unwritable
# --root-hash-file leaves it as it was, whether it would have grown or not.
head -c 100 /dev/urandom > small.hash
head -c 65536 /dev/urandom > large.hash
cp small.hash small.orig
cp large.hash large.orig
for h in small large; do
	run verity format $SEED --force --root-hash-file=/nonexistent-dir/root blk129.img $h.hash
	expect_rc 4
	expect_err "/nonexistent-dir/root"
	expect_same_file $h.hash $h.orig
	run verity format $SEED --force --root-hash-file=. blk129.img $h.hash
	expect_rc 4
	expect_same_file $h.hash $h.orig
done
ls ./*.tmp-* >/dev/null 2>&1 && bad "a temporary file was left behind" || ok
run verity format $SEED --root-hash-file=small.root blk129.img small.hash
expect_rc 2
expect_err "small.hash: exists; use --force to replace it"
expect_same_file small.hash small.orig
expect_absent small.root
run verity format $SEED --force --root-hash-file=small.root blk129.img small.hash
expect_rc 0
[ "$(cat small.root)" = "$R129" ] && ok || bad "small.root content"
expect_mode small.root 644
cp "$VV/blk129.img" same.img
run verity format --force --hash-offset=4096 same.img same.img
expect_rc 2
expect_err "overlaps with hash area"
expect_same_file same.img "$VV/blk129.img"
ls ./*.tmp-* >/dev/null 2>&1 && bad "a temporary file was left behind" || ok

# An existing larger hash file keeps its length and the bytes format does not write.
head -c 65536 /dev/urandom > big.hash
cp big.hash big.orig
run verity format $SEED -f blk129.img big.hash
expect_rc 0
[ "$(stat -c %s big.hash)" = 65536 ] && ok || bad "big.hash was truncated"
cmp -s <(head -c 16384 big.hash | tail -c 12288) <(tail -c 12288 "$VV/hash/blk129.seed.hash") && ok || bad "tree differs"
cmp -s <(tail -c +16385 big.hash) <(tail -c +16385 big.orig) && ok || bad "bytes past the tree changed"
cmp -s <(head -c 4096 big.hash | tail -c 3584) <(head -c 4096 big.orig | tail -c 3584) && ok || bad "superblock block tail changed"

# verify
run verity verify blk129.img hash/blk129.seed.hash $R129
expect_rc 0
expect_out "ok: blk129.img verifies against root hash $R129"
run verity verify --root-hash-file=root.txt blk129.img hash/blk129.seed.hash
expect_rc 0
run verity verify --json --threads=3 ext4-64M.img hash/ext4-64M.sha512.hash 7697d662ff98d949733f3f16bba968aa9e1f9388dc0f12ecabdd013c91853de1f61b46646c38de61b32c7a33de9d55d078f1580534cade2bb29b7824175102fb
expect_rc 0
expect_json "d['verified'] and d['failure'] is None and d['data_blocks']==16384 and d['hash_algorithm']=='sha512'"
run verity verify --no-superblock --salt=$Z64 blk129.img hash/blk129.seed-nosb.hash $R129
expect_rc 0
run verity verify --no-superblock --salt=$Z64 --hash=sha1 blk129.img hash/blk129.seed-nosb.hash $R129
expect_rc 2
expect_err "the root hash has 32 bytes, sha1 digests have 20"
run verity verify blk129.img hash/blk129.seed.hash 8ea1dc42782811b07c2381798ccfa9f996634037fd4991fbfd64c1ac3636942a
expect_rc 1
expect_err "root hash mismatch: the top-level hash block at offset 4096 of hash/blk129.seed.hash"
cp "$VV/blk129.img" bad.img
printf 'X' | dd of=bad.img bs=1 seek=$((77 * 4096 + 100)) conv=notrunc 2>/dev/null
run verity verify bad.img hash/blk129.seed.hash $R129
expect_rc 1
expect_err "data block 77 at offset 315392 of bad.img is corrupted"
run verity verify --json bad.img hash/blk129.seed.hash $R129
expect_rc 1
expect_json "not d['verified'] and d['failure']=={'area':'data','device':'bad.img','level':0,'block':77,'offset':315392}"
cp "$VV/hash/blk129.seed.hash" bad.hash
printf 'X' | dd of=bad.hash bs=1 seek=$((2 * 4096 + 5)) conv=notrunc 2>/dev/null
run verity verify blk129.img bad.hash $R129
expect_rc 1
expect_err "hash block 2 (level 0) at offset 8192 of bad.hash is corrupted"
run verity verify --hash=sha1 blk129.img hash/blk129.seed.hash $R129
expect_rc 2
expect_err "--hash sha1 does not match the superblock (sha256)"
run verity verify --data-blocks=100 blk129.img hash/blk129.seed.hash $R129
expect_rc 2
run verity verify blk129.img hash/blk129.seed.hash
expect_rc 2
run verity verify blk129.img hash/blk129.seed.hash nothex
expect_rc 2
# A root hash file that is empty or binary is bad input (3), and its bytes are not echoed.
: > empty.root
run verity verify --root-hash-file=empty.root blk129.img hash/blk129.seed.hash
expect_rc 3
expect_err "empty.root: empty file"
printf '\330\001\377\033[31m\000ab\n' > binary.root
printf '7ea1dc42 nothex\n' > words.root
for f in binary words; do
	run verity verify --root-hash-file=$f.root blk129.img hash/blk129.seed.hash
	expect_rc 3
	expect_err "$f.root is not a hexadecimal root hash"
	printf '%s' "$err" | LC_ALL=C grep -q '[^[:print:][:space:]]' && bad "raw bytes on stderr" || ok
	run verity cmdline --data-device=/dev/vda --hash-device=/dev/vdb --root-hash-file=$f.root hash/blk129.seed.hash
	expect_rc 3
	expect_err "$f.root is not a hexadecimal root hash"
done
printf '0x%s\n' "$R129" > prefixed.root
run verity verify --root-hash-file=prefixed.root blk129.img hash/blk129.seed.hash
expect_rc 0
run verity verify blk129.img hash/blk129.seed-nosb.hash $R129
expect_rc 3
expect_err "is not a valid VERITY device"
run verity verify blk128.img hash/blk129.seed.hash $R129
expect_rc 3
expect_err "too small for 129 data blocks"

# Exactly the blocks the tree covers are verified, as veritysetup and dm-verity do (the side by
# side runs are in verity-peer-inputs.sh); data after them is a note and a JSON field, never a
# failure.
head -c 8192 "$VV/blk129.img" > honest.img
run verity format $SEED --root-hash-file=honest.root honest.img honest.hash
expect_rc 0
HR=$(cat honest.root)
run verity verify honest.img honest.hash "$HR"
expect_rc 0
expect_out "(2 data blocks, 8192 bytes covered)"
expect_no_out "note:"
run verity verify --json honest.img honest.hash "$HR"
expect_json "d['verified'] and d['covered_bytes']==8192 and d['data_blocks']==2 and d['uncovered'] is None and d['data_blocks_from']=='superblock'"
# The root hash does not bind the number of data blocks: a superblock saying 1 over data whose
# block 0 is the real top hash block gives the real root. Verify says what it covered and what
# it did not; only the number the user expects (--data-blocks) refuses the superblock.
{ dd if=honest.hash bs=4096 skip=1 count=1 2>/dev/null; head -c 4096 /dev/urandom; } > forged.img
cp honest.hash forged.hash
printf '\001\000\000\000\000\000\000\000' | dd of=forged.hash bs=1 seek=72 conv=notrunc 2>/dev/null
current="forged superblock says one data block"
run verity dump --json forged.hash
expect_json "d['data_blocks']==1 and d['hash_blocks']==0"
run verity verify forged.img forged.hash "$HR"
expect_rc 0
expect_out "ok: forged.img verifies against root hash $HR (1 data blocks, 4096 bytes covered)"
expect_out "note: forged.img: the 4096 bytes from byte 4096 to the end at byte 8192 are not covered by the hash tree and were not verified; dm-verity exposes only the 1 data blocks before them"
expect_out "note: the root hash does not bind the number of data blocks (1, from the superblock): pass --data-blocks with the number you expect to require it"
run verity verify --json forged.img forged.hash "$HR"
expect_rc 0
expect_json "d['verified'] and d['covered_bytes']==4096 and d['data_blocks_from']=='superblock' and d['failure'] is None and d['uncovered']=={'device':'forged.img','offset':4096,'bytes':4096,'end':8192,'before_hash_area':False}"
run verity verify -q forged.img forged.hash "$HR"
expect_rc 0
[ -z "$out$err" ] && ok || bad "-q printed something"
run verity verify --data-blocks=2 forged.img forged.hash "$HR"
expect_rc 2
expect_err "--data-blocks 2 does not match the superblock (1)"
expect_no_out "ok:"
run verity verify --data-blocks=1 --json forged.img forged.hash "$HR"
expect_rc 0
expect_json "d['verified'] and d['data_blocks_from']=='option' and d['uncovered']['bytes']==4096"
run verity verify --data-blocks=1 forged.img forged.hash "$HR"
expect_out "note: forged.img: the 4096 bytes from byte 4096"
expect_no_out "does not bind"
# what follows the covered blocks is not read: changed, it still verifies; a changed covered
# byte is found
printf 'X' | dd of=forged.img bs=1 seek=8191 conv=notrunc 2>/dev/null
run verity verify forged.img forged.hash "$HR"
expect_rc 0
printf 'X' | dd of=forged.img bs=1 seek=4095 conv=notrunc 2>/dev/null
run verity verify --json forged.img forged.hash "$HR"
expect_rc 1
expect_json "not d['verified'] and d['failure']['area']=='root' and d['uncovered']['offset']==4096"
# without a superblock: the whole blocks of the data file; a shorter tail is a note
cp blk129.img tail.img
printf 'tail' >> tail.img
run verity verify --no-superblock --salt=$Z64 tail.img hash/blk129.seed-nosb.hash $R129
expect_rc 0
expect_out "note: tail.img: the 4 bytes from byte 528384 to the end at byte 528388 are not covered"
expect_out "(129, from the data size)"
run verity verify --no-superblock --salt=$Z64 --data-blocks=129 tail.img hash/blk129.seed-nosb.hash $R129
expect_rc 0
expect_out "note: tail.img: the 4 bytes"
expect_no_out "does not bind"
run verity verify --no-superblock --salt=$Z64 --data-blocks=128 tail.img hash/blk129.seed-nosb.hash $R129
expect_rc 1
# data and hash on one device: the data ends at the hash area
run verity verify --json --hash-offset=1048576 combined-1M.img combined-1M.img 7493d82c6f07a56823a3e51937fb625780e3089dabc0d8beb571f24664e73668
expect_rc 0
expect_json "d['verified'] and d['uncovered'] is None"
cp combined-1M.img short.img
printf '\377\000\000\000\000\000\000\000' | dd of=short.img bs=1 seek=$((1048576 + 72)) conv=notrunc 2>/dev/null
run verity verify --hash-offset=1048576 short.img short.img 7493d82c6f07a56823a3e51937fb625780e3089dabc0d8beb571f24664e73668
expect_rc 1
expect_err "spare area is not zeroed"
expect_out "note: short.img: the 4096 bytes from byte 1044480 to the hash area at byte 1048576 are not covered"
run verity verify --json --hash-offset=1048576 short.img short.img 7493d82c6f07a56823a3e51937fb625780e3089dabc0d8beb571f24664e73668
expect_json "not d['verified'] and d['uncovered']=={'device':'short.img','offset':1044480,'bytes':4096,'end':1048576,'before_hash_area':True}"
printf '\001\001\000\000\000\000\000\000' | dd of=short.img bs=1 seek=$((1048576 + 72)) conv=notrunc 2>/dev/null
run verity verify --hash-offset=1048576 short.img short.img 7493d82c6f07a56823a3e51937fb625780e3089dabc0d8beb571f24664e73668
expect_rc 3
expect_err "data area overlaps with hash area"

# dump: format's block without the root hash
run verity dump hash/blk129.seed.hash
expect_rc 0
expect_stdout_file <(grep -v '^Root hash:' "$VV/out/blk129.seed.txt")
run verity dump --hash-offset=1048576 combined-1M.img
expect_rc 0
expect_stdout_file <(grep -v '^Root hash:' "$VV/out/combined-1M.txt")
run verity dump --json hash/blk129.sha3-256.hash
expect_json "d['hash_algorithm']=='sha3-256' and d['data_blocks']==129 and d['uuid']=='$U' and 'root_hash' not in d"
run verity dump hash/blk129.seed-nosb.hash
expect_rc 3
expect_err "hash/blk129.seed-nosb.hash is not a valid VERITY device"
cp "$VV/hash/blk129.seed.hash" v2.hash
printf '\002' | dd of=v2.hash bs=1 seek=8 conv=notrunc 2>/dev/null
run verity dump v2.hash
expect_rc 3
expect_err "version at offset 0x8: version 2 is not supported"
cp "$VV/hash/blk129.seed.hash" alg.hash
printf 'md5\0\0\0' | dd of=alg.hash bs=1 seek=32 conv=notrunc 2>/dev/null
run verity dump alg.hash
expect_rc 3
expect_err "hash algorithm 'md5' is not supported"
run verity dump --hash-offset=512 hash/blk129.seed.hash
expect_rc 3
# option names are not abbreviated: --hash is not --hash-offset
run verity dump --hash sha1 hash/blk129.seed.hash
expect_rc 2
expect_err "unknown option --hash"
run verity dump --hash=sha1 hash/blk129.seed.hash
expect_rc 2
expect_err "unknown option --hash"
run verity verify --data-block=4096 blk129.img hash/blk129.seed.hash $R129
expect_rc 2
expect_err "unknown option --data-block"

# cmdline: the table veritysetup open would load
run verity cmdline --data-device=/dev/vda --hash-device=/dev/vdb hash/blk129.seed.hash $R129
expect_rc 0
expect_out "dm-mod.create=\"vroot,,,ro,0 1032 verity 1 /dev/vda /dev/vdb 4096 4096 129 1 sha256 $R129 $Z64 1 panic_on_corruption\" root=/dev/dm-0"
run verity cmdline --restart-on-corruption --data-device=/dev/vda --hash-device=/dev/vdb --root-hash-file=root.txt hash/blk129.seed.hash
expect_out " 1 restart_on_corruption\" root=/dev/dm-0"
run verity cmdline --systemd --data-device=/dev/vda --hash-device=/dev/vdb hash/blk129.seed.hash $R129
expect_out "roothash=$R129 systemd.verity_root_data=/dev/vda systemd.verity_root_hash=/dev/vdb systemd.verity_root_options=panic-on-corruption"
run verity cmdline --json --data-device=/dev/vda --hash-offset=1048576 combined-1M.img 7493d82c6f07a56823a3e51937fb625780e3089dabc0d8beb571f24664e73668
expect_json "d['table'].startswith('0 2048 verity 1 /dev/vda /dev/vda 4096 4096 256 257 sha256 ') and 'hash-offset=1048576' in d['systemd'] and d['dm_mod'].startswith('dm-mod.create=')"
run verity cmdline --no-superblock --data-blocks=129 --salt=$Z64 --eio-on-corruption --data-device=/dev/vda --hash-device=/dev/vdb - $R129
expect_out "129 0 sha256 $R129 $Z64\" root=/dev/dm-0"
run verity cmdline --no-superblock --salt=$Z64 --data-device=/dev/vda --hash-device=/dev/vdb - $R129
expect_rc 2
expect_err "--data-blocks is required"
run verity cmdline --hash-device=/dev/vdb hash/blk129.seed.hash $R129
expect_rc 2
run verity cmdline --data-device='/dev/vda 1' --hash-device=/dev/vdb hash/blk129.seed.hash $R129
expect_rc 2
expect_err "contains a blank"

# Block devices, through loop devices when this machine lets us make them.
cp "$VV/blk129.img" loopdata.img
truncate -s 1M loophash.img
truncate -s 8K loopsmall.img
if L1=$(losetup -f --show loopdata.img 2>/dev/null); then
	L2=$(losetup -f --show loophash.img)
	L3=$(losetup -f --show loopsmall.img)
	trap 'losetup -d "$L1" "$L2" "$L3"; rm -rf "$TMP"' EXIT
	run verity format $SEED "$L1" "$L2"
	expect_rc 0
	expect_out "VERITY header information for $L2"
	expect_out "Root hash:      	$R129"
	cmp -s -n 16384 "$L2" "$VV/hash/blk129.seed.hash" && ok || bad "$L2 differs"
	run verity verify "$L1" "$L2" $R129
	expect_rc 0
	run verity format $SEED "$L1" "$L3"
	expect_rc 3
	expect_err "too small for the hash area"
	cmp -s "$L3" /dev/zero -n 8192 && ok || bad "$L3 was written"
else
	echo "no loop devices here: block devices not tested"
fi

for verb in format verify dump cmdline; do
	run verity "$verb" --help
	expect_rc 0
	expect_out "usage: sevkit verity $verb"
done
run verity format --help
expect_out "--no-superblock"
expect_out "--root-hash-file FILE"
finish
