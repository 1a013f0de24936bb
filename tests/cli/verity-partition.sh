#!/usr/bin/env bash
# verity format and verify on one partition of a disk image (--partition, read with libfdisk;
# --data-offset/--data-size), beside veritysetup on the same partition cut out with dd: the
# same tree, byte for byte. The partition tables are sfdisk's (GPT and MBR). Skipped (77)
# without veritysetup or sfdisk.
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
U=12345678-1234-1234-1234-123456789abc

for label in gpt dos; do
	rm -f disk.img ./*.hash part.img
	truncate -s 64M disk.img
	printf 'label: %s\nsize=8MiB, type=L\nsize=40MiB, type=L\n' "$label" | "$SFDISK" -q disk.img
	# where sfdisk put partition 2, in 512-byte sectors
	read -r start size < <("$SFDISK" -d disk.img | awk '/disk.img2/ {gsub(",", ""); print $4, $6}')
	[ "$size" = 81920 ] && ok || bad "$label: sfdisk made partition 2 of $size sectors"
	head -c $((24 << 20)) /dev/urandom | dd of=disk.img bs=512 seek="$start" conv=notrunc 2>/dev/null
	dd if=disk.img of=part.img bs=512 skip="$start" count="$size" 2>/dev/null

	run verity format --salt=- --uuid=$U --partition 2 disk.img s.hash
	expect_rc 0
	root=$("$VERITYSETUP" format --salt=- --uuid=$U part.img v.hash | sed -n 's/^Root hash:\s*//p')
	expect_out "$root"
	expect_same_file s.hash v.hash
	run verity format --salt=- --uuid=$U --data-offset $((start * 512)) --data-size $((size * 512)) \
		disk.img o.hash
	expect_same_file o.hash v.hash
	run verity verify --partition 2 disk.img s.hash "$root"
	expect_rc 0
	"$VERITYSETUP" verify part.img s.hash "$root" >/dev/null 2>&1 && ok ||
		bad "$label: veritysetup does not verify the partition's tree"

	# a byte changed in partition 1 is none of partition 2's business; one in it is
	flip_byte disk.img $((2 << 20))
	run verity verify --partition 2 disk.img s.hash "$root"
	expect_rc 0
	flip_byte disk.img $((start * 512 + 12345))
	run verity verify --partition 2 disk.img s.hash "$root"
	expect_rc 1
	expect_err "data block 3 at offset $((start * 512 + 12288)) of disk.img"
done

# mistakes: no such partition, no table, a window past the end, the tree inside the disk
run verity format --partition 3 disk.img x.hash
expect_rc 2
expect_err "no partition 3"
expect_absent x.hash
run verity format --partition 1 part.img x.hash
expect_rc 3
expect_err "no partition table"
run verity format --data-offset $((60 << 20)) --data-size $((8 << 20)) disk.img x.hash
expect_rc 2
run verity format --partition 2 --data-offset 4096 disk.img x.hash
expect_rc 2
run verity format -f --partition 2 --hash-offset $((50 << 20)) disk.img disk.img
expect_rc 2
expect_err "another file"

finish
