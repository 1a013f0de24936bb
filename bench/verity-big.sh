#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A device as big as a real sealed root: 130,796,240 blocks of 4 KiB (about 499 GiB), sparse,
# with DATA_GIB GiB of random data in ten extents. sevkit verity format writes the whole tree
# (about 3.9 GiB) and must stay within a small, size-independent amount of memory: the script
# prints wall and CPU time, peak memory (maximum resident set) and checks the root hash against
# veritysetup's when PEER=1 (veritysetup then reads and hashes all 499 GiB: minutes). Not part
# of the test suite.
#
# usage: bench/verity-big.sh [SEVKIT] [WORKDIR]   (WORKDIR needs DATA_GIB + 4 GiB, 8 with PEER=1)
set -eu -o pipefail
SEVKIT=${1:-$(dirname "$0")/../build/tools/sevkit}
WORK=${2:-${TMPDIR:-/var/tmp}/sevkit-bench-verity-big}
DATA_GIB=${DATA_GIB:-2}
VERITYSETUP=${VERITYSETUP:-/sbin/veritysetup}
BLOCKS=130796240
Z64=0000000000000000000000000000000000000000000000000000000000000000
P=(--format=1 --data-block-size=4096 --hash-block-size=4096 --hash-offset=0 --salt=$Z64
   --uuid=12345678-1234-1234-1234-123456789abc)

[ -x "$SEVKIT" ] || { echo "build sevkit first (ninja -C build)"; exit 1; }
mkdir -p "$WORK"
img=$WORK/big.img
if [ "$(stat -c %s "$img" 2>/dev/null || echo 0)" != $((BLOCKS * 4096)) ]; then
	rm -f "$img"
	truncate -s $((BLOCKS * 4096)) "$img"
	for i in $(seq 0 9); do
		head -c $(((DATA_GIB << 30) / 10)) /dev/urandom |
			dd of="$img" bs=1M seek=$((i * (BLOCKS / 2560))) conv=notrunc 2>/dev/null
	done
fi
echo "device: $BLOCKS blocks ($(($(stat -c %s "$img") >> 30)) GiB), $(($(du -k "$img" | cut -f1) >> 20)) GiB of data"

rm -f "$WORK/s.hash"
/usr/bin/time -f '%e %U %S %M' -o "$WORK/time" \
	"$SEVKIT" verity format "${P[@]}" "$img" "$WORK/s.hash" > "$WORK/s.out"
read -r wall user sys rss < "$WORK/time"
root=$(sed -n 's/^Root hash:\s*//p' "$WORK/s.out")
printf 'sevkit verity format: %s s wall, %s s cpu, peak memory %d MiB, hash device %d MiB\n' \
	"$wall" "$(echo "$user + $sys" | bc)" $((rss >> 10)) $(($(stat -c %s "$WORK/s.hash") >> 20))
echo "root hash $root"
if [ "${PEER:-0}" = 1 ]; then
	/usr/bin/time -f '%e %U %S %M' -o "$WORK/time" \
		"$VERITYSETUP" format "${P[@]}" "$img" "$WORK/v.hash" > "$WORK/v.out"
	read -r vwall vuser vsys vrss < "$WORK/time"
	vroot=$(sed -n 's/^Root hash:\s*//p' "$WORK/v.out")
	printf 'veritysetup format:   %s s wall, %s s cpu, peak memory %d MiB\n' "$vwall" \
		"$(echo "$vuser + $vsys" | bc)" $((vrss >> 10))
	[ "$vroot" = "$root" ] && cmp -s "$WORK/v.hash" "$WORK/s.hash" ||
		{ echo "MISMATCH: veritysetup $vroot"; exit 1; }
	printf 'same tree; sevkit %.1fx faster in wall time\n' "$(echo "$vwall / $wall" | bc -l)"
	rm -f "$WORK/v.hash"
fi
rm -f "$WORK/s.hash"
