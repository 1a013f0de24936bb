#!/usr/bin/env bash
# sevkit verity verify and veritysetup verify side by side on inputs veritysetup accepts although
# they are not the usual shape: a data file longer than the blocks the tree covers (whole blocks
# and a tail), a combined data+hash image made with --hash-offset (by either tool) with a gap
# before its hash area, a superblock that claims fewer blocks than were sealed (the root hash does
# not bind the number), and reserved superblock bytes that are not zero. Fresh random input each
# run. Skipped (77) without veritysetup.
VERITYSETUP=${VERITYSETUP:-/sbin/veritysetup}
if [ ! -x "$VERITYSETUP" ]; then
	echo "SKIP: $VERITYSETUP not installed"
	exit 77
fi
. "$(dirname "$0")/lib.sh"

seed=${VERITY_PEER_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "random seed: $seed (VERITY_PEER_SEED=$seed reproduces the sizes and offsets)"
RANDOM=$seed
ROUNDS=${VERITY_PEER_ROUNDS:-4}
cd "$TMP" || exit 1

# a random number from $1 to $2
between() { echo $(($1 + (RANDOM << 15 | RANDOM) % ($2 - $1 + 1))); }
root_of() { sed -n 's/^Root hash: *\t//p' "$1"; }
# put byte $3 (0-255) at offset $2 of $1
poke() { printf "\\$(printf '%03o' "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
flip() {
	local b
	b=$(od -An -j "$2" -N1 -tu1 "$1" | tr -d ' ')
	poke "$1" "$2" $(((b ^ 0x5a) & 255))
}

# both ok|fail ARGS...: veritysetup verify ARGS and sevkit verity verify ARGS agree on the verdict
both() {
	local want=$1 vrc
	shift
	current="veritysetup verify $*"
	"$VERITYSETUP" verify "$@" > "$TMP/.vs" 2>&1
	vrc=$?
	if [ "$want" = ok ]; then
		[ $vrc -eq 0 ] && ok || bad "veritysetup exit $vrc, expected 0: $(cat "$TMP/.vs")"
	else
		[ $vrc -ne 0 ] && ok || bad "veritysetup accepted it"
	fi
	run verity verify "$@"
	expect_rc "$([ "$want" = ok ] && echo 0 || echo 1)"
}

# uncovered DATA OFFSET BYTES END SHARED ARGS...: sevkit's note and JSON field say what was left
uncovered() {
	local data=$1 off=$2 n=$3 end=$4 shared=$5 to="the end at byte"
	shift 5
	[ "$shared" = True ] && to="the hash area at byte"
	run verity verify "$@"
	expect_out "note: $data: the $n bytes from byte $off to $to $end are not covered by the hash tree and were not verified"
	run verity verify --json "$@"
	expect_json "d['uncovered']=={'device':'$data','offset':$off,'bytes':$n,'end':$end,'before_hash_area':$shared} and d['covered_bytes']==$off"
}

for round in $(seq "$ROUNDS"); do
	# 1. a data file longer than the tree: veritysetup's tree over the first N blocks, and
	# sevkit's over a whole file that then grows (whole blocks and a tail)
	n=$(between 1 300)
	extra=$(between 1 20000)
	head -c $((n * 4096 + extra)) /dev/urandom > long.img
	rm -f long.vhash long.shash
	salt=$(openssl rand -hex 32)
	"$VERITYSETUP" format --salt=$salt --data-blocks=$n long.img long.vhash > v.txt 2>&1
	vroot=$(root_of v.txt)
	head -c $((n * 4096)) long.img > grow.img
	run verity format --salt=$salt grow.img long.shash
	expect_rc 0
	sroot=$(printf '%s\n' "$out" | sed -n 's/^Root hash: *\t//p')
	current="round $round: $n blocks + $extra bytes: both tools give the same root"
	[ -n "$vroot" ] && [ "$vroot" = "$sroot" ] && ok || bad "roots differ: $vroot / $sroot"
	both ok long.img long.vhash "$vroot"
	both ok long.img long.shash "$sroot"
	uncovered long.img $((n * 4096)) "$extra" $((n * 4096 + extra)) False long.img long.vhash "$vroot"
	run verity verify long.img long.vhash "$vroot"
	expect_out "the root hash does not bind the number of data blocks ($n, from the superblock)"
	# what follows the covered blocks is not read; a covered byte is
	flip long.img $((n * 4096 + RANDOM % extra))
	both ok long.img long.vhash "$vroot"
	flip long.img $(((RANDOM << 15 | RANDOM) % (n * 4096)))
	both fail long.img long.vhash "$vroot"
	# without a superblock: the whole blocks of the file, the tail after them noted
	tail_n=$((extra % 4096))
	[ "$tail_n" -eq 0 ] && tail_n=1
	head -c $((n * 4096)) grow.img > nosb.img
	head -c "$tail_n" /dev/urandom >> nosb.img
	rm -f nosb.hash
	"$VERITYSETUP" format --no-superblock --salt=- nosb.img nosb.hash > v.txt 2>&1
	both ok --no-superblock --salt=- nosb.img nosb.hash "$(root_of v.txt)"
	uncovered nosb.img $((n * 4096)) "$tail_n" $((n * 4096 + tail_n)) False \
		--no-superblock --salt=- nosb.img nosb.hash "$(root_of v.txt)"

	# 2. combined data+hash images made with --hash-offset past the data: by sevkit (the file
	# is extended, the gap is zeros; writing onto the data needs --force) and by veritysetup (a preallocated file)
	n=$(between 1 200)
	gap=$(($(between 0 64) * 512))
	off=$((n * 4096 + gap))
	head -c $((n * 4096)) /dev/urandom > scomb.img
	run verity format --force --hash-offset=$off scomb.img scomb.img
	expect_rc 0
	sroot=$(printf '%s\n' "$out" | sed -n 's/^Root hash: *\t//p')
	both ok --hash-offset=$off scomb.img scomb.img "$sroot"
	cp scomb.img vcomb.img
	truncate -s $((off + 1048576)) vcomb.img
	"$VERITYSETUP" format --data-blocks=$n --hash-offset=$off vcomb.img vcomb.img > v.txt 2>&1
	both ok --hash-offset=$off vcomb.img vcomb.img "$(root_of v.txt)"
	if [ "$gap" -gt 0 ]; then
		uncovered scomb.img $((n * 4096)) $gap $off True --hash-offset=$off scomb.img scomb.img "$sroot"
		flip scomb.img $((n * 4096 + RANDOM % gap))
		both ok --hash-offset=$off scomb.img scomb.img "$sroot"
	else
		run verity verify --json --hash-offset=$off scomb.img scomb.img "$sroot"
		expect_json "d['verified'] and d['uncovered'] is None"
	fi
	flip scomb.img $(((RANDOM << 15 | RANDOM) % (n * 4096)))
	both fail --hash-offset=$off scomb.img scomb.img "$sroot"

	# 3. the root hash does not bind data_blocks: a superblock claiming k blocks over data that
	# are the k level-0 hash blocks of a real two-level tree gives a one-level tree whose only
	# hash block is the real top block, hence the real root. Both tools accept it, with or
	# without data after it; only sevkit --data-blocks with the sealed number refuses it
	# (veritysetup ignores --data-blocks when there is a superblock).
	n=$(between 129 2000)
	k=$(((n + 127) / 128))
	head -c $((n * 4096)) /dev/urandom > sealed.img
	rm -f sealed.hash
	"$VERITYSETUP" format sealed.img sealed.hash > v.txt 2>&1
	root=$(root_of v.txt)
	dd if=sealed.hash of=forged.img bs=4096 skip=2 count=$k 2>/dev/null
	cp sealed.hash forged.hash
	poke forged.hash 72 $((k & 255))
	poke forged.hash 73 $((k >> 8))
	current="round $round: forged superblock of $k blocks over a tree of $n"
	run verity dump --json forged.hash
	expect_json "d['data_blocks']==$k and d['levels']==1"
	both ok forged.img forged.hash "$root"
	run verity verify --json forged.img forged.hash "$root"
	expect_json "d['verified'] and d['data_blocks']==$k and d['data_blocks_from']=='superblock' and d['uncovered'] is None"
	head -c 4096 /dev/urandom >> forged.img
	both ok forged.img forged.hash "$root"
	expect_out "pass --data-blocks with the number you expect to require it"
	current="veritysetup verify --data-blocks=$n forged.img forged.hash"
	"$VERITYSETUP" verify --data-blocks=$n forged.img forged.hash "$root" >/dev/null 2>&1 \
		&& ok || bad "veritysetup refused the forged superblock with --data-blocks"
	run verity verify --data-blocks=$n forged.img forged.hash "$root"
	expect_rc 2
	expect_err "--data-blocks $n does not match the superblock ($k)"
	both ok sealed.img sealed.hash "$root"
	run verity verify --data-blocks=$n sealed.img sealed.hash "$root"
	expect_rc 0
done

# 4. Reserved superblock bytes (the algorithm's after its NUL, pad1, the salt field past
# salt_size, pad2) that are not zero: veritysetup verifies the device, and so does sevkit, with
# a warning naming the first such byte. Each range's ends, then random offsets.
head -c $((40 * 4096)) /dev/urandom > r.img
rm -f r.hash
"$VERITYSETUP" format --salt=0011223344 r.img r.hash > v.txt 2>&1
root=$(root_of v.txt)
# field of the reserved byte at $1 (sha256: 6 letters and a NUL at 32; a 5-byte salt)
field_of() {
	if [ "$1" -lt 64 ]; then echo "algorithm padding"
	elif [ "$1" -lt 88 ]; then echo pad1
	elif [ "$1" -lt 344 ]; then echo "salt padding"
	else echo pad2; fi
}
offsets="39 63 82 87 93 343 344 511"
for _ in 1 2 3 4; do
	r=$(between 0 3)
	case $r in
	0) offsets="$offsets $(between 39 63)" ;;
	1) offsets="$offsets $(between 82 87)" ;;
	2) offsets="$offsets $(between 93 343)" ;;
	3) offsets="$offsets $(between 344 511)" ;;
	esac
done
for o in $offsets; do
	byte=$(between 1 255)
	cp r.hash rr.hash
	poke rr.hash "$o" "$byte"
	both ok r.img rr.hash "$root"
	expect_out "ok: r.img verifies"
	expect_err "warning: rr.hash: VERITY superblock: $(field_of "$o") at offset $(printf '0x%x' "$o"): reserved byte is $(printf '0x%02x' "$byte"), not zero; ignored, as veritysetup does"
	run verity dump --json rr.hash
	expect_rc 0
	expect_json "d['data_blocks']==40 and d['salt']=='0011223344' and d['hash_algorithm']=='sha256'"
	expect_err "reserved byte is"
done
# a pristine superblock: no warning
run verity verify r.img r.hash "$root"
expect_rc 0
[ -z "$err" ] && ok || bad "a warning about a pristine superblock"
finish
