#!/usr/bin/env bash
# sevkit verity side by side with veritysetup on fresh random images: random sizes (also not
# block multiples, with --data-blocks), block sizes, salts, offsets, formats and every hash
# algorithm. Both must write the same bytes, accept each other's tree and catch one flipped
# byte anywhere in the data or hash area. Skipped (77) without veritysetup.
VERITYSETUP=${VERITYSETUP:-/sbin/veritysetup}
if [ ! -x "$VERITYSETUP" ]; then
	echo "SKIP: $VERITYSETUP not installed"
	exit 77
fi
. "$(dirname "$0")/lib.sh"

seed=${VERITY_PEER_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "random seed: $seed (VERITY_PEER_SEED=$seed reproduces this run)"
RANDOM=$seed
ALGS=(sha256 sha1 sha224 sha512 sha3-256 blake2b-512 ripemd160 sm3)
ROUNDS=${VERITY_PEER_ROUNDS:-36}
U=12345678-1234-1234-1234-123456789abc
cd "$TMP" || exit 1
mkdir s v

pick() { local a=("$@"); printf '%s' "${a[RANDOM % ${#a[@]}]}"; }
# a random number below $1 (up to 2^30)
rnd() { echo $(((RANDOM << 15 | RANDOM) % $1)); }
rand_hex() { [ "$1" -eq 0 ] && echo - || openssl rand -hex "$1"; }

# flip one byte of $1 at offset $2
flip() {
	local b
	b=$(od -An -j "$2" -N1 -tu1 "$1" | tr -d ' ')
	printf "\\$(printf '%03o' $(((b ^ 0x5a) & 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# expect_both_reject WHAT: both tools refuse the (modified) tree
expect_both_reject() {
	current="$1 / veritysetup verify"
	"$VERITYSETUP" verify "${opts[@]}" s/data.img s/data.hash "$root" >/dev/null 2>&1 \
		&& bad "veritysetup accepted $1" || ok
	run verity verify "${opts[@]}" s/data.img s/data.hash "$root"
	expect_rc 1
}

# Mostly empty images: holes (a sparse file), runs of written zeros, zero data blocks under a
# full hash block (a zero subtree at level 1 and 2), holes under a whole level-1 block (128-192
# MiB with 4 KiB blocks: the hash blocks below it are not read), random data between, and the
# same with another block size and a salt. The tree is veritysetup's, byte for byte.
for spec in "4096 4096 -" "1024 4096 -" "4096 1024 0011223344556677" "65536 4096 ab"; do
	read -r dbs hbs salt <<<"$spec"
	rm -f s/sparse.img v/sparse.img s/sparse.hash v/sparse.hash
	truncate -s 200M s/sparse.img
	head -c 300000 /dev/urandom | dd of=s/sparse.img bs=4096 seek=5 conv=notrunc 2>/dev/null
	head -c 4096 /dev/urandom | dd of=s/sparse.img bs=4096 seek=9000 conv=notrunc 2>/dev/null
	dd if=/dev/zero of=s/sparse.img bs=1M seek=40 count=8 conv=notrunc 2>/dev/null
	head -c 70000 /dev/urandom | dd of=s/sparse.img bs=1 seek=$((95 << 20)) conv=notrunc 2>/dev/null
	head -c 4096 /dev/urandom | dd of=s/sparse.img bs=1M seek=199 conv=notrunc 2>/dev/null
	cp --sparse=always s/sparse.img v/sparse.img
	opts=(--salt="$salt" --uuid=$U --data-block-size="$dbs" --hash-block-size="$hbs")
	current="sparse image $spec"
	"$SEVKIT" verity format "${opts[@]}" s/sparse.img s/sparse.hash > s/out.txt 2>&1 && ok ||
		bad "sevkit format failed: $(cat s/out.txt)"
	"$VERITYSETUP" format "${opts[@]}" v/sparse.img v/sparse.hash > v/out.txt 2>&1
	expect_same_file s/sparse.hash v/sparse.hash
	root=$(sed -n 's/^Root hash: *\t//p' v/out.txt)
	"$VERITYSETUP" verify "${opts[@]}" s/sparse.img s/sparse.hash "$root" >/dev/null 2>&1 && ok ||
		bad "veritysetup does not verify sevkit's sparse tree"
	run verity verify s/sparse.img s/sparse.hash "$root"
	expect_rc 0
	# one byte written into a hole: both see it
	printf 'x' | dd of=s/sparse.img bs=1 seek=$((60 << 20)) conv=notrunc 2>/dev/null
	run verity verify s/sparse.img s/sparse.hash "$root"
	expect_rc 1
done

# Fixed edge cases first: a one-block image (no tree) where the file size comes from how the
# superblock is written, offsets, the largest hash blocks, and data that is not a block multiple.
head -c 4096 /dev/urandom > s/one.img
head -c 40960 /dev/urandom > s/ten.img
head -c 1000000 /dev/urandom > s/odd.img
cp s/one.img s/ten.img s/odd.img v/
while read -r img args; do
	rm -f s/e.hash v/e.hash s/e.fec v/e.fec
	current="edge case $img $args"
	# shellcheck disable=SC2086
	(cd s && "$SEVKIT" verity format --salt=- --uuid=$U $args $img e.hash > out.txt 2>&1)
	[ $? -eq 0 ] && ok || bad "sevkit format failed: $(cat s/out.txt)"
	# shellcheck disable=SC2086
	(cd v && "$VERITYSETUP" format --salt=- --uuid=$U $args $img e.hash > out.txt 2>&1)
	cmp -s s/out.txt v/out.txt && ok || bad "outputs differ: $(diff s/out.txt v/out.txt | head -5)"
	expect_same_file s/e.hash v/e.hash
	[ -f v/e.fec ] && expect_same_file s/e.fec v/e.fec
	root=$(sed -n 's/^Root hash: *\t//p' v/out.txt)
	# shellcheck disable=SC2086
	run verity verify ${args%%--fec*} v/$img v/e.hash "$root"
	expect_rc 0
done <<EOF
one.img --hash-block-size=512
one.img --hash-block-size=2048
one.img --hash-block-size=8192
one.img --hash-block-size=65536
one.img --hash-block-size=65536 --hash-offset=4096
one.img --hash-block-size=65536 --hash-offset=65536
one.img --hash-block-size=1024 --hash-offset=3072
one.img --hash-offset=8192
one.img --no-superblock --hash-offset=8192
ten.img --hash-offset=512
ten.img --hash-block-size=8192 --hash-offset=512
ten.img --hash-block-size=524288 --data-block-size=512
ten.img --no-superblock --hash-offset=4608
ten.img --data-blocks=3 --format=0 --hash=sha1
odd.img --data-blocks=244
odd.img --data-blocks=1953 --data-block-size=512 --hash-block-size=512
one.img --fec-device=e.fec
ten.img --hash-block-size=1024 --data-block-size=1024 --fec-device=e.fec --fec-roots=24
odd.img --data-blocks=244 --fec-device=e.fec --fec-roots=7
ten.img --hash-offset=8192 --fec-device=e.fec --fec-offset=4096 --fec-roots=3
EOF

for round in $(seq "$ROUNDS"); do
	alg=${ALGS[$(((round - 1) % ${#ALGS[@]}))]}
	fmt=$(pick 1 1 0)
	dbs=$(pick 4096 4096 1024 512)
	hbs=$(pick 4096 4096 512 1024 65536)
	[ $((round % 13)) -eq 0 ] && hbs=524288
	size=$(($(rnd 3145728) + dbs))
	[ $((round % 11)) -eq 0 ] && size=$dbs # one block: no hash levels
	salt=$(rand_hex "$(pick 32 32 0 4 256 $(rnd 257))")
	uuid=$(cat /proc/sys/kernel/random/uuid)
	blocks=$((size / dbs))
	opts=(--format="$fmt" --hash="$alg" --data-block-size="$dbs" --hash-block-size="$hbs"
	      --salt="$salt")
	[ $((size % dbs)) -ne 0 ] || [ $((round % 3)) -eq 0 ] && opts+=(--data-blocks="$blocks")
	# (veritysetup 2.6.1 cannot put a superblock at an offset inside an empty new file)
	[ $((round % 4)) -eq 0 ] && [ "$blocks" -gt 1 ] && opts+=(--hash-offset=$((512 * $(rnd 64))))
	fopts=(--uuid="$uuid")
	if [ $((round % 5)) -eq 0 ]; then
		opts+=(--no-superblock --data-blocks="$blocks")
		fopts=()
	fi
	# FEC parity on some rounds (it needs equal block sizes)
	[ $((round % 3)) -eq 1 ] && [ "$dbs" -eq "$hbs" ] &&
		fopts+=(--fec-device=data.fec --fec-roots=$((2 + $(rnd 23))))
	head -c "$size" /dev/urandom > s/data.img
	cp s/data.img v/data.img
	rm -f s/data.hash v/data.hash s/data.fec v/data.fec

	current="round $round: ${opts[*]} (size $size)"
	# every other pass over the algorithms hashes one block at a time through OpenSSL, the
	# others SHA-256 two blocks at a time where the CPU has the SHA extensions (sha256-x2.c)
	(cd s && SEVKIT_SHA256_X2=$(((round - 1) / ${#ALGS[@]} % 2)) "$SEVKIT" verity format "${opts[@]}" "${fopts[@]}" \
		data.img data.hash > out.txt 2>&1)
	[ $? -eq 0 ] && ok || bad "sevkit format failed: $(cat s/out.txt)"
	(cd v && "$VERITYSETUP" format "${opts[@]}" "${fopts[@]}" data.img data.hash > out.txt 2>&1)
	[ $? -eq 0 ] && ok || bad "veritysetup format failed: $(cat v/out.txt)"
	cmp -s s/out.txt v/out.txt && ok || bad "outputs differ: $(diff s/out.txt v/out.txt | head -5)"
	expect_same_file s/data.hash v/data.hash
	[ -f v/data.fec ] && expect_same_file s/data.fec v/data.fec
	root=$(sed -n 's/^Root hash: *\t//p' v/out.txt)
	[ -n "$root" ] && ok || bad "no root hash"

	current="round $round: veritysetup verifies sevkit's tree"
	"$VERITYSETUP" verify "${opts[@]}" s/data.img s/data.hash "$root" >/dev/null 2>&1 && ok \
		|| bad "veritysetup rejected sevkit's tree"
	run verity verify "${opts[@]}" v/data.img v/data.hash "$root"
	expect_rc 0

	# where the tree is: from sevkit's JSON report
	run verity format --json "${opts[@]}" s/data.img s/geo.hash
	geo=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin)
print(d["hash_start_block"]*d["hash_block_size"], d["hash_offset"]+d["hash_device_size"], d["hash_blocks"])')
	read -r hash_start hash_end hash_blocks <<<"$geo"

	cp s/data.img s/data.orig
	flip s/data.img "$(rnd $((blocks * dbs)))"
	expect_both_reject "round $round: flipped data byte"
	cp s/data.orig s/data.img
	if [ "$hash_blocks" -gt 0 ]; then
		cp s/data.hash s/hash.orig
		flip s/data.hash $((hash_start + $(rnd $((hash_end - hash_start)))))
		expect_both_reject "round $round: flipped hash byte"
		cp s/hash.orig s/data.hash
	fi
done
finish
